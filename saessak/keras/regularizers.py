"""Weight regularizers (``keras.regularizers``): penalties added to the loss.

A regularizer maps a weight ``w`` to a scalar that training adds to the loss,
computed with ops so that it is differentiated with everything else:

* ``L1``: ``l1 * sum(|w|)``, whose gradient ``l1 * sign(w)`` pushes weights to zero;
* ``L2``: ``l2 * sum(w^2)``, gradient ``2 * l2 * w`` (weight decay);
* ``L1L2``: both;
* ``OrthogonalRegularizer``: ``factor * mean |cos|`` over pairs of distinct rows
  (or columns), which pushes them towards orthogonality.

The factors are cast to the weight's dtype.  ``L1`` and ``OrthogonalRegularizer``
keep their factor in float32, as Keras 3 does, so ``L1(0.01).get_config()`` reports
``0.009999999776482582`` exactly like Keras.
"""

import math

from ..backend import xp
from ..ops import array_ops as A
from ..ops import linalg_ops as L
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from . import _lookup, config
from .naming import to_snake_case


def validate_float_arg(value, name):
    """``value`` as a float, if it is a finite non-negative number; else a ValueError."""
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or math.isinf(value) or math.isnan(value) or value < 0):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. Received: "
            f"{name}={value!r}")
    return float(value)


def _float32(value):
    return float(xp.float32(value))


class Regularizer:
    """Base class (``keras.regularizers.Regularizer``): ``__call__(w)`` returns the penalty."""

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config_):
        return cls(**config_)

    def get_config(self):
        raise NotImplementedError(f"{self} does not implement get_config()")


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x^2)``; both factors default to 0."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, name="l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x):
        x = A.convert_to_tensor(x)
        penalty = A.zeros((), dtype=x.dtype)
        if self.l1 != 0.0:
            penalty = M.add(penalty, M.multiply(R.reduce_sum(M.abs(x)), self.l1))
        if self.l2 != 0.0:
            penalty = M.add(penalty, M.multiply(R.reduce_sum(M.square(x)), self.l2))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """``l1 * sum(|x|)`` (default ``l1=0.01``)."""

    def __init__(self, l1=0.01):
        self.l1 = _float32(validate_float_arg(0.01 if l1 is None else l1, name="l1"))

    def __call__(self, x):
        return M.multiply(R.reduce_sum(M.abs(A.convert_to_tensor(x))), self.l1)

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """``l2 * sum(x^2)`` (default ``l2=0.01``)."""

    def __init__(self, l2=0.01):
        self.l2 = validate_float_arg(0.01 if l2 is None else l2, name="l2")

    def __call__(self, x):
        return M.multiply(R.reduce_sum(M.square(A.convert_to_tensor(x))), self.l2)

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Penalize non-orthogonal rows (``mode="rows"``) or columns of a rank-2 weight.

    The rows are L2-normalized into ``u_i``; the penalty is
    ``factor * 0.5 * sum_{i != j} |u_i . u_j| / (n (n - 1) / 2)``, that is
    ``factor`` times the mean absolute cosine between distinct rows.
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _float32(validate_float_arg(factor, name="factor"))
        if mode not in ("rows", "columns"):
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode!r}")
        self.mode = mode

    def __call__(self, inputs):
        x = A.convert_to_tensor(inputs)
        if x.ndim != 2:
            raise ValueError(
                f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape="
                f"{tuple(x.shape)}")
        rows = self.mode == "rows"
        # normalize as keras.ops.normalize: x * min(rsqrt(sum(x^2)), 1 / epsilon)
        inv_norm = M.rsqrt(R.reduce_sum(M.square(x), axis=1 if rows else 0, keepdims=True))
        u = M.multiply(x, M.minimum(inv_norm, 1.0 / config.epsilon()))
        product = L.matmul(u, u, transpose_b=True) if rows else L.matmul(u, u, transpose_a=True)
        size = x.shape[0] if rows else x.shape[1]
        off_diagonal = M.multiply(product, M.subtract(1.0, A.eye(size, dtype=x.dtype)))
        num_pairs = size * (size - 1.0) / 2.0
        total = R.reduce_sum(M.abs(off_diagonal))
        return M.divide(M.multiply(total, self.factor * 0.5), num_pairs)

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


# keras.regularizers exports snake_case aliases of the classes.
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer

ALL_OBJECTS = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT["l1_l2"] = L1L2  # the exported alias (Keras's own get knows only "l1l2")


def serialize(regularizer):
    """The Keras config dict of a regularizer (None for None)."""
    return _lookup.serialize(regularizer, "keras.regularizers", ALL_OBJECTS_DICT)


def deserialize(config_, custom_objects=None):
    """A regularizer from a name or a ``{"class_name", "config"}`` dict."""
    obj = _lookup.deserialize(config_, ALL_OBJECTS_DICT, "regularizer", custom_objects)
    return obj() if isinstance(obj, type) else obj


def get(identifier):
    """A callable ``penalty(weight) -> scalar`` for ``identifier``; None stays None."""
    if identifier is None:
        return None
    return _lookup.resolve(identifier, ALL_OBJECTS_DICT, "regularizer", deserialize)


__all__ = [
    "Regularizer", "L1", "L2", "L1L2", "OrthogonalRegularizer", "l1", "l2", "l1_l2",
    "orthogonal_regularizer", "serialize", "deserialize", "get",
]

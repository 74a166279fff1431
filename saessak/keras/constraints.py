"""Weight constraints (``keras.constraints``): projections applied after each optimizer update.

A constraint maps a weight to the nearest allowed one; the optimizer assigns the
result back.  The norm constraints act on slices along ``axis`` (for a Dense
kernel ``(in, out)``, ``axis=0`` constrains each unit's incoming weight vector):
with ``n = ||w||`` over ``axis`` they return ``w * desired(n) / (epsilon + n)``.

* ``MaxNorm``: ``desired = min(n, max_value)``;
* ``UnitNorm``: ``desired = 1``;
* ``MinMaxNorm``: ``desired = rate * clip(n, min_value, max_value) + (1 - rate) * n``;
* ``NonNeg``: ``max(w, 0)``.
"""

from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from . import _lookup, config
from .naming import to_snake_case


def _norms(w, axis):
    axis = tuple(axis) if isinstance(axis, list) else axis
    return M.sqrt(R.reduce_sum(M.square(w), axis=axis, keepdims=True))


class Constraint:
    """Base class (``keras.constraints.Constraint``): ``__call__(w)`` returns the projected weight."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config_):
        return cls(**config_)


class MaxNorm(Constraint):
    """Rescale slices whose L2 norm along ``axis`` exceeds ``max_value`` (default 2)."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = A.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = M.clip_by_value(norms, 0, self.max_value)
        return M.multiply(w, M.divide(desired, M.add(norms, config.epsilon())))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Replace negative weights by zero."""

    def __call__(self, w):
        return M.maximum(A.convert_to_tensor(w), 0)


class UnitNorm(Constraint):
    """Scale every slice along ``axis`` to unit L2 norm."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = A.convert_to_tensor(w)
        return M.divide(w, M.add(_norms(w, self.axis), config.epsilon()))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Move slice norms into ``[min_value, max_value]``, by the fraction ``rate`` per call."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = A.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        clipped = M.clip_by_value(norms, self.min_value, self.max_value)
        desired = M.add(M.multiply(clipped, self.rate), M.multiply(norms, 1 - self.rate))
        return M.multiply(w, M.divide(desired, M.add(norms, config.epsilon())))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


# keras.constraints exports snake_case aliases of the classes.
max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm

ALL_OBJECTS = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})


def serialize(constraint):
    """The Keras config dict of a constraint (None for None)."""
    return _lookup.serialize(constraint, "keras.constraints", ALL_OBJECTS_DICT)


def deserialize(config_, custom_objects=None):
    """A constraint from a name or a ``{"class_name", "config"}`` dict."""
    obj = _lookup.deserialize(config_, ALL_OBJECTS_DICT, "constraint", custom_objects)
    return obj() if isinstance(obj, type) else obj


def get(identifier):
    """A callable ``project(weight) -> Tensor`` for ``identifier``; None stays None."""
    if identifier is None:
        return None
    return _lookup.resolve(identifier, ALL_OBJECTS_DICT, "constraint", deserialize)


__all__ = [
    "Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "max_norm", "min_max_norm",
    "non_neg", "unit_norm", "serialize", "deserialize", "get",
]

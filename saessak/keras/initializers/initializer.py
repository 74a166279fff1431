"""The ``Initializer`` base class and the argument checks every initializer shares.

An initializer is a recipe for a weight's starting value: called with a shape
and a dtype it returns a Tensor of that shape and dtype.  The values are made
on the host, before any training step runs, so they are constants: no tape or
``saessak.function`` trace records how they were made.
"""

from ...backend import as_dtype
from ...engine.tensor import Tensor
from .. import config


class Initializer:
    """Base class of all initializers (``keras.initializers.Initializer``).

    Subclasses implement ``__call__(shape, dtype=None)`` and, when their
    constructor takes arguments, ``get_config()`` returning those arguments;
    ``from_config`` then rebuilds an equal initializer.
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(shape, dtype=None), returning a tensor of "
            "that shape and dtype.")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config_):
        return cls(**config_)

    def clone(self):
        return type(self).from_config(self.get_config())

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"<{type(self).__name__}({args})>"


def standardize_shape(shape, who):
    """``shape`` as a tuple of non-negative Python ints."""
    if isinstance(shape, int):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(
            f"{who}: `shape` must be a tuple of ints, received shape={shape!r}.") from None
    out = []
    for d in dims:
        if d is None or int(d) < 0:
            raise ValueError(
                f"{who}: every dimension of `shape` must be a known non-negative int, received "
                f"shape={dims}. Build the weight once the input shape is known.")
        out.append(int(d))
    return tuple(out)


def standardize_dtype(dtype, who, floating=False):
    """The DType to produce: ``dtype``, or ``keras.config.floatx()`` when it is None."""
    try:
        d = as_dtype(config.floatx() if dtype is None else dtype)
    except (TypeError, ValueError, KeyError):
        raise ValueError(f"{who}: unknown dtype={dtype!r}. Use e.g. 'float32'.") from None
    if floating and not d.is_floating:
        raise TypeError(
            f"{who} draws random floating-point values and cannot produce dtype={d.name}. "
            "Request a floating dtype ('float16', 'float32' or 'float64') and cast afterwards.")
    return d


def constant(array):
    """Wrap a freshly made host array as a Tensor (a constant: nothing records it)."""
    return Tensor(array)

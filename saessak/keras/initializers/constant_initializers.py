"""Deterministic initializers: ``Zeros``, ``Ones``, ``Constant`` and ``Identity``.

They accept any numeric dtype (integers and bool included), as Keras does:
counters and masks are weights too.
"""

from ...backend import xp
from .initializer import Initializer, constant, standardize_dtype, standardize_shape


class Zeros(Initializer):
    """All zeros (``keras.initializers.Zeros``, names ``"zeros"`` and ``"zero"``)."""

    def __call__(self, shape, dtype=None):
        d = standardize_dtype(dtype, "Zeros")
        return constant(xp.zeros(standardize_shape(shape, "Zeros"), d._np))


class Ones(Initializer):
    """All ones (``keras.initializers.Ones``, names ``"ones"`` and ``"one"``)."""

    def __call__(self, shape, dtype=None):
        d = standardize_dtype(dtype, "Ones")
        return constant(xp.ones(standardize_shape(shape, "Ones"), d._np))


class Constant(Initializer):
    """Every element equal to ``value`` (``keras.initializers.Constant``).

    ``value`` is a Python scalar (an array that broadcasts to the requested
    shape works too); it is converted to the requested dtype, so
    ``Constant(2.7)`` gives 2 for ``int32`` weights, as a cast would.
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        d = standardize_dtype(dtype, "Constant")
        shape = standardize_shape(shape, "Constant")
        value = xp.asarray(self.value).astype(d._np)
        try:
            return constant(xp.array(xp.broadcast_to(value, shape), copy=True))
        except ValueError:
            raise ValueError(
                f"Constant: value of shape {value.shape} cannot fill a weight of shape {shape}. "
                "Pass a scalar value (or one that broadcasts to the weight's shape).") from None

    def get_config(self):
        value = self.value
        if hasattr(value, "tolist"):  # NumPy scalars and arrays, tensors: plain Python for JSON
            value = xp.asarray(value).tolist()
        return {"value": value}

    @classmethod
    def from_config(cls, config_):
        return cls(config_["value"])


class Identity(Initializer):
    """``gain`` times the identity matrix (``keras.initializers.Identity``); 2D shapes only.

    A non-square shape gets ones on its main diagonal, as ``eye(rows, cols)``.
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}.")
        d = standardize_dtype(dtype, "Identity")
        eye = xp.eye(*shape, dtype=d._np)
        if self.gain != 1:
            eye *= eye.dtype.type(self.gain)
        return constant(eye)

    def get_config(self):
        # Keras 3 reports {} (and so forgets the gain); a non-default gain is kept so that
        # from_config rebuilds the same initializer.
        return {} if self.gain == 1.0 else {"gain": self.gain}

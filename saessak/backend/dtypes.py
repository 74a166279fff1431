"""Data types: TensorFlow's ``tf.float32``-style objects over the backend's dtypes."""

import numpy as _np


class DType:
    """A tensor element type, printed as TensorFlow prints it (``tf.float32``)."""

    __slots__ = ("name", "as_numpy_dtype", "_np")

    def __init__(self, name, np_dtype):
        self.name = name
        self._np = _np.dtype(np_dtype)
        self.as_numpy_dtype = self._np.type

    @property
    def is_floating(self):
        return self._np.kind == "f"

    @property
    def is_integer(self):
        return self._np.kind in "iu"

    @property
    def is_unsigned(self):
        return self._np.kind == "u"

    @property
    def is_bool(self):
        return self._np.kind == "b"

    @property
    def is_complex(self):
        return self._np.kind == "c"

    @property
    def size(self):
        return self._np.itemsize

    @property
    def min(self):
        return _np.finfo(self._np).min if self.is_floating else _np.iinfo(self._np).min

    @property
    def max(self):
        return _np.finfo(self._np).max if self.is_floating else _np.iinfo(self._np).max

    @property
    def base_dtype(self):
        return self

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other):
        if isinstance(other, DType):
            return self._np == other._np
        try:
            return self._np == as_dtype(other)._np
        except (TypeError, ValueError):
            return False

    def __hash__(self):
        return hash(self._np)

    def __reduce__(self):
        return (as_dtype, (self.name,))


float16 = DType("float16", _np.float16)
float32 = DType("float32", _np.float32)
float64 = DType("float64", _np.float64)
int8 = DType("int8", _np.int8)
int16 = DType("int16", _np.int16)
int32 = DType("int32", _np.int32)
int64 = DType("int64", _np.int64)
uint8 = DType("uint8", _np.uint8)
uint16 = DType("uint16", _np.uint16)
uint32 = DType("uint32", _np.uint32)
uint64 = DType("uint64", _np.uint64)
bool_ = DType("bool", _np.bool_)
complex64 = DType("complex64", _np.complex64)
complex128 = DType("complex128", _np.complex128)
half = float16
double = float64

ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32,
       uint64, bool_, complex64, complex128)
_BY_NP = {d._np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"half": float16, "double": float64, "float": float32, "int": int32,
                 "bool_": bool_})
_BY_PY = {float: float32, int: int32, bool: bool_, complex: complex128}


def as_dtype(value):
    """Convert a DType, name, NumPy dtype or Python type to a :class:`DType`."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        if value in _BY_NAME:
            return _BY_NAME[value]
    elif value in _BY_PY:
        return _BY_PY[value]
    try:
        d = _BY_NP.get(_np.dtype(value))
    except TypeError:
        d = None
    if d is None:
        raise TypeError(
            f"Cannot convert dtype={value!r} to a saessak dtype. Expected one of "
            f"{sorted(n for n in _BY_NAME)} or a NumPy dtype."
        )
    return d


def from_array(array):
    """The DType of a backend array (fast path for Tensor.dtype)."""
    d = _BY_NP.get(array.dtype)
    if d is None:
        raise TypeError(f"Unsupported array dtype {array.dtype} (expected numeric or bool).")
    return d


def result_dtype(*dtypes):
    """NumPy's promotion of several DTypes (used where TF promotes, e.g. ``divide`` of ints)."""
    return as_dtype(_np.result_type(*[as_dtype(d)._np for d in dtypes]))

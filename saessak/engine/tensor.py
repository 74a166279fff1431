"""Tensor: an immutable array with a dtype and a shape.

A Tensor holds nothing but its array.  The graph that produced it lives on the
GradientTape that recorded it (if any), never on the tensor, so with no tape
active creating a tensor costs one small object.  Arithmetic operators are
attached by ``saessak.ops`` (they are ops like any other).
"""

from .. import backend
from ..backend import dtypes, xp
from . import context
from .shape import TensorShape


class Tensor:
    """An immutable n-dimensional array (``tf.Tensor``)."""

    __slots__ = ("_value", "__weakref__")
    # Make NumPy defer ``ndarray + tensor`` to Tensor.__radd__, as TF's EagerTensor does.
    __array_priority__ = 100

    def __init__(self, value):
        self._value = value

    # -- metadata ---------------------------------------------------------
    @property
    def dtype(self):
        return dtypes.from_array(self._value)

    @property
    def shape(self):
        return TensorShape(self._value.shape)

    @property
    def ndim(self):
        return self._value.ndim

    def get_shape(self):
        return self.shape

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    def ref(self):
        """A hashable reference to this tensor (tensors themselves are unhashable, as in TF)."""
        return _TensorRef(self)

    # -- reading the value --------------------------------------------------
    def _concrete(self, kind):
        """The array, for code that leaves the op world (Python control flow, NumPy).

        Inside ``saessak.function`` such a read becomes a guard of the trace: the
        compiled program is only replayed while the value read here is unchanged.
        """
        tracer = context.state.tracer
        if tracer is not None:
            tracer.guard(self, kind)
        return self._value

    def numpy(self):
        """The value as a NumPy array (a NumPy scalar for 0-d tensors), copied."""
        value = backend.to_numpy(self._concrete("numpy"))
        if value.ndim == 0:
            return value[()]
        return value.copy()

    def __array__(self, dtype=None, copy=None):
        value = backend.to_numpy(self._concrete("numpy"))
        if dtype is not None and value.dtype != dtype:
            return value.astype(dtype)
        return value.copy() if copy else value

    def __bool__(self):
        if self._value.size != 1:
            raise ValueError(
                f"The truth value of a tensor with shape {tuple(self._value.shape)} is ambiguous. "
                "Use saessak.reduce_any or saessak.reduce_all."
            )
        return bool(self._concrete("bool"))

    def __float__(self):
        return float(self._concrete("float"))

    def __int__(self):
        return int(self._concrete("int"))

    def __index__(self):
        value = self._concrete("int")
        if not dtypes.from_array(value).is_integer:
            raise TypeError(f"Only integer tensors can be used as an index, got dtype={self.dtype.name}.")
        return int(value)

    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("len() of a 0-d tensor (a scalar) is not defined.")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __setitem__(self, key, value):
        raise TypeError(
            "'Tensor' object does not support item assignment: tensors are immutable. "
            "Use a saessak.Variable and its assign() method, or build a new tensor."
        )

    __hash__ = None  # TF 2: tensors compare elementwise, so they cannot be dict keys

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return Tensor(self._value.copy())

    def __reduce__(self):
        return (_rebuild_tensor, (backend.to_numpy(self._value),))

    # -- printing ---------------------------------------------------------
    def __format__(self, format_spec):
        # As TF's eager tensors: f"{t}" -> '25.0', f"{t:.2f}" -> '25.00', f"{v}" -> '[1. 2.]'.
        return format(self._numpy_for_print(), format_spec)

    def _numpy_for_print(self):
        value = backend.to_numpy(self._value)
        return value[()] if value.ndim == 0 else value

    def __str__(self):
        text = str(self._numpy_for_print())
        if "\n" in text:
            text = "\n" + text
        return f"tf.Tensor({text}, shape={self.shape}, dtype={self.dtype.name})"

    def __repr__(self):
        text = _numpy_text(self._numpy_for_print())
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={text}>"


def _numpy_text(value):
    """The ``numpy=`` part of TF's repr: the scalar as str, arrays as repr on a new line if long."""
    if not isinstance(value, xp.ndarray):
        return repr(value.item())  # TF prints scalars as Python values: numpy=0.3333333432674408
    text = repr(value)
    return "\n" + text if "\n" in text else text


def _rebuild_tensor(array):
    return Tensor(xp.asarray(array))


class _TensorRef:
    __slots__ = ("_tensor",)

    def __init__(self, tensor):
        self._tensor = tensor

    def deref(self):
        return self._tensor

    def __hash__(self):
        return id(self._tensor)

    def __eq__(self, other):
        return isinstance(other, _TensorRef) and other._tensor is self._tensor

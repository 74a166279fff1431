"""Turning Python values and NumPy arrays into Tensors, with TensorFlow's dtype rules.

- Python ``int`` -> int32 (int64 when it does not fit), ``float`` -> float32,
  ``bool`` -> bool; nested lists the same way.
- NumPy arrays keep their dtype (float64 stays float64), unless a dtype is asked for.
- A requested dtype may not silently drop a Python float's fraction: ``1.5`` to
  int32 is an error, as in TF.  NumPy arrays are cast (TF does the same).
"""

from ..backend import as_dtype, dtypes, xp
from ..errors import InvalidArgumentError
from .tensor import Tensor

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Convert ``value`` to a Tensor (``tf.convert_to_tensor``)."""
    if isinstance(value, Tensor):
        if dtype is not None and as_dtype(dtype) != value.dtype:
            raise InvalidArgumentError(
                f"Tensor conversion requested dtype={as_dtype(dtype).name} for a Tensor with "
                f"dtype={value.dtype.name}. Use saessak.cast(x, {as_dtype(dtype)!r}) to convert it.")
        return value
    if dtype is not None:
        dtype = as_dtype(dtype)
    if isinstance(value, (xp.ndarray, xp.generic)):
        array = xp.asarray(value)
        if array.dtype.kind not in "biufc":
            raise InvalidArgumentError(
                f"Cannot convert an array of dtype={array.dtype} to a Tensor: saessak tensors "
                "hold numbers and booleans.")
        if dtype is not None and array.dtype != dtype._np:
            array = array.astype(dtype._np)
        return Tensor(array)
    return Tensor(python_to_array(value, dtype if dtype is not None else None,
                                  None if dtype_hint is None else as_dtype(dtype_hint)))


def python_to_array(value, dtype=None, dtype_hint=None):
    """A backend array for a Python scalar or (nested) list, with TF's default dtypes."""
    try:
        array = xp.asarray(value)
    except OverflowError:
        raise InvalidArgumentError(
            f"Cannot convert {_short(value)} to a Tensor: the integer does not fit in int64.") from None
    except (ValueError, TypeError) as exc:
        raise InvalidArgumentError(f"Cannot convert {value!r} to a Tensor: {exc}") from None
    kind = array.dtype.kind
    if kind == "u" and array.dtype.itemsize == 8 and array.size and array.max() > 2**63 - 1:
        raise InvalidArgumentError(
            f"Cannot convert {_short(value)} to a Tensor: the integer does not fit in int64.")
    if kind not in "biufc":
        raise InvalidArgumentError(
            f"Cannot convert {_short(value)} (NumPy sees dtype={array.dtype}) to a Tensor: "
            "saessak tensors hold numbers and booleans of one type, in a rectangular nesting.")
    target = dtype if dtype is not None else dtype_hint
    if target is not None:
        if kind in "fc" and target._np.kind in "iub":
            if dtype is None:
                target = None  # a hint, not a demand: fall back to the default below
            else:
                raise InvalidArgumentError(
                    f"Cannot convert {_short(value)} to a Tensor of dtype={target.name}: the value is "
                    "not an integer. Round it first or ask for a floating dtype.")
        if target is not None:
            return array.astype(target._np)
    if kind == "f" and isinstance(value, (list, tuple)) and _has_np_float64(value):
        return array  # NumPy float64 values inside a list stay float64, as in TF
    if kind == "f":
        return array.astype(dtypes.float32._np)
    if kind in "iu":
        if array.size and (array.min() < _INT32_MIN or array.max() > _INT32_MAX):
            return array.astype(dtypes.int64._np)
        return array.astype(dtypes.int32._np)
    if kind == "c":
        return array.astype(dtypes.complex128._np)
    return array


def _has_np_float64(v):
    if isinstance(v, (list, tuple)):
        return any(_has_np_float64(x) for x in v)
    return isinstance(v, (xp.ndarray, xp.generic)) and v.dtype == xp.float64


def _short(value):
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."

"""Small pieces shared by the op families: operand conversion and dtype checks."""

from ..backend import xp
from ..engine.convert import convert_to_tensor, python_to_array
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError


def tensor(x, dtype=None):
    """Convert an op argument to a Tensor (fast path for Tensors)."""
    if isinstance(x, Tensor) and dtype is None:
        return x
    return convert_to_tensor(x, dtype=dtype)


def _adopt(value, like, op_name):
    """Convert a non-Tensor operand to the dtype of the Tensor beside it, as TF does."""
    if isinstance(value, (xp.ndarray, xp.generic)):
        return Tensor(xp.asarray(value, dtype=like._value.dtype))
    try:
        return Tensor(python_to_array(value, dtype=like.dtype))
    except InvalidArgumentError:
        raise InvalidArgumentError(
            f"{op_name}: cannot combine a {like.dtype.name} tensor with {value!r}, which is not a "
            f"{like.dtype.name}. Cast the tensor first, e.g. saessak.cast(x, saessak.float32).",
            op=op_name) from None


def binary_operands(x, y, op_name):
    """Two operands of one dtype. Tensors must already agree; other values adopt the Tensor's dtype."""
    x_is, y_is = isinstance(x, Tensor), isinstance(y, Tensor)
    if x_is and y_is:
        if x._value.dtype != y._value.dtype:
            raise InvalidArgumentError(
                f"{op_name}: both operands must have the same dtype, received x with dtype="
                f"{x.dtype.name} and y with dtype={y.dtype.name}. saessak, like TensorFlow, does not "
                f"promote types: cast one of them, e.g. saessak.cast(y, saessak.{x.dtype.name}).",
                op=op_name)
        return x, y
    if x_is:
        return x, _adopt(y, x, op_name)
    if y_is:
        return _adopt(x, y, op_name), y
    x = convert_to_tensor(x)
    return x, _adopt(y, x, op_name)


def require(x, kinds, op_name, what):
    """Check a Tensor's dtype kind ('f' float, 'i' int, 'u' unsigned, 'b' bool, 'c' complex)."""
    if x._value.dtype.kind not in kinds:
        raise InvalidArgumentError(
            f"{op_name}: expected {what} input, received dtype={x.dtype.name}. "
            f"Cast it first, e.g. saessak.cast(x, saessak.float32).", op=op_name)


def quiet(kernel):
    """Wrap a NumPy kernel so division by zero or log(0) give inf/nan silently, as in TF."""
    def k(*args, **kwargs):
        with xp.errstate(all="ignore"):
            return kernel(*args, **kwargs)
    k.__name__ = getattr(kernel, "__name__", "kernel")
    k.raw = kernel  # compiled programs call this one and set the error state once per run
    return k


def normalize_axis(axis, ndim, op_name):
    """Axis argument -> tuple of non-negative ints (None means all axes)."""
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = axis._concrete("int").tolist()
    elif isinstance(axis, xp.ndarray):
        axis = axis.tolist()
    axes = (axis,) if isinstance(axis, int) else tuple(int(a) for a in axis)
    out = []
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise InvalidArgumentError(
                f"{op_name}: axis={a} is out of range for a tensor of rank {ndim} "
                f"(valid: {-ndim} to {ndim - 1}).", op=op_name)
        out.append(a % ndim if ndim else 0)
    return tuple(out)

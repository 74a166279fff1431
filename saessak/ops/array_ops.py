"""Creating tensors and moving their elements: constants, shapes, broadcasting, reshaping.

Movement ops only rearrange elements, so each VJP rearranges the gradient
back: the VJP of ``reshape`` is a reshape to the input's shape, of
``broadcast_to`` a sum (``sum_to``), of ``transpose`` the inverse permutation.
"""

from ..backend import as_dtype, dtypes, xp
from ..engine.convert import convert_to_tensor as _convert
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import math_ops as M
from ._helpers import tensor as _t


# ---------------------------------------------------------------- creation
def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Convert ``value`` to a Tensor; a list holding Tensors is stacked (differentiably)."""
    if isinstance(value, (list, tuple)) and value and any(_holds_tensor(v) for v in value):
        parts = [convert_to_tensor(v, dtype=dtype) for v in value]
        return stack(parts)
    return _convert(value, dtype=dtype, dtype_hint=dtype_hint)


def _holds_tensor(v):
    if isinstance(v, Tensor):
        return True
    return isinstance(v, (list, tuple)) and any(_holds_tensor(x) for x in v)


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor (``tf.constant``): Python floats become float32, ints int32."""
    if isinstance(value, Tensor):
        t = value if dtype is None else M.cast(value, dtype)
        t = Tensor(t._value.copy()) if t is value else t
    elif isinstance(value, (xp.ndarray, xp.generic)):
        array = xp.array(value, copy=True)
        t = _convert(array, dtype=dtype)
    else:
        t = _convert(value, dtype=dtype)
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        if t._value.size == 1:
            t = Tensor(xp.full(shape, t._value.reshape(()), dtype=t._value.dtype))
        elif t._value.size == int(xp.prod(shape)):
            t = Tensor(t._value.reshape(shape))
        else:
            raise InvalidArgumentError(
                f"constant: cannot make a tensor of shape={shape} from a value with "
                f"{t._value.size} elements (expected 1 or {int(xp.prod(shape))}).")
    return t


def _shape_arg(shape):
    if isinstance(shape, Tensor):
        shape = shape._concrete("int").tolist()
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def zeros(shape, dtype=dtypes.float32, name=None):
    return Tensor(xp.zeros(_shape_arg(shape), as_dtype(dtype)._np))


def ones(shape, dtype=dtypes.float32, name=None):
    return Tensor(xp.ones(_shape_arg(shape), as_dtype(dtype)._np))


def _like(kernel_name, fill):
    # zeros_like/ones_like are ops (not constants) so a traced program sees their shape source.
    op = Op(kernel_name, lambda x, dtype=None: xp.full(x.shape, fill, dtype or x.dtype),
            lambda g, out, x, dtype=None: (None,))
    return op


ZEROS_LIKE = _like("zeros_like", 0)
ONES_LIKE = _like("ones_like", 1)


def zeros_like(input, dtype=None, name=None):  # noqa: A002 - TF's argument name
    attrs = {"dtype": as_dtype(dtype)._np} if dtype is not None else None
    return execute(ZEROS_LIKE, [_t(input)], attrs)


def ones_like(input, dtype=None, name=None):  # noqa: A002
    attrs = {"dtype": as_dtype(dtype)._np} if dtype is not None else None
    return execute(ONES_LIKE, [_t(input)], attrs)


def fill(dims, value, name=None):
    v = _convert(value)
    return Tensor(xp.full(_shape_arg(dims), v._value, dtype=v._value.dtype))


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's name
    """``tf.range``: int32 for int arguments, float32 if any argument is a float."""
    if limit is None:
        start, limit = 0, start
    vals = [x._concrete("int").item() if isinstance(x, Tensor) else x for x in (start, limit, delta)]
    if dtype is None:
        dtype = dtypes.float32 if any(isinstance(v, float) for v in vals) else dtypes.int32
    dtype = as_dtype(dtype)
    return Tensor(xp.arange(*vals, dtype=dtype._np))


def linspace(start, stop, num, name=None, axis=0):
    s = _convert(start)
    dtype = s._value.dtype if s._value.dtype.kind == "f" else xp.float32
    return Tensor(xp.linspace(float(start), float(stop), int(num), dtype=dtype))


lin_space = linspace


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    m = xp.eye(int(num_rows), None if num_columns is None else int(num_columns), dtype=as_dtype(dtype)._np)
    if batch_shape is not None:
        m = xp.broadcast_to(m, tuple(batch_shape) + m.shape).copy()
    return Tensor(m)


# ---------------------------------------------------------------- shape queries
def shape(input, out_type=dtypes.int32, name=None):  # noqa: A002
    return Tensor(xp.asarray(_t(input)._value.shape, dtype=as_dtype(out_type)._np))


def rank(input, name=None):  # noqa: A002
    return Tensor(xp.asarray(_t(input)._value.ndim, dtype=xp.int32))


def size(input, out_type=dtypes.int32, name=None):  # noqa: A002
    return Tensor(xp.asarray(_t(input)._value.size, dtype=as_dtype(out_type)._np))


# ---------------------------------------------------------------- identity and gradient stops
IDENTITY = Op("identity", lambda x: x, lambda g, out, x: (g,))
STOP_GRADIENT = Op("stop_gradient", lambda x: x)


def identity(input, name=None):  # noqa: A002
    return execute(IDENTITY, [_t(input)])


def stop_gradient(input, name=None):  # noqa: A002
    """Pass the value through but block the gradient (treated as a constant by tapes)."""
    return execute(STOP_GRADIENT, [_t(input)])


# ---------------------------------------------------------------- broadcasting
def _sum_to_kernel(x, shape):
    from ..backend import sum_to as _k

    return _k(x, shape)


SUM_TO = Op("sum_to", _sum_to_kernel, lambda g, out, x, shape: (broadcast_to(g, x._value.shape),))
BROADCAST_TO = Op("broadcast_to", lambda x, shape: xp.broadcast_to(x, shape),
                  lambda g, out, x, shape: (sum_to(g, x._value.shape),))


def sum_to(x, shape):
    """Sum ``x`` down to ``shape`` over broadcast axes (the VJP of broadcasting)."""
    return execute(SUM_TO, [_t(x)], {"shape": tuple(shape)})


def broadcast_to(input, shape, name=None):  # noqa: A002
    x = _t(input)
    shape = _shape_arg(shape)
    if x._value.shape == shape:
        return x
    return execute(BROADCAST_TO, [x], {"shape": shape})


# ---------------------------------------------------------------- reshaping
RESHAPE = Op("reshape", lambda x, shape: x.reshape(shape),
             lambda g, out, x, shape: (reshape(g, x._value.shape),))


def reshape(tensor, shape, name=None):
    x = _t(tensor)
    shape = _shape_arg(shape)
    known = 1
    for d in shape:
        if d != -1:
            known *= d
    n = x._value.size
    if shape.count(-1) > 1 or (-1 not in shape and known != n) or (-1 in shape and (known == 0 or n % known)):
        raise InvalidArgumentError(
            f"reshape: cannot reshape a tensor with {n} elements (shape={x._value.shape}) to "
            f"shape={list(shape)}. The product of the new dimensions must equal {n} "
            "(use at most one -1 for an inferred dimension).", op="reshape")
    if x._value.shape == shape:
        return x
    return execute(RESHAPE, [x], {"shape": shape})


# ---------------------------------------------------------------- indexing (x[...])
def _getitem_grad_kernel(g, shape, key):
    out = xp.zeros(shape, g.dtype)
    out[key] = g  # basic indexing selects each element at most once
    return out


GETITEM_GRAD = Op("getitem_grad", _getitem_grad_kernel,
                  lambda gg, out, g, shape, key: (getitem(gg, key),))
GETITEM = Op("getitem", lambda x, key: x[key],
             lambda g, out, x, key: (execute(GETITEM_GRAD, [g], {"shape": x._value.shape, "key": key}),))


def _index_part(k):
    if isinstance(k, Tensor):
        return k.__index__()
    if isinstance(k, slice):
        return slice(*(None if v is None else _index_part(v) for v in (k.start, k.stop, k.step)))
    if k is None or k is Ellipsis or isinstance(k, (int, xp.integer)):
        return k
    raise TypeError(
        f"Only integers, slices (`:`), ellipsis (`...`), saessak.newaxis (`None`) and scalar "
        f"integer tensors are valid indices, got {k!r}. Use saessak.gather for index lists.")


def getitem(x, key):
    """``x[key]`` with basic indexing: ints, slices (negative, step), ``...``, ``newaxis``."""
    x = _t(x)
    parts = key if isinstance(key, tuple) else (key,)
    key = tuple(_index_part(k) for k in parts)
    ndim = x._value.ndim
    used = sum(1 for k in key if k is not None and k is not Ellipsis)
    if used > ndim:
        raise InvalidArgumentError(
            f"Index {key} has {used} indices but the tensor has rank {ndim} (shape={x._value.shape}).")
    dims = iter(x._value.shape)
    for k in key:
        if k is Ellipsis:
            break
        if k is None:
            continue
        n = next(dims)
        if isinstance(k, (int, xp.integer)) and not -n <= k < n:
            raise InvalidArgumentError(
                f"Index {k} is out of bounds for a dimension of size {n} (tensor shape={x._value.shape}).")
    return execute(GETITEM, [x], {"key": key})


# ---------------------------------------------------------------- joining
def _stack_vjp(g, out, *xs, axis=0):
    return tuple(getitem(g, (slice(None),) * axis + (i,)) for i in range(len(xs)))


STACK = Op("stack", lambda *xs, axis=0: xp.stack(xs, axis=axis), _stack_vjp)


def stack(values, axis=0, name="stack"):
    """Join tensors of one shape along a new axis."""
    from ._helpers import binary_operands  # noqa: PLC0415

    ts = [_t(v) for v in values]
    ts = [ts[0]] + [binary_operands(ts[0], t, "stack")[1] for t in ts[1:]]
    rank = ts[0]._value.ndim + 1
    ax = axis % rank if -rank <= axis < rank else axis
    if not 0 <= ax < rank:
        raise InvalidArgumentError(f"stack: axis={axis} is out of range for rank {rank - 1} inputs.")
    for i, t in enumerate(ts):
        if t._value.shape != ts[0]._value.shape:
            raise InvalidArgumentError(
                f"stack: all inputs must have the same shape; input 0 has shape={ts[0]._value.shape} "
                f"but input {i} has shape={t._value.shape}.", op="stack")
    return execute(STACK, ts, {"axis": ax})

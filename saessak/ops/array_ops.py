"""Creating tensors and changing their shape: constants, ranges, shapes, reshapes, transposes.

Movement ops only rearrange elements, so each VJP rearranges the gradient
back: the VJP of ``reshape`` (and of ``expand_dims``/``squeeze``, which are
reshapes) is a reshape to the input's shape, of ``broadcast_to`` a sum over the
broadcast axes (``sum_to``), of ``transpose`` the inverse permutation.  These
VJPs are movement ops too, so second derivatives come for free.  ``fill``'s
gradient is the sum of the output gradient; ``linspace`` is composed of
differentiable ops, as in TF.

This module is the ``array`` namespace: it re-exports the joining/splitting
family (``layout_ops``) and the indexing family (``indexing_ops``).
"""

import builtins
import math
import operator

from ..backend import as_dtype, dtypes, sum_to_plan, xp
from ..engine.convert import convert_to_tensor as _convert
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..engine.variable import Variable
from ..errors import InvalidArgumentError
from . import math_ops as M
from ._helpers import binary_operands
from ._helpers import tensor as _t


def _err(op, message):
    return InvalidArgumentError(f"{op}: {message}", op=op)


def _int(v, what, op):
    """A static Python int from an int, NumPy integer or scalar integer Tensor."""
    if isinstance(v, Tensor):
        v = v._concrete("int")
    try:
        return operator.index(v)
    except TypeError:
        raise _err(op, f"{what} must be an integer, received {v!r}.") from None


def _ints(v, what, op):
    if isinstance(v, Tensor):
        v = v._concrete("int").tolist()
    elif isinstance(v, xp.ndarray):
        v = v.tolist()
    if isinstance(v, (int, xp.integer)):
        return (int(v),)
    return tuple(_int(d, what, op) for d in v)


def _axis(axis, ndim, op, what="axis"):
    """One axis in [-ndim, ndim) as a non-negative int."""
    a = _int(axis, what, op)
    if not -ndim <= a < ndim:
        raise _err(op, f"{what}={a} is out of range for a tensor of rank {ndim} "
                       f"(expected {-ndim} <= {what} < {ndim}).")
    return a % ndim


def _same(x):
    """``x`` as a result: a Variable is snapshotted (it may be assigned later), a Tensor is kept."""
    return x.value() if isinstance(x, Variable) else x


def _uniform(values, op):
    """Tensors of one dtype: the first Tensor's dtype, which Python values and arrays adopt."""
    values = list(values)
    anchor = next((v for v in values if isinstance(v, Tensor)), None)
    if anchor is None:
        anchor = _convert(values[0])
    out = []
    for i, v in enumerate(values):
        if isinstance(v, Tensor) and v._value.dtype != anchor._value.dtype:
            raise _err(op, f"all inputs must have one dtype, but input {i} has dtype={v.dtype.name} "
                           f"and the others {anchor.dtype.name}. Cast it first, e.g. "
                           f"saessak.cast(x, saessak.{anchor.dtype.name}).")
        out.append(v if isinstance(v, Tensor) else binary_operands(anchor, v, op)[1])
    return out


# ---------------------------------------------------------------- creation
def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Convert ``value`` to a Tensor; a list holding Tensors is stacked (differentiably)."""
    if isinstance(value, (list, tuple)) and value and any(_holds_tensor(v) for v in value):
        return stack([convert_to_tensor(v, dtype=dtype) for v in value])
    return _convert(value, dtype=dtype, dtype_hint=dtype_hint)


def _holds_tensor(v):
    if isinstance(v, Tensor):
        return True
    return isinstance(v, (list, tuple)) and any(_holds_tensor(x) for x in v)


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor (``tf.constant``): Python floats become float32, ints int32.

    NumPy arrays keep their dtype; a requested ``dtype`` casts them, but a Python
    float with a fraction cannot become an integer, and a Tensor must already have it.
    """
    if isinstance(value, Tensor):
        if dtype is not None and as_dtype(dtype) != value.dtype:
            raise _err("constant", f"expected a tensor with dtype={as_dtype(dtype).name}, received "
                                   f"dtype={value.dtype.name}. Use saessak.cast(x, ...) to convert it.")
        t = Tensor(value._concrete("numpy").copy())  # a snapshot: a guard inside saessak.function
    elif isinstance(value, (xp.ndarray, xp.generic)):
        t = _convert(xp.array(value, copy=True), dtype=dtype)
    elif isinstance(value, (list, tuple)) and _holds_tensor(value):
        t = Tensor(xp.array(convert_to_tensor(value, dtype=dtype)._concrete("numpy"), copy=True))
    else:
        t = _convert(value, dtype=dtype)
    if shape is not None:
        shape = _shape_arg(shape, "constant")
        n = math.prod(shape)
        if t._value.size == 1:
            t = Tensor(xp.full(shape, t._value.reshape(()), dtype=t._value.dtype))
        elif t._value.size == n:
            t = Tensor(t._value.reshape(shape))
        else:
            raise _err("constant", f"cannot make a tensor of shape={shape} ({n} elements) from a "
                                   f"value with {t._value.size} elements (expected 1 or {n}).")
    return t


def _shape_arg(shape, op="shape"):
    dims = _ints(shape, "a dimension", op)
    for d in dims:
        if d < 0:
            raise _err(op, f"dimensions must be >= 0, received shape={list(dims)}.")
    return dims


def zeros(shape, dtype=dtypes.float32, name=None):
    return Tensor(xp.zeros(_shape_arg(shape, "zeros"), as_dtype(dtype)._np))


def ones(shape, dtype=dtypes.float32, name=None):
    return Tensor(xp.ones(_shape_arg(shape, "ones"), as_dtype(dtype)._np))


def _like(kernel_name, fill):
    # zeros_like/ones_like are ops (not constants) so a traced program sees their shape source.
    return Op(kernel_name, lambda x, dtype=None: xp.full(x.shape, fill, dtype or x.dtype),
              lambda g, out, x, dtype=None: (None,))


ZEROS_LIKE = _like("zeros_like", 0)
ONES_LIKE = _like("ones_like", 1)


def zeros_like(input, dtype=None, name=None):  # noqa: A002 - TF's argument name
    attrs = {"dtype": as_dtype(dtype)._np} if dtype is not None else None
    return execute(ZEROS_LIKE, [_t(input)], attrs)


def ones_like(input, dtype=None, name=None):  # noqa: A002
    attrs = {"dtype": as_dtype(dtype)._np} if dtype is not None else None
    return execute(ONES_LIKE, [_t(input)], attrs)


# fill: every output element is the scalar, so its gradient is the sum of the output gradient.
FILL = Op("fill", lambda v, shape: xp.full(shape, v, v.dtype),
          lambda g, out, v, shape: (sum_to(g, ()),))


def fill(dims, value, name=None):
    v = _t(value)
    if v._value.ndim:
        raise _err("fill", f"value must be a scalar, received shape={v._value.shape}.")
    return execute(FILL, [v], {"shape": _shape_arg(dims, "fill")})


_RANGE_ORDER = ("int32", "int64", "float16", "float32", "float64")


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's name
    """``tf.range``: ``start + i * delta`` for ``0 <= i < ceil((limit - start) / delta)``.

    The dtype is the widest of the arguments' (int32 < int64 < float32 < float64),
    Python ints counting as int32 and floats as float32.
    """
    if limit is None:
        start, limit = 0, start
    vals, kinds = [], []
    for a in (start, limit, delta):
        t = a if isinstance(a, Tensor) else _convert(a)
        if t._value.ndim:
            raise _err("range", f"start, limit and delta must be scalars, received shape={t._value.shape}.")
        vals.append(t._concrete("value").item())
        kinds.append(t.dtype.name)
    if dtype is None:
        known = [k for k in kinds if k in _RANGE_ORDER]
        dtype = max(known, key=_RANGE_ORDER.index) if known else "int32"
    d = as_dtype(dtype)._np
    s, lim, step = (xp.asarray(v).astype(d) for v in vals)
    if step == 0:
        raise _err("range", "delta must be non-zero, received delta=0.")
    if (step > 0 and s > lim) or (step < 0 and s < lim):
        raise _err("range", f"requires start <= limit when delta > 0 (start >= limit when delta < 0), "
                            f"received start={vals[0]}, limit={vals[1]}, delta={vals[2]}.")
    if d.kind in "iu":
        n = (abs(int(lim) - int(s)) + abs(int(step)) - 1) // abs(int(step))
    else:
        n = int(xp.ceil(xp.abs((lim - s) / step)))
    return Tensor((s + xp.arange(n).astype(d) * step).astype(d, copy=False))


def linspace(start, stop, num, name=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` (inclusive), along ``axis``.

    Built from differentiable ops as TF does: ``start + delta * i`` between the two
    end points, so gradients reach ``start`` and ``stop``.  Integer ends give float64.
    """
    start = _t(start)
    stop = binary_operands(start, stop, "linspace")[1]
    num = _int(num, "num", "linspace")
    if num < 0:
        raise _err("linspace", f"num must be >= 0, received num={num}.")
    try:
        shape = xp.broadcast_shapes(start._value.shape, stop._value.shape)
    except ValueError:
        raise _err("linspace", f"start (shape={start._value.shape}) and stop (shape="
                               f"{stop._value.shape}) must broadcast against each other.") from None
    lo = expand_dims(broadcast_to(start, shape), axis)
    hi = expand_dims(broadcast_to(stop, shape), axis)
    ax = _axis(axis, lo._value.ndim, "linspace")
    steps = max(num - 1, 1)
    delta = M.divide(M.subtract(hi, lo), M.cast(steps, start.dtype))
    lo, hi = M.cast(lo, delta.dtype), M.cast(hi, delta.dtype)
    inner_shape = [1] * lo._value.ndim
    inner_shape[ax] = max(num - 2, 0)
    i = Tensor(xp.arange(1, steps, dtype=delta._value.dtype).reshape(inner_shape))
    values = concat([lo, M.add(lo, M.multiply(delta, i)), hi], axis=ax)
    return _slice_axis(values, ax, 0, num)


lin_space = linspace


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    rows = _int(num_rows, "num_rows", "eye")
    cols = rows if num_columns is None else _int(num_columns, "num_columns", "eye")
    batch = () if batch_shape is None else _shape_arg(batch_shape, "eye")
    if rows < 0 or cols < 0:
        raise _err("eye", f"num_rows and num_columns must be >= 0, received {rows} and {cols}.")
    m = xp.eye(rows, cols, dtype=as_dtype(dtype)._np)
    return Tensor(xp.broadcast_to(m, batch + m.shape).copy() if batch else m)


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
    """The same values; for a Variable, a snapshot that later assignments do not change."""
    x = _t(input)
    return x.value() if isinstance(x, Variable) else execute(IDENTITY, [x])


def stop_gradient(input, name=None):  # noqa: A002
    """Pass the value through but block the gradient (treated as a constant by tapes)."""
    return execute(STOP_GRADIENT, [_same(_t(input))])


# ---------------------------------------------------------------- broadcasting
def _sum_to_kernel(x, shape, axes, keepdims):
    # ``axes`` and ``keepdims`` are worked out once, when the op is created (see ``sum_to``).
    if keepdims:
        out = x.sum(axis=axes, keepdims=True).reshape(shape)
    else:
        out = x.sum(axis=axes)
    return out if shape else xp.asarray(out)


SUM_TO = Op("sum_to", _sum_to_kernel,
            lambda g, out, x, shape, axes, keepdims: (broadcast_to(g, x._value.shape),))
BROADCAST_TO = Op("broadcast_to", lambda x, shape: xp.broadcast_to(x, shape),
                  lambda g, out, x, shape: (sum_to(g, x._value.shape),))


def sum_to(x, shape):
    """Sum ``x`` down to ``shape`` over broadcast axes (the VJP of broadcasting)."""
    x = _t(x)
    shape = tuple(shape)
    if x._value.shape == shape:
        return x
    axes, lead_only = sum_to_plan(x._value.shape, shape)
    return execute(SUM_TO, [x], {"shape": shape, "axes": axes, "keepdims": not lead_only})


def broadcast_to(input, shape, name=None):  # noqa: A002
    x = _t(input)
    shape = _shape_arg(shape, "broadcast_to")
    if x._value.shape == shape:
        return _same(x)
    src = x._value.shape
    if len(src) > len(shape) or any(a not in (1, b) for a, b in zip(src[::-1], shape[::-1])):
        raise _err("broadcast_to", f"cannot broadcast a tensor of shape={src} to shape={shape}: "
                                   "each dimension must be 1 or equal to the target's, aligned "
                                   "from the right.")
    return execute(BROADCAST_TO, [x], {"shape": shape})


# ---------------------------------------------------------------- reshaping
RESHAPE = Op("reshape", lambda x, shape: x.reshape(shape),
             lambda g, out, x, shape: (reshape(g, x._value.shape),))


def reshape(tensor, shape, name=None):
    x = _t(tensor)
    shape = _ints(shape, "a dimension", "reshape")
    n = x._value.size
    known = math.prod(d for d in shape if d != -1)
    bad = [d for d in shape if d < -1]
    if bad or shape.count(-1) > 1 or (-1 not in shape and known != n) or (
            -1 in shape and (known == 0 or n % known)):
        raise _err("reshape", f"cannot reshape a tensor with {n} elements (shape={x._value.shape}) "
                              f"to shape={list(shape)}. The product of the new dimensions must equal "
                              f"{n} (use at most one -1 for an inferred dimension, no other negatives).")
    if x._value.shape == shape:
        return _same(x)
    return execute(RESHAPE, [x], {"shape": shape})


def expand_dims(input, axis, name=None):  # noqa: A002
    """Insert a dimension of size 1 at ``axis`` (``-rank-1 <= axis <= rank``)."""
    x = _t(input)
    axes = _ints(axis, "axis", "expand_dims")
    if len(axes) != 1:
        raise _err("expand_dims", f"axis must be a single integer, received {list(axes)}.")
    dims = list(x._value.shape)
    dims.insert(_axis(axes[0], len(dims) + 1, "expand_dims"), 1)
    return reshape(x, dims)


def squeeze(input, axis=None, name=None):  # noqa: A002
    """Remove dimensions of size 1 (all of them, or those in ``axis``)."""
    x = _t(input)
    dims = x._value.shape
    if axis is None:
        axes = [i for i, d in enumerate(dims) if d == 1]
    else:
        axes = [_axis(a, len(dims), "squeeze") for a in _ints(axis, "axis", "squeeze")]
        for a in axes:
            if dims[a] != 1:
                raise _err("squeeze", f"cannot squeeze axis {a} of a tensor with shape={dims}: "
                                      f"expected a dimension of 1, got {dims[a]}.")
    return reshape(x, [d for i, d in enumerate(dims) if i not in axes])


def _transpose_kernel(x, perm, conjugate=False):
    y = xp.transpose(x, perm)
    return xp.conj(y) if conjugate else y


def _transpose_vjp(g, out, x, perm, conjugate=False):
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    attrs = {"perm": tuple(inverse), "conjugate": True} if conjugate else {"perm": tuple(inverse)}
    return (execute(TRANSPOSE, [g], attrs),)


TRANSPOSE = Op("transpose", _transpose_kernel, _transpose_vjp)


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permute the axes: output axis ``i`` is input axis ``perm[i]`` (default: reversed)."""
    x = _t(a)
    n = x._value.ndim
    perm = tuple(builtins.range(n))[::-1] if perm is None else _ints(perm, "perm", "transpose")
    if len(perm) != n or sorted(p % n if -n <= p < n else p for p in perm) != list(builtins.range(n)):
        raise _err("transpose", f"perm must be a permutation of 0..{n - 1} for a tensor of rank {n}, "
                                f"received perm={list(perm)}.")
    perm = tuple(p % n for p in perm)
    conjugate = bool(conjugate) and x._value.dtype.kind == "c"
    if perm == tuple(builtins.range(n)) and not conjugate:
        return _same(x)
    return execute(TRANSPOSE, [x], {"perm": perm, "conjugate": True} if conjugate else {"perm": perm})


newaxis = None

# The other array families are part of this namespace; they import this module, so they come last.
from .indexing_ops import *  # noqa: E402, F403
from .indexing_ops import __all__ as _indexing_all  # noqa: E402
from .indexing_ops import getitem  # noqa: E402, F401 - Tensor.__getitem__
from .layout_ops import *  # noqa: E402, F403
from .layout_ops import __all__ as _layout_all  # noqa: E402
from .layout_ops import _slice_axis, concat, stack  # noqa: E402

__all__ = [
    "convert_to_tensor", "constant", "zeros", "ones", "zeros_like", "ones_like", "fill", "range",
    "linspace", "eye", "shape", "rank", "size", "identity", "stop_gradient", "broadcast_to",
    "reshape", "expand_dims", "squeeze", "transpose", "newaxis",
] + list(_indexing_all) + list(_layout_all)

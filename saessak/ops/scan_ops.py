"""Orderings along one axis: cumulative sums and products, sorting, argsort, top-k.

Cumulative sum: ``y_i = sum_{j<=i} x_j``, so ``dx_j = sum_{i>=j} g_i``: the VJP is a
cumulative sum running the other way (``reverse`` flipped, ``exclusive`` kept).

Cumulative product: ``dx_j = sum_{i>=j} g_i y_i / x_j``; like TensorFlow we divide
with "0 where x is 0" (``div_no_nan``), so the gradient at a zero entry is 0.

Sorting and top-k select elements: ``y = x[..., idx]`` along the axis.  Their VJP
scatters ``g`` back to the positions ``idx`` came from (each position at most
once), and the VJP of that scatter is the gather again, so second derivatives
work.  The indices themselves are not differentiable.
"""

import collections

from ..backend import as_dtype, xp
from ..engine.op import Op, execute
from ..errors import InvalidArgumentError
from . import array_ops as A
from . import math_ops as M
from ._helpers import normalize_axis, require, tensor


def _one_axis(x, axis, op_name):
    ndim = x._value.ndim
    if ndim == 0:
        raise InvalidArgumentError(
            f"{op_name}: input must have rank >= 1, received a scalar. Reshape it first, e.g. "
            "saessak.reshape(x, [1]).", op=op_name)
    if isinstance(axis, (list, tuple)) or getattr(axis, "ndim", 0):
        raise InvalidArgumentError(
            f"{op_name}: axis must be a single int, received axis={axis!r}.", op=op_name)
    return normalize_axis(axis, ndim, op_name)[0]


def _no_bool(x, op_name, kinds="fciu"):
    if x._value.dtype.kind == "b":
        raise InvalidArgumentError(
            f"{op_name}: bool tensors are not supported (as in TensorFlow). Cast first, e.g. "
            "saessak.cast(x, saessak.int32).", op=op_name)
    require(x, kinds, op_name, "a numeric")


# ---------------------------------------------------------------- cumulative sum and product
def _scan_kernel(fn, fill):
    def kernel(x, axis=0, exclusive=False, reverse=False):
        if reverse:
            x = xp.flip(x, axis)
        out = fn(x, axis=axis, dtype=x.dtype)
        if exclusive and x.shape[axis]:  # shift by one: y_i covers x_0 .. x_{i-1}
            first = xp.full_like(xp.take(x, [0], axis=axis), fill)
            out = xp.concatenate([first, xp.take(out, xp.arange(x.shape[axis] - 1), axis=axis)], axis)
        return xp.flip(out, axis) if reverse else out
    return kernel


CUMSUM = Op("cumsum", _scan_kernel(xp.cumsum, 0), lambda g, out, x, axis=0, exclusive=False, reverse=False: (
    cumsum(g, axis, exclusive=exclusive, reverse=not reverse),))


def _cumprod_vjp(g, out, x, axis=0, exclusive=False, reverse=False):
    total = cumsum(M.multiply(out, g), axis, exclusive=exclusive, reverse=not reverse)
    zero = M.equal(x, 0)
    return (M.where(zero, A.zeros_like(x), M.divide(total, M.where(zero, A.ones_like(x), x))),)


CUMPROD = Op("cumprod", _scan_kernel(xp.cumprod, 1), _cumprod_vjp)


def _scan(op, x, axis, exclusive, reverse):
    x = tensor(x)
    _no_bool(x, op.name)
    return execute(op, [x], {"axis": _one_axis(x, axis, op.name), "exclusive": bool(exclusive),
                             "reverse": bool(reverse)})


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along ``axis``; ``exclusive`` leaves out the current element."""
    return _scan(CUMSUM, x, axis, exclusive, reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along ``axis`` (``tf.math.cumprod``)."""
    return _scan(CUMPROD, x, axis, exclusive, reverse)


# ---------------------------------------------------------------- gather / scatter along an axis
def _scatter_kernel(g, idx, axis=-1, size=0):
    shape = list(g.shape)
    shape[axis] = size
    out = xp.zeros(shape, g.dtype)
    xp.put_along_axis(out, idx.astype(xp.intp), g, axis)  # idx never repeats within a row
    return out


def _gather_kernel(x, idx, axis=-1):
    return xp.take_along_axis(x, idx.astype(xp.intp), axis)


GATHER_ALONG = Op("gather_along_axis", _gather_kernel, lambda g, out, x, idx, axis=-1: (
    execute(SCATTER_ALONG, [g, idx], {"axis": axis, "size": x._value.shape[axis]}), None))
SCATTER_ALONG = Op("scatter_along_axis", _scatter_kernel, lambda g, out, y, idx, axis=-1, size=0: (
    execute(GATHER_ALONG, [g, idx], {"axis": axis}), None))


# ---------------------------------------------------------------- argsort, sort, top_k
def _argsort_kernel(x, axis=-1, descending=False, dtype=None):
    """Stable argsort; descending keeps equal elements in their original order too (as TF)."""
    if not descending:
        return xp.argsort(x, axis=axis, kind="stable").astype(dtype)
    # Sort the reversed row ascending, then read it backwards: ties stay in original order.
    idx = xp.flip(xp.argsort(xp.flip(x, axis), axis=axis, kind="stable"), axis)
    return (x.shape[axis] - 1 - idx).astype(dtype)


ARGSORT = Op("argsort", _argsort_kernel)


def _sort_kernel(x, axis=-1, descending=False):
    out = xp.sort(x, axis=axis)
    return xp.flip(out, axis) if descending else out


def _sort_vjp(g, out, x, axis=-1, descending=False):
    idx = execute(ARGSORT, [x], {"axis": axis, "descending": descending, "dtype": xp.dtype(xp.int64)})
    return (execute(SCATTER_ALONG, [g, idx], {"axis": axis, "size": x._value.shape[axis]}),)


SORT = Op("sort", _sort_kernel, _sort_vjp)


def _direction(direction, op_name):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise InvalidArgumentError(
            f"{op_name}: direction should be one of ASCENDING, DESCENDING. Received: "
            f"direction={direction!r}.", op=op_name)
    return direction == "DESCENDING"


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """The values sorted along ``axis`` (differentiable: the gradient follows each element)."""
    x = tensor(values)
    _no_bool(x, "sort", "fiu")
    descending = _direction(direction, "sort")
    return execute(SORT, [x], {"axis": _one_axis(x, axis, "sort"), "descending": descending})


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """Indices (int32) that sort ``values`` along ``axis``; always stable, as TF behaves."""
    x = tensor(values)
    _no_bool(x, "argsort", "fiu")
    descending = _direction(direction, "argsort")
    return execute(ARGSORT, [x], {"axis": _one_axis(x, axis, "argsort"), "descending": descending,
                                  "dtype": xp.dtype(xp.int32)})


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _top_k_kernel(x, k=1, dtype=None):
    return _argsort_kernel(x, -1, True, dtype)[..., :k]


TOP_K_INDICES = Op("top_k_indices", _top_k_kernel)


def top_k(input, k=1, sorted=True, index_type="int32", name=None):  # noqa: A002 - TF's names
    """The ``k`` largest entries of the last axis and their indices, as ``TopKV2(values, indices)``.

    Equal values keep their original order (lower index first).  ``values`` is
    differentiable (the gradient goes to the selected entries); ``sorted=False`` still sorts.
    """
    x = tensor(input)
    _no_bool(x, "top_k", "fiu")
    if x._value.ndim == 0:
        raise InvalidArgumentError("top_k: input must have rank >= 1, received a scalar.", op="top_k")
    if hasattr(k, "_concrete"):
        k = k._concrete("int")
    k = int(k)
    n = x._value.shape[-1]
    if not 0 <= k <= n:
        raise InvalidArgumentError(
            f"top_k: need 0 <= k <= {n} (the size of the last axis of shape={x._value.shape}), "
            f"received k={k}.", op="top_k")
    dtype = as_dtype(index_type)
    if dtype.name not in ("int16", "int32", "int64"):
        raise InvalidArgumentError(
            f"top_k: index_type must be int16, int32 or int64, received {dtype.name}.", op="top_k")
    indices = execute(TOP_K_INDICES, [x], {"k": k, "dtype": dtype._np})
    values = execute(GATHER_ALONG, [x, indices], {"axis": -1})
    return TopKV2(values, indices)


__all__ = ["cumsum", "cumprod", "sort", "argsort", "top_k"]

"""Selecting and scattering elements by position: ``x[...]``, gather, gather_nd, scatter_nd.

A selection reads some input elements (maybe several times, maybe none), so its
VJP is the adjoint *scatter-add*: start from zeros of the input's shape and add
each output gradient where its element came from; an element read twice gets
both gradients, an element never read gets zero.  Each scatter is an op of its
own whose VJP is the selection again (selection and scatter-add are adjoint
linear maps), which gives second derivatives.  ``scatter_nd`` is that scatter
made public; ``tensor_scatter_nd_update`` sends no gradient to overwritten
elements.  ``boolean_mask`` and ``repeat`` are gathers with a computed index;
``one_hot`` and ``sequence_mask`` have no gradient (as in TF).
"""

import math

from ..backend import as_dtype, dtypes, xp
from ..engine.convert import convert_to_tensor as _convert
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from . import math_ops as M
from ._helpers import tensor as _t
from .array_ops import _axis, _err, _int, _ints, ones_like, reshape, zeros_like


# ---------------------------------------------------------------- x[...] (basic indexing)
def _getitem_grad_kernel(g, shape, key):
    out = xp.zeros(shape, g.dtype)
    out[key] = g  # basic indexing selects each element at most once
    return out


GETITEM = Op("getitem", lambda x, key: xp.asarray(x[key]),
             lambda g, out, x, key: (execute(GETITEM_GRAD, [g], {"shape": x._value.shape, "key": key}),))
GETITEM_GRAD = Op("getitem_grad", _getitem_grad_kernel,
                  lambda gg, out, g, shape, key: (execute(GETITEM, [gg], {"key": key}),))

_VALID = ("Only integers, slices (`:`), ellipsis (`...`), saessak.newaxis (`None`) and scalar "
          "integer tensors are valid indices")


def _index_int(k):
    if isinstance(k, Tensor):
        if k._value.ndim == 0 and k._value.dtype.kind in "iu":
            return k.__index__()
    elif isinstance(k, (int, xp.integer)) and not isinstance(k, (bool, xp.bool_)):
        return int(k)
    elif isinstance(k, xp.ndarray) and k.ndim == 0 and k.dtype.kind in "iu":
        return int(k)
    raise _err("getitem", f"{_VALID}, got {k!r}. Use saessak.gather(x, indices) to pick several "
                          "positions, or a bool tensor to mask.")


def _index_part(k):
    if k is None or k is Ellipsis:
        return k
    if isinstance(k, slice):
        return slice(*(None if v is None else _index_int(v) for v in (k.start, k.stop, k.step)))
    return _index_int(k)


def _is_mask(key):
    if isinstance(key, (bool, xp.bool_)):
        return True
    return isinstance(key, (Tensor, xp.ndarray)) and key.dtype == dtypes.bool_


def getitem(x, key):
    """``x[key]``: ints, slices (negative, with steps), ``...``, ``newaxis``; a bool tensor masks."""
    x = _t(x)
    if _is_mask(key):
        return boolean_mask(x, key)
    key = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    shape = x._value.shape
    used = sum(1 for k in key if k is not None and k is not Ellipsis)
    if sum(1 for k in key if k is Ellipsis) > 1:
        raise _err("getitem", f"an index may contain only one ellipsis (...), received {key}.")
    if used > len(shape):
        raise _err("getitem", f"index {key} has {used} indices but the tensor has rank {len(shape)} "
                              f"(shape={shape}).")
    dim = 0
    for k in key:
        if k is Ellipsis:
            dim += len(shape) - used
        elif isinstance(k, int):
            if not -shape[dim] <= k < shape[dim]:
                raise _err("getitem", f"index {k} is out of bounds for axis {dim} with size "
                                      f"{shape[dim]} (tensor shape={shape}).")
            dim += 1
        elif isinstance(k, slice):
            if k.step == 0:
                raise _err("getitem", f"slice step cannot be zero, received {k} for axis {dim}.")
            dim += 1
    return execute(GETITEM, [x], {"key": key})


# ---------------------------------------------------------------- gather
def _check_range(idx, n, op):
    bad = (idx < 0) | (idx >= n)
    if bad.any():
        where = tuple(int(i) for i in xp.argwhere(bad)[0])
        raise _err(op, f"indices{list(where)} = {idx[where]} is not in [0, {n}). Indices must be "
                       "non-negative and smaller than the gathered dimension (no NumPy-style "
                       "negative indexing).")


def _gather_layout(shape, idx, axis, batch_dims):
    """Sizes (B, pre, N, post, K): batch, axes before ``axis``, gathered axis, after, indices."""
    b = batch_dims
    return (math.prod(shape[:b]), math.prod(shape[b:axis]), shape[axis],
            math.prod(shape[axis + 1:]), math.prod(idx.shape[b:]))


def _gather_kernel(p, idx, axis, batch_dims):
    _check_range(idx, p.shape[axis], "gather")
    if batch_dims == 0:
        return xp.take(p, idx, axis=axis)
    B, pre, n, post, K = _gather_layout(p.shape, idx, axis, batch_dims)
    p4 = p.reshape(B, pre, n, post).transpose(0, 2, 1, 3)  # (B, N, pre, post)
    out = p4[xp.arange(B)[:, None], idx.reshape(B, K)]  # (B, K, pre, post)
    b = batch_dims
    return out.transpose(0, 2, 1, 3).reshape(p.shape[:axis] + idx.shape[b:] + p.shape[axis + 1:])


def _gather_grad_kernel(g, idx, shape, axis, batch_dims):
    # Scatter-add: out[..., idx[k], ...] += g[..., k, ...]; repeated indices accumulate.
    B, pre, n, post, K = _gather_layout(shape, idx, axis, batch_dims)
    out = xp.zeros(shape, g.dtype)
    target = out.reshape(B, pre, n, post).transpose(0, 2, 1, 3)  # a view of out
    values = g.reshape(B, pre, K, post).transpose(0, 2, 1, 3)
    xp.add.at(target, (xp.arange(B)[:, None], idx.reshape(B, K)), values)
    return out


def _gather_vjp(g, out, p, idx, axis, batch_dims):
    attrs = {"shape": p._value.shape, "axis": axis, "batch_dims": batch_dims}
    return execute(GATHER_GRAD, [g, idx], attrs), None


GATHER = Op("gather", _gather_kernel, _gather_vjp)
GATHER_GRAD = Op("gather_grad", _gather_grad_kernel, lambda gg, out, g, idx, shape, axis, batch_dims: (
    execute(GATHER, [gg, idx], {"axis": axis, "batch_dims": batch_dims}), None))


def _indices(indices, op):
    idx = _t(indices)
    if idx._value.dtype.kind not in "iu":
        raise _err(op, f"indices must be integers (int32 or int64), received dtype={idx.dtype.name}. "
                       "Cast them first, e.g. saessak.cast(indices, saessak.int32).")
    return idx


def _batch_dims(batch_dims, idx, p, op):
    b = _int(batch_dims, "batch_dims", op)
    if b < 0:
        b += idx._value.ndim
    if not 0 <= b <= idx._value.ndim:
        raise _err(op, f"batch_dims={batch_dims} must be in [{-idx._value.ndim}, {idx._value.ndim}] "
                       f"for indices of rank {idx._value.ndim}.")
    if p._value.shape[:b] != idx._value.shape[:b]:
        raise _err(op, f"with batch_dims={b}, params (shape={p._value.shape}) and indices "
                       f"(shape={idx._value.shape}) must agree on their first {b} dimensions.")
    return b


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Slices of ``params`` along ``axis`` at ``indices``: output shape is
    ``params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis + 1:]``."""
    p, idx = _t(params), _indices(indices, "gather")
    if p._value.ndim == 0:
        raise _err("gather", "params must be at least 1-D, received a scalar.")
    b = _batch_dims(batch_dims, idx, p, "gather")
    ax = _axis(b if axis is None else axis, p._value.ndim, "gather")
    if b > ax:
        raise _err("gather", f"batch_dims={b} must be less than or equal to axis={ax}.")
    return execute(GATHER, [p, idx], {"axis": ax, "batch_dims": b})


# ---------------------------------------------------------------- gather_nd
def _nd_key(idx, inner, batch, op="gather_nd"):
    """Advanced-indexing key into params reshaped to (B, *params.shape[batch_dims:])."""
    m = idx.shape[-1]
    B, K = math.prod(idx.shape[:batch]), math.prod(idx.shape[batch:-1])
    rows = idx.reshape(B, K, m)
    for k in range(m):
        bad = (rows[..., k] < 0) | (rows[..., k] >= inner[k])
        if bad.any():
            where = tuple(int(i) for i in xp.argwhere(bad)[0])
            raise _err(op, f"index {rows[where].tolist()} (indices position {list(where)}) does "
                                    f"not index into params dimensions {list(inner)}.")
    first = xp.broadcast_to(xp.arange(B)[:, None], rows.shape[:2])
    return (first,) + tuple(rows[..., k] for k in range(m)), B


def _gather_nd_kernel(p, idx, batch_dims):
    b, m = batch_dims, idx.shape[-1]
    key, B = _nd_key(idx, p.shape[b:b + m], b)
    out = p.reshape((B,) + p.shape[b:])[key]
    return out.reshape(idx.shape[:-1] + p.shape[b + m:])


def _gather_nd_grad_kernel(g, idx, shape, batch_dims, op="gather_nd"):
    # Scatter-add, also the forward of scatter_nd: repeated indices accumulate.
    b, m = batch_dims, idx.shape[-1]
    key, B = _nd_key(idx, shape[b:b + m], b, op)
    out = xp.zeros(shape, g.dtype)
    xp.add.at(out.reshape((B,) + shape[b:]), key, g.reshape(key[0].shape + shape[b + m:]))
    return out


GATHER_ND = Op("gather_nd", _gather_nd_kernel, lambda g, out, p, idx, batch_dims: (
    execute(GATHER_ND_GRAD, [g, idx], {"shape": p._value.shape, "batch_dims": batch_dims}), None))
GATHER_ND_GRAD = Op("gather_nd_grad", _gather_nd_grad_kernel, lambda gg, out, g, idx, shape, batch_dims: (
    execute(GATHER_ND, [gg, idx], {"batch_dims": batch_dims}), None))


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gather by multi-indices: the last axis of ``indices`` indexes the leading axes of ``params``.

    Output shape: ``indices.shape[:-1] + params.shape[batch_dims + indices.shape[-1]:]``.
    """
    p, idx = _t(params), _indices(indices, "gather_nd")
    if idx._value.ndim == 0:
        raise _err("gather_nd", "indices must be at least 1-D, received a scalar.")
    b = _batch_dims(batch_dims, idx, p, "gather_nd")
    if b == idx._value.ndim:
        raise _err("gather_nd", f"batch_dims={b} must be less than the rank of indices ({b}).")
    if idx._value.shape[-1] > p._value.ndim - b:
        raise _err("gather_nd", f"the index depth indices.shape[-1]={idx._value.shape[-1]} must be <= "
                                f"the rank of params minus batch_dims ({p._value.ndim - b}).")
    return execute(GATHER_ND, [p, idx], {"batch_dims": b})


# ---------------------------------------------------------------- scatters
SCATTER_ND = Op("scatter_nd", lambda u, idx, shape: _gather_nd_grad_kernel(u, idx, shape, 0, "scatter_nd"),
                lambda g, out, u, idx, shape: (execute(GATHER_ND, [g, idx], {"batch_dims": 0}), None))


def scatter_nd(indices, updates, shape, name=None):
    """Zeros of ``shape`` with ``updates`` added at ``indices`` (the adjoint of ``gather_nd``)."""
    idx, u = _indices(indices, "scatter_nd"), _t(updates)
    shape = _ints(shape, "a dimension", "scatter_nd")
    m = idx._value.shape[-1] if idx._value.ndim else 0
    want = idx._value.shape[:-1] + shape[m:]
    if idx._value.ndim == 0 or m > len(shape) or u._value.shape != want:
        raise _err("scatter_nd", f"for indices of shape={idx._value.shape} into shape={shape}, updates "
                                 f"must have shape={want}, received {u._value.shape}.")
    return execute(SCATTER_ND, [u, idx], {"shape": shape})


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """``tensor`` with ``updates`` added at ``indices``."""
    t = _t(tensor)
    u = updates if isinstance(updates, Tensor) else _convert(updates, dtype=t.dtype)
    return M.add(t, scatter_nd(indices, u, t._value.shape))


def _scatter_update_kernel(t, idx, u):
    out = t.copy()
    key, _ = _nd_key(idx, t.shape, 0, "tensor_scatter_nd_update")
    out.reshape((1,) + t.shape)[key] = u.reshape(key[0].shape + t.shape[idx.shape[-1]:])
    return out


def _scatter_update_vjp(g, out, t, idx, u):
    # Overwritten positions pass no gradient to ``tensor``; each update gets its position's gradient.
    hit = scatter_nd(idx, ones_like(u), g._value.shape)
    return (M.where(M.greater(hit, 0), zeros_like(g), g), None,
            execute(GATHER_ND, [g, idx], {"batch_dims": 0}))


TENSOR_SCATTER_UPDATE = Op("tensor_scatter_nd_update", _scatter_update_kernel, _scatter_update_vjp)


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """``tensor`` with the elements (or slices) at ``indices`` replaced by ``updates``."""
    t, idx = _t(tensor), _indices(indices, "tensor_scatter_nd_update")
    u = updates if isinstance(updates, Tensor) else _convert(updates, dtype=t.dtype)
    m = idx._value.shape[-1] if idx._value.ndim else 0
    want = idx._value.shape[:-1] + t._value.shape[m:]
    if u._value.dtype != t._value.dtype or idx._value.ndim == 0 or m > t._value.ndim or (
            u._value.shape != want):
        raise _err("tensor_scatter_nd_update", f"for tensor shape={t._value.shape} dtype={t.dtype.name} "
                   f"and indices shape={idx._value.shape}, updates must have shape={want} and the same "
                   f"dtype, received shape={u._value.shape} dtype={u.dtype.name}.")
    return execute(TENSOR_SCATTER_UPDATE, [t, idx, u])


# ---------------------------------------------------------------- masks, repeats, one-hot
def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The slices of ``tensor`` where ``mask`` is true; ``mask`` covers dims ``axis..axis+k``."""
    x, m = _t(tensor), _t(mask)
    if m._value.ndim == 0:
        raise _err("boolean_mask", "mask cannot be a scalar; it must cover at least one dimension.")
    k = m._value.ndim
    shape = x._value.shape
    ax = 0 if axis is None else _axis(axis, len(shape), "boolean_mask")
    if shape[ax:ax + k] != m._value.shape:
        raise _err("boolean_mask", f"mask shape={m._value.shape} must equal dimensions {ax}..{ax + k - 1} "
                                   f"of tensor shape={shape}.")
    flat = reshape(x, shape[:ax] + (m._value.size,) + shape[ax + k:])
    positions = reshape(M.where(reshape(m, [-1])), [-1])  # the true positions, flattened
    return gather(flat, positions, axis=ax)


def repeat(input, repeats, axis=None, name=None):  # noqa: A002
    """Repeat each element (each slice along ``axis``) ``repeats`` times; ``axis=None`` flattens."""
    x = _t(input)
    if axis is None:
        x, axis = reshape(x, [-1]), 0
    ax = _axis(axis, x._value.ndim, "repeat")
    n = x._value.shape[ax]
    reps = xp.asarray(_ints(repeats, "repeats", "repeat"))
    if reps.size == 1:  # one count for every slice
        reps = xp.full(n, reps[0])
    if reps.shape != (n,) or (reps < 0).any():
        raise _err("repeat", f"repeats must be one non-negative int or {n} of them (dimension {ax} of "
                             f"shape={x._value.shape}), received {reps.tolist()}.")
    return gather(x, Tensor(xp.repeat(xp.arange(n), reps)), axis=ax)


ONE_HOT = Op("one_hot", lambda idx, on, off, depth, axis: xp.moveaxis(
    xp.where(idx[..., None] == xp.arange(depth), on, off), -1, axis))


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """``on_value`` where the new axis equals the index, ``off_value`` elsewhere (also for indices
    outside ``[0, depth)``).  The dtype comes from ``on_value``/``off_value``, else ``dtype``
    (default float32)."""
    idx = _t(indices)
    if idx._value.dtype.kind not in "iu":
        raise _err("one_hot", f"indices must be integers (uint8, int8, int32 or int64), received "
                              f"dtype={idx.dtype.name}. Cast them first with saessak.cast.")
    depth = _int(depth, "depth", "one_hot")
    if depth < 0:
        raise _err("one_hot", f"depth must be non-negative, received depth={depth}.")
    hint = None if dtype is None else as_dtype(dtype)
    given = [v if v is None or isinstance(v, Tensor) else _convert(v, dtype_hint=hint)
             for v in (on_value, off_value)]
    kinds = {v.dtype for v in given if v is not None}
    if len(kinds) > 1 or (dtype is not None and kinds and as_dtype(dtype) not in kinds):
        names = ", ".join(f"{n}={v.dtype.name}" for n, v in zip(("on_value", "off_value"), given) if v)
        raise _err("one_hot", f"on_value, off_value and dtype must agree, received {names}"
                              f"{'' if dtype is None else ', dtype=' + as_dtype(dtype).name}.")
    d = kinds.pop() if kinds else as_dtype(dtype if dtype is not None else dtypes.float32)
    on, off = (v if v is not None else _convert(xp.asarray(f, d._np)) for v, f in zip(given, (1, 0)))
    if on._value.ndim or off._value.ndim:
        raise _err("one_hot", "on_value and off_value must be scalars.")
    rank = idx._value.ndim
    ax = -1 if axis is None else _int(axis, "axis", "one_hot")
    if ax != -1 and not 0 <= ax <= rank:
        raise _err("one_hot", f"axis must be -1 or in [0, {rank}] for indices of rank {rank}, "
                              f"received axis={ax}.")
    return execute(ONE_HOT, [idx, on, off], {"depth": depth, "axis": ax})


SEQUENCE_MASK = Op("sequence_mask", lambda n, maxlen, dtype: (xp.arange(maxlen) < n[..., None]).astype(dtype))


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool_, name=None):
    """``mask[..., j] = j < lengths[...]``; ``maxlen`` defaults to the largest length."""
    n = _t(lengths)
    if maxlen is None:
        value = n._concrete("value")
        maxlen = max(int(value.max()), 0) if value.size else 0
    maxlen = _int(maxlen, "maxlen", "sequence_mask")
    return execute(SEQUENCE_MASK, [n], {"maxlen": maxlen, "dtype": as_dtype(dtype)._np})


__all__ = [
    "gather", "gather_nd", "scatter_nd", "tensor_scatter_nd_add", "tensor_scatter_nd_update",
    "boolean_mask", "repeat", "one_hot", "sequence_mask",
]

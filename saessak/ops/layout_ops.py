"""Rearranging whole tensors: joining, splitting, slicing, tiling, rolling, reversing, padding.

Each VJP undoes the rearrangement on the gradient: ``concat`` splits it back
into one slab per input, ``stack``/``unstack``/``split``/``slice`` are slices
and joins whose VJPs are joins and zero-padded slices, ``tile`` sums the
gradient over the tiles (an element copied ``m`` times receives ``m``
gradients), ``roll`` rolls it back, ``reverse`` reverses it again, and a
constant ``pad`` slices the padding away.  All of them are built from movement
ops, so second derivatives come for free.
"""

import builtins

from ..backend import xp
from ..engine.convert import convert_to_tensor as _convert
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ._helpers import binary_operands
from ._helpers import tensor as _t
from .array_ops import (
    _axis,
    _err,
    _int,
    _ints,
    _uniform,
    broadcast_to,
    identity,
    reshape,
    sum_to,
    transpose,
)
from .indexing_ops import GETITEM, gather

_S = builtins.slice  # this module defines tf.slice, which hides the builtin


# ---------------------------------------------------------------- joining and splitting
def _slice_axis(x, axis, start, stop):
    """``x[..., start:stop, ...]`` along one axis (a differentiable getitem)."""
    return execute(GETITEM, [x], {"key": (_S(None),) * axis + (_S(start, stop),)})


def _concat_vjp(g, out, *xs, axis):
    grads, start = [], 0
    for x in xs:  # each input gets back its own slab of the gradient
        n = x._value.shape[axis]
        grads.append(_slice_axis(g, axis, start, start + n))
        start += n
    return tuple(grads)


CONCAT = Op("concat", lambda *xs, axis: xp.concatenate(xs, axis=axis), _concat_vjp)


def concat(values, axis, name="concat"):
    """Join tensors along an existing axis; all other dimensions must agree."""
    if not isinstance(values, (list, tuple)) or not values:
        raise _err("concat", f"values must be a non-empty list of tensors, received {values!r}.")
    ts = _uniform(values, "concat")
    first = ts[0]._value.shape
    if not first:
        raise _err("concat", "cannot concatenate scalars (shape=()); use saessak.stack instead.")
    ax = _axis(axis, len(first), "concat")
    for i, t in enumerate(ts):
        s = t._value.shape
        if len(s) != len(first) or s[:ax] + s[ax + 1:] != first[:ax] + first[ax + 1:]:
            raise _err("concat", f"input 0 has shape={first} but input {i} has shape={s}: all "
                                 f"dimensions except axis {ax} must be equal.")
    if len(ts) == 1:
        return identity(ts[0])
    return execute(CONCAT, ts, {"axis": ax})


def _stack_vjp(g, out, *xs, axis=0):
    lead = (_S(None),) * axis
    return tuple(execute(GETITEM, [g], {"key": lead + (i,)}) for i in builtins.range(len(xs)))


STACK = Op("stack", lambda *xs, axis=0: xp.stack(xs, axis=axis), _stack_vjp)


def stack(values, axis=0, name="stack"):
    """Join tensors of one shape along a new axis."""
    values = list(values)
    if not any(isinstance(v, Tensor) for v in values):
        # Only Python values and arrays: convert the whole list at once (TF's dtype rules).
        t = _convert(values) if values else Tensor(xp.zeros((0,), xp.float32))
        ax = _axis(axis, t._value.ndim, "stack")
        return t if ax == 0 else transpose(t, list(builtins.range(1, ax + 1)) + [0] + list(
            builtins.range(ax + 1, t._value.ndim)))
    ts = _uniform(values, "stack")
    ax = _axis(axis, ts[0]._value.ndim + 1, "stack")
    for i, t in enumerate(ts):
        if t._value.shape != ts[0]._value.shape:
            raise _err("stack", f"all inputs must have the same shape; input 0 has shape="
                                f"{ts[0]._value.shape} but input {i} has shape={t._value.shape}.")
    return execute(STACK, ts, {"axis": ax})


def unstack(value, num=None, axis=0, name="unstack"):
    """Split ``value`` along ``axis`` into a list of tensors of one rank less."""
    x = _t(value)
    if x._value.ndim == 0:
        raise _err("unstack", "cannot unstack a scalar (shape=()).")
    ax = _axis(axis, x._value.ndim, "unstack")
    n = x._value.shape[ax]
    if num is not None and _int(num, "num", "unstack") != n:
        raise _err("unstack", f"num={num} does not match dimension {ax} of shape={x._value.shape}.")
    lead = (_S(None),) * ax
    return [execute(GETITEM, [x], {"key": lead + (i,)}) for i in builtins.range(n)]


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Split along ``axis`` into ``n`` equal parts (an int) or parts of the given sizes (a list).

    One size may be -1: it takes what the others leave.
    """
    x = _t(value)
    ax = _axis(axis, x._value.ndim, "split")
    n = x._value.shape[ax]
    if isinstance(num_or_size_splits, (int, xp.integer)) or (
            isinstance(num_or_size_splits, (Tensor, xp.ndarray)) and num_or_size_splits.ndim == 0):
        parts = _int(num_or_size_splits, "num_or_size_splits", "split")
        if parts < 1 or n % parts:
            raise _err("split", f"num_or_size_splits={parts} must be >= 1 and evenly divide dimension "
                                f"{ax} (size {n}) of shape={x._value.shape}.")
        sizes = [n // parts] * parts
    else:
        asked = list(_ints(num_or_size_splits, "a split size", "split"))
        sizes = list(asked)
        if sizes.count(-1) == 1:
            sizes[sizes.index(-1)] = n - sum(s for s in sizes if s != -1)
        if any(s < 0 for s in sizes) or sum(sizes) != n:
            raise _err("split", f"the sizes {asked} must be "
                                f">= 0 (with at most one -1) and add up to dimension {ax} of "
                                f"shape={x._value.shape} ({n}).")
    out, start = [], 0
    for s in sizes:
        out.append(_slice_axis(x, ax, start, start + s))
        start += s
    return out


def slice(input_, begin, size, name=None):  # noqa: A001 - TF's name
    """The block starting at ``begin`` with ``size`` elements per axis (-1: to the end)."""
    x = _t(input_)
    shape = x._value.shape
    begin, size = _ints(begin, "begin", "slice"), _ints(size, "size", "slice")
    if len(begin) != len(shape) or len(size) != len(shape):
        raise _err("slice", f"begin and size must have {len(shape)} entries (the rank of shape={shape}), "
                            f"received begin={list(begin)} and size={list(size)}.")
    key = []
    for i, (b, s, n) in enumerate(zip(begin, size, shape)):
        s = n - b if s == -1 else s
        if not 0 <= b <= n or not 0 <= s <= n - b:
            raise _err("slice", f"axis {i} of shape={shape}: expected 0 <= begin <= {n} and 0 <= size <= "
                                f"{n} - begin (or size=-1), received begin={b}, size={size[i]}.")
        key.append(_S(b, b + s))
    return execute(GETITEM, [x], {"key": tuple(key)})


# ---------------------------------------------------------------- tiling, rolling, reversing, padding
def _tile_vjp(g, out, x, multiples):
    # View g as (m0, d0, m1, d1, ...): each input element received one gradient per tile.
    shape = x._value.shape
    split_dims = [v for m, d in zip(multiples, shape) for v in (m, d)]
    summed = sum_to(reshape(g, split_dims), [v for d in shape for v in (1, d)])
    return (reshape(summed, shape),)


TILE = Op("tile", lambda x, multiples: xp.tile(x, multiples), _tile_vjp)


def tile(input, multiples, name=None):  # noqa: A002
    """Repeat the whole tensor ``multiples[i]`` times along each axis ``i``."""
    x = _t(input)
    m = _ints(multiples, "a multiple", "tile")
    if len(m) != x._value.ndim or any(k < 0 for k in m):
        raise _err("tile", f"multiples must be {x._value.ndim} non-negative integers (one per axis of "
                           f"shape={x._value.shape}), received {list(m)}.")
    if all(k == 1 for k in m):
        return identity(x)
    return execute(TILE, [x], {"multiples": m})


def _roll_vjp(g, out, x, shift, axis):
    return (execute(ROLL, [g], {"shift": tuple(-k for k in shift), "axis": axis}),)


ROLL = Op("roll", lambda x, shift, axis: xp.roll(x, shift, axis), _roll_vjp)


def roll(input, shift, axis, name=None):  # noqa: A002
    """Shift elements cyclically by ``shift[i]`` along ``axis[i]`` (shifts on one axis add up)."""
    x = _t(input)
    shift, axes = _ints(shift, "shift", "roll"), _ints(axis, "axis", "roll")
    if len(shift) != len(axes):
        raise _err("roll", f"shift and axis must have the same length, received shift={list(shift)} "
                           f"and axis={list(axes)}.")
    axes = tuple(_axis(a, x._value.ndim, "roll") for a in axes)
    return execute(ROLL, [x], {"shift": shift, "axis": axes})


REVERSE = Op("reverse", lambda x, axis: xp.flip(x, axis),
             lambda g, out, x, axis: (execute(REVERSE, [g], {"axis": axis}),))


def reverse(tensor, axis, name=None):
    """Reverse the order of the elements along each axis in the list ``axis``."""
    x = _t(tensor)
    if isinstance(axis, (int, xp.integer)) or (isinstance(axis, Tensor) and axis.ndim == 0):
        raise _err("reverse", f"axis must be a list of axes, received the scalar {axis!r}; "
                              f"write axis=[{axis!r}].")
    axes = tuple(_axis(a, x._value.ndim, "reverse") for a in _ints(axis, "axis", "reverse"))
    if len(set(axes)) != len(axes):
        raise _err("reverse", f"each axis may be given once, received axis={list(axis)}.")
    return execute(REVERSE, [x], {"axis": axes}) if axes else identity(x)


def _pad_vjp(g, out, x, c, paddings):
    key = tuple(_S(lo, lo + n) for (lo, _), n in zip(paddings, x._value.shape))
    return execute(GETITEM, [g], {"key": key}), None  # TF gives no gradient to constant_values


PAD = Op("pad", lambda x, c, paddings: xp.pad(x, paddings, constant_values=c), _pad_vjp)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pad each axis ``i`` with ``paddings[i] = [before, after]`` elements.

    ``CONSTANT`` fills with ``constant_values``; ``REFLECT`` mirrors without the edge
    (``paddings < size``), ``SYMMETRIC`` with it (``paddings <= size``).  The mirror modes
    gather the input with a mirrored index, so their gradient is a scatter-add.
    """
    x = _t(tensor)
    mode = str(mode).upper()
    if mode not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise _err("pad", f"mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC', received {mode!r}.")
    flat = _ints(xp.asarray(paddings._concrete("int") if isinstance(paddings, Tensor) else paddings)
                 .reshape(-1), "a padding", "pad")
    shape = x._value.shape
    if len(flat) != 2 * len(shape) or any(p < 0 for p in flat):
        raise _err("pad", f"paddings must have shape [{len(shape)}, 2] (one [before, after] pair of "
                          f"non-negative ints per axis of shape={shape}), received {paddings!r}.")
    pairs = tuple(zip(flat[::2], flat[1::2]))
    if not any(flat):
        return identity(x)
    if mode == "CONSTANT":
        c = binary_operands(x, constant_values, "pad")[1]
        if c._value.ndim:
            raise _err("pad", f"constant_values must be a scalar, received shape={c._value.shape}.")
        return execute(PAD, [x, c], {"paddings": pairs})
    limit = 0 if mode == "REFLECT" else 1
    for ax, ((lo, hi), n) in enumerate(zip(pairs, shape)):
        if max(lo, hi) > n - 1 + limit:
            raise _err("pad", f"{mode} padding of axis {ax} must be {'<' if limit == 0 else '<='} its "
                              f"size {n}, received [{lo}, {hi}].")
        if lo or hi:
            index = xp.pad(xp.arange(n), (lo, hi), mode=mode.lower())
            x = gather(x, Tensor(index), axis=ax)
    return x


def meshgrid(*args, **kwargs):
    """N-D coordinate grids from N 1-D coordinate vectors (``indexing='xy'`` or ``'ij'``)."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"meshgrid: unexpected keyword arguments {sorted(kwargs)}.")
    if indexing not in ("xy", "ij"):
        raise _err("meshgrid", f"indexing must be 'xy' or 'ij', received {indexing!r}.")
    if not args:
        return []
    ts = _uniform(args, "meshgrid")
    sizes = [t._value.size for t in ts]
    pos = list(builtins.range(len(ts)))
    if indexing == "xy" and len(ts) > 1:  # Cartesian: x varies along columns, y along rows
        pos[0], pos[1] = 1, 0
    out_shape = [0] * len(ts)
    for i, p in enumerate(pos):
        out_shape[p] = sizes[i]
    out = []
    for t, p in zip(ts, pos):
        dims = [1] * len(ts)
        dims[p] = t._value.size
        out.append(broadcast_to(reshape(t, dims), out_shape))
    return out


__all__ = ["concat", "stack", "unstack", "split", "slice", "tile", "roll", "reverse", "pad", "meshgrid"]

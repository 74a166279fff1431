"""Pooling (``tf.nn.max_pool2d``, ``avg_pool2d`` and their 1-D and rank-dispatching forms).

A pooling window reduces each ``KH x KW`` patch of every channel to one value.
Both reductions are computed as a loop over the kernel taps (see
:mod:`saessak.ops._window`), each tap one strided slice of the padded input.

* Max pooling sends the gradient to the position that attained the maximum
  (the first one in row-major window order on ties, as TF's CPU kernel).  Its
  gradient op ``max_pool2d_grad`` is linear in the incoming gradient; its VJP,
  ``max_pool2d_grad_grad``, reads the gradient-of-gradient back at those same
  positions, and the two ops are each other's VJP.  When the windows tile the
  input (stride = window size, no padding: the usual 2x2/2), each input position
  lies in one window and both are a single product with a first-maximum mask
  instead of a loop over taps (3x faster).
* Average pooling divides each window sum by the number of *valid* (unpadded)
  elements, so 'SAME' windows at the border average only what they cover.  It is
  linear: its VJP spreads ``g / count`` back over each window, and the VJP of that
  is average pooling again.
"""

from ..backend import xp
from ..engine.op import Op, execute
from ..errors import InvalidArgumentError
from . import _window as W
from . import array_ops as A
from ._helpers import require, tensor

_ONE = (1, 1)


def _lowest(dtype):
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


# ---------------------------------------------------------------- max pooling kernels
def _max_pool_kernel(x, ksize, strides, pads, channels_first):
    xpad = W.pad(W.to_nhwc(x, channels_first), pads, _lowest(x.dtype))
    out = W.out_hw(xpad.shape[1:3], ksize, strides, _ONE)
    y = None
    for i, j in W.taps(ksize):
        t = W.tap(xpad, i, j, out, strides, _ONE)
        if y is None:
            y = t.copy()
        else:
            xp.maximum(y, t, out=y)
    return W.from_nhwc(y, channels_first)


def _first_hits(x, y, ksize, strides, pads):
    """For each tap ``(i, j)``, a 0/1 array marking the windows whose first maximum is there.

    Taps are visited in row-major window order; ``free`` tracks the windows whose
    maximum has not been claimed yet, so a tie goes to the first position only.
    """
    xpad = W.pad(x, pads, _lowest(x.dtype))
    free = xp.ones(y.shape, y.dtype if y.dtype.kind == "f" else xp.float32)
    for i, j in W.taps(ksize):
        hit = (W.tap(xpad, i, j, y.shape[1:3], strides, _ONE) == y).astype(free.dtype)
        hit *= free
        free -= hit
        yield i, j, hit


def _tiles(a, ksize, out):
    """``a[:, :OH*KH, :OW*KW]`` as a (N, OH, KH, OW, KW, C) view: the windows of a pooling whose
    stride equals its size, without padding (the common 2x2/2), side by side."""
    n, c = a.shape[0], a.shape[3]
    return a[:, :out[0] * ksize[0], :out[1] * ksize[1]].reshape(
        n, out[0], ksize[0], out[1], ksize[1], c)


def _tiled(ksize, strides, pads):
    return tuple(strides) == tuple(ksize) and not any(pads)


def _first_hit_tiles(x, y, ksize):
    """Non-overlapping windows: a boolean (N, OH, KH, OW, KW, C) array, true at each window's
    first maximum (row-major order), the rule :func:`_first_hits` implements tap by tap."""
    hit = _tiles(x, ksize, y.shape[1:3]) == y[:, :, None, :, None, :]
    seen = None
    for i, j in W.taps(ksize):
        t = hit[:, :, i, :, j]
        if seen is None:
            seen = t.copy()
        else:
            t &= ~seen  # a later tie loses to an earlier maximum
            seen |= t
    return hit


def _max_pool_grad_kernel(x, y, g, ksize, strides, pads, channels_first):
    x, y, g = (W.to_nhwc(a, channels_first) for a in (x, y, g))
    if _tiled(ksize, strides, pads):
        # Each input position belongs to at most one window: the gradient is one product.
        hit = _first_hit_tiles(x, y, ksize)
        covered = tuple(o * k for o, k in zip(y.shape[1:3], ksize)) == x.shape[1:3]
        dx = (xp.empty if covered else xp.zeros)(x.shape, g.dtype)
        xp.multiply(hit, g[:, :, None, :, None, :], out=_tiles(dx, ksize, y.shape[1:3]))
        return W.from_nhwc(dx, channels_first)
    padded = (x.shape[0], x.shape[1] + pads[0] + pads[1], x.shape[2] + pads[2] + pads[3],
              x.shape[3])
    dx = xp.zeros(padded, g.dtype)
    for i, j, hit in _first_hits(x, y, ksize, strides, pads):
        W.tap(dx, i, j, y.shape[1:3], strides, _ONE)[...] += g * hit
    return W.from_nhwc(W.crop(dx, pads, x.shape), channels_first)


def _max_pool_grad_grad_kernel(x, y, h, ksize, strides, pads, channels_first):
    x, y, h = (W.to_nhwc(a, channels_first) for a in (x, y, h))
    if _tiled(ksize, strides, pads):
        hit = _first_hit_tiles(x, y, ksize)
        out = xp.where(hit, _tiles(h, ksize, y.shape[1:3]), h.dtype.type(0)).sum(axis=(2, 4))
        return W.from_nhwc(out, channels_first)
    hpad = W.pad(h, pads)
    out = xp.zeros(y.shape, h.dtype)
    for i, j, hit in _first_hits(x, y, ksize, strides, pads):
        out += W.tap(hpad, i, j, y.shape[1:3], strides, _ONE) * hit
    return W.from_nhwc(out, channels_first)


# MaxPoolGrad(x, y, g) reads the forward output y to find the maxima, as TF's does.
MAX_POOL_GRAD = Op("max_pool2d_grad", _max_pool_grad_kernel, lambda h, out, x, y, g, **a: (
    None, None, execute(MAX_POOL_GRAD_GRAD, [x, y, h], a)))
MAX_POOL_GRAD_GRAD = Op("max_pool2d_grad_grad", _max_pool_grad_grad_kernel,
                        lambda k, out, x, y, h, **a: (None, None,
                                                      execute(MAX_POOL_GRAD, [x, y, k], a)))
MAX_POOL = Op("max_pool2d", _max_pool_kernel,
              lambda g, out, x, **a: (execute(MAX_POOL_GRAD, [x, out, g], a),))


# ---------------------------------------------------------------- average pooling kernels
def _counts(shape_hw, ksize, strides, pads, out, dtype):
    """How many unpadded elements each output window covers, shaped (1, OH, OW, 1)."""
    per_axis = []
    for a in range(2):
        start = xp.arange(out[a]) * strides[a] - pads[2 * a]
        per_axis.append(xp.minimum(start + ksize[a], shape_hw[a]) - xp.maximum(start, 0))
    return (per_axis[0][:, None] * per_axis[1][None, :]).astype(dtype)[None, :, :, None]


def _avg_pool_kernel(x, ksize, strides, pads, channels_first):
    x = W.to_nhwc(x, channels_first)
    xpad = W.pad(x, pads)
    out = W.out_hw(xpad.shape[1:3], ksize, strides, _ONE)
    y = None
    for i, j in W.taps(ksize):
        t = W.tap(xpad, i, j, out, strides, _ONE)
        if y is None:
            y = t.copy()
        else:
            y += t
    y /= _counts(x.shape[1:3], ksize, strides, pads, out, x.dtype)
    return W.from_nhwc(y, channels_first)


def _avg_pool_grad_kernel(g, input_shape, ksize, strides, pads, channels_first):
    g = W.to_nhwc(g, channels_first)
    n, h, w, c = (input_shape[0], input_shape[2], input_shape[3], input_shape[1]) if (
        channels_first) else input_shape
    share = g / _counts((h, w), ksize, strides, pads, g.shape[1:3], g.dtype)
    padded = (n, h + pads[0] + pads[1], w + pads[2] + pads[3], c)
    dx = W.scatter_taps(lambda i, j: share, padded, ksize, strides, _ONE, g.dtype)
    return W.from_nhwc(W.crop(dx, pads, (n, h, w, c)), channels_first)


AVG_POOL_GRAD = Op("avg_pool2d_grad", _avg_pool_grad_kernel,
                   lambda gg, out, g, input_shape, **a: (execute(AVG_POOL, [gg], a),))
AVG_POOL = Op("avg_pool2d", _avg_pool_kernel, lambda g, out, x, **a: (
    execute(AVG_POOL_GRAD, [g], {"input_shape": x._value.shape, **a}),))


# ---------------------------------------------------------------- public API
def _pool(op, op_name, input, ksize, strides, padding, data_format, kinds, explicit):  # noqa: A002
    x = tensor(input)
    require(x, kinds, op_name, "a floating" if kinds == "f" else "a real")
    if x._value.ndim != 4:
        raise InvalidArgumentError(
            f"{op_name}: input must have rank 4 ([batch, height, width, channels]), received "
            f"shape={x._value.shape}.", op=op_name)
    df = "NHWC" if data_format is None else str(data_format).upper()
    if df not in ("NHWC", "NCHW"):
        raise InvalidArgumentError(f"{op_name}: data_format must be 'NHWC' or 'NCHW', received "
                                   f"{data_format!r}.", op=op_name)
    cf = df == "NCHW"
    k = W.spatial_arg(ksize, "ksize", op_name, cf)
    s = W.spatial_arg(strides, "strides", op_name, cf)
    W.check_positive(k, "ksize", op_name)
    W.check_positive(s, "strides", op_name)
    shape = x._value.shape
    hw = shape[2:] if cf else shape[1:3]
    _, pads = W.resolve_padding(padding, hw, k, s, _ONE, cf, op_name, explicit=explicit)
    return execute(op, [x], {"ksize": k, "strides": s, "pads": pads, "channels_first": cf})


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """The maximum of each ``ksize`` window; ``padding`` 'SAME', 'VALID' or explicit pairs."""
    return _pool(MAX_POOL, "max_pool2d", input, ksize, strides, padding, data_format, "fiu", True)


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """The mean of each ``ksize`` window ('SAME' windows average their valid elements only)."""
    return _pool(AVG_POOL, "avg_pool2d", input, ksize, strides, padding, data_format, "f", False)


def as_2d(x, channels_first):
    """(N, W, C) -> (N, 1, W, C), or (N, C, W) -> (N, C, 1, W): 1-D ops run as 2-D ones."""
    n, a, b = x._value.shape
    return A.reshape(x, (n, a, 1, b) if channels_first else (n, 1, a, b))


def _pool1d(fn, op_name, input, ksize, strides, padding, data_format):  # noqa: A002
    x = tensor(input)
    if x._value.ndim != 3:
        raise InvalidArgumentError(
            f"{op_name}: input must have rank 3 ([batch, width, channels]), received shape="
            f"{x._value.shape}.", op=op_name)
    df = "NWC" if data_format is None else str(data_format).upper()
    if df not in ("NWC", "NCW"):
        raise InvalidArgumentError(f"{op_name}: data_format must be 'NWC' or 'NCW', received "
                                   f"{data_format!r}.", op=op_name)
    cf = df == "NCW"
    (k,) = W.spatial_arg(ksize, "ksize", op_name, cf, n=1)
    (s,) = W.spatial_arg(strides, "strides", op_name, cf, n=1)
    if not isinstance(padding, str):
        pairs = [tuple(p) for p in padding]
        pairs = [pairs[(2 if cf else 1) if len(pairs) == 3 else 0]]
        padding = [(0, 0)] + pairs
    y = fn(as_2d(x, cf), (1, k), (1, s), padding, "NCHW" if cf else "NHWC")
    n, c = x._value.shape[0], x._value.shape[1 if cf else 2]
    return A.reshape(y, (n, c, -1) if cf else (n, -1, c))


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """1-D max pooling over ``[batch, width, channels]``."""
    return _pool1d(max_pool2d, "max_pool1d", input, ksize, strides, padding, data_format)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """1-D average pooling over ``[batch, width, channels]``."""
    return _pool1d(avg_pool2d, "avg_pool1d", input, ksize, strides, padding, data_format)


def _dispatch(fn1, fn2, op_name, input, ksize, strides, padding, data_format):  # noqa: A002
    rank = tensor(input)._value.ndim
    first = data_format is not None and str(data_format).upper().startswith("NC")
    if rank == 3:
        return fn1(input, ksize, strides, padding, "NCW" if first else "NWC")
    if rank == 4:
        return fn2(input, ksize, strides, padding, "NCHW" if first else "NHWC")
    raise InvalidArgumentError(
        f"{op_name}: only 1-D and 2-D pooling are supported (input rank 3 or 4), received input "
        f"of rank {rank}.", op=op_name)


def max_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Max pooling of a rank-3 (1-D) or rank-4 (2-D) input."""
    return _dispatch(max_pool1d, max_pool2d, "max_pool", input, ksize, strides, padding, data_format)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Average pooling of a rank-3 (1-D) or rank-4 (2-D) input."""
    return _dispatch(avg_pool1d, avg_pool2d, "avg_pool", input, ksize, strides, padding, data_format)


__all__ = ["max_pool2d", "avg_pool2d", "max_pool1d", "avg_pool1d", "max_pool", "avg_pool"]

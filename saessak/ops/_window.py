"""Sliding windows over the two spatial axes of an NHWC array, shared by convolution and pooling.

A window op reads, for output position ``(oh, ow)`` and kernel tap ``(i, j)``,
the padded input at ``(oh * sh + i * dh, ow * sw + j * dw)``.  For a fixed tap
those positions form one strided slice of the padded input (:func:`tap`), so a
window op is a loop over the ``KH * KW`` taps, and its adjoint (the VJP) adds
each tap's gradient back into that same slice.  :func:`windows` exposes all
taps at once as a strided *view* ``(N, OH, OW, KH, KW, C)`` (im2col without a
copy), which a convolution contracts with its filters in one matrix product.

Padding follows TensorFlow: ``VALID`` uses none; ``SAME`` makes ``out = ceil(in
/ stride)`` and splits the padding it needs with the extra element at the
bottom/right; an explicit list gives ``(before, after)`` per dimension.
"""

from ..backend import xp
from ..errors import InvalidArgumentError


def spatial_arg(value, what, op_name, channels_first, n=2):
    """An int or a list of 1, n or n + 2 ints (stride, dilation, ksize) -> a tuple of n ints."""
    if isinstance(value, int):
        return (int(value),) * n
    vals = [int(v) for v in value]
    if len(vals) == 1:
        return (vals[0],) * n
    if len(vals) == n:
        return tuple(vals)
    if len(vals) == n + 2:
        batch, chan = vals[0], vals[1] if channels_first else vals[-1]
        if batch != 1 or chan != 1:
            raise InvalidArgumentError(
                f"{op_name}: {what} in the batch and channel dimensions must be 1, received "
                f"{what}={vals}.", op=op_name)
        return tuple(vals[2:]) if channels_first else tuple(vals[1:-1])
    raise InvalidArgumentError(
        f"{op_name}: {what} must be an int or a list of 1, {n} or {n + 2} ints, received "
        f"{what}={vals}.", op=op_name)


def resolve_padding(padding, sizes, ksizes, strides, dilations, channels_first, op_name,
                    explicit=True):
    """Output sizes and the flat pads ``(top, bottom, left, right)`` for one padding spec."""
    n = len(sizes)
    if isinstance(padding, str):
        mode = padding.upper()
        if mode not in ("SAME", "VALID"):
            raise InvalidArgumentError(
                f"{op_name}: padding must be 'SAME' or 'VALID', received padding={padding!r}.",
                op=op_name)
        pairs = None
    elif explicit:
        pairs = [tuple(int(v) for v in p) for p in padding]
        if len(pairs) == n + 2:
            pairs = pairs[2:] if channels_first else pairs[1:-1]
        if len(pairs) != n or any(len(p) != 2 or min(p) < 0 for p in pairs):
            raise InvalidArgumentError(
                f"{op_name}: explicit padding must list a non-negative (before, after) pair per "
                f"dimension, received padding={padding!r}.", op=op_name)
        mode = "EXPLICIT"
    else:
        raise InvalidArgumentError(
            f"{op_name}: padding must be 'SAME' or 'VALID', received padding={padding!r}.",
            op=op_name)
    outs, pads = [], []
    for a in range(n):
        size, keff, s = sizes[a], (ksizes[a] - 1) * dilations[a] + 1, strides[a]
        if mode == "SAME":
            out = -(-size // s)
            total = max((out - 1) * s + keff - size, 0)
            lo, hi = total // 2, total - total // 2
        else:
            lo, hi = (0, 0) if mode == "VALID" else pairs[a]
            out = (size + lo + hi - keff) // s + 1 if size + lo + hi >= keff else 0
        if out <= 0:
            raise InvalidArgumentError(
                f"{op_name}: the window (size {ksizes[a]}, dilation {dilations[a]}, so {keff} "
                f"wide) does not fit in spatial dimension {a} of size {size} with {mode} padding; "
                f"use padding='SAME' or a smaller window.", op=op_name)
        outs.append(out)
        pads += [lo, hi]
    return tuple(outs), tuple(pads)


def check_positive(values, what, op_name):
    if any(v < 1 for v in values):
        raise InvalidArgumentError(f"{op_name}: {what} must be positive, received {list(values)}.",
                                   op=op_name)


def to_nhwc(x, channels_first):
    return xp.moveaxis(x, 1, -1) if channels_first else x


def from_nhwc(x, channels_first):
    return xp.ascontiguousarray(xp.moveaxis(x, -1, 1)) if channels_first else x


def pad(x, pads, value=0):
    """Pad the spatial axes of an NHWC array by ``pads = (top, bottom, left, right)``."""
    if not any(pads):
        return x
    t, b, left, r = pads
    out = xp.full((x.shape[0], x.shape[1] + t + b, x.shape[2] + left + r, x.shape[3]), value,
                  dtype=x.dtype)
    out[:, t:t + x.shape[1], left:left + x.shape[2]] = x
    return out


def crop(x, pads, shape):
    """Undo :func:`pad` (a contiguous copy when anything is cut away)."""
    if not any(pads):
        return x
    t, _, left, _ = pads
    return xp.ascontiguousarray(x[:, t:t + shape[1], left:left + shape[2]])


def out_hw(padded_hw, ksizes, strides, dilations):
    return tuple((padded_hw[a] - ((ksizes[a] - 1) * dilations[a] + 1)) // strides[a] + 1
                 for a in range(2))


def tap(xpad, i, j, out, strides, dilations):
    """The strided slice of ``xpad`` that kernel tap ``(i, j)`` reads for every output position."""
    h0, w0 = i * dilations[0], j * dilations[1]
    return xpad[:, h0:h0 + (out[0] - 1) * strides[0] + 1:strides[0],
                w0:w0 + (out[1] - 1) * strides[1] + 1:strides[1]]


def windows(xpad, ksizes, out, strides, dilations):
    """All windows as a read-only view ``(N, OH, OW, KH, KW, C)`` of the padded input."""
    sn, sh, sw, sc = xpad.strides
    shape = (xpad.shape[0], out[0], out[1], ksizes[0], ksizes[1], xpad.shape[3])
    st = (sn, sh * strides[0], sw * strides[1], sh * dilations[0], sw * dilations[1], sc)
    return xp.lib.stride_tricks.as_strided(xpad, shape, st, writeable=False)


def im2col(xpad, ksizes, out, strides, dilations, buf=None):
    """The windows as a matrix: ``(cols, transposed)``.

    ``cols`` is ``(N*OH*OW, KH*KW*C)`` (a copy of :func:`windows`), except for
    one-channel inputs (grayscale images), where it is the transpose
    ``(KH*KW, N*OH*OW)`` built tap by tap: a tap is one strided slice, which
    copies fast, while the 6-D view with a size-1 last axis copies value by
    value (6x slower); the matrix products accept either orientation.  ``buf``,
    if given, is a flat array of at least that many elements to write into.
    """
    n, c = xpad.shape[0], xpad.shape[3]
    rows, k = n * out[0] * out[1], ksizes[0] * ksizes[1] * c
    cols = xp.empty(rows * k, xpad.dtype) if buf is None else buf[:rows * k]
    if c != 1:
        xp.copyto(cols.reshape(n, out[0], out[1], ksizes[0], ksizes[1], c),
                  windows(xpad, ksizes, out, strides, dilations))
        return cols.reshape(rows, k), False
    taps_first = cols.reshape(k, n, out[0], out[1], 1)
    for t, (i, j) in enumerate(taps(ksizes)):
        taps_first[t] = tap(xpad, i, j, out, strides, dilations)
    return cols.reshape(k, rows), True


BLOCK_BYTES = 1 << 20  # a block of the im2col matrix that stays in a core's L2/L3 share


def image_blocks(n, bytes_per_image):
    """Split a batch of ``n`` images into ``(start, stop)`` blocks of about ``BLOCK_BYTES`` each.

    A convolution's im2col matrix is built and multiplied one block at a time:
    a block that fits in the cache is still there when the matrix product reads
    it (the forward and filter-gradient kernels of a small CNN's convolutions
    run 15-25% faster), and one block-sized buffer serves every block instead of
    a batch-sized temporary (tens of MB, whose fresh pages cost about as much as
    the copy).
    """
    if n == 0:
        return [(0, 0)]
    per = max(1, min(n, BLOCK_BYTES // max(1, bytes_per_image)))
    return [(s, min(n, s + per)) for s in range(0, n, per)]


def taps(ksizes):
    return [(i, j) for i in range(ksizes[0]) for j in range(ksizes[1])]


def scatter_taps(parts, padded_shape, ksizes, strides, dilations, dtype):
    """Adjoint of :func:`windows`: add ``parts(i, j)`` (shaped like one tap) into each tap."""
    out = xp.zeros(padded_shape, dtype)
    for i, j in taps(ksizes):
        part = parts(i, j)
        tap(out, i, j, part.shape[1:3], strides, dilations)[...] += part
    return out

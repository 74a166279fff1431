"""Image resampling: ``resize`` (``tf.image.resize``, the Resizing layer) and ``affine_transform``.

Both compute each pixel of an output batch ``(N, H, W, C)`` from at most four
input pixels, at source coordinates that depend on the shapes and the
transform only, never on pixel values:

* ``resize`` is TF's ``ResizeBilinear`` / ``ResizeNearestNeighbor`` with
  ``half_pixel_centers=True`` (what ``tf.image.resize`` runs): output row ``i``
  reads source row ``(i + 0.5) * in/out - 0.5`` (bilinear, between its floor and
  ceiling) or ``floor((i + 0.5) * in/out)`` (nearest), clamped to the image;
  columns likewise.
* ``affine_transform`` is TF's ``ImageProjectiveTransformV3``: output pixel
  ``(x, y)`` reads ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`` with
  ``k = c0 x + c1 y + 1``; a source point outside the image is reflected,
  wrapped or clamped back in; with ``fill_mode='constant'`` every neighbour
  outside the image reads as ``fill_value`` (so borders blend into the fill).

The kernels repeat TF's float32 arithmetic step by step (bilinear is
``top + (bottom - top) * dy`` with ``top = tl + (tr - tl) * dx``), so they agree
with TF up to rounding.  float64 images are interpolated in float64 (TF would
round them through float32), which keeps numerical gradient checks exact.

Gradients.  Each op is linear in the image plus a constant fill term,
``y = A x + f``, so its VJP is the transposed map ``A^T g``: every output
gradient is scattered back to the source pixels it was read from, times the
interpolation weight.  That transposed map is an op as well, and its own VJP is
``A`` again (the forward op with fill 0), so second derivatives work.  Sizes and
transforms get no gradient, as in TF.
"""

from ..backend import xp
from ..engine.op import Op, execute

_F32 = xp.float32


def _work_dtype(x):
    """float32 as TF computes (its bilinear output is float32); float64 stays float64."""
    return x.dtype if x.dtype == xp.float64 else _F32


# ---------------------------------------------------------------------- resize
def _resize_axis(in_size, out_size, method):
    """Source indices (and bilinear weights) of one axis, in TF's float32 arithmetic."""
    scale = _F32(in_size) / _F32(out_size)
    i = xp.arange(out_size, dtype=_F32)
    if method == "nearest":
        src = xp.floor((i + _F32(0.5)) * scale).astype(xp.int64)
        return xp.clip(src, 0, in_size - 1), None, None
    src = (i + _F32(0.5)) * scale - _F32(0.5)
    low = xp.floor(src)
    lo = xp.maximum(low, 0).astype(xp.int64)
    hi = xp.minimum(xp.ceil(src).astype(xp.int64), in_size - 1)
    return lo, hi, (src - low).astype(_F32)


def _resize_kernel(x, size, method):
    out_h, out_w = size
    ylo, yhi, dy = _resize_axis(x.shape[1], out_h, method)
    xlo, xhi, dx = _resize_axis(x.shape[2], out_w, method)
    if method == "nearest":
        return x[:, ylo][:, :, xlo]
    x = x.astype(_work_dtype(x), copy=False)
    dx, dy = dx.astype(x.dtype), dy.astype(x.dtype)
    top_rows, bottom_rows = x[:, ylo], x[:, yhi]
    dx = dx[None, None, :, None]
    top = top_rows[:, :, xlo] + (top_rows[:, :, xhi] - top_rows[:, :, xlo]) * dx
    bottom = bottom_rows[:, :, xlo] + (bottom_rows[:, :, xhi] - bottom_rows[:, :, xlo]) * dx
    return top + (bottom - top) * dy[None, :, None, None]


def _resize_matrix(in_size, out_size, method, dtype):
    """The (out, in) interpolation matrix of one axis: resize is ``My @ image @ Mx^T``."""
    lo, hi, w = _resize_axis(in_size, out_size, method)
    m = xp.zeros((out_size, in_size), dtype)
    rows = xp.arange(out_size)
    if method == "nearest":
        m[rows, lo] = 1
    else:
        xp.add.at(m, (rows, lo), 1 - w)
        xp.add.at(m, (rows, hi), w)
    return m


def _resize_t_kernel(g, in_size, method):
    my = _resize_matrix(in_size[0], g.shape[1], method, g.dtype)
    mx = _resize_matrix(in_size[1], g.shape[2], method, g.dtype)
    return xp.einsum("ia,jb,nijc->nabc", my, mx, g)


def _resize_vjp(g, out, x, size, method):
    return (execute(RESIZE_T, [g], {"in_size": tuple(x._value.shape[1:3]), "method": method}),)


def _resize_t_vjp(g, out, gy, in_size, method):
    return (execute(RESIZE, [g], {"size": tuple(gy._value.shape[1:3]), "method": method}),)


RESIZE = Op("keras_image_resize", _resize_kernel, _resize_vjp)
RESIZE_T = Op("keras_image_resize_transpose", _resize_t_kernel, _resize_t_vjp)


def resize(images, size, method):
    """Resize a batch ``(N, H, W, C)`` to ``size=(height, width)``; bilinear gives float32."""
    return execute(RESIZE, [images], {"size": (int(size[0]), int(size[1])), "method": method})


# ---------------------------------------------------------------------- affine transform
def _reflect(c, n):
    # Reflect [abcd] to [dcba|abcd|dcba] (TF's MapCoordinate<FILL_REFLECT>).
    if n <= 1:
        return xp.zeros_like(c)
    sz2 = 2 * n
    neg = sz2 * xp.trunc(-c / _F32(sz2)) + c
    neg = xp.where(neg < -n, neg + sz2, -neg - 1)
    pos = c - sz2 * xp.trunc(c / _F32(sz2))
    pos = xp.where(pos >= n, sz2 - pos - 1, pos)
    out = xp.where(c < 0, neg, xp.where(c > n - 1, pos, c))
    return xp.clip(out, 0, n - 1).astype(_F32)


def _wrap(c, n):
    # Wrap [abcd] to [abcd|abcd|abcd] (TF's MapCoordinate<FILL_WRAP>).
    if n <= 1:
        return xp.zeros_like(c)
    sz = _F32(n - 1)
    neg = c + n * (xp.trunc(-c / sz) + 1)
    pos = c - n * xp.trunc(c / sz)
    out = xp.where(c < 0, neg, xp.where(c > n - 1, pos, c))
    return xp.clip(out, 0, n - 1).astype(_F32)


_MAP = {
    "reflect": _reflect,
    "wrap": _wrap,
    "nearest": lambda c, n: xp.clip(c, 0, n - 1).astype(_F32),
    "constant": lambda c, n: c,
}


def _source(shape, transforms, fill_mode):
    """Source coordinates ``(x, y)`` of every output pixel, and where the output is the fill."""
    _, h, w = shape[:3]
    t = transforms.astype(_F32, copy=False).reshape(-1, 8)

    def col(k):
        return t[:, k][:, None, None]

    ys = xp.arange(h, dtype=_F32)[None, :, None]
    xs = xp.arange(w, dtype=_F32)[None, None, :]
    with xp.errstate(all="ignore"):
        proj = col(6) * xs + col(7) * ys + _F32(1)
        in_x = (col(0) * xs + col(1) * ys + col(2)) / proj
        in_y = (col(3) * xs + col(4) * ys + col(5)) / proj
        x, y = _MAP[fill_mode](in_x, w), _MAP[fill_mode](in_y, h)
    # A point at infinity is the fill; otherwise (TF 2.21) each of the neighbours read is the
    # fill when it lies outside the image, so 'constant' blends the fill in at the borders.
    return x, y, proj == 0


def _taps(x, y, interpolation):
    """The input pixels read for each output pixel: ``[(row, col, weight), ...]``."""
    if interpolation == "nearest":
        # std::round: halves away from zero (the coordinates are >= 0 here).
        ry, rx = xp.floor(y), xp.floor(x)
        ry = ry + (y - ry >= 0.5)
        rx = rx + (x - rx >= 0.5)
        return [(ry, rx, None)]
    y0, x0 = xp.floor(y), xp.floor(x)
    y1, x1 = y0 + 1, x0 + 1
    return [(y0, x0, (x1 - x, y1 - y)), (y0, x1, (x - x0, y1 - y)),
            (y1, x0, (x1 - x, y - y0)), (y1, x1, (x - x0, y - y0))]


def _read(images, batch, row, col, fill_value):
    h, w = images.shape[1:3]
    with xp.errstate(invalid="ignore"):
        valid = (row >= 0) & (row < h) & (col >= 0) & (col < w)
        r = xp.where(valid, row, 0).astype(xp.int64)
        c = xp.where(valid, col, 0).astype(xp.int64)
    values = images[batch, r, c]
    return xp.where(valid[..., None], values, values.dtype.type(fill_value))


def _affine_kernel(images, transforms, interpolation, fill_mode, fill_value):
    n = images.shape[0]
    x, y, fill = _source(images.shape, transforms, fill_mode)
    x, y, fill = (xp.broadcast_to(a, (n,) + a.shape[1:]) for a in (x, y, fill))
    batch = xp.arange(n)[:, None, None]
    taps = _taps(x, y, interpolation)
    if interpolation == "nearest":
        row, col, _ = taps[0]
        out = _read(images, batch, row, col, fill_value)
    else:
        src = images.astype(_work_dtype(images), copy=False)
        v = [_read(src, batch, row, col, fill_value) for row, col, _ in taps]
        (_, _, (wx0, wy0)), (_, _, (wx1, _)), (_, _, (_, wy1)) = taps[0], taps[1], taps[2]
        wx0, wy0, wx1, wy1 = (a.astype(src.dtype, copy=False) for a in (wx0, wy0, wx1, wy1))
        y_floor = wx0[..., None] * v[0] + wx1[..., None] * v[1]
        y_ceil = wx0[..., None] * v[2] + wx1[..., None] * v[3]
        out = wy0[..., None] * y_floor + wy1[..., None] * y_ceil
    out = xp.where(fill[..., None], out.dtype.type(fill_value), out)
    return out.astype(images.dtype, copy=False)


def _affine_t_kernel(g, transforms, interpolation, fill_mode):
    n, h, w, c = g.shape
    x, y, fill = _source(g.shape, transforms, fill_mode)
    x, y, fill = (xp.broadcast_to(a, (n,) + a.shape[1:]) for a in (x, y, fill))
    batch = xp.broadcast_to(xp.arange(n)[:, None, None], x.shape)
    out = xp.zeros((n * h * w, c), g.dtype)
    for row, col, weights in _taps(x, y, interpolation):
        with xp.errstate(invalid="ignore"):
            ok = ~fill & (row >= 0) & (row < h) & (col >= 0) & (col < w)
        flat = (batch[ok] * h + row[ok].astype(xp.int64)) * w + col[ok].astype(xp.int64)
        contrib = g[ok]
        if weights is not None:
            contrib = contrib * (weights[0] * weights[1])[ok][:, None]
        xp.add.at(out, flat, contrib.astype(g.dtype, copy=False))
    return out.reshape(g.shape)


def _affine_vjp(g, out, images, transforms, interpolation, fill_mode, fill_value):
    attrs = {"interpolation": interpolation, "fill_mode": fill_mode}
    return execute(AFFINE_T, [g, transforms], attrs), None


def _affine_t_vjp(g, out, gy, transforms, interpolation, fill_mode):
    attrs = {"interpolation": interpolation, "fill_mode": fill_mode, "fill_value": 0.0}
    return execute(AFFINE, [g, transforms], attrs), None


AFFINE = Op("keras_image_affine_transform", _affine_kernel, _affine_vjp)
AFFINE_T = Op("keras_image_affine_transform_transpose", _affine_t_kernel, _affine_t_vjp)


def affine_transform(images, transforms, interpolation, fill_mode, fill_value):
    """Resample ``images (N, H, W, C)`` through ``transforms (N or 1, 8)`` (output -> input map)."""
    attrs = {"interpolation": interpolation, "fill_mode": fill_mode, "fill_value": float(fill_value)}
    return execute(AFFINE, [images, transforms], attrs)

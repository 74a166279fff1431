"""Convolution (``tf.nn.conv2d``, ``conv1d``, ``depthwise_conv2d``, ``conv2d_transpose``).

A convolution is a matrix product in disguise.  The windows of the padded
input, viewed without copying as ``cols[n, oh, ow, i, j, c]`` (im2col), are
contracted with the filters ``w[i, j, c, o]``: ``y = cols . w``, one big matmul
(computed a cache-sized block of images at a time, see ``_window.image_blocks``).

The map is bilinear in ``(x, w)``, so its VJPs are two more contractions:

* ``dx = col2im(g . w^T)``: each window's gradient is added back where the
  window was read (``conv2d_backprop_input``, also the transposed convolution),
  one strided slice per kernel tap;
* ``dw = cols^T . g`` (``conv2d_backprop_filter``).

The three ops are adjoint to one another, so each one's VJP is written with the
other two and any order of derivative works: with ``<a, b>`` the inner product,
``<gg, bp_input(g, w)> = <conv(gg, w), g> = <w, bp_filter(gg, g)>``.  Depthwise
convolution (one filter bank per input channel) is the same three maps with a
per-channel contraction.  Pooling lives in :mod:`saessak.ops.pool_ops`.

``fused_conv2d_bias`` (not a TF API; the Keras layers use it) computes
``relu?(conv2d(x, w) + b)`` in one op, bias and relu applied in place, as TF's
grappler fuses them; its VJP masks ``g`` by ``out > 0`` (relu's gradient), sums
it for ``db`` and hands it to the two backprop ops, so it is exact to any order.
"""

from ..backend import xp
from ..backend.blas import threads_for
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import _window as W
from . import array_ops as A
from ._helpers import binary_operands, require, tensor
from .pool_ops import *  # noqa: F403 - pooling is part of tf.nn too
from .pool_ops import __all__ as _pool_all
from .pool_ops import as_2d


# ---------------------------------------------------------------- kernels
def _gemm_threads():
    """One BLAS thread for the convolutions' products (``backend.blas`` switches, process-wide).

    These products are large (a CNN layer's is 10-300 M multiply-adds), but each
    is a few milliseconds, and multi-threaded OpenBLAS busy-waits at every one:
    on a machine whose cores are shared with other jobs, the MNIST CNN's step
    took 400-600 ms with two threads against 75 ms with one (TensorFlow: 40).
    """
    threads_for(1)


def _conv_kernel(x, w, strides, dilations, pads, channels_first):
    """y = im2col(x) @ w, one block of images at a time (see :func:`_window.image_blocks`)."""
    xpad = W.pad(W.to_nhwc(x, channels_first), pads)
    kh, kw, c, o = w.shape
    out = W.out_hw(xpad.shape[1:3], (kh, kw), strides, dilations)
    n, k = xpad.shape[0], kh * kw * c
    y = xp.empty((n,) + out + (o,), xp.result_type(x, w))
    w2 = w.reshape(k, o)
    blocks = W.image_blocks(n, out[0] * out[1] * k * xpad.itemsize)
    buf = xp.empty((blocks[0][1] - blocks[0][0]) * out[0] * out[1] * k, xpad.dtype)
    _gemm_threads()
    for s, e in blocks:
        cols, transposed = W.im2col(xpad[s:e], (kh, kw), out, strides, dilations, buf)
        xp.matmul(cols.T if transposed else cols, w2, out=y[s:e].reshape(-1, o))
    return W.from_nhwc(y, channels_first)


def _conv_filter_kernel(x, g, filter_shape, strides, dilations, pads, channels_first):
    """dw = im2col(x)^T @ g, accumulated over blocks of images."""
    xpad = W.pad(W.to_nhwc(x, channels_first), pads)
    g = W.to_nhwc(g, channels_first)
    kh, kw, c, o = filter_shape
    n, out, k = xpad.shape[0], g.shape[1:3], kh * kw * c
    blocks = W.image_blocks(n, out[0] * out[1] * k * xpad.itemsize)
    buf = xp.empty((blocks[0][1] - blocks[0][0]) * out[0] * out[1] * k, xpad.dtype)
    _gemm_threads()
    dw = None
    for s, e in blocks:
        cols, transposed = W.im2col(xpad[s:e], (kh, kw), out, strides, dilations, buf)
        gb = g[s:e].reshape(-1, o)
        part = cols @ gb if transposed else cols.T @ gb
        dw = part if dw is None else xp.add(dw, part, out=dw)
    return dw.reshape(filter_shape)


def _conv_input_kernel(g, w, input_shape, strides, dilations, pads, channels_first):
    """dx = col2im(g @ w^T), one kernel tap at a time.

    Tap ``(i, j)``'s gradient ``g @ w[i, j]^T`` goes into one reused buffer and is
    added at once into its strided slice of dx, while still in cache: no
    batch-sized temporary for all taps (tens of MB), the same products.  (One
    GEMM giving (N*OH*OW, KH*KW*C) costs the same but makes the adds strided,
    2.5x slower.)
    """
    g = W.to_nhwc(g, channels_first)
    n, oh, ow, o = g.shape
    kh, kw, c = w.shape[:3]
    shape = _nhwc_shape(input_shape, channels_first)
    padded = (shape[0], shape[1] + pads[0] + pads[1], shape[2] + pads[2] + pads[3], shape[3])
    dx = xp.zeros(padded, xp.result_type(g, w))
    g2, w3 = g.reshape(-1, o), w.reshape(kh * kw, c, o)
    part = xp.empty((n * oh * ow, c), dx.dtype)
    _gemm_threads()
    for t, (i, j) in enumerate(W.taps((kh, kw))):
        xp.matmul(g2, w3[t].T, out=part)
        W.tap(dx, i, j, (oh, ow), strides, dilations)[...] += part.reshape(n, oh, ow, c)
    return W.from_nhwc(W.crop(dx, pads, shape), channels_first)


def _depthwise_kernel(x, w, strides, dilations, pads, channels_first):
    xpad = W.pad(W.to_nhwc(x, channels_first), pads)
    k = w.shape[:2]
    cols = W.windows(xpad, k, W.out_hw(xpad.shape[1:3], k, strides, dilations), strides,
                     dilations)
    y = xp.einsum("nhwijc,ijcm->nhwcm", cols, w).reshape(cols.shape[:3] + (-1,))
    return W.from_nhwc(y, channels_first)


def _nhwc_shape(shape, channels_first):
    return (shape[0], shape[2], shape[3], shape[1]) if channels_first else tuple(shape)


def _depthwise_input_kernel(g, w, input_shape, strides, dilations, pads, channels_first):
    g = W.to_nhwc(g, channels_first)
    n, oh, ow, _ = g.shape
    kh, kw, c, m = w.shape
    # Per-tap gradients laid out (KH*KW, N, OH, OW, C): each tap's block is contiguous.
    parts = xp.einsum("nhwcm,kcm->knhwc", g.reshape(n, oh, ow, c, m), w.reshape(kh * kw, c, m))
    shape = _nhwc_shape(input_shape, channels_first)
    padded = (shape[0], shape[1] + pads[0] + pads[1], shape[2] + pads[2] + pads[3], shape[3])
    dx = W.scatter_taps(lambda i, j: parts[i * kw + j], padded, (kh, kw), strides, dilations,
                        g.dtype)
    return W.from_nhwc(W.crop(dx, pads, shape), channels_first)


def _depthwise_filter_kernel(x, g, filter_shape, strides, dilations, pads, channels_first):
    xpad = W.pad(W.to_nhwc(x, channels_first), pads)
    g = W.to_nhwc(g, channels_first)
    cols = W.windows(xpad, filter_shape[:2], g.shape[1:3], strides, dilations)
    n, oh, ow, _ = g.shape
    c, m = filter_shape[2:]
    return xp.einsum("nhwijc,nhwcm->ijcm", cols, g.reshape(n, oh, ow, c, m))


_KERNELS = {False: (_conv_kernel, _conv_input_kernel, _conv_filter_kernel),
            True: (_depthwise_kernel, _depthwise_input_kernel, _depthwise_filter_kernel)}


def _family(name, depthwise):
    """The op triple (forward, backprop_input, backprop_filter), each VJP written with the others."""
    def conv(x, w, geo):
        return execute(fwd, [x, w], geo)

    def bp_input(g, w, shape, geo):
        return execute(inp, [g, w], {"input_shape": tuple(shape), **geo})

    def bp_filter(x, g, shape, geo):
        return execute(flt, [x, g], {"filter_shape": tuple(shape), **geo})

    forward_kernel, input_kernel, filter_kernel = _KERNELS[depthwise]
    fwd = Op(name, forward_kernel, lambda g, out, x, w, **geo: (
        bp_input(g, w, x._value.shape, geo), bp_filter(x, g, w._value.shape, geo)))
    inp = Op(name + "_backprop_input", input_kernel,
             lambda gg, out, g, w, input_shape, **geo: (
                 conv(gg, w, geo), bp_filter(gg, g, w._value.shape, geo)))
    flt = Op(name + "_backprop_filter", filter_kernel,
             lambda gg, out, x, g, filter_shape, **geo: (
                 bp_input(g, gg, x._value.shape, geo), conv(x, gg, geo)))
    return fwd, inp, flt


CONV2D, CONV2D_BACKPROP_INPUT, CONV2D_BACKPROP_FILTER = _family("conv2d", False)
DEPTHWISE, DEPTHWISE_BACKPROP_INPUT, DEPTHWISE_BACKPROP_FILTER = _family("depthwise_conv2d", True)


# ---------------------------------------------------------------- fused conv + bias (+ relu)
def _fused_kernel(x, w, b, relu, strides, dilations, pads, channels_first):
    # The convolution's output is a fresh array: bias and relu are applied in place, saving
    # two passes over (and two allocations of) the largest activations of a CNN.
    y = _conv_kernel(x, w, strides, dilations, pads, channels_first)
    y += b.reshape((-1, 1, 1)) if channels_first else b
    if relu:
        xp.maximum(y, y.dtype.type(0), out=y)
    return y


def _fused_vjp(g, out, x, w, b, relu, **geo):
    if relu:
        from .nn_ops import RELU_GRAD  # noqa: PLC0415 - nn_ops is not needed at import time

        g = execute(RELU_GRAD, [g, out])  # relu's mask: out > 0 exactly where its input is > 0
    from .reduce_ops import reduce_sum  # noqa: PLC0415

    db = reduce_sum(g, [0, 2, 3] if geo["channels_first"] else [0, 1, 2])
    return (execute(CONV2D_BACKPROP_INPUT, [g, w], {"input_shape": tuple(x._value.shape), **geo}),
            execute(CONV2D_BACKPROP_FILTER, [x, g], {"filter_shape": tuple(w._value.shape), **geo}),
            db)


FUSED_CONV2D = Op("fused_conv2d_bias", _fused_kernel, _fused_vjp)


def fused_conv2d_bias(input, filters, bias, strides, padding, data_format="NHWC",  # noqa: A002
                      dilations=None, relu=False):
    """``relu?(conv2d(input, filters) + bias)`` as one op (TF's grappler fuses the same way).

    Not a TF API: the Keras convolution layers call it for their common case.  The
    gradient is exact to any order (the VJP is written with the convolution's ops).
    """
    x, w = _operands("conv2d", input, filters, 4)
    cf = _layout(data_format, "conv2d")
    geo, _ = _geometry("conv2d", x._value.shape, w._value.shape, strides, padding, dilations, cf)
    b = binary_operands(x, bias, "conv2d")[1]
    if b._value.shape != (w._value.shape[3],):
        raise InvalidArgumentError(
            f"conv2d: bias must have shape ({w._value.shape[3]},) (one value per filter), received "
            f"shape={b._value.shape}.", op="conv2d")
    return execute(FUSED_CONV2D, [x, w, b], {"relu": bool(relu), **geo})


# ---------------------------------------------------------------- argument checks
def _layout(data_format, op_name, allowed=("NHWC", "NCHW")):
    df = allowed[0] if data_format is None else str(data_format).upper()
    if df not in allowed:
        raise InvalidArgumentError(
            f"{op_name}: data_format must be one of {list(allowed)}, received {data_format!r}.",
            op=op_name)
    return df == allowed[1]


def _operands(op_name, x, w, rank):
    x = tensor(x)
    require(x, "f", op_name, "a floating")
    x, w = binary_operands(x, w, op_name)
    if x._value.ndim != rank or w._value.ndim != rank:
        raise InvalidArgumentError(
            f"{op_name}: input and filters must both have rank {rank}, received input shape="
            f"{x._value.shape} and filters shape={w._value.shape}.", op=op_name)
    return x, w


def _geometry(op_name, x_shape, w_shape, strides, padding, dilations, channels_first, in_axis=2):
    """Check that input and filters fit; return the geometry attrs and the output spatial size."""
    hw = (x_shape[2], x_shape[3]) if channels_first else (x_shape[1], x_shape[2])
    c = x_shape[1] if channels_first else x_shape[3]
    if w_shape[in_axis] != c:
        raise InvalidArgumentError(
            f"{op_name}: the input has {c} channels but the filters expect {w_shape[in_axis]}: "
            f"input shape={tuple(x_shape)}, filters shape={tuple(w_shape)}. Filters are laid out "
            f"[height, width, in_channels, out_channels]; their in_channels must equal the "
            f"input's channel dimension.", op=op_name)
    s = W.spatial_arg(strides, "strides", op_name, channels_first)
    d = W.spatial_arg(1 if dilations is None else dilations, "dilations", op_name, channels_first)
    W.check_positive(s, "strides", op_name)
    W.check_positive(d, "dilations", op_name)
    W.check_positive(w_shape[:2], "filter sizes", op_name)
    out, pads = W.resolve_padding(padding, hw, w_shape[:2], s, d, channels_first, op_name)
    return {"strides": s, "dilations": d, "pads": pads, "channels_first": channels_first}, out


def _static_shape(shape, op_name):
    if isinstance(shape, Tensor):
        shape = shape._concrete("int").tolist()
    return tuple(int(v) for v in shape)


# ---------------------------------------------------------------- public API
def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):  # noqa: A002
    """2-D convolution (cross-correlation, as in TF) of ``input`` with ``filters``.

    ``input`` is ``[batch, height, width, in_channels]`` (NHWC) and ``filters``
    ``[filter_height, filter_width, in_channels, out_channels]``; ``padding`` is
    ``'SAME'``, ``'VALID'`` or explicit ``[[0, 0], [top, bottom], [left, right], [0, 0]]``.
    """
    x, w = _operands("conv2d", input, filters, 4)
    cf = _layout(data_format, "conv2d")
    geo, _ = _geometry("conv2d", x._value.shape, w._value.shape, strides, padding, dilations, cf)
    return execute(CONV2D, [x, w], geo)


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None,  # noqa: A002
                     name=None):
    """Convolve each input channel with its own ``channel_multiplier`` filters.

    ``filter`` is ``[filter_height, filter_width, in_channels, channel_multiplier]``;
    the output has ``in_channels * channel_multiplier`` channels, channel-major.
    """
    x, w = _operands("depthwise_conv2d", input, filter, 4)
    cf = _layout(data_format, "depthwise_conv2d")
    geo, _ = _geometry("depthwise_conv2d", x._value.shape, w._value.shape, strides, padding,
                       dilations, cf)
    return execute(DEPTHWISE, [x, w], geo)


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME",  # noqa: A002
                     data_format="NHWC", dilations=None, name=None):
    """The transpose (adjoint) of ``conv2d``: maps a conv2d output shape back to ``output_shape``.

    ``filters`` is ``[height, width, output_channels, in_channels]``, ``input`` has
    ``in_channels`` channels; this is the gradient of conv2d w.r.t. its input.
    """
    op_name = "conv2d_transpose"
    x, w = _operands(op_name, input, filters, 4)
    cf = _layout(data_format, op_name)
    shape = _static_shape(output_shape, op_name)
    if len(shape) != 4:
        raise InvalidArgumentError(f"{op_name}: output_shape must have 4 entries, received "
                                   f"{list(shape)}.", op=op_name)
    c_in = x._value.shape[1] if cf else x._value.shape[3]
    if w._value.shape[3] != c_in:
        raise InvalidArgumentError(
            f"{op_name}: input has {c_in} channels but filters shape={w._value.shape} expects "
            f"{w._value.shape[3]} (filters are [height, width, output_channels, in_channels]).",
            op=op_name)
    geo, out = _geometry(op_name, shape, w._value.shape, strides, padding, dilations, cf)
    got = x._value.shape[2:] if cf else x._value.shape[1:3]
    if tuple(got) != out or shape[0] != x._value.shape[0]:
        raise InvalidArgumentError(
            f"{op_name}: output_shape={list(shape)} is inconsistent with input shape="
            f"{x._value.shape}: a conv2d of that output_shape with these strides and padding "
            f"gives spatial size {list(out)}, not {list(got)}.", op=op_name)
    return execute(CONV2D_BACKPROP_INPUT, [x, w], {"input_shape": shape, **geo})


def _args_1d(value, what, op_name, channels_first):
    (v,) = W.spatial_arg(value, what, op_name, channels_first, n=1)
    return (1, v)


def _padding_1d(padding, channels_first):
    """A 1-D padding spec for the (1, width) 2-D convolution that computes it."""
    if isinstance(padding, str):
        return padding
    pairs = [tuple(p) for p in padding]
    if len(pairs) == 3:
        pairs = [pairs[2] if channels_first else pairs[1]]
    return [(0, 0)] + pairs if len(pairs) == 1 else padding


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):  # noqa: A002
    """1-D convolution: ``input`` ``[batch, width, in_channels]``, ``filters`` ``[width, in, out]``."""
    op_name = "conv1d"
    x, w = _operands(op_name, input, filters, 3)
    cf = _layout(data_format, op_name, ("NWC", "NCW"))
    s = _args_1d(stride, "stride", op_name, cf)
    d = _args_1d(1 if dilations is None else dilations, "dilations", op_name, cf)
    x4 = as_2d(x, cf)
    w4 = A.reshape(w, (1,) + w._value.shape)
    geo, _ = _geometry(op_name, x4._value.shape, w4._value.shape, s, _padding_1d(padding, cf), d, cf)
    y = execute(CONV2D, [x4, w4], geo)
    n, o = y._value.shape[0], w._value.shape[2]
    return A.reshape(y, (n, o, -1) if cf else (n, -1, o))


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME",  # noqa: A002
                     data_format="NWC", dilations=None, name=None):
    """The transpose of ``conv1d``; ``filters`` is ``[width, output_channels, in_channels]``."""
    op_name = "conv1d_transpose"
    x, w = _operands(op_name, input, filters, 3)
    cf = _layout(data_format, op_name, ("NWC", "NCW"))
    shape = _static_shape(output_shape, op_name)
    if len(shape) != 3:
        raise InvalidArgumentError(f"{op_name}: output_shape must have 3 entries, received "
                                   f"{list(shape)}.", op=op_name)
    s = _args_1d(strides, "strides", op_name, cf)
    d = _args_1d(1 if dilations is None else dilations, "dilations", op_name, cf)
    shape4 = (shape[0], shape[1], 1, shape[2]) if cf else (shape[0], 1, shape[1], shape[2])
    y = conv2d_transpose(as_2d(x, cf), A.reshape(w, (1,) + w._value.shape), shape4, s,
                         _padding_1d(padding, cf), "NCHW" if cf else "NHWC", d)
    return A.reshape(y, shape)


def convolution(input, filters, strides=None, padding="VALID", data_format=None,  # noqa: A002
                dilations=None, name=None):
    """N-D convolution dispatching on rank: 1-D (rank-3 input) or 2-D (rank-4 input)."""
    rank = tensor(input)._value.ndim
    if rank == 3:
        df = "NCW" if data_format is not None and str(data_format).upper().startswith("NC") else "NWC"
        return conv1d(input, filters, 1 if strides is None else strides, padding, df, dilations)
    if rank == 4:
        df = "NCHW" if data_format is not None and str(data_format).upper().startswith("NC") else "NHWC"
        return conv2d(input, filters, 1 if strides is None else strides, padding, df, dilations)
    raise InvalidArgumentError(
        f"convolution: only 1-D and 2-D convolutions are supported (input rank 3 or 4), received "
        f"input of rank {rank}.", op="convolution")


__all__ = [
    "conv2d", "conv1d", "depthwise_conv2d", "conv2d_transpose", "conv1d_transpose", "convolution",
] + list(_pool_all)

"""Convolution (``tf.nn.conv2d``, ``conv1d``, ``depthwise_conv2d``, ``conv2d_transpose``).

A convolution is a matrix product in disguise.  The windows of the padded
input, viewed without copying as ``cols[n, oh, ow, i, j, c]`` (im2col), are
contracted with the filters ``w[i, j, c, o]``: ``y = cols . w``, one big matmul.

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
"""

from ..backend import xp
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
def _forward_kernel(depthwise):
    def conv(x, w, strides, dilations, pads, channels_first):
        xpad = W.pad(W.to_nhwc(x, channels_first), pads)
        k = w.shape[:2]
        cols = W.windows(xpad, k, W.out_hw(xpad.shape[1:3], k, strides, dilations), strides,
                         dilations)
        if depthwise:
            y = xp.einsum("nhwijc,ijcm->nhwcm", cols, w).reshape(cols.shape[:3] + (-1,))
        else:
            y = xp.tensordot(cols, w, axes=3)  # (N*OH*OW, KH*KW*C) @ (KH*KW*C, O)
        return W.from_nhwc(y, channels_first)
    return conv


def _nhwc_shape(shape, channels_first):
    return (shape[0], shape[2], shape[3], shape[1]) if channels_first else tuple(shape)


def _input_kernel(depthwise):
    def backprop_input(g, w, input_shape, strides, dilations, pads, channels_first):
        g = W.to_nhwc(g, channels_first)
        n, oh, ow, o = g.shape
        kh, kw, c = w.shape[:3]
        # Per-tap gradients laid out (KH*KW, N, OH, OW, C): each tap's block is contiguous,
        # so adding it back into its strided slice of dx runs over long rows.
        if depthwise:
            m = w.shape[3]
            parts = xp.einsum("nhwcm,kcm->knhwc", g.reshape(n, oh, ow, c, m),
                              w.reshape(kh * kw, c, m))
        else:
            parts = xp.matmul(g.reshape(1, -1, o), w.reshape(kh * kw, c, o).transpose(0, 2, 1))
            parts = parts.reshape(kh * kw, n, oh, ow, c)
        shape = _nhwc_shape(input_shape, channels_first)
        padded = (shape[0], shape[1] + pads[0] + pads[1], shape[2] + pads[2] + pads[3], shape[3])
        dx = W.scatter_taps(lambda i, j: parts[i * kw + j], padded, (kh, kw), strides, dilations,
                            g.dtype)
        return W.from_nhwc(W.crop(dx, pads, shape), channels_first)
    return backprop_input


def _filter_kernel(depthwise):
    def backprop_filter(x, g, filter_shape, strides, dilations, pads, channels_first):
        xpad = W.pad(W.to_nhwc(x, channels_first), pads)
        g = W.to_nhwc(g, channels_first)
        cols = W.windows(xpad, filter_shape[:2], g.shape[1:3], strides, dilations)
        if depthwise:
            n, oh, ow, _ = g.shape
            c, m = filter_shape[2:]
            return xp.einsum("nhwijc,nhwcm->ijcm", cols, g.reshape(n, oh, ow, c, m))
        k = filter_shape[0] * filter_shape[1] * filter_shape[2]
        dw = cols.reshape(-1, k).T @ g.reshape(-1, g.shape[3])  # im2col^T @ g
        return dw.reshape(filter_shape)
    return backprop_filter


def _family(name, depthwise):
    """The op triple (forward, backprop_input, backprop_filter), each VJP written with the others."""
    def conv(x, w, geo):
        return execute(fwd, [x, w], geo)

    def bp_input(g, w, shape, geo):
        return execute(inp, [g, w], {"input_shape": tuple(shape), **geo})

    def bp_filter(x, g, shape, geo):
        return execute(flt, [x, g], {"filter_shape": tuple(shape), **geo})

    fwd = Op(name, _forward_kernel(depthwise), lambda g, out, x, w, **geo: (
        bp_input(g, w, x._value.shape, geo), bp_filter(x, g, w._value.shape, geo)))
    inp = Op(name + "_backprop_input", _input_kernel(depthwise),
             lambda gg, out, g, w, input_shape, **geo: (
                 conv(gg, w, geo), bp_filter(gg, g, w._value.shape, geo)))
    flt = Op(name + "_backprop_filter", _filter_kernel(depthwise),
             lambda gg, out, x, g, filter_shape, **geo: (
                 bp_input(g, gg, x._value.shape, geo), conv(x, gg, geo)))
    return fwd, inp, flt


CONV2D, CONV2D_BACKPROP_INPUT, CONV2D_BACKPROP_FILTER = _family("conv2d", False)
DEPTHWISE, DEPTHWISE_BACKPROP_INPUT, DEPTHWISE_BACKPROP_FILTER = _family("depthwise_conv2d", True)


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

"""BaseConv: the N-D convolution layer ``activation(conv(inputs, kernel) + bias)`` (N = 1 or 2).

The kernel has shape ``kernel_size + (in_channels // groups, filters)`` and the
bias ``(filters,)``, in that order, as in Keras, so weights load from Keras files.

A 1-D convolution is computed as a 2-D one over a height-1 image: ``(N, W, C)``
becomes ``(N, 1, W, C)`` and a ``(k, C, F)`` kernel ``(1, k, C, F)``; strides,
dilations and padding act on the width only.  With ``groups = G`` the channels
are split into G groups, group ``g`` of the input is convolved with filters
``g * F/G .. (g+1) * F/G - 1`` only, and the G results are concatenated along the
channel axis (what ``tf.nn.convolution`` does when the kernel has fewer input
channels than the input).  Gradients flow through split and concat unchanged.
"""

from ....ops import array_ops, conv_ops, layout_ops, math_ops
from ... import activations, constraints, initializers, regularizers
from ..input_spec import InputSpec, assert_input_compatibility
from ..layer import Layer
from .arguments import (
    conv_output_shape,
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)


# ---------------------------------------------------------------- helpers shared by the conv family
def as_image(x, channels_first):
    """(N, W, C) -> (N, 1, W, C) and (N, C, W) -> (N, C, 1, W): 1-D data as a height-1 image."""
    n, a, b = x._value.shape
    return array_ops.reshape(x, (n, a, 1, b) if channels_first else (n, 1, a, b))


def from_image(y, channels_first):
    """Undo :func:`as_image` on a result."""
    shape = y._value.shape
    return array_ops.reshape(y, (shape[0], shape[1], shape[3]) if channels_first
                             else (shape[0], shape[2], shape[3]))


def as_2d_kernel(kernel):
    """A (k, ...) 1-D kernel as a (1, k, ...) 2-D one."""
    return array_ops.reshape(kernel, (1,) + tuple(kernel._value.shape))


def pair(values):
    """A 1-D stride/dilation as the (1, s) of the equivalent 2-D op."""
    return (1,) + tuple(values) if len(values) == 1 else tuple(values)


def tf_format(channels_first):
    return "NCHW" if channels_first else "NHWC"


def floating(layer, inputs):
    """Integer inputs (uint8 images) are cast to the layer's dtype, as Keras does."""
    if inputs.dtype.name != layer.compute_dtype:
        return math_ops.cast(inputs, layer.compute_dtype)
    return inputs


def add_bias(outputs, bias, rank, channels_first):
    """``outputs + bias`` with the bias broadcast along the channel axis."""
    n = bias._value.shape[0]
    shape = (1, n) + (1,) * rank if channels_first else (1,) * (rank + 1) + (n,)
    return math_ops.add(outputs, array_ops.reshape(bias, shape))


def convolve(x, kernel, strides, padding, dilation_rate, channels_first, groups=1, bias=None,
             relu=False):
    """Cross-correlate ``x`` (rank 3 or 4) with ``kernel``; ``padding`` is 'valid' or 'same'.

    With a ``bias`` (and ``relu``), ``relu?(conv + bias)`` is computed as one fused op.
    """
    rank = len(strides)
    if rank == 1:
        x, kernel = as_image(x, channels_first), as_2d_kernel(kernel)
    fmt, pad = tf_format(channels_first), padding.upper()
    s, d = pair(strides), pair(dilation_rate)
    if bias is not None:
        y = conv_ops.fused_conv2d_bias(x, kernel, bias, s, pad, fmt, d, relu=relu)
    elif groups == 1:
        y = conv_ops.conv2d(x, kernel, s, pad, fmt, d)
    else:
        axis = 1 if channels_first else 3
        xs = layout_ops.split(x, groups, axis=axis)
        ks = layout_ops.split(kernel, groups, axis=3)
        y = layout_ops.concat([conv_ops.conv2d(a, k, s, pad, fmt, d) for a, k in zip(xs, ks)],
                              axis=axis)
    return from_image(y, channels_first) if rank == 1 else y


def check_strides_and_dilation(strides, dilation_rate):
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
            f"strides={strides} and dilation_rate={dilation_rate}")


def check_kernel_and_strides(kernel_size, strides, received_colon=False, strides_plural=False,
                             strides_period=False):
    """Keras's checks that no kernel size or stride is 0 (the three wordings its classes use)."""
    sep = "Received:" if received_colon else "Received"
    if not all(kernel_size):
        raise ValueError(f"The argument `kernel_size` cannot contain 0. {sep} "
                         f"kernel_size={kernel_size}.")
    if not all(strides):
        word = "0(s)" if strides_plural else "0"
        raise ValueError(f"The argument `strides` cannot contains {word}. {sep} "
                         f"strides={strides}{'.' if strides_period else ''}")


def channel_count(layer, input_shape):
    """The input's channel count, after checking its rank against the layer's input spec.

    (``__call__`` builds before it checks the spec; checking here first gives Keras's message
    for an input of the wrong rank instead of a failure inside ``build``.)
    """
    assert_input_compatibility(layer.input_spec, tuple(input_shape), layer.name)
    return input_shape[-1] if layer.data_format == "channels_last" else input_shape[1]


def with_activity_regularizer(layer, config):
    """Keras's base config lists a set activity regularizer right after ``dtype``; match the order."""
    if layer.activity_regularizer is not None and "activity_regularizer" not in config:
        config["activity_regularizer"] = regularizers.serialize(layer.activity_regularizer)
    return config


# ---------------------------------------------------------------- the layer
class BaseConv(Layer):
    """Abstract N-D convolution (cross-correlation) layer; ``Conv1D``/``Conv2D`` fix the rank.

    Args:
        rank: 1 or 2.
        filters: number of output channels.
        kernel_size, strides, dilation_rate: an int or ``rank`` ints.
        padding: ``'valid'`` (no padding) or ``'same'`` (output size ``ceil(n / stride)``).
        data_format: ``'channels_last'`` (default) or ``'channels_first'``.
        groups: split the channels into this many independent convolutions.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as in ``Dense``.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank:
            raise NotImplementedError(
                f"{type(self).__name__}: LoRA (lora_rank={lora_rank}) is not supported by saessak; "
                "create the layer without lora_rank.")
        self.rank = rank
        self.filters = filters
        self.groups = groups
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding, allow_causal=rank == 1)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.input_spec = InputSpec(min_ndim=rank + 2)
        if filters is not None and filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             f"value. Received filters={filters}.")
        if groups <= 0:
            raise ValueError(f"The number of groups must be a positive integer. Received: groups={groups}.")
        if filters is not None and filters % groups != 0:
            raise ValueError("The number of filters must be evenly divisible by the number of groups. "
                             f"Received: groups={groups}, filters={filters}.")
        check_kernel_and_strides(self.kernel_size, self.strides)
        check_strides_and_dilation(self.strides, self.dilation_rate)

    @property
    def _channels_first(self):
        return self.data_format == "channels_first"

    def build(self, input_shape):
        input_channel = channel_count(self, input_shape)
        channel_axis = -1 if self.data_format == "channels_last" else 1
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: input_channel})
        if input_channel % self.groups != 0:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {input_channel} channels (full "
                f"input shape is {input_shape}).")
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (input_channel // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def convolution_op(self, inputs, kernel):
        return convolve(inputs, kernel, self.strides, self.padding, self.dilation_rate,
                        self._channels_first, self.groups)

    def call(self, inputs):
        return self._conv_bias_activation(floating(self, inputs), self.padding)

    def _conv_bias_activation(self, inputs, padding):
        if self.use_bias and self.groups == 1 and self.activation in (activations.relu,
                                                                        activations.linear):
            # The common case as one fused op: conv, bias and relu without intermediate arrays.
            return convolve(inputs, self.kernel, self.strides, padding, self.dilation_rate,
                            self._channels_first, bias=self.bias,
                            relu=self.activation is activations.relu)
        outputs = convolve(inputs, self.kernel, self.strides, padding, self.dilation_rate,
                           self._channels_first, self.groups)
        if self.use_bias:
            outputs = add_bias(outputs, self.bias, self.rank, self._channels_first)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(input_shape, self.filters, self.kernel_size, self.strides,
                                 self.padding, self.data_format, self.dilation_rate)

    def get_config(self):
        config = with_activity_regularizer(self, super().get_config())
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config

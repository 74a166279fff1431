"""BaseDepthwiseConv: convolve each input channel with its own ``depth_multiplier`` filters.

The kernel is ``kernel_size + (in_channels, depth_multiplier)``: channel ``c``
is cross-correlated with ``kernel[..., c, m]`` for each ``m``, giving
``in_channels * depth_multiplier`` outputs ordered channel-major (``c * M + m``),
as ``tf.nn.depthwise_conv2d``; the bias has that many entries.  No information
crosses channels (a separable convolution adds a 1x1 convolution for that).
"""

from ....ops import conv_ops
from ... import activations, constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer
from .arguments import (
    conv_output_shape,
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from .base_conv import (
    add_bias,
    as_2d_kernel,
    as_image,
    channel_count,
    check_kernel_and_strides,
    floating,
    from_image,
    pair,
    tf_format,
    with_activity_regularizer,
)


def depthwise(x, kernel, strides, padding, dilation_rate, channels_first):
    """Depthwise cross-correlation of a rank-3 (1-D) or rank-4 (2-D) input."""
    rank = len(strides)
    if rank == 1:
        x, kernel = as_image(x, channels_first), as_2d_kernel(kernel)
    y = conv_ops.depthwise_conv2d(x, kernel, pair(strides), padding.upper(),
                                  tf_format(channels_first), pair(dilation_rate))
    return from_image(y, channels_first) if rank == 1 else y


class BaseDepthwiseConv(Layer):
    """Abstract depthwise convolution; ``DepthwiseConv1D``/``DepthwiseConv2D`` fix the rank."""

    def __init__(self, rank, depth_multiplier, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        self.rank = rank
        self.depth_multiplier = depth_multiplier
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)
        if depth_multiplier is not None and depth_multiplier <= 0:
            raise ValueError("Invalid value for argument `depth_multiplier`. Expected a strictly "
                             f"positive value. Received depth_multiplier={depth_multiplier}.")
        check_kernel_and_strides(self.kernel_size, self.strides)

    @property
    def _channels_first(self):
        return self.data_format == "channels_first"

    def build(self, input_shape):
        input_channel = channel_count(self, input_shape)
        channel_axis = -1 if self.data_format == "channels_last" else 1
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: input_channel})
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (input_channel, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.depth_multiplier * input_channel,),
                initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        outputs = depthwise(floating(self, inputs), self.kernel, self.strides, self.padding,
                            self.dilation_rate, self._channels_first)
        if self.use_bias:
            outputs = add_bias(outputs, self.bias, self.rank, self._channels_first)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        return conv_output_shape(input_shape, self.depth_multiplier * channels, self.kernel_size,
                                 self.strides, self.padding, self.data_format, self.dilation_rate)

    def get_config(self):
        config = with_activity_regularizer(self, super().get_config())
        config.update({
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config

"""BaseConvTranspose: the transposed ("deconvolution") layer, the adjoint of a convolution.

A convolution with stride ``s`` maps a size-``n`` signal to about ``n / s``
outputs; its transpose maps back: every input position scatters a copy of the
kernel, scaled by its value, into the output at stride ``s``, and overlapping
copies add up.  It is the gradient of ``conv2d`` with respect to its input
(``tf.nn.conv2d_transpose``), so the kernel is laid out ``kernel_size +
(filters, in_channels)`` -- output channels before input channels.

The output size per spatial axis (TF's conventions, ``k' = (k - 1) * d + 1``):
'valid': ``(n - 1) * s + k' + p`` with ``p = max(k', s) - k'`` unless
``output_padding`` gives it; 'same': ``n * s``, or ``(n - 1) * s + k' % 2 + p``
with an ``output_padding`` ``p``.
"""

from ....ops import conv_ops
from ... import activations, constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer
from .arguments import (
    conv_transpose_output_shape,
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
    check_strides_and_dilation,
    floating,
    from_image,
    pair,
    tf_format,
    with_activity_regularizer,
)


class BaseConvTranspose(Layer):
    """Abstract transposed convolution; ``Conv1DTranspose``/``Conv2DTranspose`` fix the rank."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer,
                         **kwargs)
        self.rank = rank
        self.filters = filters
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding)
        self.output_padding = None if output_padding is None else standardize_tuple(
            output_padding, rank, "output_padding", allow_zero=True)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)
        if filters is not None and filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             f"value. Received filters={filters}.")
        check_kernel_and_strides(self.kernel_size, self.strides, strides_period=True)
        if self.output_padding is not None:
            for i, (p, s) in enumerate(zip(self.output_padding, self.strides)):
                if p >= s:
                    raise ValueError(
                        "`output_padding` must be strictly less than `strides` for all "
                        f"dimensions. At dimension {i}, `output_padding` is {p} but `strides` is "
                        f"{s}. Received: output_padding={self.output_padding}, "
                        f"strides={self.strides}")
        check_strides_and_dilation(self.strides, self.dilation_rate)

    @property
    def _channels_first(self):
        return self.data_format == "channels_first"

    def build(self, input_shape):
        input_channel = channel_count(self, input_shape)
        channel_axis = -1 if self.data_format == "channels_last" else 1
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: input_channel})
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (self.filters, input_channel),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        cf = self._channels_first
        x, kernel = floating(self, inputs), self.kernel
        out_shape = tuple(self.compute_output_shape(tuple(x._value.shape)))
        if self.rank == 1:
            x, kernel = as_image(x, cf), as_2d_kernel(kernel)
            out_shape = out_shape[:2] + (1, out_shape[2]) if cf else (out_shape[0], 1) + out_shape[1:]
        y = conv_ops.conv2d_transpose(x, kernel, out_shape, pair(self.strides),
                                      self.padding.upper(), tf_format(cf), pair(self.dilation_rate))
        if self.rank == 1:
            y = from_image(y, cf)
        if self.use_bias:
            y = add_bias(y, self.bias, self.rank, cf)
        return self.activation(y)

    def compute_output_shape(self, input_shape):
        return conv_transpose_output_shape(input_shape, self.kernel_size, self.filters, self.strides,
                                           self.padding, self.output_padding, self.data_format,
                                           self.dilation_rate)

    def get_config(self):
        config = with_activity_regularizer(self, super().get_config())
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
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

"""Conv1D: 1-D convolution over sequences ``(batch, steps, channels)``.

Besides 'valid' and 'same' it accepts ``padding='causal'``: the input is padded
on the left only, by ``dilation * (kernel_size - 1)`` steps, so output step ``t``
sees inputs up to ``t`` and never the future (WaveNet-style models).
"""

from ....ops import layout_ops
from .base_conv import BaseConv, floating


class Conv1D(BaseConv):
    """``activation(conv1d(inputs, kernel) + bias)`` with a ``(k, in / groups, filters)`` kernel."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=1, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs)

    def _compute_causal_padding(self):
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        if self.data_format == "channels_last":
            return [[0, 0], [left, 0], [0, 0]]
        return [[0, 0], [0, 0], [left, 0]]

    def call(self, inputs):
        inputs = floating(self, inputs)
        padding = self.padding
        if padding == "causal":
            inputs = layout_ops.pad(inputs, self._compute_causal_padding())
            padding = "valid"
        return self._conv_bias_activation(inputs, padding)

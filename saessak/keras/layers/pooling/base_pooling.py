"""BasePooling: slide a ``pool_size`` window with ``strides`` and keep each window's max or mean.

Output sizes per spatial axis: 'valid' gives ``floor((n - k) / s) + 1``, 'same'
gives ``ceil(n / s)``.  With 'same' padding, average pooling divides each
border window by the number of real (unpadded) elements it covers, and max
pooling never picks a padded position -- TensorFlow's rules, which Keras's
TensorFlow backend inherits.  1-D pooling runs as 2-D pooling over a
height-1 image.
"""

from ....ops import pool_ops
from ..convolutional.arguments import (
    pooling_output_shape,
    standardize_data_format,
    standardize_tuple,
)
from ..input_spec import InputSpec
from ..layer import Layer


class BasePooling(Layer):
    """Abstract pooling layer: ``pool_mode`` 'max' or 'average' over 1 or 2 spatial dimensions."""

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid",
                 data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = standardize_tuple(pool_size, pool_dimensions, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = standardize_tuple(strides, pool_dimensions, "strides", allow_zero=True)
        self.pool_mode = pool_mode
        self.padding = padding
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs):
        if self.pool_mode == "max":
            fn = pool_ops.max_pool1d if len(self.pool_size) == 1 else pool_ops.max_pool2d
        elif self.pool_mode == "average":
            fn = pool_ops.avg_pool1d if len(self.pool_size) == 1 else pool_ops.avg_pool2d
        else:
            raise ValueError(f"`pool_mode` must be either 'max' or 'average'. Received: {self.pool_mode}.")
        first = self.data_format == "channels_first"
        if len(self.pool_size) == 1:
            fmt = "NCW" if first else "NWC"
        else:
            fmt = "NCHW" if first else "NHWC"
        return fn(inputs, self.pool_size, self.strides, self.padding.upper(), fmt)

    def compute_output_shape(self, input_shape):
        return pooling_output_shape(input_shape, self.pool_size, self.strides, self.padding.lower(),
                                    self.data_format)

    def get_config(self):
        config = super().get_config()
        config.update({
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        })
        return config

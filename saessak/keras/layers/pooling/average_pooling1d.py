"""AveragePooling1D: the mean of each 1-D window of (batch, steps, features) inputs."""

from .base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """1-D average pooling; ``strides`` defaults to ``pool_size`` (non-overlapping windows)."""

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="average",
                         padding=padding, data_format=data_format, name=name, **kwargs)

"""AveragePooling2D: the mean of each 2-D window of (batch, height, width, channels) inputs."""

from .base_pooling import BasePooling


class AveragePooling2D(BasePooling):
    """2-D average pooling; ``strides`` defaults to ``pool_size`` (non-overlapping windows)."""

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="average",
                         padding=padding, data_format=data_format, name=name, **kwargs)

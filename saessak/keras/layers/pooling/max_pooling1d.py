"""MaxPooling1D: the maximum of each 1-D window of (batch, steps, features) inputs."""

from .base_pooling import BasePooling


class MaxPooling1D(BasePooling):
    """1-D max pooling; ``strides`` defaults to ``pool_size`` (non-overlapping windows)."""

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="max",
                         padding=padding, data_format=data_format, name=name, **kwargs)

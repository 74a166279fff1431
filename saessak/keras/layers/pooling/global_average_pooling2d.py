"""GlobalAveragePooling2D: the mean of each channel over height and width."""

from ....ops import reduce_ops
from .base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling2D(BaseGlobalPooling):
    """``(N, H, W, C)`` -> ``(N, C)`` (or ``(N, 1, 1, C)`` with ``keepdims=True``)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return reduce_ops.reduce_mean(inputs, self.spatial_axes(4), keepdims=self.keepdims)

"""GlobalMaxPooling1D: the maximum of each feature over the steps of a sequence."""

from ....ops import reduce_ops
from .base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """``(N, steps, C)`` -> ``(N, C)`` (or ``(N, 1, C)`` with ``keepdims=True``)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return reduce_ops.reduce_max(inputs, self.spatial_axes(3), keepdims=self.keepdims)

"""GlobalAveragePooling1D: the mean of each feature over the steps of a sequence.

With a mask (from an Embedding with ``mask_zero=True``, say), padded steps are
left out: ``sum(x * m) / sum(m)`` over the steps, ``m`` the 0/1 mask.  The
output has no steps left, so it carries no mask.
"""

from ....ops import array_ops, math_ops, reduce_ops
from .base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """``(N, steps, C)`` -> ``(N, C)`` (or ``(N, 1, C)`` with ``keepdims=True``); masked steps skipped."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        steps_axis = 1 if self.data_format == "channels_last" else 2
        if mask is None:
            return reduce_ops.reduce_mean(inputs, steps_axis, keepdims=self.keepdims)
        keep = math_ops.cast(array_ops.expand_dims(mask, 2 if steps_axis == 1 else 1), "bool")
        zero = array_ops.zeros_like(inputs)
        total = reduce_ops.reduce_sum(math_ops.where(keep, inputs, zero), steps_axis,
                                      keepdims=self.keepdims)
        count = reduce_ops.reduce_sum(math_ops.cast(keep, inputs.dtype), steps_axis,
                                      keepdims=self.keepdims)
        return math_ops.divide(total, count)

    def compute_mask(self, inputs, previous_mask):
        return None

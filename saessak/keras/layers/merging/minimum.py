"""Minimum: the elementwise minimum of a list of tensors."""

from ....ops import math_ops
from .base_merge import Merge


class Minimum(Merge):
    """``min(inputs[0], inputs[1], ...)`` elementwise, broadcasting as NumPy does."""

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = math_ops.minimum(out, x)
        return out


def minimum(inputs, **kwargs):
    """Functional form: ``Minimum(**kwargs)(inputs)``."""
    return Minimum(**kwargs)(inputs)

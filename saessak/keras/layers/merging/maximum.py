"""Maximum: the elementwise maximum of a list of tensors."""

from ....ops import math_ops
from .base_merge import Merge


class Maximum(Merge):
    """``max(inputs[0], inputs[1], ...)`` elementwise, broadcasting as NumPy does."""

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = math_ops.maximum(out, x)
        return out


def maximum(inputs, **kwargs):
    """Functional form: ``Maximum(**kwargs)(inputs)``."""
    return Maximum(**kwargs)(inputs)

"""Multiply: the elementwise product of a list of tensors."""

from ....ops import math_ops
from .base_merge import Merge


class Multiply(Merge):
    """``inputs[0] * inputs[1] * ...``, broadcasting as NumPy does."""

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = math_ops.multiply(out, x)
        return out


def multiply(inputs, **kwargs):
    """Functional form: ``Multiply(**kwargs)(inputs)``."""
    return Multiply(**kwargs)(inputs)

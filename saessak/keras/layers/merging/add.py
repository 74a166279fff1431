"""Add: the elementwise sum of a list of tensors (``keras.layers.Add`` / ``keras.layers.add``)."""

from ....ops import math_ops
from .base_merge import Merge


class Add(Merge):
    """``inputs[0] + inputs[1] + ...``, broadcasting as NumPy does."""

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = math_ops.add(out, x)
        return out


def add(inputs, **kwargs):
    """Functional form: ``Add(**kwargs)(inputs)``."""
    return Add(**kwargs)(inputs)

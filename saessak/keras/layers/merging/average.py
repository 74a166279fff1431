"""Average: the elementwise mean of a list of tensors, ``(x_1 + ... + x_n) / n``."""

from ....ops import array_ops, math_ops
from .base_merge import Merge


class Average(Merge):
    """The sum of the inputs divided by their count (true division, as Keras's ``/``)."""

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = math_ops.add(out, x)
        if not out.dtype.is_floating:
            # TF's true division of integers: 8/16-bit ints give float32, wider ones float64.
            out = math_ops.cast(out, "float64" if out.dtype.size >= 4 else "float32")
        return math_ops.divide(out, array_ops.constant(len(inputs), dtype=out.dtype))


def average(inputs, **kwargs):
    """Functional form: ``Average(**kwargs)(inputs)``."""
    return Average(**kwargs)(inputs)

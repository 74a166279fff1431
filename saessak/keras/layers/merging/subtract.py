"""Subtract: ``inputs[0] - inputs[1]`` for exactly two tensors."""

from ....ops import math_ops
from .base_merge import Merge


class Subtract(Merge):
    """The elementwise difference of two tensors."""

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer should be called on exactly 2 inputs. Received: "
                f"input_shape={input_shape}")

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Subtract` layer should be called on exactly 2 inputs. Received: inputs={inputs}")
        return math_ops.subtract(inputs[0], inputs[1])


def subtract(inputs, **kwargs):
    """Functional form: ``Subtract(**kwargs)(inputs)``."""
    return Subtract(**kwargs)(inputs)

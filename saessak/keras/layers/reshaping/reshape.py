"""Reshape: give each sample a new shape with the same number of elements.

``target_shape`` excludes the batch axis and may hold one ``-1``, whose size
is inferred: for a sample of ``n`` elements and known target dimensions of
product ``k``, the ``-1`` becomes ``n / k`` (which must be a whole number).
"""

import math
import numbers

from ....ops import array_ops
from ..layer import Layer


def validate_target_shape(target_shape, arg_name="target_shape"):
    """Keras's check: every dimension is >= 0, except at most one ``-1``."""
    unknown = 0
    for dim in target_shape:
        if not isinstance(dim, numbers.Integral):
            continue
        if dim < -1:
            raise ValueError(
                f"Each dimension in `{arg_name}` must be a non-negative integer, or `-1` for a "
                f"single unknown dimension. Received: {arg_name}={target_shape}.")
        if dim == -1:
            unknown += 1
    if unknown > 1:
        raise ValueError(
            f"There must be at most one unknown dimension (-1) in `{arg_name}`. Received: "
            f"{arg_name}={target_shape}.")


def resolve_target_shape(input_shape, target_shape, arg_name="target_shape"):
    """``target_shape`` with its ``-1`` replaced by the inferred size (or ``None`` if unknowable).

    ``input_shape`` is a sample's shape (no batch axis); ``None`` marks an unknown size.
    """
    validate_target_shape(target_shape, arg_name)
    target = tuple(int(d) if isinstance(d, numbers.Integral) else None for d in target_shape)
    if None in input_shape or None in target:
        return tuple(None if d == -1 else d for d in target)
    size = math.prod(input_shape)
    if -1 not in target:
        if size != math.prod(target):
            raise ValueError(
                f"The total size of the tensor must be unchanged. Received: "
                f"input_shape={tuple(input_shape)}, {arg_name}={target}")
        return target
    known = math.prod(d for d in target if d != -1)
    if known == 0 or size % known != 0:
        raise ValueError(
            "The total size of the tensor must be unchanged, however, the input size cannot by "
            f"divided by the specified dimensions in {arg_name}. Received: "
            f"input_shape={tuple(input_shape)}, {arg_name}={target}")
    return tuple(size // known if d == -1 else d for d in target)


class Reshape(Layer):
    """Reshape each sample to ``target_shape``: ``(batch, *input) -> (batch, *target_shape)``.

    Args:
        target_shape: the new shape of a sample (no batch axis); one entry may be -1.
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        validate_target_shape(target_shape)
        self.target_shape = target_shape
        self.built = True

    def call(self, inputs):
        shape = tuple(inputs._value.shape)
        target = resolve_target_shape(shape[1:], self.target_shape)
        return array_ops.reshape(inputs, (shape[0],) + target)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        return (input_shape[0],) + resolve_target_shape(input_shape[1:], self.target_shape)

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config

"""Flatten: keep the batch axis, merge all others (``(N, 28, 28) -> (N, 784)``)."""

from ....ops import array_ops
from ..layer import Layer


class Flatten(Layer):
    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        shape = inputs._value.shape
        if self.data_format == "channels_first" and len(shape) > 2:
            perm = (0,) + tuple(range(2, len(shape))) + (1,)
            inputs = array_ops.transpose(inputs, perm)
        n = 1
        for d in shape[1:]:
            n *= d
        return array_ops.reshape(inputs, (shape[0] if shape else 1, n))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        n = None if any(d is None for d in rest) else _prod(rest)
        return (input_shape[0], n)

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


def _prod(dims):
    n = 1
    for d in dims:
        n *= d
    return n

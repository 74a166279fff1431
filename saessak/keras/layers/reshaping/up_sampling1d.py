"""UpSampling1D: repeat every step ``size`` times (``[a, b] -> [a, a, b, b]`` for size 2)."""

from ....ops import array_ops
from ..input_spec import InputSpec
from ..layer import Layer


def repeat_axis(x, n, axis):
    """Repeat each slice along ``axis`` n times in place (``ops.repeat``).

    Written as broadcast + reshape: a new axis of size n after ``axis`` is
    broadcast and merged into it.  The gradient of broadcast sums the n copies.
    """
    if n == 1:
        return x
    shape = tuple(x._value.shape)
    expanded = array_ops.expand_dims(x, axis + 1)
    tiled = array_ops.broadcast_to(expanded, shape[:axis + 1] + (n,) + shape[axis + 1:])
    return array_ops.reshape(tiled, shape[:axis] + (shape[axis] * n,) + shape[axis + 1:])


class UpSampling1D(Layer):
    """``(batch, steps, features)`` -> ``(batch, steps * size, features)`` by repetition."""

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        self.size = size
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return repeat_axis(inputs, self.size, 1)

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else self.size * input_shape[1]
        return [input_shape[0], steps, input_shape[2]]

    def get_config(self):
        return {**super().get_config(), "size": self.size}

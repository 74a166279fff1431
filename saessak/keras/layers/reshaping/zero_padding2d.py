"""ZeroPadding2D: add rows and columns of zeros around images."""

from ....ops import layout_ops
from ..convolutional.arguments import standardize_data_format, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer


def pairs_2d(value, name):
    """An int, two ints (symmetric) or two pairs -> ``((top, bottom), (left, right))``, Keras's rules."""
    if isinstance(value, int):
        return ((value, value), (value, value))
    if hasattr(value, "__len__"):
        if len(value) != 2:
            raise ValueError(f"`{name}` should have two elements. Received: {name}={value}.")
        return (standardize_tuple(value[0], 2, f"1st entry of {name}", allow_zero=True),
                standardize_tuple(value[1], 2, f"2nd entry of {name}", allow_zero=True))
    raise ValueError(
        f"`{name}` should be either an int, a tuple of 2 ints (symmetric_height_crop, "
        "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), "
        f"(left_crop, right_crop)). Received: {name}={value}.")


class ZeroPadding2D(Layer):
    """Pad height and width with zeros: ``padding`` is an int, ``(h, w)`` or ``((t, b), (l, r))``."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.padding = pairs_2d(padding, "padding")
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        hw = [list(p) for p in self.padding]
        pads = [[0, 0], [0, 0], *hw] if self.data_format == "channels_first" else [[0, 0], *hw, [0, 0]]
        return layout_ops.pad(inputs, pads)

    def compute_output_shape(self, input_shape):
        out = list(input_shape)
        offset = 2 if self.data_format == "channels_first" else 1
        for i in range(2):
            if out[offset + i] is not None:
                out[offset + i] += self.padding[i][0] + self.padding[i][1]
        return tuple(out)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}

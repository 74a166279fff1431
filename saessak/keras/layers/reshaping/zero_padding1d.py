"""ZeroPadding1D: add zeros before and after the steps of ``(batch, steps, features)`` inputs."""

from ....ops import layout_ops
from ..convolutional.arguments import standardize_data_format, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer


class ZeroPadding1D(Layer):
    """Pad the step axis with ``padding`` zeros (an int: both sides; a pair: (before, after))."""

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.padding = standardize_tuple(padding, 2, "padding", allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        pads = [[0, 0], [0, 0], list(self.padding)] if self.data_format == "channels_first" else (
            [[0, 0], list(self.padding), [0, 0]])
        return layout_ops.pad(inputs, pads)  # its gradient slices the padding away

    def compute_output_shape(self, input_shape):
        out = list(input_shape)
        axis = 2 if self.data_format == "channels_first" else 1
        if out[axis] is not None:
            out[axis] += self.padding[0] + self.padding[1]
        return tuple(out)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}

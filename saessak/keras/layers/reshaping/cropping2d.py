"""Cropping2D: remove rows and columns at the borders of images."""

from ..convolutional.arguments import standardize_data_format
from ..input_spec import InputSpec
from ..layer import Layer
from .zero_padding2d import pairs_2d


class Cropping2D(Layer):
    """Crop ``((top, bottom), (left, right))`` (or an int, or ``(h, w)`` symmetric amounts)."""

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        if isinstance(cropping, int) and cropping < 0:
            raise ValueError(f"`cropping` cannot be negative. Received: cropping={cropping}.")
        self.cropping = pairs_2d(cropping, "cropping")
        self.input_spec = InputSpec(ndim=4)

    def _check(self, shape, what):
        first = self.data_format == "channels_first"
        h, w = (shape[2], shape[3]) if first else (shape[1], shape[2])
        if (h is not None and sum(self.cropping[0]) >= h) or (
                w is not None and sum(self.cropping[1]) >= w):
            raise ValueError(
                "Values in `cropping` argument should be smaller than the corresponding spatial "
                f"dimension of the input. Received: {what}={shape}, cropping={self.cropping}")
        return h, w

    def call(self, inputs):
        shape = tuple(inputs._value.shape)
        h, w = self._check(shape, "inputs.shape")
        (top, bottom), (left, right) = self.cropping
        rows, cols = slice(top, h - bottom), slice(left, w - right)
        if self.data_format == "channels_first":
            return inputs[:, :, rows, cols]
        return inputs[:, rows, cols, :]

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        h, w = self._check(input_shape, "input_shape")
        h = None if h is None else h - sum(self.cropping[0])
        w = None if w is None else w - sum(self.cropping[1])
        if self.data_format == "channels_first":
            return (input_shape[0], input_shape[1], h, w)
        return (input_shape[0], h, w, input_shape[3])

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}

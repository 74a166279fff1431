"""Cropping1D: remove steps from the start and end of ``(batch, steps, features)`` inputs."""

from ..convolutional.arguments import standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer


class Cropping1D(Layer):
    """Drop ``cropping = (start, end)`` steps (an int crops both ends equally)."""

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = standardize_tuple(cropping, 2, "cropping", allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        shape = tuple(inputs._value.shape)
        if sum(self.cropping) >= shape[1]:
            raise ValueError(
                "`cropping` parameter of `Cropping1D` layer must be smaller than the input length. "
                f"Received: inputs.shape={shape}, cropping={self.cropping}")
        start, end = self.cropping
        return inputs[:, start:shape[1] - end, :]  # slicing: its gradient pads with zeros

    def compute_output_shape(self, input_shape):
        length = None
        if input_shape[1] is not None:
            length = input_shape[1] - self.cropping[0] - self.cropping[1]
            if length <= 0:
                raise ValueError(
                    "`cropping` parameter of `Cropping1D` layer must be smaller than the input "
                    f"length. Received: input_shape={tuple(input_shape)}, cropping={self.cropping}")
        return (input_shape[0], length, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping}

"""Identity: a layer that returns its inputs unchanged (a placeholder in a model)."""

from ....engine import nest
from ..keras_tensor import KerasTensor
from ..layer import Layer


class Identity(Layer):
    """``call(inputs) = inputs``, for any structure of tensors."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs, **kwargs):
        # Keep each input's dtype (ints stay ints), unlike the float-casting default.
        return nest.map_structure(
            lambda t: KerasTensor(t.shape, dtype=t.dtype) if isinstance(t, KerasTensor) else t, inputs)

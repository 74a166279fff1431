"""Masking: a timestep whose features all equal ``mask_value`` is padding for the layers downstream.

The mask is ``any(inputs != mask_value, axis=-1)``, one boolean per step;
the masked steps' values are also set to 0 in the output.
"""

from ....ops import array_ops, math_ops, reduce_ops
from ..layer import Layer


class Masking(Layer):
    """Masks timesteps equal to ``mask_value`` in every feature (``keras.layers.Masking``)."""

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config", None):
            from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415

            mask_value = deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def _keep(self, inputs, keepdims):
        inputs = array_ops.convert_to_tensor(inputs)
        different = math_ops.not_equal(inputs, array_ops.constant(self.mask_value, dtype=inputs.dtype))
        return reduce_ops.reduce_any(different, axis=-1, keepdims=keepdims)

    def compute_mask(self, inputs, mask=None):
        return self._keep(inputs, keepdims=False)

    def call(self, inputs):
        keep = self._keep(inputs, keepdims=True)
        return math_ops.where(keep, inputs, array_ops.zeros((), dtype=inputs.dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config

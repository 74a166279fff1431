"""Rescaling: ``output = inputs * scale + offset`` in the layer's float dtype."""

from ....ops import array_ops, math_ops
from ... import config
from ..keras_tensor import KerasTensor
from ..layer import Layer


class Rescaling(Layer):
    """Rescale every value: ``x * scale + offset`` (e.g. ``scale=1/255`` maps [0, 255] to [0, 1]).

    Integer inputs (``uint8`` images) are cast to the layer's dtype first.  ``scale`` and
    ``offset`` may be numbers or per-channel lists (the last axis, or the channel axis
    when ``keras.config.image_data_format()`` is ``channels_first``).

    Args:
        scale: the factor to multiply by.
        offset: the value to add after scaling.
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = array_ops.constant(self.scale, dtype=dtype)
        offset = array_ops.constant(self.offset, dtype=dtype)
        if scale.ndim and config.image_data_format() == "channels_first":
            scale = array_ops.reshape(scale, tuple(scale.shape) + (1,) * (3 - scale.ndim))
        x = inputs if inputs.dtype.name == dtype else math_ops.cast(inputs, dtype)
        return math_ops.add(math_ops.multiply(x, scale), offset)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def compute_output_spec(self, inputs):
        return KerasTensor(tuple(inputs.shape), dtype=self.compute_dtype)

    def get_config(self):
        from ...saving.serialization import serialize_keras_object  # noqa: PLC0415

        config_ = super().get_config()
        config_.update({"scale": serialize_keras_object(self.scale),
                        "offset": serialize_keras_object(self.offset)})
        return config_

    @classmethod
    def from_config(cls, config_, custom_objects=None):
        from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415

        config_ = dict(config_)
        for key in ("scale", "offset"):
            if key in config_:
                config_[key] = deserialize_keras_object(config_[key], custom_objects=custom_objects)
        return super().from_config(config_)

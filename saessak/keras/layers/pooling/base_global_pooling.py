"""BaseGlobalPooling: reduce all spatial positions of each channel to one number (max or mean)."""

from ..convolutional.arguments import standardize_data_format
from ..input_spec import InputSpec
from ..layer import Layer


class BaseGlobalPooling(Layer):
    """Abstract global pooling over ``pool_dimensions`` spatial axes; ``keepdims`` keeps them as 1s."""

    def __init__(self, pool_dimensions, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def spatial_axes(self, ndim):
        return list(range(1, ndim - 1)) if self.data_format == "channels_last" else list(range(2, ndim))

    def call(self, inputs):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        n = len(input_shape) - 2
        if self.data_format == "channels_last":
            middle = (1,) * n if self.keepdims else ()
            return (input_shape[0],) + middle + (input_shape[-1],)
        return (input_shape[0], input_shape[1]) + ((1,) * n if self.keepdims else ())

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config

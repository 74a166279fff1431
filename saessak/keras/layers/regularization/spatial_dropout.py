"""SpatialDropout1D/2D/3D: dropout of whole feature maps (channels) instead of single values.

Neighbouring values of a feature map are strongly correlated, so dropping
single values barely regularizes a convolutional network.  Spatial dropout
draws one keep/drop decision per (sample, channel) and applies it to every
position: dropout with ``noise_shape`` ``(N, 1, C)`` (1-D), ``(N, 1, 1, C)``
(2-D channels_last) or ``(N, C, 1, 1)`` (channels_first).  Kept maps are
scaled by ``1 / (1 - rate)``; inference is the identity.
"""

from .... import nn
from ..convolutional.arguments import standardize_data_format
from ..core.dropout import Dropout
from ..input_spec import InputSpec


class BaseSpatialDropout(Dropout):
    """Dropout whose mask is shared along the spatial axes (``_noise_shape`` picks them)."""

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def _noise_shape(self, shape):
        raise NotImplementedError

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            shape = tuple(inputs._value.shape)
            return nn.dropout(inputs, rate=self.rate, noise_shape=self._noise_shape(shape),
                              seed=self.seed)
        return inputs

    def get_config(self):
        # Keras's spatial dropouts report exactly these keys (no `trainable`, a plain dtype name).
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


class SpatialDropout1D(BaseSpatialDropout):
    """Drop entire channels of ``(batch, timesteps, channels)`` inputs while training."""

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, shape):
        return (shape[0], 1, shape[2])


class SpatialDropout2D(BaseSpatialDropout):
    """Drop entire channels of images while training (``data_format`` says where they are)."""

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def _noise_shape(self, shape):
        if self.data_format == "channels_first":
            return (shape[0], shape[1], 1, 1)
        return (shape[0], 1, 1, shape[3])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class SpatialDropout3D(BaseSpatialDropout):
    """Drop entire channels of volumes ``(batch, d1, d2, d3, channels)`` while training."""

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def _noise_shape(self, shape):
        if self.data_format == "channels_first":
            return (shape[0], shape[1], 1, 1, 1)
        return (shape[0], 1, 1, 1, shape[4])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}

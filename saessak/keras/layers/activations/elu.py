"""ELU layer: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise."""

from ... import activations
from ..layer import Layer


class ELU(Layer):
    """Exponential linear unit with slope parameter ``alpha`` (default 1)."""

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        # Keras 3 builds this config from the constructor arguments: 'alpha' follows 'name'.
        config = super().get_config()
        return {"name": config.pop("name"), "alpha": self.alpha, **config}

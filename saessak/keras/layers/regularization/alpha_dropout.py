"""AlphaDropout: dropout that keeps SELU activations at zero mean and unit variance.

Dropped values are set to SELU's negative saturation value
``alpha' = -scale * alpha`` (not to 0), and an affine map ``a * x + b`` restores
the mean and variance of standard-normal inputs (Klambauer et al., 2017)::

    a = ((1 - rate) * (1 + rate * alpha'^2)) ** -0.5,    b = -a * alpha' * rate

so ``y = a * (x * k + alpha' * (1 - k)) + b`` with ``k`` the 0/1 keep mask
(``P(k = 1) = 1 - rate``).  The gradient is ``a * k``.  Inference: the identity.
"""

from ....ops import math_ops, random_ops
from ..layer import Layer

_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Alpha dropout for self-normalizing (SELU) networks, active only when ``training=True``."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError("Invalid value received for argument `rate`. Expected a float value "
                             f"between 0 and 1. Received: rate={rate}")
        self.rate = rate
        self.seed = seed
        self.noise_shape = noise_shape
        self.supports_masking = True
        self.built = True

    def _concrete_noise_shape(self, shape):
        if self.noise_shape is None:
            return shape
        return tuple(shape[i] if v is None else int(v) for i, v in enumerate(self.noise_shape))

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            alpha_p = -_ALPHA * _SCALE
            shape = self._concrete_noise_shape(tuple(inputs._value.shape))
            u = random_ops.uniform(shape, dtype=inputs.dtype, seed=self.seed)
            kept = math_ops.cast(math_ops.greater_equal(u, float(self.rate)), inputs.dtype)
            a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
            b = -a * alpha_p * self.rate
            dropped = math_ops.multiply(math_ops.subtract(1.0, kept), alpha_p)
            x = math_ops.add(math_ops.multiply(inputs, kept), dropped)
            return math_ops.add(math_ops.multiply(x, a), b)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config

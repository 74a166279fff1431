"""GaussianDropout: in training, multiply by 1-centered normal noise of variance ``rate / (1 - rate)``.

It is dropout's mean and variance without the zeros: inverted dropout
multiplies by ``b / (1 - rate)`` with ``b ~ Bernoulli(1 - rate)``, a factor of
mean 1 and variance ``rate / (1 - rate)``; here the factor is
``N(1, rate / (1 - rate))``.  The noise is drawn when the step runs, and is a
constant for differentiation (``d(x * n)/dx = n``).  Inference: the identity.
"""

import math

from ....ops import math_ops, random_ops
from ..layer import Layer


class GaussianDropout(Layer):
    """Multiplicative Gaussian noise with stddev ``sqrt(rate / (1 - rate))`` when ``training=True``."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError("Invalid value received for argument `rate`. Expected a float value "
                             f"between 0 and 1. Received: rate={rate}")
        self.rate = rate
        self.seed = seed
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = random_ops.normal(tuple(inputs._value.shape), mean=1.0, stddev=stddev,
                                      dtype=self.compute_dtype, seed=self.seed)
            if inputs.dtype != noise.dtype:
                inputs = math_ops.cast(inputs, noise.dtype)
            return math_ops.multiply(inputs, noise)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config

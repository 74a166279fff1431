"""GaussianNoise: in training, add zero-mean normal noise of standard deviation ``stddev``.

The noise is drawn by a random op when the step runs (not when it is traced),
so a compiled training step draws fresh noise each time.  It is a constant
for differentiation: ``d(x + noise)/dx = 1``.
"""

from ....ops import math_ops, random_ops
from ..layer import Layer


class GaussianNoise(Layer):
    """``x + N(0, stddev^2)`` when ``training=True``; ``x`` otherwise.

    Args:
        stddev: standard deviation of the noise, in [0, 1].
        seed: optional integer seed for repeatable noise.
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError(
                "Invalid value received for argument `stddev`. Expected a float value between 0 and "
                f"1. Received: stddev={stddev}")
        self.stddev = stddev
        self.seed = seed
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            noise = random_ops.normal(tuple(inputs._value.shape), mean=0.0, stddev=float(self.stddev),
                                      dtype=self.compute_dtype, seed=self.seed)
            if inputs.dtype != noise.dtype:
                inputs = math_ops.cast(inputs, noise.dtype)
            return math_ops.add(inputs, noise)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config

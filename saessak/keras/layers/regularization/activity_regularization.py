"""ActivityRegularization: pass inputs through, adding ``l1 * sum|x| + l2 * sum x^2`` to the loss.

The penalty is the base Layer's activity regularizer: it is divided by the
batch size, as Keras 3 does, so its strength does not depend on the batch.
"""

from ... import regularizers
from ..layer import Layer


class ActivityRegularization(Layer):
    """Identity on the data; adds an L1/L2 penalty on its inputs to ``layer.losses``."""

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config.update({"l1": self.l1, "l2": self.l2})
        return config

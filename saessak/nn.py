"""``tf.nn``: activations, losses on logits, normalization, convolution and pooling."""

from ._unsupported import module_getattr as _module_getattr  # noqa: E402
from .ops.conv_ops import *  # noqa: F403
from .ops.math_ops import sigmoid, softplus, tanh  # noqa: F401
from .ops.nn_ops import *  # noqa: F403

__getattr__ = _module_getattr("tf.nn")

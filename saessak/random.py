"""``tf.random``: seeded random tensors."""

from ._unsupported import module_getattr as _module_getattr  # noqa: E402
from .ops.random_ops import *  # noqa: F403

__getattr__ = _module_getattr("tf.random")

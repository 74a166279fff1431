"""``tf.random``: seeded random tensors."""

from .ops.random_ops import *  # noqa: F403

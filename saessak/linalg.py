"""``tf.linalg``: matrix products."""

from .ops.array_ops import eye  # noqa: F401
from .ops.linalg_ops import *  # noqa: F403

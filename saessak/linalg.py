"""``tf.linalg``: matrix products."""

from ._unsupported import module_getattr as _module_getattr  # noqa: E402
from .ops.array_ops import eye  # noqa: F401
from .ops.linalg_ops import *  # noqa: F403

__getattr__ = _module_getattr("tf.linalg")

"""``tf.data.experimental``: the constants and helpers of TF's experimental namespace that saessak has."""

from ..backend import xp
from ..engine.tensor import Tensor
from ._base import INFINITE as INFINITE_CARDINALITY
from ._base import UNKNOWN as UNKNOWN_CARDINALITY
from .dataset import AUTOTUNE


def cardinality(dataset):
    """``dataset.cardinality()``: an int64 tensor, -1 for infinite, -2 for unknown."""
    return Tensor(xp.asarray(dataset._node.cardinality(), dtype=xp.int64))


def enable_debug_mode():
    """A no-op: saessak already runs dataset functions eagerly, element by element."""


__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "cardinality",
           "enable_debug_mode"]

"""Reshaping layers: Reshape, Permute, RepeatVector (the batch axis is never touched)."""

from .permute import Permute
from .repeat_vector import RepeatVector
from .reshape import Reshape

__all__ = ["Permute", "RepeatVector", "Reshape"]

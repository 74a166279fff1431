"""Normalization layers: batch, layer and group normalization."""

from .batch_normalization import BatchNormalization
from .group_normalization import GroupNormalization
from .layer_normalization import LayerNormalization

__all__ = ["BatchNormalization", "GroupNormalization", "LayerNormalization"]

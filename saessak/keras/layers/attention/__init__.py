"""Attention layers: dot-product (Luong) and additive (Bahdanau) attention, and multi-head attention."""

from .additive_attention import AdditiveAttention
from .attention import Attention
from .multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "MultiHeadAttention"]

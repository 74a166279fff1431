"""Differentiable ops built on the engine's registry, one family per module."""

from . import array_ops, math_ops  # noqa: F401
from .tensor_methods import install

install()

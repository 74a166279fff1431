"""Regularization layers that act only on the loss or only in training."""

from .activity_regularization import ActivityRegularization
from .gaussian_noise import GaussianNoise

__all__ = ["ActivityRegularization", "GaussianNoise"]

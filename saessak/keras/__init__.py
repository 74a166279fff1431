"""saessak.keras: Keras 3's API on saessak's engine (``from saessak import keras``)."""

from . import (
    activations,
    backend,
    callbacks,
    config,
    constraints,
    datasets,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    preprocessing,
    regularizers,
    saving,
    utils,
    wrappers,
)
from .layers import Input, InputSpec, Layer
from .models import Model, Sequential
from .variables import Variable

__all__ = [
    "Input", "InputSpec", "Layer", "Model", "Sequential", "Variable", "activations", "backend", "callbacks",
    "config", "constraints", "datasets", "initializers", "layers", "losses", "metrics", "models", "optimizers",
    "preprocessing", "regularizers", "saving", "utils", "wrappers",
]

from .._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras")

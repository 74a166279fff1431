"""Activation functions (``keras.activations``) and the ``get``/``serialize`` lookups.

``get`` accepts a name (``"relu"``, ``"swish"``...), a config dict, a callable,
or None (the linear activation); ``serialize`` gives built-in functions back as
their names, as Keras does.
"""

import inspect

from .. import _lookup
from .activations import (
    celu,
    elu,
    exponential,
    gelu,
    glu,
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_tanh,
    leaky_relu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    soft_shrink,
    softmax,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    tanh,
    tanh_shrink,
    threshold,
)

swish = silu
hard_swish = hard_silu

ALL_OBJECTS = (relu, leaky_relu, relu6, softmax, celu, elu, selu, softplus, softsign, squareplus,
               soft_shrink, sparse_plus, silu, gelu, glu, tanh, tanh_shrink, threshold, sigmoid,
               sparse_sigmoid, exponential, hard_sigmoid, hard_silu, hard_tanh, hard_shrink, linear,
               mish, log_softmax, log_sigmoid, sparsemax)
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({"swish": silu, "hard_swish": hard_silu})


def serialize(activation):
    """A built-in activation's name (``"relu"``); a config dict for other callables."""
    if inspect.isfunction(activation) and ALL_OBJECTS_DICT.get(activation.__name__) is activation:
        return activation.__name__
    if activation is None:
        return None
    return _lookup.serialize(activation, "keras.activations", ALL_OBJECTS_DICT)


def deserialize(config, custom_objects=None):
    """The activation named by ``config`` (a name or a config dict)."""
    return _lookup.deserialize(config, ALL_OBJECTS_DICT, "activation function", custom_objects)


def get(identifier):
    """A Tensor -> Tensor function for ``identifier``; None gives ``linear``."""
    if identifier is None:
        return linear
    return _lookup.resolve(identifier, ALL_OBJECTS_DICT, "activation function", deserialize)


__all__ = sorted(ALL_OBJECTS_DICT) + ["serialize", "deserialize", "get"]

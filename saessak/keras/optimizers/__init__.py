"""Keras optimizers (``keras.optimizers``) and ``get``/``serialize``/``deserialize``.

``get('adam')`` (any case), ``get({'class_name': 'Adam', 'config': {...}})`` and
``get(instance)`` return an optimizer; the serialized form is Keras 3's
``{'module', 'class_name', 'config', 'registered_name'}`` dict.
"""

import difflib

from . import schedules
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .base_optimizer import BaseOptimizer, Optimizer
from .lion import Lion
from .nadam import Nadam
from .rmsprop import RMSprop
from .sgd import SGD

ALL_OBJECTS = (Optimizer, Adam, SGD, RMSprop, Adadelta, AdamW, Adagrad, Adamax, Nadam, Lion)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}


def serialize(optimizer):
    """The optimizer as Keras's serialized dict (class name and ``get_config()``)."""
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizers.serialize expects an Optimizer instance, received {optimizer!r}.")
    cls = type(optimizer)
    builtin = ALL_OBJECTS_DICT.get(cls.__name__.lower()) is cls
    return {"module": "keras.optimizers" if builtin else cls.__module__,
            "class_name": cls.__name__, "config": optimizer.get_config(),
            "registered_name": None if builtin else cls.__name__}


def deserialize(config, custom_objects=None):
    """An optimizer from ``{'class_name', 'config'}``; built-in class names are case-insensitive."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError("optimizers.deserialize expects a dict with 'class_name' and 'config', "
                         f"received {config!r}.")
    name = config["class_name"]
    custom_objects = custom_objects or {}
    cls = custom_objects.get(name) or ALL_OBJECTS_DICT.get(str(name).lower())
    if cls is None:
        raise ValueError(f"Could not interpret optimizer identifier: {config!r}. "
                         + _suggest(name) + " Pass custom optimizers in `custom_objects`.")
    return cls.from_config(dict(config.get("config") or {}), custom_objects=custom_objects)


def _suggest(name):
    names = sorted(n for n in ALL_OBJECTS_DICT if n != "optimizer")
    close = difflib.get_close_matches(str(name).lower(), names, n=1)
    hint = f"Did you mean '{close[0]}'? " if close else ""
    return f"Unknown optimizer '{name}'. {hint}Valid names: {names}."


def get(identifier):
    """An optimizer from a name (``'adam'``), a serialized dict, or an instance (returned as is)."""
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = ALL_OBJECTS_DICT.get(identifier.lower())
        if cls is None or cls is Optimizer:
            raise ValueError(f"Could not interpret optimizer identifier: {identifier}. "
                             + _suggest(identifier))
        return cls()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}. Pass an optimizer name "
                     "such as 'adam', a dict {'class_name': ..., 'config': ...} or an Optimizer instance.")


__all__ = [
    "Optimizer", "BaseOptimizer", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax",
    "Nadam", "Lion", "schedules", "get", "serialize", "deserialize",
]

"""``keras.saving``: object (de)serialization and custom-object registration."""

from .h5_safety import ModelFileError
from .object_registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from .saving_api import load_model, load_weights, save_model, save_weights
from .serialization import deserialize_keras_object, serialize_keras_object

__all__ = [
    "CustomObjectScope", "ModelFileError", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
    "get_registered_name", "get_registered_object", "load_model", "load_weights", "register_keras_serializable",
    "save_model", "save_weights", "serialize_keras_object",
]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.saving")

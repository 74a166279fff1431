"""``keras.models``: Model, Sequential, and building models from configs."""

from .functional import Functional
from .model import Model
from .sequential import Sequential


def model_from_json(json_string, custom_objects=None):
    """Rebuild a model (architecture only, fresh weights) from ``model.to_json()``."""
    import json  # noqa: PLC0415

    from ..saving.serialization import deserialize_keras_object  # noqa: PLC0415

    return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)


def model_from_config(config, custom_objects=None):
    from ..saving.serialization import deserialize_keras_object  # noqa: PLC0415

    return deserialize_keras_object(config, custom_objects=custom_objects)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):  # noqa: A002 - Keras's name
    """Load a model saved by ``model.save`` (``.keras``, or legacy ``.h5``)."""
    from ..saving.saving_api import load_model as _load  # noqa: PLC0415

    return _load(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """``model.save(filepath)`` as a function (``keras.models.save_model``)."""
    from ..saving.saving_api import save_model as _save  # noqa: PLC0415

    return _save(model, filepath, overwrite=overwrite, zipped=zipped, **kwargs)


__all__ = ["Functional", "Model", "Sequential", "load_model", "model_from_config", "model_from_json",
           "save_model"]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.models")

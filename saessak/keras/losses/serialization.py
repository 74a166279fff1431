"""Keras's serialized form of losses and metrics, and how identifiers are resolved.

``serialize_keras_object`` writes what Keras 3 writes, so configs round-trip
between saessak and Keras:

* a built-in function: ``{"module": "builtins", "class_name": "function",
  "config": "mean_squared_error", "registered_name": "function"}``;
* an object with ``get_config``: ``{"module": "keras.losses", "class_name":
  "MeanSquaredError", "config": {...}, "registered_name": None}``;
* dicts, lists and plain Python values: themselves, with their items serialized.

``resolve`` turns a string identifier into the object it names and, for an
unknown name, raises an error that suggests the closest valid names.
"""

import difflib
import inspect


def serialize_keras_object(obj):
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(v) for v in obj]
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return {"module": "builtins", "class_name": "function", "config": obj.__name__,
                "registered_name": "function"}
    if hasattr(obj, "get_config"):
        cls = type(obj)
        module = getattr(cls, "_keras_module", None)
        builtin = module is not None and cls.__module__.startswith("saessak.keras.")
        return {"module": module if builtin else cls.__module__, "class_name": cls.__name__,
                "config": obj.get_config(),
                "registered_name": None if builtin else cls.__name__}
    return obj


def deserialize_keras_object(config, module_objects, custom_objects=None, kind="object"):
    """The object a serialized ``config`` describes (an instance or a function)."""
    objects = dict(module_objects)
    objects.update(custom_objects or {})
    if config is None:
        return None
    if isinstance(config, str):
        return resolve(config, objects, kind)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not deserialize {kind} {config!r}: expected a name or a dict with 'class_name' "
            "and 'config' keys (the output of serialize()).")
    class_name = config["class_name"]
    inner = config.get("config")
    if class_name == "function":
        return resolve(inner, objects, kind)
    cls = objects.get(class_name) or objects.get(config.get("registered_name") or "")
    if cls is None:
        resolve(class_name, objects, kind)  # raises with suggestions
    inner = dict(inner or {})
    if hasattr(cls, "from_config"):
        return cls.from_config(inner)
    return cls(**inner)


def resolve(name, objects, kind):
    obj = objects.get(name)
    if obj is None:
        close = difflib.get_close_matches(name, list(objects), n=3, cutoff=0.6)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(
            f"Could not interpret {kind} identifier: {name!r}. It is not the name of a known "
            f"{kind} function or class.{hint}")
    return obj


def get_object_name(obj):
    """The name Keras gives a metric/loss object or function in logs."""
    from ..naming import to_snake_case  # noqa: PLC0415

    if hasattr(obj, "name"):
        return obj.name
    if hasattr(obj, "__name__"):
        return to_snake_case(obj.__name__)
    return to_snake_case(type(obj).__name__)

"""Identifiers to Keras objects: the ``get``/``serialize``/``deserialize`` machinery.

``keras.initializers``, ``activations``, ``regularizers`` and ``constraints``
each keep a table from names (``"glorot_uniform"``, ``"GlorotUniform"``) to
classes or functions, and accept the same kinds of identifiers: a name, a
class, an instance, a config dict ``{"class_name", "config"}`` or any callable.
The pieces they share live here, so that every family answers an unknown name
the same way: with the closest valid name.
"""

import difflib
import inspect


def unknown_name(kind, identifier, names):
    """The ValueError for a name that is not in the table, suggesting the closest ones."""
    close = difflib.get_close_matches(str(identifier), sorted(names), n=3, cutoff=0.5)
    hint = (f" Did you mean {' or '.join(repr(c) for c in close)}?" if close
            else f" Valid names: {', '.join(sorted(n for n in names if n[:1].islower()))}.")
    return ValueError(f"Could not interpret {kind} identifier: {identifier!r} is not a known name.{hint}")


def serialize(obj, module, table):
    """Keras's config dict for an object: ``{"module", "class_name", "config", "registered_name"}``.

    Built-in classes report their Keras module (``keras.initializers``...) and no
    registered name; other classes report themselves, as Keras does for custom objects.
    """
    if obj is None:
        return None
    cls = type(obj)
    builtin = table.get(cls.__name__) is cls
    if inspect.isfunction(obj):
        return {"module": "builtins", "class_name": "function", "config": obj.__name__,
                "registered_name": "function"}
    get_config = getattr(obj, "get_config", None)
    if get_config is None:
        raise ValueError(
            f"Cannot serialize {obj!r}: it has no get_config() method. Give its class a get_config() "
            "returning its constructor arguments.")
    return {"module": module if builtin else None, "class_name": cls.__name__,
            "config": get_config(), "registered_name": None if builtin else cls.__name__}


def deserialize(config, table, kind, custom_objects=None):
    """Rebuild an object from a name or a config dict (``class_name`` looked up in ``table``)."""
    objects = dict(table)
    if custom_objects:
        objects.update(custom_objects)
    if isinstance(config, str):
        if config not in objects:
            raise unknown_name(kind, config, objects)
        return objects[config]
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret {kind} config: expected a name or a dict with keys 'class_name' "
            f"and 'config', received {config!r}.")
    name = config["class_name"]
    inner = config.get("config") or {}
    if name == "function":  # a serialized built-in function (activations)
        name = inner if isinstance(inner, str) else config.get("registered_name")
        if name not in objects:
            raise unknown_name(kind, name, objects)
        return objects[name]
    if name not in objects:
        name = config.get("registered_name") or name
    if name not in objects:
        raise unknown_name(kind, config["class_name"], objects)
    cls = objects[name]
    if not inspect.isclass(cls):
        return cls
    from_config = getattr(cls, "from_config", None)
    return from_config(inner) if from_config is not None else cls(**inner)


def resolve(identifier, table, kind, module_deserialize):
    """The common ``get``: names and dicts through the table, classes instantiated, callables kept."""
    if isinstance(identifier, dict):
        obj = module_deserialize(identifier)
    elif isinstance(identifier, str):
        if identifier not in table:
            raise unknown_name(kind, identifier, table)
        obj = table[identifier]
    else:
        obj = identifier
    if inspect.isclass(obj):
        obj = obj()
    if callable(obj):
        return obj
    raise ValueError(
        f"Could not interpret {kind} identifier: {identifier!r}. Expected a name (e.g. "
        f"{_example(table)!r}), a config dict, a class, an instance or a callable.")


def _example(table):
    names = sorted(n for n in table if n[:1].islower())
    return names[0] if names else ""

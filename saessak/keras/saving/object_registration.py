"""Custom objects: ``register_keras_serializable`` and ``custom_object_scope``."""

import threading

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}


class _Scope(threading.local):
    def __init__(self):
        self.stack = []


_scope = _Scope()


class CustomObjectScope:
    """``with custom_object_scope({'MyLayer': MyLayer}):`` makes the names resolvable while loading."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _scope.stack.append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _scope.stack.pop()
        return False


custom_object_scope = CustomObjectScope


def get_custom_objects():
    """The global dict of registered custom objects (mutable, as in Keras)."""
    return _GLOBAL_CUSTOM_OBJECTS


def register_keras_serializable(package="Custom", name=None):
    """Decorator registering a class or function under ``'package>name'`` for deserialization."""
    def decorator(obj):
        registered = f"{package}>{name or obj.__name__}"
        if registered in _GLOBAL_CUSTOM_OBJECTS:
            raise ValueError(f"{registered} has already been registered to {_GLOBAL_CUSTOM_OBJECTS[registered]}")
        if not callable(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register an object that is neither a class nor a function.")
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register a class that does not have a get_config() method: {obj.__name__}.")
        _GLOBAL_CUSTOM_OBJECTS[registered] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered
        return obj
    return decorator


def get_registered_name(obj):
    return _GLOBAL_CUSTOM_NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(name, custom_objects=None, module_objects=None):
    for table in reversed(_scope.stack):
        if name in table:
            return table[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _GLOBAL_CUSTOM_OBJECTS:
        return _GLOBAL_CUSTOM_OBJECTS[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None

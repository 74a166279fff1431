"""Keras 3's object config schema: ``{module, class_name, config, registered_name, build_config}``.

``serialize_keras_object`` turns a layer, model, initializer, optimizer... into
plain JSON-able data; ``deserialize_keras_object`` turns it back.  Loading never
imports a module or runs code named by the file: classes are looked up only in
saessak's own tables and among objects the user registered or passed in
``custom_objects``.  In safe mode (the default) a config that carries Python
code (a ``Lambda`` layer's bytecode) is refused, as Keras does since
CVE-2024-3660.
"""

import threading

from .object_registration import get_registered_name, get_registered_object


class _SafeMode(threading.local):
    def __init__(self):
        self.value = None


_safe_mode = _SafeMode()


def in_safe_mode():
    """True unless the current load was started with ``safe_mode=False``."""
    return _safe_mode.value is not False


class SafeModeScope:
    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._saved = _safe_mode.value
        _safe_mode.value = self.safe_mode
        return self

    def __exit__(self, *exc):
        _safe_mode.value = self._saved
        return False


def enable_unsafe_deserialization():
    _safe_mode.value = False


# ---------------------------------------------------------------- serialization
def _module_of(obj):
    from ..constraints import Constraint  # noqa: PLC0415
    from ..layers.layer import Layer  # noqa: PLC0415
    from ..models.functional import Functional  # noqa: PLC0415
    from ..models.model import Model  # noqa: PLC0415
    from ..models.sequential import Sequential  # noqa: PLC0415

    cls = type(obj)
    if getattr(cls, "_keras_module", None):
        return cls._keras_module
    if not cls.__module__.startswith("saessak."):
        return cls.__module__
    if isinstance(obj, Functional):
        return "keras.src.models.functional"
    if isinstance(obj, (Sequential, Model)):
        return "keras"
    if isinstance(obj, Layer):
        return "keras.layers"
    if isinstance(obj, Constraint):
        return "keras.constraints"
    parts = cls.__module__.split(".")
    # saessak.keras.initializers.random_initializers -> keras.initializers
    return "keras." + parts[2] if len(parts) > 2 else "keras"


def serialize_keras_object(obj):
    """Plain-data description of ``obj`` in Keras 3's format."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    name = getattr(obj, "name", None)
    if hasattr(obj, "as_numpy_dtype") and isinstance(name, str):  # a DType
        return name
    if isinstance(obj, type):
        return {"module": obj.__module__, "class_name": obj.__name__, "config": None,
                "registered_name": get_registered_name(obj)}
    if not hasattr(obj, "get_config") and callable(obj):
        return {"module": "builtins", "class_name": "function", "config": get_registered_name(obj),
                "registered_name": "function"}
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize {obj!r}: it has no get_config() method.")
    config = obj.get_config()
    cls = type(obj)
    module = _module_of(obj)
    registered = get_registered_name(cls)
    out = {
        "module": module,
        "class_name": cls.__name__,
        "config": _to_plain(config),
        "registered_name": None if module.startswith("keras") and registered == cls.__name__ and
        module != "keras.src.models.functional" else registered,
    }
    if module == "keras.src.models.functional":
        out["registered_name"] = "Functional"
    elif module.startswith("keras.src.ops."):
        out["registered_name"] = cls.__name__
    if hasattr(obj, "get_build_config") and getattr(obj, "built", False):
        build_config = obj.get_build_config()
        if build_config is not None:
            out["build_config"] = _to_plain(build_config)
    if hasattr(obj, "get_compile_config"):
        if "build_config" not in out:
            out["build_config"] = {"input_shape": None}
        out["compile_config"] = _to_plain(obj.get_compile_config())
    return out


def _to_plain(value):
    if isinstance(value, tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, type) or callable(value) and not hasattr(value, "get_config"):
        return serialize_keras_object(value)
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return serialize_keras_object(value)


# ---------------------------------------------------------------- deserialization
_TABLES = {}


def _builtin_table(module=None):
    """saessak's classes by name; per Keras module ('keras.losses'...), plus a merged table."""
    if not _TABLES:
        from .. import (  # noqa: PLC0415
            constraints,
            initializers,
            layers,
            losses,
            metrics,
            models,
            optimizers,
            regularizers,
        )

        merged = _TABLES.setdefault(None, {})
        for name, mod in (("layers", layers), ("models", models), ("initializers", initializers),
                          ("regularizers", regularizers), ("constraints", constraints),
                          ("optimizers", optimizers), ("losses", losses), ("metrics", metrics)):
            table = _TABLES.setdefault(f"keras.{name}", {})
            for key, value in vars(mod).items():
                if isinstance(value, type) and not key.startswith("_"):
                    for k in (value.__name__, key):
                        table.setdefault(k, value)
                        merged.setdefault(k, value)
        from ..layers.core.op_layer import OP_LAYERS  # noqa: PLC0415

        for module_name in ("keras.src.ops.numpy", "keras.src.ops.nn"):
            _TABLES[module_name] = {k: v for k, v in OP_LAYERS.items() if v._keras_module == module_name}
    return _TABLES.get(module, _TABLES[None])


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuild an object from :func:`serialize_keras_object`'s output."""
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        obj = _lookup(config, None, custom_objects)
        return obj() if isinstance(obj, type) else obj
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(c, custom_objects, safe_mode) for c in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not deserialize {config!r}: expected a dict (an object config).")
    if "class_name" not in config or "config" not in config:
        # A plain dict of values (e.g. Lambda's `arguments`): rebuild each value.
        return {k: deserialize_keras_object(v, custom_objects, safe_mode) for k, v in config.items()}
    class_name = config["class_name"]
    inner = config["config"]
    registered = config.get("registered_name")
    with SafeModeScope(safe_mode if _safe_mode.value is None else _safe_mode.value and safe_mode):
        if class_name == "__lambda__" or (class_name == "function" and isinstance(inner, dict)):
            if in_safe_mode():
                raise ValueError(
                    "Requested the deserialization of a Python lambda (code stored in the file). "
                    "Loading it would execute that code, so it is refused in safe mode (see "
                    "CVE-2024-3660). If you trust the source of this file, pass `safe_mode=False` to "
                    "the loading function.")
            raise ValueError("Deserializing Python bytecode is not supported by saessak.")
        if class_name == "function":
            fn = _lookup(inner, registered, custom_objects, functions=True)
            return fn
        if class_name == "__keras_tensor__":
            raise ValueError("A KerasTensor config can only appear inside a Functional model config.")
        cls = _lookup(class_name, registered, custom_objects, module=config.get("module"))
        if not isinstance(cls, type):
            return cls
        if hasattr(cls, "from_config"):
            try:
                if _accepts_custom_objects(cls):
                    obj = cls.from_config(inner, custom_objects=custom_objects)
                else:
                    obj = cls.from_config(inner)
            except TypeError as exc:
                raise TypeError(
                    f"{class_name}.from_config could not rebuild the object from its config: {exc}. "
                    f"If this is a custom class, override get_config()/from_config() so that they "
                    f"match its __init__ arguments. Config: {inner!r}"[:1000]) from None
        else:
            obj = cls(**(inner or {}))
        build_config = config.get("build_config")
        if build_config and hasattr(obj, "build_from_config") and not getattr(obj, "built", False):
            obj.build_from_config(build_config)
        compile_config = config.get("compile_config")
        if compile_config and hasattr(obj, "compile_from_config") and kwargs.get("compile", True):
            obj.compile_from_config(compile_config)
        return obj


def _accepts_custom_objects(cls):
    import inspect  # noqa: PLC0415

    try:
        return "custom_objects" in inspect.signature(cls.from_config).parameters
    except (TypeError, ValueError):
        return False


def _lookup(name, registered, custom_objects, functions=False, module=None):
    obj = None
    for key in (registered, name):
        if key:
            obj = get_registered_object(key, custom_objects)
            if obj is not None:
                return obj
    if functions:
        from .. import activations, losses, metrics  # noqa: PLC0415

        for module in (activations, losses, metrics):
            # Only public names: a file must not reach private helpers or imported modules.
            if name in getattr(module, "__all__", ()):
                fn = getattr(module, name, None)
                if callable(fn):
                    return fn
    for table in (_builtin_table(module), _builtin_table()):
        if name in table:
            return table[name]
    raise TypeError(
        f"Could not locate class '{name}'. Make sure custom classes and functions are decorated with "
        "`@keras.saving.register_keras_serializable()`, or pass them in `custom_objects`.")

"""Keras 2 configs, as tf.keras 2 wrote them into ``.h5`` files, read as Keras 3 configs.

What differs, and how it is upgraded:

- Functional nodes: ``[[layer, node, tensor, kwargs], ...]`` becomes ``{'args': [tensor or
  [tensors]], 'kwargs': kwargs}`` with ``__keras_tensor__`` references (as Keras 3 does);
- the class name ``Model`` of old Functional configs becomes ``Functional``, and a Sequential
  config that is a bare list of layers gets its ``{'name', 'layers'}`` wrapper;
- ``batch_input_shape`` on layers after an ``InputLayer`` is dropped (the InputLayer has it);
- training configs: the loss reduction ``'auto'`` becomes ``'sum_over_batch_size'`` (Keras 3
  itself refuses ``'auto'``); optimizer configs lose ``is_legacy_optimizer``/``jit_compile``,
  ``lr`` becomes ``learning_rate``, a zero ``decay`` is dropped, and tf.keras 2.11-2.12's
  ``Custom>Adam`` class names become ``Adam``; ``MeanMetricWrapper`` metrics become their
  names (``'accuracy'``) and Keras 2's per-output metric lists are unnested.
"""

import json

__all__ = ["compile_args", "upgrade_legacy_config"]


def _upgrade_node(node):
    """Keras 2 node ``[[layer, node, tensor, kwargs], ...]`` -> Keras 3 ``{'args': [...], 'kwargs': {...}}``."""
    if not isinstance(node, list) or not all(isinstance(d, list) and len(d) in (3, 4) for d in node):
        return node
    refs = [{"class_name": "__keras_tensor__", "config": {"shape": None, "dtype": None, "keras_history": d[:3]}}
            for d in node]
    kwargs = node[-1][3] if node and len(node[-1]) == 4 and isinstance(node[-1][3], dict) else {}
    return {"args": [refs[0] if len(refs) == 1 else refs], "kwargs": kwargs}


def upgrade_legacy_config(entry):
    """Rewrite, in place, what Keras 2 configs spell differently from Keras 3 (see the module docstring)."""
    if not isinstance(entry, dict):
        return entry
    config = entry.get("config")
    if entry.get("class_name") == "Sequential" and isinstance(config, list):
        entry["config"] = config = {"name": "sequential", "layers": config}
    if entry.get("class_name") == "Model" and isinstance(config, dict) and "input_layers" in config:
        entry["class_name"] = "Functional"
    if isinstance(config, dict) and isinstance(config.get("layers"), list):
        layers = [x for x in config["layers"] if isinstance(x, dict)]
        has_input = any(x.get("class_name") == "InputLayer" for x in layers)
        for layer in layers:
            upgrade_legacy_config(layer)
            inner = layer.get("config")
            if has_input and layer.get("class_name") != "InputLayer" and isinstance(inner, dict):
                inner.pop("batch_input_shape", None)  # the InputLayer entry already gives the shape
            if isinstance(layer.get("inbound_nodes"), list):
                layer["inbound_nodes"] = [_upgrade_node(n) for n in layer["inbound_nodes"]]
    return entry


def _is_object(value):
    return isinstance(value, str) or isinstance(value, dict) and "class_name" in value


def _nested(value, fn):
    if value is None or _is_object(value):
        return None if value is None else fn(value)
    if isinstance(value, dict):
        return {k: _nested(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_nested(v, fn) for v in value]
    raise ValueError(f"unexpected entry {value!r} in the training config")


def compile_args(training_config, custom_objects):
    """``model.compile`` arguments from a legacy ``training_config`` (tf.keras 2 or Keras 3)."""
    from ..optimizers import ALL_OBJECTS_DICT  # noqa: PLC0415
    from ..optimizers import deserialize as deserialize_optimizer  # noqa: PLC0415
    from .serialization import deserialize_keras_object  # noqa: PLC0415

    optimizer_config = training_config.get("optimizer_config")
    if not isinstance(optimizer_config, dict):
        raise ValueError("the training config has no optimizer_config")
    class_name = str(optimizer_config.get("class_name"))
    if class_name.startswith("Custom>") and class_name[7:].lower() in ALL_OBJECTS_DICT:
        class_name = class_name[7:]  # tf.keras 2.11-2.12 registered its own optimizers as 'Custom>Adam'
    inner = dict(optimizer_config.get("config") or {})
    for key in ("is_legacy_optimizer", "jit_compile"):
        inner.pop(key, None)
    if "lr" in inner:
        inner.setdefault("learning_rate", inner.pop("lr"))
    if not inner.get("decay"):
        inner.pop("decay", None)
    if isinstance(inner.get("learning_rate"), int):
        inner["learning_rate"] = float(inner["learning_rate"])
    optimizer = deserialize_optimizer({"class_name": class_name, "config": inner}, custom_objects=custom_objects)

    def loss(value):
        if isinstance(value, dict):
            value = json.loads(json.dumps(value))
            if isinstance(value.get("config"), dict) and value["config"].get("reduction") == "auto":
                value["config"]["reduction"] = "sum_over_batch_size"  # Keras 2's default, renamed
            return deserialize_keras_object(value, custom_objects=custom_objects)
        return value

    def metric(value):
        if isinstance(value, dict) and value.get("class_name") == "MeanMetricWrapper":
            config = value.get("config") or {}
            name, fn = config.get("name"), config.get("fn")
            return name if name in ("accuracy", "acc", "crossentropy", "ce") or not isinstance(fn, str) else fn
        return deserialize_keras_object(value, custom_objects=custom_objects) if isinstance(value, dict) else value

    def metrics(value):
        value = _nested(value, metric)
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            value = value[0]  # Keras 2 nests metrics per output
        return value

    return {"optimizer": optimizer, "loss": _nested(training_config.get("loss"), loss),
            "loss_weights": training_config.get("loss_weights"),
            "metrics": metrics(training_config.get("metrics")),
            "weighted_metrics": metrics(training_config.get("weighted_metrics"))}

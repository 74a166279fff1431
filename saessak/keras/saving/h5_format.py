"""Legacy HDF5 model files (``model.save('m.h5')``) and Keras-2-layout weight files.

A legacy model file, as tf.keras 2 and Keras 3 write it::

    attributes  keras_version, backend, model_config (JSON), training_config (JSON, if compiled)
    /model_weights            attributes layer_names (in model order), backend, keras_version
        /<layer>              attribute weight_names, e.g. [b'dense/kernel:0', b'dense/bias:0']
            /dense/kernel:0   one dataset per weight name (Keras 3 names them 'sequential/dense/kernel')
        /top_level_model_weights
    /optimizer_weights        attribute weight_names; datasets at those names

A Keras-2-layout weights file (``save_weights('w.h5')``) is the ``model_weights``
group at the file's root.  Weights are matched to layers by position (layers
that have weights, in model order), or by layer name with ``by_name=True``;
within a layer, by position, trainable weights first.

Reading accepts files from tf.keras 2 as well as Keras 3: Keras 2 configs are
upgraded (legacy_config.py), and a tf.keras 2.11+ optimizer state, which has
no learning-rate variable, is mapped onto the Keras 3 variables.  The same
safety rules as for ``.keras`` files apply (no links, no external data, shapes
checked before reading, safe mode for Lambda code), and every problem is a
:class:`ModelFileError`.
"""

import json
import os
import warnings

from ...backend import xp
from .h5_safety import ModelFileError, dataset_shape, get_child, get_path, h5_reader, read_dataset
from .keras_zip import KERAS_VERSION, _parse_json, build_optimizer, model_from_config
from .legacy_config import compile_args, upgrade_legacy_config
from .weights_store import saved_before_build

__all__ = ["load_legacy_model", "load_legacy_weights", "save_legacy_model", "save_legacy_weights"]

_HEADER_LIMIT = 64512  # HDF5 object header: larger attributes are split into name0, name1...
_MAX_ATTR_BYTES = 64 << 20


# ---------------------------------------------------------------------- attributes
def _save_attributes(group, name, data):
    if any(len(x) > _HEADER_LIMIT for x in data):
        raise ValueError(f"Cannot save '{name}': an entry is longer than {_HEADER_LIMIT} bytes.")
    array = xp.asarray(data)
    chunks = 1
    while array.nbytes / chunks > _HEADER_LIMIT:
        chunks += 1
    if chunks == 1:
        group.attrs[name] = data
    else:
        for i, part in enumerate(xp.array_split(array, chunks)):
            group.attrs[f"{name}{i}"] = part


def _raw_attr(obj, name, where):
    try:
        if name not in obj.attrs:
            return None
        if _attr_size(obj, name) > _MAX_ATTR_BYTES:
            raise ModelFileError(where, f"attribute '{name}' of '{obj.name}' is larger than {_MAX_ATTR_BYTES:,} bytes.")
        return obj.attrs[name]
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(where, f"cannot read attribute '{name}' of '{obj.name}' ({exc}).") from None


def _attr_size(obj, name):
    try:
        return obj.attrs.get_id(name).get_storage_size()
    except Exception:  # HDF5 reports an empty attribute's size as an error
        return 0


def _text(value, what, where):
    if isinstance(value, xp.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bytes, xp.bytes_)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise ModelFileError(where, f"{what} is not UTF-8 text.") from None
    if isinstance(value, str):
        return value
    raise ModelFileError(where, f"{what} should be text, found {type(value).__name__}.")


def _names_attr(obj, name, where):
    """A list-of-names attribute, possibly split in chunks ``name0, name1...`` (empty if absent)."""
    parts = []
    value = _raw_attr(obj, name, where)
    if value is not None:
        parts.append(value)
    else:
        i = 0
        while (chunk := _raw_attr(obj, f"{name}{i}", where)) is not None:
            parts.append(chunk)
            i += 1
    names = []
    for part in parts:
        items = xp.asarray(part, dtype=object).reshape(-1) if not isinstance(part, (str, bytes)) else [part]
        for item in items:
            if isinstance(item, float) or isinstance(item, xp.floating):
                raise ModelFileError(where, f"attribute '{name}' of '{obj.name}' holds numbers, not names.")
            names.append(_text(item, f"an entry of '{name}'", where))
    return names


def _json_default(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{value!r} is not JSON serializable")


# ---------------------------------------------------------------------- saving
def _legacy_layers(config):
    """Keras 3 writes layer entries of legacy configs without module/registered_name/build_config."""
    if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
        return config
    config = dict(config)
    entries = []
    for entry in config["layers"]:
        if isinstance(entry, dict) and "class_name" in entry:
            new = {"class_name": entry.get("registered_name") or entry["class_name"],
                   "config": _legacy_layers(entry.get("config"))}
            new.update({k: entry[k] for k in ("name", "inbound_nodes") if k in entry})
            entry = new
        entries.append(entry)
    config["layers"] = entries
    return config


def _weight_lists(model):
    return [(layer.name, layer.trainable_weights + layer.non_trainable_weights) for layer in model.layers]


def _top_level(model):
    in_model = {id(v) for v in model.weights}
    return [v for v in list(model._trainable_variables) + list(model._non_trainable_variables) if id(v) in in_model]


def _save_subset(group, weights):
    names = [str(getattr(w, "path", w.name)).encode("utf8") for w in weights]
    _save_attributes(group, "weight_names", names)
    for name, w in zip(names, weights):
        value = xp.asarray(w.numpy())
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        dataset[()] = value


def save_legacy_weights(group, model):
    """The Keras 2 weight layout into ``group`` (the file root for ``save_weights('w.h5')``)."""
    _save_attributes(group, "layer_names", [layer.name.encode("utf8") for layer in model.layers])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    lists = dict(_weight_lists(model))
    for name in sorted(lists):
        _save_subset(group.create_group(name), lists[name])
    _save_subset(group.create_group("top_level_model_weights"), _top_level(model))


def save_legacy_model(model, h5, include_optimizer=True):
    """``model.save('m.h5')``: config, training config, weights and optimizer state in one HDF5 file."""
    model_config = {"class_name": type(model).__name__, "config": _legacy_layers(model.get_config())}
    h5.attrs["keras_version"] = KERAS_VERSION
    h5.attrs["backend"] = "tensorflow"
    h5.attrs["model_config"] = json.dumps(model_config, default=_json_default).encode("utf8")
    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and optimizer is not None and getattr(model, "compiled", False):
        training_config = dict(model.get_compile_config())
        training_config.pop("optimizer", None)
        from ..saving.object_registration import get_registered_name  # noqa: PLC0415

        training_config["optimizer_config"] = {"class_name": get_registered_name(type(optimizer)),
                                               "config": optimizer.get_config()}
        h5.attrs["training_config"] = json.dumps(training_config, default=_json_default).encode("utf8")
    save_legacy_weights(h5.create_group("model_weights"), model)
    if include_optimizer and optimizer is not None and optimizer.variables:
        _save_subset(h5.create_group("optimizer_weights"), optimizer.variables)


# ---------------------------------------------------------------------- loading weights
def _subset(group, where):
    """``[(name, dataset, shape)]`` for a layer group's weight_names (no data read yet)."""
    out = []
    for name in _names_attr(group, "weight_names", where):
        parent, _, leaf = name.rpartition("/")
        holder = get_path(group, parent, where) if parent else group
        dataset = get_child(holder, leaf, "dataset", where) if holder is not None else None
        if dataset is None:
            raise ModelFileError(where, f"weight '{name}' listed in '{group.name}' is missing.")
        out.append((name, dataset, dataset_shape(dataset, where)))
    return out


def _match(variables, saved, label, where, skip_mismatch, pairs):
    for var, (name, dataset, shape) in zip(variables, saved):
        want = tuple(var._value.shape)
        if shape != want:
            message = (f"shape mismatch in {label} for weight {getattr(var, 'path', var.name)}: the model expects "
                       f"{want}, the file has {shape} (saved as '{name}').")
            if not skip_mismatch:
                raise ModelFileError(where, message)
            warnings.warn(f"Skipping loading weights: {message}", stacklevel=4)
            continue
        pairs.append((var, dataset))


def load_legacy_weights(group, model, where, skip_mismatch=False, by_name=False):
    """Load a Keras 2 weight layout (``group``) into ``model``; all checks happen before any assignment."""
    layer_names = _names_attr(group, "layer_names", where)
    pairs = []
    saved = {}
    for name in layer_names:
        layer_group = get_path(group, name, where) if name else None
        if layer_group is None:
            raise ModelFileError(where, f"layer '{name}' is listed in layer_names but has no group.")
        saved[name] = _subset(layer_group, where)
    if by_name:
        index = {}
        for layer in model.layers:
            index.setdefault(layer.name, []).append(layer)
        for k, name in enumerate(layer_names):
            for layer in index.get(name, []):
                variables = layer.trainable_weights + layer.non_trainable_weights
                if len(variables) != len(saved[name]):
                    message = (f"weight count mismatch for layer #{k} (named {layer.name}): it expects "
                               f"{len(variables)} weight(s), the file has {len(saved[name])}.")
                    if not skip_mismatch:
                        raise ModelFileError(where, message)
                    warnings.warn(f"Skipping loading weights: {message}", stacklevel=3)
                    continue
                _match(variables, saved[name], f"layer #{k} (named {layer.name})", where, skip_mismatch, pairs)
    else:
        layers = [(layer, layer.trainable_weights + layer.non_trainable_weights) for layer in model.layers
                  if layer.trainable_weights + layer.non_trainable_weights]
        names = [n for n in layer_names if saved[n]]
        if len(names) != len(layers):
            raise ModelFileError(where, f"layer count mismatch: the model has {len(layers)} layers with weights, "
                                        f"the file has {len(names)} ({names[:10]}).")
        for k, ((layer, variables), name) in enumerate(zip(layers, names)):
            if len(variables) != len(saved[name]):
                raise ModelFileError(where, f"weight count mismatch for layer #{k} (named {layer.name} in the "
                                            f"model, {name} in the file): it expects {len(variables)} weight(s), "
                                            f"the file has {len(saved[name])}.")
            _match(variables, saved[name], f"layer #{k} (named {layer.name})", where, skip_mismatch, pairs)
    top = get_child(group, "top_level_model_weights", "group", where)
    if top is not None:
        variables, saved_top = _top_level(model), _subset(top, where)
        if len(variables) != len(saved_top):
            message = (f"weight count mismatch for the top-level weights: the model expects {len(variables)}, "
                       f"the file has {len(saved_top)}.")
            if not (skip_mismatch and by_name):
                raise ModelFileError(where, message)
            warnings.warn(f"Skipping loading weights: {message}", stacklevel=3)
        else:
            _match(variables, saved_top, "the top-level model", where, skip_mismatch, pairs)
    values = [(var, read_dataset(dataset, where)) for var, dataset in pairs]
    for var, value in values:
        var.assign(xp.asarray(value, dtype=var._value.dtype))


# ---------------------------------------------------------------------- loading models
def _load_optimizer_state(h5, model, where):
    group = get_child(h5, "optimizer_weights", "group", where)
    if group is None or getattr(model, "optimizer", None) is None:
        return
    saved = _subset(group, where)
    build_optimizer(model)
    variables = model.optimizer.variables
    if len(saved) == len(variables) or saved_before_build(variables, len(saved)):
        targets = variables[:len(saved)]
    elif len(saved) == len(variables) - 1 and len(variables) > 1 and variables[1].name == "learning_rate":
        targets = variables[:1] + variables[2:]  # tf.keras 2.11+: no learning-rate variable
    else:
        targets = None
    if targets is None or any(tuple(v._value.shape) != shape for v, (_, _, shape) in zip(targets, saved)):
        warnings.warn(f"Could not restore the optimizer state saved in '{where}' ({len(saved)} values for "
                      f"{len(variables)} optimizer variables); the model starts with a fresh optimizer.",
                      stacklevel=3)
        return
    values = [read_dataset(dataset, where) for _, dataset, _ in saved]
    for var, value in zip(targets, values):
        var.assign(xp.asarray(value, dtype=var._value.dtype))


def load_legacy_model(path, custom_objects=None, compile_model=True, safe_mode=True):
    """``load_model('m.h5')``: rebuild a model from a legacy HDF5 file (tf.keras 2 or Keras 3)."""
    where = os.fspath(path)
    with h5_reader(where, where) as h5:
        raw = _raw_attr(h5, "model_config", where)
        if raw is None:
            hint = " It holds only weights: build the model and call model.load_weights() instead." if (
                "layer_names" in h5.attrs or "layers" in h5) else ""
            raise ModelFileError(where, "the HDF5 file has no model_config attribute." + hint)
        config = upgrade_legacy_config(_parse_json(_text(raw, "model_config", where), "model_config", where))
        model = model_from_config(config, where, custom_objects, compile_model=False, safe_mode=safe_mode,
                                  budget=4 * os.path.getsize(where) + (64 << 20))
        weights = get_child(h5, "model_weights", "group", where)
        if weights is None:
            raise ModelFileError(where, "the HDF5 file has no model_weights group.")
        load_legacy_weights(weights, model, where)
        if not compile_model:
            return model
        raw = _raw_attr(h5, "training_config", where)
        if raw is None:
            warnings.warn("No training configuration found in the save file, so the model was *not* compiled. "
                          "Compile it manually.", stacklevel=3)
            return model
        training_config = _parse_json(_text(raw, "training_config", where), "training_config", where)
        try:
            model.compile(**compile_args(training_config, custom_objects))
        except Exception as exc:
            warnings.warn(f"Could not restore the training configuration saved in '{where}' ({type(exc).__name__}: "
                          f"{exc}); the model is returned uncompiled. Call model.compile() before training.",
                          stacklevel=3)
            return model
        _load_optimizer_state(h5, model, where)
    return model

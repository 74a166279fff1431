"""The ``.keras`` file: Keras 3's native format, a zip archive of three members.

In this order, all stored uncompressed:

- ``metadata.json``: ``{"keras_version": "3.15.1", "date_saved": "YYYY-MM-DD@HH:MM:SS"}``;
- ``config.json``: the model's ``serialize_keras_object`` config (architecture, build and compile
  configs), which rebuilds the model;
- ``model.weights.h5``: the weight tree of the model and its optimizer (see weights_store.py).

Reading treats the archive as hostile until proven otherwise.  Nothing is
extracted to disk: members are read into memory, and before that every entry
is checked -- no absolute paths, ``..`` components, backslashes or duplicate
names; no encryption; a declared size that fits the file and does not expand
more than 100 times its stored size beyond 256 MiB (a decompression bomb);
the JSON members at most 64 MiB.  Reads stop at the declared size and the
CRC is verified.  ``config.json`` is scanned for serialized Python code
(``Lambda`` bytecode) before anything is built, and classes are looked up only
in saessak's tables and among the user's registered custom objects, so loading
never runs code named by the file.  Every failure is a :class:`ModelFileError`
naming the file and the problem.
"""

import datetime
import io
import json
import os
import tempfile
import zipfile

import h5py

from .h5_safety import ModelFileError, h5_reader
from .weights_store import allocation_budget, load_tree, save_tree, walk

__all__ = ["KERAS_VERSION", "load_weights_from_keras_zip", "model_from_config", "read_keras_dir",
           "read_keras_zip", "write_keras_dir", "write_keras_zip"]

# The Keras release whose file format saessak writes (and whose API it mirrors).
KERAS_VERSION = "3.15.1"
CONFIG, METADATA, WEIGHTS = "config.json", "metadata.json", "model.weights.h5"
ASSETS = "assets"
_MAX_ASSET_BYTES = 256 << 20  # a vocabulary file of millions of tokens still fits

_MAX_JSON_BYTES = 64 << 20
_BOMB_FLOOR_BYTES = 256 << 20
_MAX_EXPANSION = 100
_MAX_CONFIG_DEPTH = 200


# ---------------------------------------------------------------------- writing
def _config_and_metadata(model):
    from .serialization import serialize_keras_object  # noqa: PLC0415

    config_json = json.dumps(serialize_keras_object(model))
    metadata_json = json.dumps({"keras_version": KERAS_VERSION,
                                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})
    return config_json, metadata_json


def _weights_bytes(model):
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        save_tree(model, h5)
    return buffer.getvalue()


def _asset_place(tmp, path):
    """An object's asset prefix in the archive and its folder under ``tmp`` (root: ``assets/``)."""
    if not path:
        return f"{ASSETS}/", tmp
    return f"{ASSETS}/{path}/", os.path.join(tmp, *path.split("/"))


def _asset_files(model):
    """``{member name: bytes}`` of what the objects' ``save_assets(dir)`` write (Keras's layout:
    ``assets/<object path>/<file>``; an adapted lookup layer's ``vocabulary.txt``)."""
    files = {}
    with tempfile.TemporaryDirectory(prefix="saessak-assets-") as tmp:
        for path, obj in walk(model):
            save_assets = getattr(obj, "save_assets", None)
            if save_assets is None:
                continue
            prefix, folder = _asset_place(tmp, path)
            os.makedirs(folder, exist_ok=True)
            save_assets(folder)
            for name in sorted(os.listdir(folder)):
                full = os.path.join(folder, name)
                if os.path.isfile(full):
                    with open(full, "rb") as f:
                        files[prefix + name] = f.read()
    return files


def write_keras_zip(model, fileobj):
    """Write ``model`` as a ``.keras`` archive into the binary file object ``fileobj``."""
    config_json, metadata_json = _config_and_metadata(model)
    weights = _weights_bytes(model)  # everything is serialized before the first byte is written
    assets = _asset_files(model)
    with zipfile.ZipFile(fileobj, "w") as zf:
        with zf.open(METADATA, "w") as f:
            f.write(metadata_json.encode())
        with zf.open(CONFIG, "w") as f:
            f.write(config_json.encode())
        zf.writestr(WEIGHTS, weights)
        for name, data in assets.items():
            zf.writestr(name, data)


def write_keras_dir(model, dirpath):
    """``zipped=False``: the same members as files in a directory (Keras's unzipped format)."""
    config_json, metadata_json = _config_and_metadata(model)
    weights = _weights_bytes(model)
    members = [(METADATA, metadata_json.encode()), (CONFIG, config_json.encode()), (WEIGHTS, weights),
               *_asset_files(model).items()]
    os.makedirs(dirpath, exist_ok=True)
    for name, data in members:
        full = os.path.join(dirpath, *name.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())


# ---------------------------------------------------------------------- reading the archive
def _check_entries(zf, where, file_size):
    seen = set()
    for info in zf.infolist():
        name = info.filename
        parts = name.split("/")
        if (not name or name.startswith("/") or "\\" in name or "\x00" in name or ".." in parts
                or (len(parts[0]) >= 2 and parts[0][1] == ":")):
            raise ModelFileError(where, f"the archive has an entry with an unsafe path {name!r} (absolute, "
                                        "with '..' or a drive letter); refusing to read it.")
        if name in seen:
            raise ModelFileError(where, f"the archive lists {name!r} twice.")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise ModelFileError(where, f"entry {name!r} is encrypted.")
        if info.compress_size > file_size or info.header_offset > file_size:
            raise ModelFileError(where, f"entry {name!r} claims {info.compress_size:,} stored bytes, more than "
                                        f"the whole file ({file_size:,} bytes): the file is truncated or forged.")
        if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
            raise ModelFileError(where, f"entry {name!r} is stored uncompressed but declares {info.file_size:,} "
                                        f"bytes for {info.compress_size:,} stored.")
        if info.file_size > _BOMB_FLOOR_BYTES and info.file_size > _MAX_EXPANSION * info.compress_size:
            raise ModelFileError(where, f"entry {name!r} declares {info.file_size:,} bytes but stores only "
                                        f"{info.compress_size:,}; refusing to read a possible decompression bomb.")


def _read_member(zf, name, where, limit=None):
    info = zf.getinfo(name)
    if limit is not None and info.file_size > limit:
        raise ModelFileError(where, f"{name} declares {info.file_size:,} bytes, more than the {limit:,} "
                                    "allowed for it.")
    try:
        with zf.open(info) as f:
            data = f.read(info.file_size + 1)  # zipfile stops at the declared size and checks the CRC
    except Exception as exc:
        raise ModelFileError(where, f"cannot read {name} from the archive ({type(exc).__name__}: {exc}).") from None
    if len(data) != info.file_size:
        raise ModelFileError(where, f"{name} holds {len(data):,} bytes but declares {info.file_size:,}.")
    return data


def _open_zip(path):
    where = os.fspath(path)
    try:
        file_size = os.path.getsize(where)
        zf = zipfile.ZipFile(where, "r")
    except FileNotFoundError:
        raise ModelFileError(where, "no such file.") from None
    except Exception as exc:
        raise ModelFileError(where, f"it is not a valid .keras file: the zip archive cannot be read "
                                    f"({type(exc).__name__}: {exc}).") from None
    try:
        _check_entries(zf, where, file_size)
    except BaseException:
        zf.close()
        raise
    return zf


def _parse_json(data, name, where):
    try:
        value = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except RecursionError:
        raise ModelFileError(where, f"{name} is nested too deeply.") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelFileError(where, f"{name} is not valid JSON ({exc}).") from None
    if not isinstance(value, dict):
        raise ModelFileError(where, f"{name} should hold a JSON object, found {type(value).__name__}.")
    return value


def _members(zf, where):
    names = set(zf.namelist())
    if CONFIG not in names:
        raise ModelFileError(where, f"the archive has no {CONFIG} (members: {sorted(names)[:10]}); it is not a "
                                    "model saved with model.save('....keras').")
    if WEIGHTS not in names:
        npz = "model.weights.npz" in names
        raise ModelFileError(where, f"the archive has no {WEIGHTS}" + (
            " (its weights are in the npz format, which saessak does not read)." if npz else "."))
    config = _parse_json(_read_member(zf, CONFIG, where, _MAX_JSON_BYTES), CONFIG, where)
    return config, _read_member(zf, WEIGHTS, where)


def read_keras_zip(path, custom_objects=None, compile_model=True, safe_mode=True):
    """Rebuild the model saved in the ``.keras`` archive at ``path``, with its weights and assets."""
    where = os.fspath(path)
    with _open_zip(where) as zf:
        config, weights = _members(zf, where)
        assets = {name: _read_member(zf, name, where, _MAX_ASSET_BYTES) for name in zf.namelist()
                  if name.startswith(ASSETS + "/") and not name.endswith("/")}
    model = _model_with_weights(config, weights, where, custom_objects, compile_model, safe_mode)
    _load_assets(model, assets)
    return model


def read_keras_dir(path, custom_objects=None, compile_model=True, safe_mode=True):
    """Rebuild a model saved with ``zipped=False`` (a directory holding the three members)."""
    where = os.fspath(path)
    files = {}
    for name, limit in ((CONFIG, _MAX_JSON_BYTES), (WEIGHTS, None)):
        full = os.path.join(where, name)
        if not os.path.isfile(full):
            raise ModelFileError(where, f"the directory has no {name}.")
        if limit is not None and os.path.getsize(full) > limit:
            raise ModelFileError(where, f"{name} is larger than {limit:,} bytes.")
        with open(full, "rb") as f:
            files[name] = f.read()
    config = _parse_json(files[CONFIG], CONFIG, where)
    model = _model_with_weights(config, files[WEIGHTS], where, custom_objects, compile_model, safe_mode)
    assets = {}
    root = os.path.join(where, ASSETS)
    for folder, _, names in os.walk(root):
        for name in names:
            full = os.path.join(folder, name)
            if os.path.getsize(full) > _MAX_ASSET_BYTES:
                raise ModelFileError(where, f"{full} is larger than {_MAX_ASSET_BYTES:,} bytes.")
            with open(full, "rb") as f:
                assets["/".join([ASSETS, *os.path.relpath(full, root).split(os.sep)])] = f.read()
    _load_assets(model, assets)
    return model


def _load_assets(model, assets):
    """Hand each object that has ``load_assets`` a folder holding its saved asset files."""
    if not assets:
        return
    with tempfile.TemporaryDirectory(prefix="saessak-assets-") as tmp:
        for path, obj in walk(model):
            load_assets = getattr(obj, "load_assets", None)
            prefix, folder = _asset_place(tmp, path)
            mine = {name[len(prefix):]: data for name, data in assets.items()
                    if name.startswith(prefix) and "/" not in name[len(prefix):]}
            if load_assets is None or not mine:
                continue
            os.makedirs(folder, exist_ok=True)
            for name, data in mine.items():
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(data)
            load_assets(folder)


def _model_with_weights(config, weights, where, custom_objects, compile_model, safe_mode):
    model = model_from_config(config, where, custom_objects, compile_model, safe_mode,
                              budget=4 * len(weights) + (64 << 20))
    with h5_reader(io.BytesIO(weights), f"{where} ({WEIGHTS})") as h5:
        load_tree(model, h5, where)
    return model


def load_weights_from_keras_zip(model, path, skip_mismatch=False, skip=()):
    """``model.load_weights('m.keras')``: only the weights member is read."""
    where = os.fspath(path)
    with _open_zip(where) as zf:
        if WEIGHTS not in zf.namelist():
            raise ModelFileError(where, f"the archive has no {WEIGHTS}.")
        weights = _read_member(zf, WEIGHTS, where)
    with h5_reader(io.BytesIO(weights), f"{where} ({WEIGHTS})") as h5:
        load_tree(model, h5, where, skip_mismatch=skip_mismatch, skip=skip)


# ---------------------------------------------------------------------- config -> model
def refuse_code(config, where, safe_mode):
    """Scan a config for serialized Python code before anything is built.

    A ``Lambda`` layer saved with a Python ``lambda`` stores its bytecode
    (``{"class_name": "__lambda__", ...}`` in Keras 3, a ``[code, defaults,
    closure]`` list with ``function_type: "lambda"`` in Keras 2); rebuilding it
    would run that code.  In safe mode it is refused.  Also bounds the nesting
    depth, so hostile configs cannot exhaust the stack further down.
    """
    stack = [(config, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_CONFIG_DEPTH:
            raise ModelFileError(where, f"the model config is nested more than {_MAX_CONFIG_DEPTH} levels deep.")
        if isinstance(node, dict):
            inner = node.get("config")
            carries_code = node.get("class_name") == "__lambda__" or (
                node.get("class_name") == "Lambda" and isinstance(inner, dict)
                and (inner.get("function_type") == "lambda" or isinstance(inner.get("function"), list)))
            if carries_code and safe_mode:
                raise ModelFileError(where, (
                    "requested the deserialization of a Lambda layer whose function is a Python lambda, stored "
                    "in the file as bytecode. Loading it would execute that code, so it is refused in safe mode "
                    "(CVE-2024-3660). If you trust the source of this file, pass `safe_mode=False` to the "
                    "loading function."))
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def model_from_config(config, where, custom_objects=None, compile_model=True, safe_mode=True, budget=None):
    """Build the model a saved config describes (compiled if it has a compile config and ``compile_model``)."""
    from ..models.model import Model  # noqa: PLC0415
    from .object_registration import CustomObjectScope  # noqa: PLC0415
    from .serialization import deserialize_keras_object  # noqa: PLC0415

    if not isinstance(config, dict):
        raise ModelFileError(where, f"the model config should be a JSON object, found {type(config).__name__}.")
    refuse_code(config, where, safe_mode)
    config = dict(config)
    if not compile_model:
        config["compile_config"] = None
    try:
        with allocation_budget(budget if budget is not None else 1 << 62, where), \
                CustomObjectScope(custom_objects or {}):
            model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
    except ModelFileError:
        raise
    except RecursionError:
        raise ModelFileError(where, "the model config is nested too deeply.") from None
    except MemoryError:
        raise ModelFileError(where, "the model config asks for more memory than is available.") from None
    except Exception as exc:
        raise ModelFileError(where, f"could not rebuild the model from its config: {type(exc).__name__}: "
                                    f"{str(exc)[:800]}") from exc
    if not isinstance(model, Model):
        raise ModelFileError(where, f"the config describes a {type(model).__name__}, not a model.")
    build_optimizer(model)
    return model


def build_optimizer(model):
    """Create the optimizer's slots of a compiled, built model, so its saved state can be loaded."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(model, "built", False) and not getattr(optimizer, "built", True):
        variables = model.trainable_variables
        if variables:
            optimizer.build(variables)

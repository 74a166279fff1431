"""``save_model`` / ``load_model`` / ``save_weights`` / ``load_weights``: choosing the format.

Saving goes by the file name, as in Keras 3:

- ``.keras``: the native zip archive (keras_zip.py);
- ``.h5`` / ``.hdf5``: the legacy HDF5 model file (h5_format.py), with Keras's "legacy" warning;
- ``save_weights``: ``.weights.h5`` is Keras 3's weight tree (weights_store.py); a plain
  ``.h5``/``.hdf5`` gets the Keras 2 layout that tf.keras 2 wrote there.

Where Keras 3 raises on names that older tutorials still use, saessak saves and
warns instead: ``model.save('my_model')`` (a SavedModel directory in TF 2) writes a
``.keras`` archive at that path, and ``save_weights('ckpt')`` (a TF checkpoint in
TF 2) writes a ``.weights.h5`` file.  Loading ignores the name and looks at the
content (zip archive or HDF5, and which HDF5 layout), so those files load back.

Every save is atomic (atomic.py): a crash leaves the previous file intact.
"""

import os
import warnings

from .atomic import atomic_write, confirm_overwrite
from .h5_format import load_legacy_model, load_legacy_weights, save_legacy_model, save_legacy_weights
from .h5_safety import ModelFileError, get_child, h5_reader
from .keras_zip import (
    build_optimizer,
    load_weights_from_keras_zip,
    read_keras_dir,
    read_keras_zip,
    write_keras_dir,
    write_keras_zip,
)
from .weights_store import load_tree, save_tree

__all__ = ["ModelFileError", "load_model", "load_weights", "model_load_weights", "model_save",
           "model_save_weights", "save_model", "save_weights"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_LEGACY_WARNING = (
    "You are saving your model as an HDF5 file via `model.save()` or `keras.saving.save_model(model)`. "
    "This file format is considered legacy. We recommend using instead the native Keras format, e.g. "
    "`model.save('my_model.keras')` or `keras.saving.save_model(model, 'my_model.keras')`. ")


def _path(filepath, what):
    try:
        return os.fspath(filepath)
    except TypeError:
        raise TypeError(f"{what} expects a file path (str or pathlib.Path); received {filepath!r} of type "
                        f"{type(filepath).__name__}.") from None


def _ends(path, *suffixes):
    return path.lower().endswith(suffixes)


# ---------------------------------------------------------------------- save_model
def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Save ``model`` (architecture, weights, optimizer state) to ``filepath``.

    ``.keras`` (recommended) writes Keras 3's zip archive, ``.h5``/``.hdf5`` the
    legacy HDF5 file.  ``zipped=False`` writes the archive's members into a
    directory instead.  ``include_optimizer=False`` (legacy HDF5 only) leaves
    the optimizer out.  With ``overwrite=False`` you are asked before an
    existing file is replaced.
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs)}")
    path = _path(filepath, "save_model")
    if save_format is not None:
        save_format = str(save_format).lower()
        if save_format not in ("keras", "h5", "tf"):
            raise ValueError(f"Unknown save_format={save_format!r}: the format comes from the file name "
                             "('.keras' or '.h5'); remove the argument.")
        warnings.warn("The `save_format` argument is deprecated in Keras 3; the format comes from the file "
                      f"name. Received: save_format={save_format!r}", stacklevel=2)
    if not getattr(model, "built", True):
        warnings.warn("You are saving a model that has not yet been built. It might not contain any weights "
                      "yet. Consider building the model first by calling it on some data.", stacklevel=2)
    if zipped is False:
        if _ends(path, ".keras"):
            raise ValueError(f"When using `zipped=False`, the `filepath` argument should not end in `.keras`. "
                             f"Received: filepath={path}")
        if confirm_overwrite(path, overwrite):
            with atomic_write(path, directory=True) as tmp:
                write_keras_dir(model, tmp)
        return
    if _ends(path, ".h5", ".hdf5") or (save_format == "h5" and not _ends(path, ".keras")):
        if not _ends(path, ".h5", ".hdf5"):
            warnings.warn(f"'{path}' has no .h5 extension; saving the legacy HDF5 format because "
                          "save_format='h5'.", stacklevel=2)
        warnings.warn(_LEGACY_WARNING, stacklevel=2)
        if confirm_overwrite(path, overwrite):
            import h5py  # noqa: PLC0415

            with atomic_write(path) as tmp:
                with h5py.File(tmp, "w") as h5:
                    save_legacy_model(model, h5, include_optimizer=include_optimizer)
        return
    if not _ends(path, ".keras"):
        warnings.warn(
            f"'{path}' does not end in `.keras`: saving it in the native Keras format (a zip archive) anyway. "
            "Keras 3 refuses such names, and TensorFlow 2's SavedModel directory is not supported; rename the "
            f"file to '{os.path.splitext(path)[0]}.keras' to load it with Keras 3 too (saessak loads it as is).",
            stacklevel=2)
    if confirm_overwrite(path, overwrite):
        with atomic_write(path) as tmp, open(tmp, "wb") as f:
            write_keras_zip(model, f)


# ---------------------------------------------------------------------- load_model
def _sniff(path):
    """'zip', 'hdf5', 'dir', or None, from the content (never from the name)."""
    if os.path.isdir(path):
        return "dir"
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise ModelFileError(path, "no such file.") from None
    except OSError as exc:
        raise ModelFileError(path, f"cannot open it ({exc}).") from None
    if head[:4] in _ZIP_MAGIC:
        return "zip"
    if head == _HDF5_MAGIC:
        return "hdf5"
    try:
        import h5py  # noqa: PLC0415

        if h5py.is_hdf5(path):  # an HDF5 file with a user block before the superblock
            return "hdf5"
    except Exception:  # is_hdf5 on an unreadable file: it is not one
        pass
    return None


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):  # noqa: A002 - Keras's name
    """Load a model saved by ``model.save()`` (saessak, Keras 3, or tf.keras 2 ``.h5``).

    Args:
        filepath: the ``.keras`` archive, legacy ``.h5`` file, or ``zipped=False`` directory.
        custom_objects: ``{'name': class_or_function}`` for custom layers, losses... that were
            not registered with ``@keras.saving.register_keras_serializable()``.
        compile: restore the optimizer, loss and metrics (and the optimizer's state).
        safe_mode: refuse to deserialize Python code stored in the file (``Lambda`` layers).

    Raises:
        ModelFileError: (a ``ValueError``) if the file is missing, corrupted, not a model file, or
            describes something saessak cannot rebuild; the message names the file and the problem.
    """
    path = _path(filepath, "load_model")
    kind = _sniff(path)
    if kind == "dir":
        if os.path.isfile(os.path.join(path, "config.json")):
            return read_keras_dir(path, custom_objects, compile, safe_mode)
        if os.path.isfile(os.path.join(path, "saved_model.pb")):
            raise ModelFileError(path, "this is a TensorFlow SavedModel directory, which saessak (like Keras 3's "
                                       "load_model) cannot load. Re-save the model from TensorFlow with "
                                       "model.save('model.keras') or model.save('model.h5').")
        raise ModelFileError(path, "it is a directory, not a model file.")
    if kind == "zip":
        return read_keras_zip(path, custom_objects, compile, safe_mode)
    if kind == "hdf5":
        return load_legacy_model(path, custom_objects, compile, safe_mode)
    expected = "a zip archive" if _ends(path, ".keras") else "a .keras zip archive nor an HDF5 file"
    raise ModelFileError(path, f"it is not {expected} (it starts with {_head(path)!r}); the file is corrupted or "
                               "is not a saved Keras model.")


def _head(path):
    with open(path, "rb") as f:
        return f.read(8)


# ---------------------------------------------------------------------- weights
def save_weights(model, filepath, overwrite=True, max_shard_size=None, **kwargs):
    """Save the weights (and optimizer state) of ``model``: ``.weights.h5``, or Keras 2's ``.h5`` layout."""
    objects_to_skip = kwargs.pop("objects_to_skip", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = _path(filepath, "save_weights")
    if max_shard_size is not None:
        raise ValueError("saessak does not write sharded weights (max_shard_size); omit the argument to write "
                         "one `.weights.h5` file.")
    if not getattr(model, "built", True):
        raise ValueError("You are saving a model that has not yet been built. Try building the model first by "
                         "calling it on some data or by using `build()`.")
    if _ends(path, ".keras"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={path}. To save the "
                         "whole model (architecture, weights, optimizer) in a .keras file, use model.save().")
    legacy = _ends(path, ".h5", ".hdf5") and not _ends(path, ".weights.h5")
    if legacy:
        warnings.warn(f"Saving the weights to '{path}' in the Keras 2 HDF5 layout (layer_names and one group per "
                      "layer), which tf.keras 2 and Keras 3's load_weights read. Keras 3 itself only writes "
                      "`.weights.h5` files; name the file '*.weights.h5' for that format.", stacklevel=2)
    elif not _ends(path, ".weights.h5"):
        warnings.warn(f"'{path}' does not end in `.weights.h5`: writing the `.weights.h5` format anyway (in "
                      "TensorFlow 2 this name gave a TF checkpoint). Keras 3 requires the `.weights.h5` suffix, so "
                      "rename the file to load it there; saessak loads it as is.", stacklevel=2)
    if not confirm_overwrite(path, overwrite):
        return
    import h5py  # noqa: PLC0415

    with atomic_write(path) as tmp:
        with h5py.File(tmp, "w") as h5:
            if legacy:
                save_legacy_weights(h5, model)
            else:
                save_tree(model, h5, skip=objects_to_skip or ())


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Load weights saved by ``save_weights`` or ``save`` (any of the formats) into ``model``.

    The model must be built.  ``skip_mismatch=True`` skips (with a warning) the
    layers whose weights do not fit instead of raising; ``by_name=True`` matches
    layers by name (Keras 2 layout files only).  Nothing is assigned unless the
    whole file fits (or ``skip_mismatch`` is set).
    """
    objects_to_skip = kwargs.pop("objects_to_skip", None)
    by_name = kwargs.pop("by_name", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = _path(filepath, "load_weights")
    if not getattr(model, "built", True):
        raise ValueError("You are loading weights into a model that has not yet been built. Try building the "
                         "model first by calling it on some data or by using `build()`.")
    kind = _sniff(path)
    if kind == "zip":
        if by_name:
            raise ValueError(f"`by_name` only supports loading legacy '.h5' or '.hdf5' files. Received: {path}")
        build_optimizer_if_saved(model, None)
        load_weights_from_keras_zip(model, path, skip_mismatch=skip_mismatch, skip=objects_to_skip or ())
        return
    if kind != "hdf5":
        raise ModelFileError(path, "it is a directory, not a weights file." if kind == "dir" else (
            f"it is neither an HDF5 weights file nor a .keras archive (it starts with {_head(path)!r})."))
    with h5_reader(path, path) as h5:
        legacy_root = any(k == "layer_names" or k.startswith("layer_names0") for k in h5.attrs.keys())
        weights = h5 if legacy_root else get_child(h5, "model_weights", "group", path)
        if weights is not None:
            load_legacy_weights(weights, model, path, skip_mismatch=skip_mismatch, by_name=bool(by_name))
            return
        if by_name:
            raise ValueError(f"`by_name` only supports loading legacy '.h5' or '.hdf5' files. Received: {path}")
        build_optimizer_if_saved(model, h5)
        load_tree(model, h5, path, skip_mismatch=skip_mismatch, skip=objects_to_skip or ())


def build_optimizer_if_saved(model, h5):
    """Create the optimizer's slots before loading a file that holds its state, so that it is restored."""
    if h5 is None or "optimizer" in h5:
        build_optimizer(model)


# ---------------------------------------------------------------------- Model methods
def model_save(self, filepath, overwrite=True, zipped=None, **kwargs):
    """``model.save(filepath)``: see :func:`save_model`."""
    return save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)


def model_save_weights(self, filepath, overwrite=True, max_shard_size=None, **kwargs):
    """``model.save_weights(filepath)``: see :func:`save_weights`."""
    return save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size, **kwargs)


def model_load_weights(self, filepath, skip_mismatch=False, **kwargs):
    """``model.load_weights(filepath)``: see :func:`load_weights`."""
    return load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

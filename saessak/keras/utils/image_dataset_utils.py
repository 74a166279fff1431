"""Image folders as datasets: ``keras.utils.image_dataset_from_directory`` (Keras 3.15).

**Discovery.**  With ``labels='inferred'`` each visible subdirectory of
``directory`` (sorted by name, or in the order of ``class_names``) is a class;
its files are found recursively, directories visited in sorted path order and
files sorted by name, keeping the extensions ``.bmp .gif .jpeg .jpg .png``
(case-insensitive).  Label ``k`` is the index of the class folder.  With
``labels=None`` or an explicit list, the files are indexed from ``directory``
itself in the same order.

**Shuffling and splits.**  The file list (and labels) is shuffled with
``numpy.random.RandomState(seed)`` exactly as Keras does, so ``file_paths``
match Keras for the same seed; ``validation_split=f`` then keeps the last
``int(f * n)`` files for validation and the rest for training, which is why a
seed is required when shuffling.  The training stream is further shuffled per
iteration in a buffer of 8 batches (saessak's Dataset.shuffle: TF's algorithm,
NumPy's random numbers, so that order is not TF's).

**Decoding.**  Images are read with Pillow (an optional dependency), converted
to RGB / RGBA / L, and resized with the ``Resizing`` layer's kernels (TF's
half-pixel bilinear or nearest; ``crop_to_aspect_ratio`` crops the largest
centred window first), giving float32 arrays of shape ``image_size + (C,)``.
"""

import os

from ...backend import xp
from ...data import AUTOTUNE, Dataset
from ...ops import array_ops, indexing_ops, math_ops

__all__ = ["image_dataset_from_directory"]

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}
_PIL_MODES = {"rgb": "RGB", "rgba": "RGBA", "grayscale": "L"}
_SUPPORTED = ("bilinear", "nearest")
_KERAS_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                         "gaussian", "mitchellcubic")


def _pil_image():
    try:
        from PIL import Image  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as e:
        raise ImportError("image_dataset_from_directory reads images with Pillow, which is not "
                          "installed. Install it with `pip install pillow`.") from e
    return Image


def _files_under(root, follow_links):
    for dirpath, _, files in sorted(os.walk(root, followlinks=follow_links), key=lambda w: w[0]):
        for fname in sorted(files):
            if fname.lower().endswith(ALLOWLIST_FORMATS):
                yield dirpath, fname


def index_directory(directory, labels, class_names=None, shuffle=True, seed=None,
                    follow_links=False, verbose=True):
    """``(file_paths, labels, class_names)`` as Keras's ``dataset_utils.index_directory``."""
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError(
                    "The `class_names` passed did not match the names of the subdirectories of "
                    f"the target directory. Expected: {subdirs} (or a subset of it), but "
                    f"received: class_names={class_names}")
            subdirs = list(class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            if labels is None:
                raise ValueError("When `labels=None` (no labels), argument `class_names` cannot "
                                 "be specified.")
            raise ValueError("When argument `labels` is specified, argument `class_names` cannot "
                             "be specified (the `class_names` will be the sorted list of labels).")
    class_names = subdirs
    filenames, found = [], []
    for index, subdir in enumerate(subdirs):
        folder = os.path.join(directory, subdir)
        name = os.path.basename(folder)
        for root, fname in _files_under(folder, follow_links):
            filenames.append(os.path.join(name, os.path.relpath(os.path.join(root, fname), folder)))
            found.append(index)
    if labels == "inferred":
        labels = xp.asarray(found, dtype="int32")
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError(
                "Expected the lengths of `labels` to match the number of files in the target "
                f"directory. len(labels) is {len(labels)} while we found {len(filenames)} files "
                f"in directory {directory}.")
        class_names = [str(label) for label in sorted(set(labels))]
    if verbose:
        if labels is None:
            print(f"Found {len(filenames)} files.")
        else:
            print(f"Found {len(filenames)} files belonging to {len(class_names)} classes.")
    paths = [os.path.join(directory, f) for f in filenames]
    if shuffle:
        if seed is None:
            seed = xp.random.randint(1e6)
        xp.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            labels = xp.asarray(labels) if not isinstance(labels, xp.ndarray) else labels
            xp.random.RandomState(seed).shuffle(labels)
    return paths, labels, class_names


def _check_split(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError('`subset` must be either "training", "validation" or "both", '
                         f"received: {subset}")
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must provide a `seed` "
            "argument, to make sure that there is no overlap between the training and "
            "validation subset.")


def _split(paths, labels, validation_split, subset):
    if not validation_split:
        return paths, labels
    n_val = int(validation_split * len(paths))
    # Keras slices with [:-n_val] / [-n_val:], so n_val == 0 gives an empty training subset.
    if subset == "training":
        print(f"Using {len(paths) - n_val} files for training.")
        return paths[:-n_val], None if labels is None else labels[:-n_val]
    print(f"Using {n_val} files for validation.")
    return paths[-n_val:], None if labels is None else labels[-n_val:]


def _loader(paths, image_size, color_mode, interpolation, crop_to_aspect_ratio):
    from ..layers.preprocessing.resizing import Resizing  # noqa: PLC0415 - layers import utils: avoid a cycle

    image_module = _pil_image()
    resizer = Resizing(image_size[0], image_size[1], interpolation=interpolation,
                       crop_to_aspect_ratio=crop_to_aspect_ratio)

    def load(i):
        with image_module.open(paths[int(i.numpy())]) as img:
            pixels = xp.asarray(img.convert(_PIL_MODES[color_mode]))
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        batch = array_ops.convert_to_tensor(pixels[None].astype("float32"))
        return array_ops.reshape(resizer(batch), tuple(image_size) + (pixels.shape[-1],))

    return load


def _dataset(paths, labels, label_mode, num_classes, load, shuffle, buffer_size, seed):
    ds = Dataset.from_tensor_slices(xp.arange(len(paths), dtype="int64"))
    if label_mode:
        ds = Dataset.zip((ds, Dataset.from_tensor_slices(xp.asarray(labels, dtype="int32"))))
    if shuffle:
        ds = ds.shuffle(buffer_size=buffer_size or 1024, seed=seed)
    if not label_mode:
        return ds.map(load)

    def with_label(i, y):
        if label_mode == "binary":
            y = array_ops.expand_dims(math_ops.cast(y, "float32"), -1)
        elif label_mode == "categorical":
            y = indexing_ops.one_hot(y, num_classes)
        return load(i), y

    return ds.map(with_label)


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256),
                                 shuffle=True, seed=None, validation_split=None, subset=None,
                                 interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                                 data_format=None, verbose=True):
    """A Dataset of ``(images, labels)`` batches from class subfolders (see module doc).

    Returns a Dataset (two, ``[train, val]``, for ``subset='both'``) with attributes
    ``class_names`` and ``file_paths``.  Images are float32 ``(batch,) + image_size + (C,)``;
    labels are int32 ``(batch,)`` (``'int'``), float32 one-hot (``'categorical'``) or
    float32 ``(batch, 1)`` (``'binary'``).
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "`labels` argument should be a list/tuple of integer labels, of the same size as "
                "the number of image files in the target directory. Pass labels='inferred' to "
                f"infer them from subdirectory names, or labels=None. Received: labels={labels}")
        if class_names:
            raise ValueError("You can only pass `class_names` if `labels='inferred'`. Received: "
                             f"labels={labels}, and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", '
                         f"or None. Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    if color_mode not in _CHANNELS:
        raise ValueError('`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
                         f"Received: color_mode={color_mode}")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError("Invalid `image_size` value. Expected a tuple of 2 integers. "
                         f"Received: image_size={image_size}")
    interpolation = interpolation.lower()
    if interpolation not in _KERAS_INTERPOLATIONS:
        raise ValueError(f"Argument `interpolation` should be one of {_KERAS_INTERPOLATIONS}. "
                         f"Received: interpolation={interpolation}")
    if interpolation not in _SUPPORTED:
        raise NotImplementedError(f"interpolation={interpolation!r} is not available in saessak; "
                                  f"use one of {_SUPPORTED}.")
    if pad_to_aspect_ratio:
        if crop_to_aspect_ratio:
            raise ValueError("Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be "
                             "set to `True`.")
        raise NotImplementedError("pad_to_aspect_ratio=True is not available in saessak's "
                                  "image_dataset_from_directory; use crop_to_aspect_ratio.")
    if data_format not in (None, "channels_last"):
        raise NotImplementedError("image_dataset_from_directory supports data_format="
                                  f"'channels_last' only. Received: data_format={data_format!r}")
    _check_split(validation_split, subset, shuffle, seed)
    _pil_image()  # fail early, before indexing, when Pillow is missing

    if seed is None:
        seed = int(xp.random.randint(1e6))
    paths, labels, class_names = index_directory(directory, labels, class_names, shuffle, seed,
                                                 follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")
    buffer_size = batch_size * 8 if batch_size is not None else 1024
    num_classes = len(class_names) if class_names else 0

    def build(part_paths, part_labels, part_shuffle, empty_what):
        if not part_paths:
            raise ValueError(f"No {empty_what}images found in directory {directory}. "
                             f"Allowed formats: {ALLOWLIST_FORMATS}")
        load = _loader(part_paths, image_size, color_mode, interpolation, crop_to_aspect_ratio)
        ds = _dataset(part_paths, part_labels, label_mode, num_classes, load, part_shuffle,
                      buffer_size, seed)
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(AUTOTUNE)
        ds.class_names = class_names
        ds.file_paths = part_paths
        return ds

    if subset == "both":
        train = build(*_split(paths, labels, validation_split, "training"), shuffle, "training ")
        val = build(*_split(paths, labels, validation_split, "validation"), False, "validation ")
        return [train, val]
    part_paths, part_labels = _split(paths, labels, validation_split, subset)
    return build(part_paths, part_labels, shuffle, "")

"""Label checks done once per ``fit``, on the whole label array, before training starts.

Inside the compiled step nothing looks at values, so mistakes such as one-hot
labels given to a sparse loss, or class ids outside the model's outputs, are
caught here, where a clear message can still name the arrays and the fix.
"""

from ...backend import xp
from ...engine import nest

_SPARSE = {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"}
_DENSE = {"categorical_crossentropy", "CategoricalCrossentropy"}


def _loss_name(loss):
    fn = getattr(loss, "fn", None)
    for obj in (loss, fn):
        if obj is None:
            continue
        if isinstance(obj, str):
            return obj
        name = getattr(obj, "__name__", None) or type(obj).__name__
        if name in _SPARSE | _DENSE:
            return name
    return getattr(loss, "name", None)


def check_labels(model, y, out_shapes):
    compile_loss = model._compile_loss
    spec = compile_loss.spec
    flat_y = nest.flatten(y) if isinstance(y, (list, tuple, dict)) else [y]
    specs = spec if isinstance(spec, (list, tuple)) else [spec] * len(out_shapes)
    for yt, shape, loss in zip(flat_y, out_shapes, specs):
        if not isinstance(yt, xp.ndarray) or shape is None:
            continue
        name = _loss_name(loss) if not isinstance(loss, str) else loss
        classes = shape[-1]
        if name in _SPARSE:
            if yt.ndim == len(shape) and yt.shape[-1] == classes and classes and classes > 1:
                raise ValueError(
                    f"Loss '{name}' expects integer class labels of shape {(yt.shape[0],)} (or "
                    f"{(yt.shape[0], 1)}), but received labels of shape {yt.shape}, which look one-hot "
                    f"encoded for {classes} classes. Use loss='categorical_crossentropy' for one-hot "
                    "labels, or pass y.argmax(axis=-1).")
            if classes is not None and yt.size:
                lo, hi = yt.min(), yt.max()
                if lo < 0 or hi >= classes:
                    raise ValueError(
                        f"Received a label value of {hi if hi >= classes else lo} which is outside the "
                        f"valid range of [0, {classes}) for loss '{name}': the model's last layer has "
                        f"{classes} output units. Check the labels (e.g. classes numbered from 1 must be "
                        f"shifted by -1) or give the last layer max(label) + 1 units.")
        elif name in _DENSE and classes is not None:
            if yt.ndim == len(shape) - 1 or (yt.ndim == len(shape) and yt.shape[-1] == 1 and classes > 1):
                raise ValueError(
                    f"Loss '{name}' expects one-hot labels of shape (n, {classes}), but received labels "
                    f"of shape {yt.shape}. Use loss='sparse_categorical_crossentropy' for integer "
                    "labels, or one-hot encode them with keras.utils.to_categorical(y, "
                    f"{classes}).")

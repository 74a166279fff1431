"""Turn what users pass to ``fit``/``evaluate``/``predict`` into batches.

Arrays (NumPy arrays, tensors, lists or dicts of them) are converted once per
``fit`` (float64 -> float32, as Keras does), split for ``validation_split``
(the *last* samples, before shuffling), and each epoch shuffled with one
permutation from which every batch is gathered (no shuffled copy of the whole
data set per epoch); without shuffling, batches are views (slices).
Datasets and Python generators are iterated as they come.
"""

import math

from ...backend import rng, xp
from ...engine import nest
from ...engine.tensor import Tensor


def unpack_x_y_sample_weight(data):
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
        f"found a tuple of length {len(data)}.")


def _to_array(value, name):
    if isinstance(value, Tensor):
        value = value._value
    elif not isinstance(value, xp.ndarray):
        try:
            value = xp.asarray(value)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"Could not convert `{name}` to an array: {exc}") from None
    if value.dtype.kind == "f" and value.dtype != xp.float32:
        value = value.astype(xp.float32)
    elif value.dtype.kind not in "biuf":
        raise ValueError(
            f"`{name}` must hold numbers; received an array of dtype={value.dtype}. Convert it first, "
            "e.g. with pandas.get_dummies or a StringLookup layer.")
    return value


def to_arrays(structure, name):
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: _to_array(v, f"{name}['{k}']") for k, v in structure.items()}
    if isinstance(structure, (list, tuple)) and structure and all(
            isinstance(v, (xp.ndarray, Tensor)) for v in structure):
        return [_to_array(v, f"{name}[{i}]") for i, v in enumerate(structure)]
    return _to_array(structure, name)


def is_array_like(x):
    if isinstance(x, (xp.ndarray, Tensor, list)):
        return True
    if isinstance(x, tuple):
        return all(isinstance(v, (xp.ndarray, Tensor)) for v in x)
    if isinstance(x, dict):
        return all(isinstance(v, (xp.ndarray, Tensor, list)) for v in x.values())
    return hasattr(x, "__array__") and not hasattr(x, "__next__")


def num_samples(arrays):
    sizes = {len(a) for a in nest.flatten(arrays) if a is not None and getattr(a, "ndim", 1) > 0}
    return sizes


class ArrayAdapter:
    """Batches from in-memory arrays."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False, steps=None,
                 class_weight=None):
        self.x = to_arrays(x, "x")
        self.y = to_arrays(y, "y")
        self.sample_weight = to_arrays(sample_weight, "sample_weight")
        self._check_sizes()
        self.n = next(iter(num_samples(self.x)))
        if self.n == 0:
            raise ValueError(
                "Expected input data to be non-empty: `x` has 0 samples. Check how the data was loaded "
                "or sliced.")
        if class_weight is not None:
            self.sample_weight = _class_weights_to_sample_weights(class_weight, self.y, self.sample_weight)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.steps = steps if steps is not None else math.ceil(self.n / batch_size)

    def _check_sizes(self):
        parts = {"x": self.x, "y": self.y, "sample_weight": self.sample_weight}
        sizes = {k: sorted(num_samples(v)) for k, v in parts.items() if v is not None}
        flat = {s for v in sizes.values() for s in v}
        if len(flat) > 1:
            detail = " ".join(f"'{k}' sizes: {', '.join(map(str, v))}" for k, v in sizes.items())
            raise ValueError(
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples. "
                f"{detail}")

    def __iter__(self):
        x, y, sw = self.x, self.y, self.sample_weight
        bs = self.batch_size
        perm = None
        if self.shuffle:  # gather each batch from one permutation: no shuffled copy of the whole data
            perm = (_batch_shuffle(self.n, bs) if self.shuffle == "batch"
                    else rng.generator().permutation(self.n))
        for step in range(self.steps):
            lo = (step * bs) % self.n
            hi = min(lo + bs, self.n)
            if perm is None:
                yield _slice(x, lo, hi), _slice(y, lo, hi), _slice(sw, lo, hi)
            else:
                idx = perm[lo:hi]
                yield _take(x, idx), _take(y, idx), _take(sw, idx)


def _take(structure, idx):
    if structure is None:
        return None
    if isinstance(structure, xp.ndarray):
        return structure.take(idx, axis=0)  # as structure[idx], with less per-call overhead
    return nest.map_structure(lambda a: a.take(idx, axis=0) if isinstance(a, xp.ndarray) else a[idx],
                              structure)


def _batch_shuffle(n, batch_size):
    blocks = [xp.arange(i, min(i + batch_size, n)) for i in range(0, n, batch_size)]
    order = rng.generator().permutation(len(blocks))
    return xp.concatenate([blocks[i] for i in order])


def _slice(structure, lo, hi):
    if structure is None:
        return None
    if isinstance(structure, xp.ndarray):
        return structure[lo:hi]
    return nest.map_structure(lambda a: a[lo:hi], structure)


def _class_weights_to_sample_weights(class_weight, y, sample_weight):
    if sample_weight is not None:
        raise ValueError("You cannot `class_weight` and `sample_weight` at the same time.")
    if y is None or not isinstance(y, xp.ndarray):
        raise ValueError("`class_weight` is only supported for models with a single output and array labels.")
    labels = xp.argmax(y, axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else xp.round(y.reshape(len(y), -1)[:, 0])
    labels = labels.astype(xp.int64)
    weights = xp.ones(len(y), xp.float32)
    for cls, w in class_weight.items():
        weights[labels == int(cls)] = w
    return weights


def split_for_validation(x, y, sample_weight, validation_split):
    """The last ``validation_split`` fraction of the samples becomes validation data (no shuffle)."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            f"`validation_split` must be between 0 and 1 (exclusive), received validation_split={validation_split}.")
    arrays = (to_arrays(x, "x"), to_arrays(y, "y"), to_arrays(sample_weight, "sample_weight"))
    n = next(iter(num_samples(arrays[0])))
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"Training data contains {n} samples, which is not sufficient to split it into a validation "
            f"and training set as specified by `validation_split={validation_split}`. Either provide more "
            "data, or a different value for the `validation_split` argument.")

    def part(a, lo, hi):
        return None if a is None else nest.map_structure(lambda v: v[lo:hi], a)
    train = tuple(part(a, 0, split_at) for a in arrays)
    val = tuple(part(a, split_at, n) for a in arrays)
    return train, val


class IterableAdapter:
    """Batches from a Dataset, a generator or any iterable of ``(x, y[, sample_weight])``."""

    def __init__(self, data, steps=None):
        self.data = data
        self.steps = steps
        if steps is None:
            card = getattr(data, "cardinality", None)
            n = None
            if callable(card):
                try:
                    n = int(card())
                except (TypeError, ValueError):
                    n = None
            elif hasattr(data, "__len__"):
                n = len(data)
            self.steps = n if n is not None and n >= 0 else None
        self._iterator = None

    def __iter__(self):
        if hasattr(self.data, "__next__"):  # a generator: keep consuming the same one
            source = self.data
        else:
            source = iter(self.data)
        for step, batch in enumerate(source):
            if self.steps is not None and step >= self.steps:
                break
            x, y, sw = unpack_x_y_sample_weight(batch)
            yield to_arrays(x, "x"), to_arrays(y, "y"), to_arrays(sw, "sample_weight")


def get_adapter(x, y=None, sample_weight=None, batch_size=None, shuffle=False, steps=None,
                class_weight=None):
    if x is None:
        raise ValueError("No input data: pass `x` (and `y`) to fit/evaluate/predict.")
    if is_array_like(x):
        return ArrayAdapter(x, y, sample_weight, batch_size=batch_size or 32, shuffle=shuffle,
                            steps=steps, class_weight=class_weight)
    if y is not None:
        raise ValueError(
            "`y` argument is not supported when using a dataset or a generator as input: the labels "
            "come from the data itself (yield `(x, y)`).")
    if batch_size is not None and hasattr(x, "element_spec"):
        raise ValueError(
            "The `batch_size` argument must not be specified for a Dataset input: it is already "
            "batched (use dataset.batch(n)).")
    return IterableAdapter(x, steps=steps)

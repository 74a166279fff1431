"""What ``adapt(data)`` accepts: one array, or a stream of batches.

A NumPy array, a tensor, a list or a tuple is one batch (lists hold the strings
of the text layers).  A ``saessak.data.Dataset`` or any other iterable (a
generator, ``keras.utils.PyDataset``) yields batches; an ``(x, y)`` element
contributes its ``x``.  Datasets of strings cannot exist in saessak (tensors hold
numbers only), so text layers adapt on arrays, lists or iterables of them.
"""

import itertools

from ....backend import xp
from ....data.dataset import Dataset
from ....engine.tensor import Tensor


def is_stream(data):
    """True when ``data`` is a dataset or a generic iterable of batches (not one batch)."""
    if isinstance(data, (Dataset, Tensor, xp.ndarray, list, tuple, str, bytes)):
        return isinstance(data, Dataset)
    return hasattr(data, "__iter__") or hasattr(data, "__getitem__") and hasattr(data, "__len__")


def _x(batch):
    return batch[0] if isinstance(batch, tuple) else batch


def batches(data, steps=None, rank1_batch=None):
    """The batches of ``data``: a single batch for arrays, the elements of a stream otherwise.

    ``rank1_batch``: batch a dataset whose elements are vectors (Normalization's rule).
    """
    if not is_stream(data):
        yield data
        return
    if isinstance(data, Dataset) and rank1_batch:
        spec = data.element_spec
        spec = spec[0] if isinstance(spec, tuple) else spec
        if len(spec.shape) == 1:
            data = data.batch(rank1_batch)
    source = iter(data) if hasattr(data, "__iter__") else (data[i] for i in range(len(data)))
    for i, batch in enumerate(source):
        if steps is not None and i >= steps:
            break
        yield _x(batch)


def peek(data, rank1_batch=None):
    """``(shape, iterator over all batches)`` of a stream (read once).

    The shape is a dataset's element shape (batch dimension ``None``), else the first batch's.
    """
    if isinstance(data, Dataset):
        spec = data.element_spec
        spec = spec[0] if isinstance(spec, tuple) else spec
        shape = tuple(spec.shape.as_list()) if spec.shape.rank is not None else None
        if shape is not None:
            if rank1_batch and len(shape) == 1:
                shape = (None,) + shape
            return shape, batches(data, rank1_batch=rank1_batch)
    it = batches(data, rank1_batch=rank1_batch)
    first = next(it, None)
    if first is None:
        raise ValueError(
            "adapt() received an empty iterable (no batches). Expected at least one batch. Pass a "
            "non-empty iterable of arrays or tensors, e.g. layer.adapt([x]) or layer.adapt(dataset).")
    shape = getattr(first, "shape", None)
    if shape is None:
        raise TypeError(
            "adapt() expects an iterable that yields arrays or tensors with a `.shape` attribute. Got "
            f"an element of type {type(first).__name__}.")
    return tuple(shape), itertools.chain([first], it)

"""Building ``saessak.data.Dataset`` pipelines from arrays: ``split_dataset`` and
``timeseries_dataset_from_array`` (``keras.utils``, Keras 3.15 semantics).

``split_dataset`` reads every sample of a small in-memory dataset into a list
(optionally shuffled with Python's ``random.Random(seed)``, which is what Keras
does through the global ``random`` module, so the same seed gives the same
split), then keeps the first ``left_size`` and the last ``right_size`` samples.
Sizes given as floats are fractions of the total (``round(f * n)``).

``timeseries_dataset_from_array`` yields windows ``data[s + i * sampling_rate]``
for ``i < sequence_length`` and start positions ``s = 0, stride, 2 * stride, ...``
(counted from ``start_index``), with ``targets[s]`` as the target of the window
starting at ``s``.  The windows are gathered one batch at a time from a stream
of start positions, so no copy of all windows is ever held in memory.

Both work on host data (the inputs are user arrays, not tensors of a step), so
they use the backend array module for bookkeeping.
"""

import random

from ...backend import xp
from ...data import AUTOTUNE, Dataset
from ...data import structure as S
from ...data.batching import BatchNode
from ...ops import array_ops, indexing_ops

__all__ = ["split_dataset", "timeseries_dataset_from_array"]


# ------------------------------------------------------------------ split_dataset
def _type_spec(dataset):
    for kind in (tuple, list):
        if isinstance(dataset, kind):
            return kind
    if isinstance(dataset, xp.ndarray):
        return xp.ndarray
    if isinstance(dataset, Dataset):
        return Dataset
    return None


def _check_arrays(dataset, kind):
    what = "list" if kind is list else "tuple"
    if len(dataset) == 0:
        raise ValueError(f"Received an empty {what} dataset. Please provide a non-empty {what} of "
                         "arrays.")
    first = None
    for i, element in enumerate(dataset):
        if not isinstance(element, xp.ndarray):
            raise ValueError(f"Expected a {what} of `numpy.ndarray` objects, received: "
                             f"{type(element)} at index {i}.")
        if first is None:
            first = element.shape
        elif element.shape[0] != first[0]:
            raise ValueError(
                f"Received a {what} of NumPy arrays with different lengths. Mismatch found at "
                f"index {i}, expected shape={first}, received shape={element.shape}. Please "
                f"provide a {what} of NumPy arrays of the same length.")


def _samples(dataset, kind):
    """Every sample of ``dataset`` as a host value (a tuple of arrays for array tuples)."""
    if kind in (list, tuple):
        _check_arrays(dataset, kind)
        it = iter(zip(*dataset))
    elif kind is Dataset:
        if isinstance(dataset._node, BatchNode):
            dataset = dataset.unbatch()
        it = iter(dataset.as_numpy_iterator())
    else:
        it = iter(dataset)
    samples = []
    first_shape = None
    for i, sample in enumerate(it):
        if i == 0:
            first_shape = xp.shape(sample) if isinstance(sample, xp.ndarray) else None
        elif first_shape is not None and xp.shape(sample) != first_shape:
            raise ValueError(
                f"All `dataset` samples must have same shape, expected shape: {first_shape}, "
                f"received shape: {xp.shape(sample)} at index {i - 1}.")
        samples.append(sample)
    if not samples:
        raise ValueError("Received an empty dataset. Argument `dataset` must be a non-empty "
                         "list/tuple of `numpy.ndarray` objects or a `tf.data.Dataset`.")
    return samples


def _split_sizes(left_size, right_size, total):
    """Keras's ``_rescale_dataset_split_sizes``: ints are counts, floats fractions of ``total``."""
    lt, rt = type(left_size), type(right_size)
    left_bad = left_size is not None and lt not in (int, float)
    right_bad = right_size is not None and rt not in (int, float)
    if left_bad and right_bad:
        raise TypeError("Invalid `left_size` and `right_size` types. Expected: int or float or "
                        f"None. Received: type(left_size)={lt} and type(right_size)={rt}")
    if left_bad:
        raise TypeError(f"Invalid `left_size` type. Expected: int or float or None. Received: "
                        f"type(left_size)={lt}.")
    if right_bad:
        raise TypeError(f"Invalid `right_size` type. Expected: int or float or None. Received: "
                        f"type(right_size)={rt}.")
    if left_size == 0 and right_size == 0:
        raise ValueError("Both `left_size` and `right_size` are zero. At least one of the split "
                         "sizes must be non-zero.")
    for size, kind, side in ((left_size, lt, "left"), (right_size, rt, "right")):
        if (kind is int and not 0 < size < total) or (kind is float and not 0 < size < 1):
            raise ValueError(
                f"`{side}_size` should be either a positive integer smaller than {total}, or a "
                f"float within the range `[0, 1]`. Received: {side}_size={size}")
    if lt is float and rt is float and left_size + right_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must be "
                         "less than or equal to 1.")
    left = round(left_size * total) if lt is float else left_size
    right = round(right_size * total) if rt is float else right_size
    if left is None:
        left = total - right
    elif right is None:
        right = total - left
    if left + right > total:
        raise ValueError(
            f"The sum of `left_size` and `right_size` should be smaller than the {total}. "
            f"Received: left_size + right_size = {left + right} and total_length = {total}")
    for size, side in ((left, "left"), (right, "right")):
        if size == 0:
            raise ValueError(
                f"With `dataset` of length={total}, `left_size`={left} and `right_size`={right}, "
                f"the resulting {side} side dataset split will be empty. Adjust any of the "
                "aforementioned parameters.")
    return int(left), int(right)


def _restack(samples, kind):
    """Samples back to arrays with the structure of one sample (lists become tuples, as TF needs)."""
    if kind is xp.ndarray:
        return xp.stack([xp.asarray(s) for s in samples])
    flat = [S.flatten(s) for s in samples]
    columns = [xp.array(column) for column in zip(*flat)]
    packed = S.pack(samples[0], columns)
    return tuple(packed) if isinstance(packed, list) else packed


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None):
    """Split an in-memory dataset in two ``Dataset`` objects (``keras.utils.split_dataset``).

    Args:
        dataset: a NumPy array, a list or tuple of arrays with equal first dimensions,
            or a ``saessak.data.Dataset`` (a batched one is unbatched and its splits
            re-batched with the same batch size).
        left_size, right_size: a number of samples (int) or a fraction (float in
            ``(0, 1)``); a missing one is the complement of the other.
        shuffle: shuffle the samples before splitting.
        seed: the shuffle seed (Python ``random`` semantics).

    Returns:
        ``(left, right)``, two Datasets.
    """
    kind = _type_spec(dataset)
    if kind is None:
        raise TypeError(
            "The `dataset` argument must be either a `tf.data.Dataset` object, or a list/tuple "
            f"of arrays, or an array. Received: dataset={dataset!r} of type {type(dataset)}")
    if left_size is None and right_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    samples = _samples(dataset, kind)
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(1e6))
        random.Random(seed).shuffle(samples)
    left, right = _split_sizes(left_size, right_size, len(samples))
    splits = []
    for part in (samples[:left], samples[-right:]):
        ds = Dataset.from_tensor_slices(_restack(part, kind))
        if kind is Dataset and isinstance(dataset._node, BatchNode):
            ds = ds.batch(dataset._node.size)
        splits.append(ds.prefetch(AUTOTUNE))
    return tuple(splits)


# ------------------------------------------------------------------ timeseries
def _check_timeseries_args(n, sequence_stride, sampling_rate, start_index, end_index):
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: "
                             f"start_index={start_index}")
        if start_index >= n:
            raise ValueError(
                "`start_index` must be lower than the length of the data. Received: "
                f"start_index={start_index}, for data of length {n}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                "`end_index` must be higher than `start_index`. Received: "
                f"start_index={start_index}, and end_index={end_index}")
        if end_index >= n:
            raise ValueError(
                "`end_index` must be lower than the length of the data. Received: "
                f"end_index={end_index}, for data of length {n}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= n:
            raise ValueError(
                f"`{name}` must be lower than the length of the data. Received: "
                f"{name}={value}, for data of length {n}")


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None):
    """Sliding windows over a time series (``keras.utils.timeseries_dataset_from_array``).

    Window ``k`` starts at ``start_index + s`` with ``s = k * sequence_stride`` and holds
    ``data[start_index + s + i * sampling_rate]`` for ``i < sequence_length``; its target
    is ``targets[start_index + s]``.  ``end_index`` (exclusive) bounds the rows used.

    Returns:
        a Dataset of batches ``(windows, targets)`` (only ``windows`` when ``targets`` is
        None) of shape ``(batch, sequence_length) + data.shape[1:]``; unbatched windows
        when ``batch_size`` is None.
    """
    n = len(data)
    _check_timeseries_args(n, sequence_stride, sampling_rate, start_index, end_index)
    start = 0 if start_index is None else start_index
    stop = n if end_index is None else end_index
    num_seqs = stop - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    index_dtype = "int32" if num_seqs < 2147483647 else "int64"
    positions = xp.arange(0, num_seqs, sequence_stride, dtype=index_dtype)
    if shuffle:
        if seed is None:
            seed = xp.random.randint(1e6)
        xp.random.RandomState(seed).shuffle(positions)

    rows = array_ops.convert_to_tensor(xp.asarray(data)[start:stop])
    offsets = array_ops.convert_to_tensor(
        xp.arange(sequence_length, dtype=index_dtype) * xp.asarray(sampling_rate, index_dtype))
    target_rows = None
    if targets is not None:
        target_rows = array_ops.convert_to_tensor(xp.asarray(targets)[start:stop])

    def windows(p):
        # p: start positions, shape (b,) (or () unbatched) -> rows p[..., None] + offsets.
        batch = indexing_ops.gather(rows, array_ops.expand_dims(p, -1) + offsets)
        if target_rows is None:
            return batch
        return batch, indexing_ops.gather(target_rows, p)

    ds = Dataset.from_tensor_slices(positions)
    if batch_size is not None:
        if shuffle:  # Keras shuffles locally within a buffer of 8 batches, each iteration
            ds = ds.shuffle(buffer_size=batch_size * 8, seed=seed)
        ds = ds.batch(batch_size)
    elif shuffle:
        ds = ds.shuffle(buffer_size=1024, seed=seed)
    return ds.map(windows).prefetch(AUTOTUNE)

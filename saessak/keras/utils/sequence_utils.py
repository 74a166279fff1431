"""Padding variable-length sequences: ``keras.utils.pad_sequences``.

A list of ``n`` sequences becomes one ``(n, maxlen) + sample_shape`` host
array filled with ``value``, into which each sequence is copied after being
cut to its last (``truncating='pre'``) or first (``'post'``) ``maxlen``
entries, aligned to the end (``padding='pre'``) or to the start (``'post'``).
``maxlen`` defaults to the longest sequence.  As in Keras 3.15 this works on
host arrays (the result is a NumPy array, not a Tensor), so it uses the
backend array module directly.
"""

from ...backend import xp

__all__ = ["pad_sequences"]


def _is_text_dtype(dtype):
    try:
        return xp.issubdtype(dtype, xp.str_) or xp.issubdtype(dtype, xp.bytes_)
    except TypeError:
        return False


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """Pad (and truncate) sequences to a common length; returns a NumPy array.

    >>> pad_sequences([[1], [2, 3], [4, 5, 6]])
    array([[0, 0, 1],
           [0, 2, 3],
           [4, 5, 6]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            f"`sequences` must be iterable (a list of sequences). Received: {type(sequences).__name__}.")
    lengths = []
    sample_shape = ()
    found_sample = False
    for x in sequences:
        try:
            lengths.append(len(x))
        except TypeError as e:
            raise ValueError(
                "`sequences` must be a list of iterables (e.g. lists of ints). "
                f"Found non-iterable: {x}") from e
        # The shape of one step (() for ints) comes from the first non-empty sequence.
        if not found_sample and len(x):
            sample_shape = xp.asarray(x).shape[1:]
            found_sample = True

    if maxlen is None:
        if not lengths:
            raise ValueError("`sequences` is empty: pass `maxlen` or at least one sequence.")
        maxlen = max(lengths)

    if isinstance(value, str) and dtype is not object and not _is_text_dtype(dtype):
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings.")
    if truncating not in ("pre", "post") and any(lengths):
        raise ValueError(f'Truncating type "{truncating}" not understood: use "pre" or "post".')
    if padding not in ("pre", "post") and any(lengths):
        raise ValueError(f'Padding type "{padding}" not understood: use "pre" or "post".')

    out = xp.full((len(lengths), maxlen) + tuple(sample_shape), value, dtype=dtype)
    for idx, s in enumerate(sequences):
        if not len(s):
            continue
        # Note `s[-0:]` is the whole sequence: maxlen=0 behaves as in Keras.
        kept = s[-maxlen:] if truncating == "pre" else s[:maxlen]
        kept = xp.asarray(kept, dtype=dtype)
        if kept.shape[1:] != tuple(sample_shape):
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {idx} is different "
                f"from expected shape {tuple(sample_shape)}")
        if padding == "post":
            out[idx, :len(kept)] = kept
        else:
            out[idx, -len(kept):] = kept
    return out

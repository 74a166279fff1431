"""Readers shared by the dataset loaders: pickle-free npz, CIFAR batches, splits, sequences.

IMDB and Reuters store ragged sequences as ``dtype=object`` arrays, which NumPy can only save as
a pickle stream, and the CIFAR batches are Python pickles. Unpickling runs whatever callables
the stream names, so a tampered file could execute code. ``RestrictedUnpickler`` allows only
the three globals that rebuild a NumPy array (``ndarray``, ``dtype`` and
``multiarray._reconstruct``, under NumPy 1's ``numpy.core`` and NumPy 2's ``numpy._core``
spelling) and refuses everything else, as Keras 3.15 does.

The shuffling and filtering helpers reproduce Keras's semantics exactly (same RandomState
draws, ``len(seq) < maxlen`` keeps a sequence, ``num_words`` defaults to the largest index,
which is therefore itself mapped to ``oov_char``), so the loaders give Keras's arrays.
"""

import difflib
import io
import pickle
import zipfile

from ...backend import xp

_multiarray = xp._core.multiarray if hasattr(xp, "_core") else xp.core.multiarray
_ALLOWED = {
    ("numpy", "ndarray"): xp.ndarray,
    ("numpy", "dtype"): xp.dtype,
    ("numpy.core.multiarray", "_reconstruct"): _multiarray._reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): _multiarray._reconstruct,
}


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles NumPy arrays and plain Python containers; refuses any other global."""

    def find_class(self, module, name):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"Refusing to load `{module}.{name}` from a dataset file: only NumPy arrays may be "
                "unpickled. The file may be corrupted or malicious; delete it and download it again."
            ) from None


def _read_npy(stream):
    try:
        return xp.lib.format.read_array(stream, allow_pickle=False)
    except ValueError:  # an object array: re-read it through the restricted unpickler
        stream.seek(0)
        major, _ = xp.lib.format.read_magic(stream)
        if major == 1:
            xp.lib.format.read_array_header_1_0(stream)
        elif major in (2, 3):  # 3.0 differs from 2.0 only in the header's text encoding
            xp.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"Unsupported .npy format version {major}.") from None
        return RestrictedUnpickler(stream).load()


def load_npz(path):
    """All arrays of an ``.npz`` file as a dict, object arrays included, without unsafe pickle."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[:-4]] = _read_npy(io.BytesIO(raw.read()))
    return arrays


def load_cifar_batch(fpath, label_key="labels"):
    """``(data uint8 (n, 3, 32, 32), labels list)`` from one pickled CIFAR batch file."""
    with open(fpath, "rb") as f:
        batch = RestrictedUnpickler(f, encoding="bytes").load()
    batch = {(k.decode("utf8") if isinstance(k, bytes) else k): v for k, v in batch.items()}
    data = batch["data"]
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def check_test_split(test_split):
    if not (0 <= test_split < 1):
        raise ValueError(f"Invalid `test_split` argument: {test_split}. It must be between 0 and 1 "
                         "(exclusive of 1).")


def shuffle_split(x, y, test_split, seed):
    """Shuffle with ``RandomState(seed)`` and cut the last ``test_split`` fraction off as test."""
    indices = xp.arange(len(x))
    xp.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (xp.array(x[:cut]), xp.array(y[:cut])), (xp.array(x[cut:]), xp.array(y[cut:]))


def offset_sequences(xs, start_char, index_from):
    """Shift word indices by ``index_from`` and prepend ``start_char`` (None: no start mark)."""
    head = [] if start_char is None else [start_char]
    return [head + [w + index_from for w in seq] for seq in xs]


def remove_long_seq(maxlen, seqs, labels):
    """Keep the sequences shorter than ``maxlen`` (Keras drops, it does not truncate)."""
    kept = [(s, lab) for s, lab in zip(seqs, labels) if len(s) < maxlen]
    return [s for s, _ in kept], [lab for _, lab in kept]


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Keep words with ``skip_top <= w < num_words``; others become ``oov_char`` or are dropped."""
    if not num_words:
        num_words = max(max(seq) for seq in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in seq] for seq in xs]
    return [[w for w in seq if skip_top <= w < num_words] for seq in xs]


def check_kwargs(fn_name, kwargs, valid):
    """Keras 3 silently ignores unknown keyword arguments; a typo deserves an error instead."""
    if kwargs:
        names = []
        for key in sorted(kwargs):
            close = ["num_words"] if key == "nb_words" else difflib.get_close_matches(key, valid, n=1)
            names.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise TypeError(f"{fn_name}() got unexpected keyword argument(s) {', '.join(names)}. "
                        f"Valid arguments: {', '.join(valid)}.")

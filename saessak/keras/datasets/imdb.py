"""IMDB movie-review sentiment: 25,000 training and 25,000 test reviews, labelled 0/1.

Each review is a list of word indices ranked by frequency (index ``i`` is the ``i``-th most
frequent word of the training set). With the defaults, 0 is padding, 1 (``start_char``) marks a
review's start, 2 (``oov_char``) stands for a word cut by ``num_words``/``skip_top``, and a word
of rank ``r`` appears as ``r + index_from``. The word-index JSON maps words to their rank.
"""

import json

from ...backend import xp
from ._readers import check_kwargs, limit_vocabulary, load_npz, offset_sequences, remove_long_seq
from .mirror import fetch

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"  # md5, as Keras gives it
_ARGS = ("path", "num_words", "skip_top", "maxlen", "seed", "start_char", "oov_char", "index_from")


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
              oov_char=2, index_from=3, **kwargs):
    """``(x_train, y_train), (x_test, y_test)``: object arrays of index lists and the 0/1 labels.

    num_words: keep words of rank below it (others become ``oov_char``); None keeps all but the
        largest index (Keras's behaviour). skip_top: the most frequent ranks to replace likewise.
    maxlen: drop (not truncate) sequences of ``maxlen`` or more indices, start mark included.
    seed: ``RandomState`` seed shuffling train then test. start_char / oov_char: the start and
        out-of-vocabulary indices (None: no start mark / drop cut words). index_from: offset
        added to every word index.
    Unlike Keras 3, which ignores them, unknown keyword arguments raise TypeError.
    """
    check_kwargs("imdb.load_data", kwargs, _ARGS)
    data = load_npz(fetch(path, BASE + "imdb.npz", FILE_HASH))
    rng = xp.random.RandomState(seed)
    parts = []
    for split in ("train", "test"):
        x, y = data[f"x_{split}"], data[f"y_{split}"]
        indices = xp.arange(len(x))
        rng.shuffle(indices)
        parts.append((offset_sequences(x[indices], start_char, index_from), y[indices]))
    (x_train, labels_train), (x_test, labels_test) = parts
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
                             "was kept. Increase maxlen.")
    xs = limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = xp.concatenate([labels_train, labels_test])
    cut = len(x_train)
    return ((xp.array(xs[:cut], dtype="object"), labels[:cut]),
            (xp.array(xs[cut:], dtype="object"), labels[cut:]))


def get_word_index(path="imdb_word_index.json"):
    """``{word: rank}`` (1 is the most frequent word); add ``index_from`` to match ``load_data``."""
    with open(fetch(path, BASE + "imdb_word_index.json", WORD_INDEX_HASH), encoding="utf-8") as f:
        return json.load(f)

"""Reuters newswire topics: 11,228 newswires labelled over 46 topics (``get_label_names``).

Sequences are encoded as in ``imdb`` (0 padding, 1 start, 2 out-of-vocabulary, word of rank ``r``
at ``r + index_from``); the whole set is shuffled and the last ``test_split`` fraction is the
test set.
"""

import json

from ...backend import xp
from ._readers import limit_vocabulary, load_npz, offset_sequences, remove_long_seq
from .mirror import fetch

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"  # md5, as Keras gives it
_LABELS = (
    "cocoa grain veg-oil earn acq wheat copper housing money-supply coffee sugar trade reserves ship "
    "cotton carcass crude nat-gas cpi money-fx interest gnp meal-feed alum oilseed gold tin "
    "strategic-metal livestock retail ipi iron-steel rubber heat jobs lei bop zinc orange pet-chem dlr "
    "gas silver wpi hog lead").split()


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
              start_char=1, oov_char=2, index_from=3):
    """``(x_train, y_train), (x_test, y_test)``: object arrays of index lists and int topic labels.

    The arguments mean what they mean for ``imdb.load_data``; ``test_split`` is the fraction
    of the (shuffled, ``maxlen``-filtered) newswires kept for testing.
    """
    data = load_npz(fetch(path, BASE + "reuters.npz", FILE_HASH))
    xs, labels = data["x"], data["y"]
    indices = xp.arange(len(xs))
    xp.random.RandomState(seed).shuffle(indices)
    xs, labels = offset_sequences(xs[indices], start_char, index_from), labels[indices]
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    return ((xp.array(xs[:cut], dtype="object"), xp.array(labels[:cut])),
            (xp.array(xs[cut:], dtype="object"), xp.array(labels[cut:])))


def get_word_index(path="reuters_word_index.json"):
    """``{word: rank}`` (rank 1 is "the"); add ``index_from`` to match ``load_data``."""
    with open(fetch(path, BASE + "reuters_word_index.json", WORD_INDEX_HASH), encoding="utf-8") as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, indexed like the labels."""
    return tuple(_LABELS)

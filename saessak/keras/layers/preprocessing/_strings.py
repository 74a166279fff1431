"""Host-side string handling for the text layers (saessak tensors hold numbers only).

String inputs arrive as Python strings, bytes, (nested) lists or NumPy arrays
(unicode, bytes or object) and are normalised to NumPy *object* arrays of Python
``str``.  The text operations follow TensorFlow's string ops exactly:

* ``lower`` changes ASCII letters only (``tf.strings.lower``);
* punctuation stripping removes the ASCII punctuation characters (Keras's regex);
* whitespace splitting splits on runs of `` \\t\\n\\v\\f\\r`` only (``tf.strings.split``;
  Python's ``str.split`` would also split on Unicode spaces);
* character splitting yields Unicode code points (``tf.strings.unicode_split``);
* n-grams join consecutive tokens with a space, all n-grams of each width in turn
  (``tf.strings.ngrams``; sequences shorter than a width give none of it).
"""

import re
import string

from ....backend import xp
from ....engine.tensor import Tensor

_LOWER = {ord(c): ord(c.lower()) for c in string.ascii_uppercase}
_PUNCTUATION = {ord(c): None for c in string.punctuation}
_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")


def _as_str(value, encoding, where):
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, xp.bytes_)):
        return bytes(value).decode(encoding)
    raise TypeError(
        f"{where}: expected strings, received an element {value!r} of type {type(value).__name__}. "
        "Pass str/bytes values (a list, a NumPy array of strings, or one string).")


def to_strings(inputs, encoding="utf-8", where="layer"):
    """``inputs`` as an object array of ``str`` (rectangular; shape as given)."""
    if isinstance(inputs, Tensor):
        raise TypeError(
            f"{where}: received a numeric saessak tensor (dtype={inputs.dtype.name}); this layer "
            "works on strings. saessak tensors cannot hold strings: pass Python strings, lists or "
            "NumPy string arrays, and call the layer outside compiled functions (e.g. before the "
            "model, in the input pipeline).")
    if isinstance(inputs, (str, bytes)):
        return xp.asarray(_as_str(inputs, encoding, where), dtype=object)
    try:
        array = xp.asarray(inputs)
    except ValueError:
        array = None
    if array is None or array.dtype.kind not in "USO" or (
            array.dtype.kind == "O" and any(isinstance(v, (list, tuple, xp.ndarray))
                                            for v in array.reshape(-1).tolist())):
        if array is not None and array.dtype.kind in "biuf":
            raise TypeError(
                f"{where}: expected strings, received numbers (dtype={array.dtype}). Pass strings, "
                "or use IntegerLookup / Hashing for integer features.")
        raise ValueError(
            f"{where}: expected a rectangular array of strings; received a ragged or mixed nesting "
            f"{_preview(inputs)}. Pad the rows to one length (or pass one string per row).")
    out = xp.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(array.reshape(-1).tolist()):
        flat[i] = _as_str(v, encoding, where)
    return out


def _preview(x):
    text = repr(x)
    return text if len(text) < 80 else text[:77] + "..."


def strings_array(values):
    """An object array holding exactly ``values`` (a list of str), 1-D."""
    out = xp.empty(len(values), dtype=object)
    out[:] = values
    return out


def lower(array):
    return _map(array, lambda s: s.translate(_LOWER))


def strip_punctuation(array):
    return _map(array, lambda s: s.translate(_PUNCTUATION))


def _map(array, fn):
    out = xp.empty(array.shape, dtype=object)
    flat, src = out.reshape(-1), array.reshape(-1)
    for i in range(src.size):
        flat[i] = fn(src[i])
    return out


def split_whitespace(s):
    return [t for t in _WHITESPACE.split(s) if t]


def split_characters(s):
    return list(s)


def ngrams(tokens, widths, separator=" "):
    """All n-grams of ``tokens`` for each width in ``widths`` (in that order)."""
    out = []
    for w in widths:
        out.extend(separator.join(tokens[i:i + w]) for i in range(len(tokens) - w + 1))
    return out

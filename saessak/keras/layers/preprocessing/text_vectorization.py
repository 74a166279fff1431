"""TextVectorization: strings -> token indices or bag-of-words vectors.

Each input string is standardized (lower-cased and/or stripped of punctuation,
or passed to your callable), split into tokens (on whitespace, into characters,
or by your callable), optionally expanded with n-grams, and looked up in a
vocabulary (a StringLookup with mask token ``''``).  ``output_mode='int'`` gives
``(batch, sequence_length)`` int64 indices padded with 0 (to the longest row, or
to ``output_sequence_length``); 'multi_hot', 'count' and 'tf_idf' give one
vector of vocabulary size per string.

The text work happens on the host, so the layer accepts Python strings, lists
and NumPy string arrays and returns saessak tensors; it cannot run inside a
compiled ``saessak.function`` (or a model's compiled step) on string data.  Put
it in the input pipeline, before the model, as Keras recommends for tf.data.
A callable ``standardize`` receives a NumPy object array of ``str`` and returns
strings; a callable ``split`` receives the 1-D array of standardized strings and
returns one list of tokens per string.
"""

from ....backend import xp
from ....ops import array_ops
from ..keras_tensor import KerasTensor
from ..layer import Layer
from . import _encoding, _strings
from ._adapt import batches, is_stream
from ._image_base import check_choice
from .lookups import StringLookup

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")


class TextVectorization(Layer):
    """Turn strings into sequences of token indices or into token-count vectors.

    Args:
        max_tokens: the largest vocabulary size (mask and OOV included).
        standardize: 'lower_and_strip_punctuation' (default), 'lower', 'strip_punctuation',
            None or a callable.
        split: 'whitespace' (default), 'character', None (the whole string is one token) or a
            callable.
        ngrams: None, an int ``n`` (all 1..n-grams) or a tuple of widths.
        output_mode: 'int' (default), 'multi_hot', 'count' or 'tf_idf'.
        output_sequence_length: with 'int', pad or cut every sequence to this length.
        pad_to_max_tokens: vector modes give ``max_tokens`` columns.
        vocabulary, idf_weights: a fixed vocabulary (and idf weights for 'tf_idf').
        encoding: the text encoding of bytes inputs.
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace",
                 ngrams=None, output_mode="int", output_sequence_length=None, pad_to_max_tokens=False,
                 vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding="utf-8",
                 name=None, **kwargs):
        if standardize is not None and not callable(standardize):
            check_choice(standardize, _STANDARDIZE, "standardize", "TextVectorization")
        if split is not None and not callable(split):
            check_choice(split, _SPLIT, "split", "TextVectorization")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        check_choice(output_mode, ("int", "one_hot", "multi_hot", "count", "tf_idf"), "output_mode",
                     "TextVectorization")
        if not (ngrams is None or isinstance(ngrams, int) or isinstance(ngrams, tuple) and all(
                isinstance(n, int) for n in ngrams)):
            raise ValueError(f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams}")
        if output_mode == "int" and not (output_sequence_length is None or isinstance(
                output_sequence_length, int)):
            raise ValueError("`output_sequence_length` must be either None or an integer when `output_mode` "
                             f"is 'int'. Received: output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                             f"Received output_sequence_length={output_sequence_length}.")
        if sparse or ragged:
            raise NotImplementedError("TextVectorization: sparse=True and ragged=True are not supported by "
                                      "saessak (no sparse or ragged tensors).")
        self._max_tokens = max_tokens
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode, sparse=sparse,
            has_input_vocabulary=self._has_input_vocabulary, encoding=encoding,
            vocabulary_size=vocabulary_size)

    def _convert_inputs(self, inputs):
        return inputs  # host strings, converted in call()

    # ------------------------------------------------------------------ vocabulary
    def adapt(self, data, batch_size=None, steps=None):
        """Build the vocabulary from ``data`` (strings: array, list, or an iterable of batches)."""
        self.reset_state()
        if is_stream(data):
            for batch in batches(data, steps=steps):
                self.update_state(batch)
        else:
            array = _strings.to_strings(data, self._encoding, self.name)
            if array.ndim == 1:
                array = array.reshape(-1, 1)
            self.update_state(array)
        self.finalize_state()

    def update_state(self, data):
        tokens, _ = self._preprocess(data)
        if isinstance(tokens, list):
            self._lookup_layer._update_rows(tokens)
        else:
            self._lookup_layer.update_state(tokens)

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True):
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def save_assets(self, dir_path):
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        self._lookup_layer.load_assets(dir_path)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # ------------------------------------------------------------------ text processing
    def _preprocess(self, inputs):
        """Standardize, split and n-gram.

        Returns ``(tokens, scalar)``: a list of token lists (one per string) when splitting, else
        the array of standardized strings; ``scalar`` tells that the input was one string.
        """
        x = _strings.to_strings(inputs, self._encoding, self.name)
        if self._standardize in ("lower", "lower_and_strip_punctuation"):
            x = _strings.lower(x)
        if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            x = _strings.strip_punctuation(x)
        if callable(self._standardize):
            x = _strings.to_strings(self._standardize(x), self._encoding, self.name)
        if self._split is None:
            if self._ngrams is not None:
                rows = [list(r) for r in x.reshape(x.shape[0] if x.ndim else 1, -1)]
                return [_strings.ngrams(r, self._ngrams) for r in rows], False
            return x, False
        scalar = x.ndim == 0
        if x.ndim > 1:
            if x.shape[-1] != 1:
                raise ValueError(
                    "When using `TextVectorization` to tokenize strings, the input rank must be 1 or the "
                    f"last shape dimension must be 1. Received: inputs.shape={x.shape} with rank={x.ndim}")
            x = x.reshape(x.shape[:-1])
        flat = x.reshape(-1)
        if self._split == "whitespace":
            rows = [_strings.split_whitespace(s) for s in flat]
        elif self._split == "character":
            rows = [_strings.split_characters(s) for s in flat]
        else:
            rows = [list(_strings.to_strings(r, self._encoding, self.name).reshape(-1))
                    for r in self._split(flat)]
        if self._ngrams is not None:
            rows = [_strings.ngrams(r, self._ngrams) for r in rows]
        return rows, scalar

    def call(self, inputs):
        lookup = self._lookup_layer
        lookup._ensure_known_vocab_size()
        tokens, scalar = self._preprocess(inputs)
        if not isinstance(tokens, list):  # no split: one token per string, shape kept
            indices = lookup._lookup_strings(tokens)
            if self._output_mode != "int":
                return lookup._encode(array_ops.constant(indices))
            if self._output_sequence_length is not None and indices.ndim:
                indices = _fit_length(indices, self._output_sequence_length)
            return array_ops.constant(indices)
        width = max((len(r) for r in tokens), default=0)
        if self._output_mode == "int" and self._output_sequence_length is not None:
            width = self._output_sequence_length
        pad = 0 if self._output_mode == "int" else _encoding.DROPPED
        indices = xp.full((len(tokens), width), pad, dtype=xp.int64)
        for i, row in enumerate(tokens):
            if row:
                ids = lookup._lookup_strings(_strings.strings_array(row))[:width]
                indices[i, :len(ids)] = ids
        if scalar:
            indices = indices[0]
        if self._output_mode != "int":
            return lookup._encode(array_ops.constant(indices))
        return array_ops.constant(indices)

    # ------------------------------------------------------------------ shapes and config
    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        if self._split is None:
            if len(input_shape) <= 1:
                input_shape = tuple(input_shape) + (1,)
        else:
            input_shape = tuple(input_shape) + (None,)
        return self._lookup_layer.compute_output_shape(input_shape)

    def compute_output_spec(self, inputs):
        from ... import config  # noqa: PLC0415

        dtype = config.floatx() if self._output_mode == "tf_idf" else "int64"
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype=dtype)

    def get_build_config(self):
        return {"input_shape": None}  # Keras records no shape (string inputs)

    def get_config(self):
        lookup = self._lookup_layer
        config_ = super().get_config()
        config_.update({
            "max_tokens": lookup.max_tokens,
            "standardize": self._standardize,
            "split": self._split,
            "ngrams": self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": lookup.sparse,
            "ragged": self._ragged,
            "vocabulary": _listify(lookup.input_vocabulary),
            "idf_weights": _listify(lookup.input_idf_weights),
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        })
        return config_

    @classmethod
    def from_config(cls, config_, custom_objects=None):
        from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415

        config_ = dict(config_)
        for key in ("standardize", "split"):
            if config_.get(key) is not None and not isinstance(config_[key], str):
                config_[key] = deserialize_keras_object(config_[key], custom_objects=custom_objects)
        if isinstance(config_.get("ngrams"), list):
            config_["ngrams"] = tuple(config_["ngrams"])
        return super().from_config(config_)


def _fit_length(indices, length):
    """Cut or zero-pad the last axis to ``length``."""
    indices = indices[..., :length]
    if indices.shape[-1] < length:
        pad = [(0, 0)] * (indices.ndim - 1) + [(0, length - indices.shape[-1])]
        indices = xp.pad(indices, pad)
    return indices


def _listify(x):
    return x.tolist() if isinstance(x, xp.ndarray) else x

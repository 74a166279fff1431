"""StringLookup and IntegerLookup: map tokens to vocabulary indices (or back, with ``invert``).

StringLookup works on the host: it accepts Python strings, lists and NumPy
string arrays (saessak tensors hold numbers only), returns int64 / float32
tensors, and with ``invert=True`` returns a NumPy object array of ``str``.  It
cannot run inside a compiled ``saessak.function`` on string data: call it in
the input pipeline, before the model.  IntegerLookup works on tensors with
ops, so it also runs inside compiled functions and models.
"""

from ....backend import xp
from ....engine.tensor import Tensor
from ....ops import math_ops
from ._strings import strings_array, to_strings
from .index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Map strings to integer indices from a vocabulary (given, or learned by ``adapt``).

    Args:
        max_tokens: the largest vocabulary size (special tokens included); None: no limit.
        num_oov_indices: indices for out-of-vocabulary strings (hashed among them if > 1).
        mask_token: a token meaning "padding", mapped to index 0 (None: no mask).
        oov_token: the token ``get_vocabulary``/``invert`` show for OOV indices.
        vocabulary: a list of strings (optionally starting with the special tokens).
        idf_weights: per-token weights for ``output_mode='tf_idf'`` with a given vocabulary.
        invert: map indices back to strings.
        output_mode: 'int', 'one_hot', 'multi_hot', 'count' or 'tf_idf'.
        pad_to_max_tokens: encodings have ``max_tokens`` columns instead of the vocabulary size.
        encoding: the text encoding of bytes inputs.
        salt: hash OOV strings with SipHash keyed by this (int or pair) instead of FarmHash.
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, salt=None, **kwargs):
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights,
                         invert=invert, output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens,
                         sparse=sparse, name=name, salt=salt, vocabulary_dtype="string", **kwargs)

    def _convert_inputs(self, inputs):
        return inputs  # host strings (or indices when inverting) are handled in call()

    def call(self, inputs):
        self._ensure_known_vocab_size()
        if self.invert:
            return self._invert(inputs)
        return self._encode(self._lookup(to_strings(inputs, self.encoding, self.name)))

    def _invert(self, inputs):
        x = inputs._value if isinstance(inputs, Tensor) else xp.asarray(inputs)
        if x.dtype.kind not in "iu":
            raise TypeError(f"{self.name}: with invert=True the inputs are integer indices, received "
                            f"dtype={x.dtype}.")
        vocab = strings_array(self.get_vocabulary())
        start = self._token_start_index()
        valid = (x >= start) & (x < len(vocab))
        out = xp.where(valid, vocab[xp.clip(x, 0, len(vocab) - 1)], self.oov_token)
        if self.mask_token is not None:
            out = xp.where(x == 0, self.mask_token, out)
        return out.astype(object)

    def get_config(self):
        config_ = super().get_config()
        del config_["vocabulary_dtype"]
        config_["encoding"] = self.encoding
        return config_


class IntegerLookup(IndexLookup):
    """Map integer tokens to contiguous vocabulary indices (given, or learned by ``adapt``).

    Args: as StringLookup, with integer tokens (``oov_token=-1``), plus
        vocabulary_dtype: 'int64' (the only one supported, as in Keras);
        oov_method: 'floormod' (default: OOV index ``x mod num_oov_indices``) or 'farmhash'.
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                 vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None, **kwargs):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError("If `max_tokens` is set for `IntegerLookup`, it must be greater than 1. "
                             f"Received: max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError("The value of `num_oov_indices` argument for `IntegerLookup` must >= 0. "
                             f"Received: num_oov_indices={num_oov_indices}")
        if vocabulary_dtype != "int64":
            raise ValueError("Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                             f"vocabulary_dtype={vocabulary_dtype}")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, vocabulary_dtype=vocabulary_dtype,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, oov_method=oov_method, salt=salt,
                         name=name, **kwargs)

    def _convert_inputs(self, inputs):
        if isinstance(inputs, Tensor):
            return inputs
        a = xp.asarray(inputs)
        if a.dtype.kind not in "iuf" or a.dtype.kind == "b":
            raise TypeError(f"{self.name}: expected integer inputs, received {type(inputs).__name__} "
                            f"with dtype={a.dtype}.")
        from ....ops import array_ops  # noqa: PLC0415

        return array_ops.constant(a)

    def call(self, inputs):
        self._ensure_known_vocab_size()
        if inputs.dtype.name != "int64":
            inputs = math_ops.cast(inputs, "int64")
        return self._encode(self._lookup(inputs))

    def get_config(self):
        config_ = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config_[key] is not None:
                config_[key] = int(config_[key])
        if config_["vocabulary"] is not None:
            config_["vocabulary"] = [int(v) for v in config_["vocabulary"]]
        return config_

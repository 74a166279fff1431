"""IndexLookup: the vocabulary machinery behind StringLookup, IntegerLookup and TextVectorization.

A vocabulary maps tokens to indices laid out as Keras does::

    [mask (output_mode 'int' with a mask token)] [OOV x num_oov_indices] [tokens...]

A token outside the vocabulary gets the OOV index; with several OOV indices it
is spread over them by ``x mod n`` (integers) or by its FarmHash fingerprint
(strings, or integers with ``oov_method='farmhash'``; SipHash with a ``salt``).
``adapt`` counts tokens and keeps the most frequent, ties broken as Keras does
(``np.lexsort`` reversed: by count, then by token, both descending).  With
``output_mode='tf_idf'`` it also counts documents: ``idf(t) = log(1 + D / (1 + d_t))``
and OOV positions get the mean idf.

Integer lookups run as an op (``keras_integer_lookup``) reading the layer's
table by reference, so IntegerLookup works inside ``saessak.function``.  String
lookups run on the host (tensors cannot hold strings) and return int64 tensors.
"""

import collections
import os
import warnings

from ....backend import xp
from ....engine.op import execute
from ....engine.tensor import Tensor
from ....ops import array_ops, math_ops
from ... import config
from ..keras_tensor import KerasTensor
from ..layer import Layer
from . import _encoding, _hashing
from ._adapt import batches, is_stream
from ._image_base import check_choice
from ._lookup_table import INT_INVERT, INT_LOOKUP, Rules, Table, finish

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class IndexLookup(Layer):
    """Base of the lookup layers; ``vocabulary_dtype`` is 'string' or 'int64'."""

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", name=None, salt=None, **kwargs):
        cls = type(self).__name__
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"If pad_to_max_tokens is True, must set `max_tokens`. Received: "
                             f"max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError("`num_oov_indices` must be greater than or equal to 0. Received: "
                             f"num_oov_indices={num_oov_indices}")
        check_choice(oov_method, ("floormod", "farmhash"), "oov_method", cls)
        if salt is not None:
            if vocabulary_dtype != "string" and oov_method != "farmhash":
                raise ValueError("`salt` can only be used when `oov_method='farmhash'`. Received: "
                                 f"oov_method={oov_method}")
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(f"The `salt` argument for `{cls}` can only be a tuple of 2 integers, "
                                 f"or a single integer. Received: salt={salt}.")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        check_choice(output_mode, _MODES, "output_mode", cls)
        if invert and output_mode != "int":
            raise ValueError(f"`output_mode` must be `'int'` when `invert` is true. Received: "
                             f"output_mode={output_mode}")
        if sparse:
            raise NotImplementedError(f"{cls}: sparse=True is not supported by saessak (no sparse tensors).")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
                             f"idf_weights={idf_weights} and output_mode={output_mode}")
        frozen = kwargs.pop("vocabulary_size", None)
        has_vocab = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self._frozen_vocab_size = frozen
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_vocab
        self._strings = vocabulary_dtype == "string"
        self._table = Table()
        self._idf = None
        self.reset_state()
        if output_mode == "tf_idf" and has_vocab and idf_weights is None:
            raise ValueError("When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                             "`idf_weights` argument must also be provided.")
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # ------------------------------------------------------------------ layout
    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """The number of indices: the tokens plus the mask and OOV positions."""
        return len(self._table.tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        """The token of every index (special tokens first unless ``include_special_tokens=False``)."""
        start = self._token_start_index()
        vocab = [self.oov_token] * start + list(self._table.tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        return vocab if include_special_tokens else vocab[start:]

    # ------------------------------------------------------------------ vocabulary
    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Set the vocabulary (with or without the leading special tokens) and, for tf_idf, idf weights."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError("`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
                             f"output_mode={self.output_mode} and idf_weights={idf_weights}")
        if isinstance(vocabulary, str):
            raise NotImplementedError(
                f"{type(self).__name__}: loading a vocabulary from a file is not supported by saessak; "
                "read the file and pass the list of tokens.")
        vocabulary = self._host_tokens(vocabulary)
        if not vocabulary:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        oov_start, start = self._oov_start_index(), self._token_start_index()
        special = [self.mask_token] * oov_start + [self.oov_token] * self.num_oov_indices
        found_special = vocabulary[:start] == special
        tokens = vocabulary[start:] if found_special else vocabulary
        repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
        if repeated:
            raise ValueError("The passed vocabulary has at least one repeated term. Please uniquify your "
                             f"dataset. The repeated terms are: {repeated}")
        for kind, token in (("mask", self.mask_token), ("OOV", self.oov_token)):
            if token is not None and token in tokens and (kind == "mask" or self.invert):
                where = max(i for i, t in enumerate(vocabulary) if t == token)
                raise ValueError(
                    f"Found reserved {kind} token at unexpected location in `vocabulary`. Note that passed "
                    "`vocabulary` does not need to include the OOV and mask tokens. Either remove all "
                    "mask and OOV tokens, or include them only at the start of the vocabulary in "
                    f"precisely this order: {special}. Received: {kind.lower()}_token={token} at "
                    f"vocabulary index {where}")
        size = start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError("Attempted to set a vocabulary larger than the maximum vocab size. Received "
                             f"vocabulary size is {size}; `max_tokens` is {self.max_tokens}.")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf" and idf_weights is not None:
            idf = xp.asarray(idf_weights, dtype=xp.float64)
            if len(vocabulary) != len(idf):
                raise ValueError("`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                                 f"{len(idf)}; len(vocabulary) is {len(vocabulary)}")
            if idf.ndim != 1:
                raise ValueError(f"TF-IDF data must be a 1-index array. Received: idf_weights={idf_weights}")
            front, value = (0, 0.0) if found_special else (start, float(xp.average(idf)))
            back = self.max_tokens - front - len(idf) if self.pad_to_max_tokens else 0
            self._idf = xp.pad(idf, (front, back), constant_values=(value, 0)).astype(config.floatx())

    def _set_tokens(self, tokens):
        self._table.set(tokens, self._token_start_index(), None if self._strings else "int64")
        self._record_vocabulary_size()

    def _record_vocabulary_size(self):
        size = self.vocabulary_size()
        if self.output_mode != "int" and not self.pad_to_max_tokens and (
                self._frozen_vocab_size is not None and size != self._frozen_vocab_size):
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, the "
                "vocabulary size cannot be changed after the layer is called. Old vocab size is "
                f"{self._frozen_vocab_size}, new vocab size is {size}")
        self._frozen_vocab_size = size

    def _host_tokens(self, values):
        """A flat list of Python tokens (str or int) from an array-like."""
        if self._strings:
            from ._strings import to_strings  # noqa: PLC0415

            return to_strings(values, getattr(self, "encoding", "utf-8"), type(self).__name__) \
                .reshape(-1).tolist()
        a = values._value if isinstance(values, Tensor) else xp.asarray(values)
        if a.size and a.dtype.kind not in "iu":
            raise TypeError(f"{type(self).__name__}: expected integer tokens, received dtype={a.dtype}.")
        return [int(v) for v in a.reshape(-1).tolist()]

    # ------------------------------------------------------------------ saving
    # An adapted vocabulary is not in the config: like Keras, it travels as an asset of the
    # .keras file, assets/<layer path>/vocabulary.txt, one token per line, special tokens first.
    def save_assets(self, dir_path):
        if self._has_input_vocabulary:
            return  # in the config
        if self.output_mode == "tf_idf":
            if self._table.ready:
                warnings.warn(
                    f"{type(self).__name__} '{self.name}': saessak does not save the adapted vocabulary "
                    "and idf weights of an output_mode='tf_idf' lookup; the loaded layer will have none. "
                    "Pass them as vocabulary=get_vocabulary() and idf_weights=... to keep them in the "
                    "config.", stacklevel=2)
            return
        vocabulary = self.get_vocabulary(include_special_tokens=True)
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(str(token) for token in vocabulary))

    def load_assets(self, dir_path):
        path = os.path.join(dir_path, "vocabulary.txt")
        if self._has_input_vocabulary or self.output_mode == "tf_idf" or not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        if not self._strings:
            lines = [self._saved_int(line, path) for line in lines]
        self.set_vocabulary(lines)

    def _saved_int(self, line, path):
        try:
            return int(line)
        except ValueError:
            raise ValueError(f"{type(self).__name__} '{self.name}': the saved vocabulary {path} has a "
                             f"line {line!r} that is not an integer token.") from None

    # ------------------------------------------------------------------ adapt
    def adapt(self, data, steps=None):
        """Build the vocabulary from ``data`` (array, list, Dataset or iterable of batches)."""
        self.reset_state()
        if is_stream(data):
            for batch in batches(data, steps=steps):
                self.update_state(batch)
        else:
            rows = self._rows(data, expand_rank1=True)
            self._update_rows(rows)
        self.finalize_state()

    def _rows(self, data, expand_rank1=False):
        """Documents (lists of tokens) of one batch: rank 0 and 1 data is one document (or, for
        ``adapt`` on an array, rank 1 is one document per element)."""
        if isinstance(data, list) and data and all(isinstance(r, list) for r in data) and self._strings:
            return [self._host_tokens(r) if r else [] for r in data]  # ragged rows (TextVectorization)
        if self._strings:
            from ._strings import to_strings  # noqa: PLC0415

            a = to_strings(data, getattr(self, "encoding", "utf-8"), type(self).__name__)
        else:
            a = data._value if isinstance(data, Tensor) else xp.asarray(data)
            if a.size and a.dtype.kind not in "iu":
                raise TypeError(f"{type(self).__name__}: expected integer tokens, received dtype={a.dtype}.")
            a = a.astype(xp.int64)
        if a.ndim == 0:
            a = a.reshape(1, 1)
        elif a.ndim == 1:
            a = a.reshape(-1, 1) if expand_rank1 else a.reshape(1, -1)
        return [row.reshape(-1).tolist() for row in a.reshape(a.shape[0], -1)]

    def update_state(self, data):
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                             "`vocabulary` argument or `set_vocabulary()` method.")
        self._update_rows(self._rows(data))

    def _update_rows(self, rows):
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                             "`vocabulary` argument or `set_vocabulary()` method.")
        for row in rows:
            self._token_counts.update(row)
            if self.output_mode == "tf_idf":
                self._document_counts.update(set(row))
        if self.output_mode == "tf_idf":
            self._num_documents += len(rows)

    def finalize_state(self):
        if self._has_input_vocabulary or not self._token_counts:
            self._record_vocabulary_size()
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                self._token_counts.pop(special, None)
        # By count, then by token, both descending (Keras: np.lexsort((tokens, counts))[::-1]).
        ranked = sorted(self._token_counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        if self.max_tokens:
            ranked = ranked[:self.max_tokens - self._token_start_index()]
        tokens = [t for t, _ in ranked]
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            counts = xp.asarray([self._document_counts[t] for t in tokens], dtype=xp.float64)
            idf = xp.log(1 + self._num_documents / (1 + counts)).astype(config.floatx())
            back = self.max_tokens - self._token_start_index() - len(idf) if self.pad_to_max_tokens else 0
            self._idf = xp.pad(idf, (self._token_start_index(), back),
                               constant_values=(xp.mean(idf) if idf.size else 0, 0)).astype(config.floatx())
        self.reset_state()

    def reset_state(self):
        if self._has_input_vocabulary:
            return
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    @property
    def idf_weights(self):
        return None if self._idf is None else Tensor(self._idf)

    # ------------------------------------------------------------------ call
    def _rules(self):
        """How lookups treat missing and mask tokens (Keras's default/mask values)."""
        n, oov_start = self.num_oov_indices, self._oov_start_index()
        hash_fn = None
        if n > 1:
            if not self._strings and self.oov_method != "farmhash":
                hash_fn = lambda v: xp.mod(v, n)  # noqa: E731
            else:
                salt = tuple(self.salt) if self.salt is not None else None
                hash_fn = lambda v: _hashing.hash_strings(  # noqa: E731
                    v.tolist() if self._strings else _hashing.number_text(v), n, salt)
        return {"default": oov_start if n == 1 else -1, "num_oov": n, "oov_start": oov_start,
                "mask_key": self.mask_token, "hash": hash_fn,
                "mask_value": 0 if self.output_mode == "int" else _encoding.DROPPED}

    def _ensure_known_vocab_size(self):
        if self.output_mode != "int" and not self.pad_to_max_tokens and self._frozen_vocab_size is None:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, you must set "
                "the layer's vocabulary before calling it. Either pass a `vocabulary` argument to the "
                "layer, or call `adapt` with some sample data.")

    def _lookup_strings(self, array):
        """int64 indices of an object array of str (host)."""
        self._table.check_ready(f"{type(self).__name__} '{self.name}'")
        rules = self._rules()
        index, default = self._table.index, rules["default"]
        flat = array.reshape(-1)
        out = xp.fromiter((index.get(t, default) for t in flat.tolist()), dtype=xp.int64,
                          count=flat.size).reshape(array.shape)
        return finish(array, out, rules, lambda v: v == self.mask_token)

    def _lookup(self, inputs):
        """Indices of the inputs (a tensor for IntegerLookup, host strings otherwise)."""
        if self._strings:
            return array_ops.constant(self._lookup_strings(inputs))
        if self.invert:
            return execute(INT_INVERT, [inputs], {"table": self._table, "oov_token": int(self.oov_token),
                                                  "mask_token": self.mask_token})
        return execute(INT_LOOKUP, [inputs], {"table": self._table, "rules": Rules(self._rules())})

    def _encode(self, indices):
        if self.output_mode == "int":
            return indices
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = _encoding.encode(indices, mode, depth, "int64")
        if self.output_mode == "tf_idf":
            if self._idf is None:
                raise ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be provided.")
            out = math_ops.multiply(math_ops.cast(out, self._idf.dtype.name), array_ops.constant(self._idf))
        return out

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    def compute_output_spec(self, inputs):
        if self.invert:
            dtype = self.vocabulary_dtype
        else:
            dtype = config.floatx() if self.output_mode == "tf_idf" else "int64"
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_build_config(self):
        return {}

    def build_from_config(self, config_):
        self.built = True

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": _listify(self.input_idf_weights),
            "vocabulary": _listify(self.input_vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        })
        return config_


def _listify(x):
    if isinstance(x, Tensor):
        x = x._value
    if isinstance(x, xp.ndarray):
        x = x.tolist()
    return x

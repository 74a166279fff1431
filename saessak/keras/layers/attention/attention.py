"""Attention: dot-product (Luong-style) attention of a query sequence over a value sequence.

For query ``q`` ``(batch, Tq, dim)``, value ``v`` ``(batch, Tv, dim)`` and key
``k`` (default ``v``)::

    scores  = q @ k^T                       ('dot'; times ``scale`` with use_scale)
            = w * sum(tanh(scale * (q_i + k_j)))   ('concat')
    weights = softmax(scores, axis=-1)      (masked keys get scores - 1e9 first)
    output  = weights @ v

A value mask hides padded keys; a query mask zeroes the outputs of padded
queries; ``use_causal_mask`` lets query ``i`` see only keys ``j <= i``.
"""

from .... import nn
from ....ops import array_ops, linalg_ops, math_ops, reduce_ops, softmax_ops
from ..keras_tensor import KerasTensor
from ..layer import Layer


class Attention(Layer):
    """Dot-product attention layer (``keras.layers.Attention``), called on ``[query, value(, key)]``.

    Args:
        use_scale: learn a scalar that multiplies the scores.
        score_mode: 'dot' (``q @ k^T``) or 'concat' (``sum(tanh(q + k))``).
        dropout: fraction of the attention weights dropped in training.
        seed: seed of the dropout.
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if self.score_mode not in ["dot", "concat"]:
            raise ValueError("Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                             f"Received: score_mode={score_mode}")

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones", trainable=True)
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(),
                                                       initializer="ones", trainable=True)
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = linalg_ops.matmul(query, key, transpose_b=True)
            if self.scale is not None:
                scores = math_ops.multiply(scores, self.scale)
            return scores
        # 'concat': every (query step, key step) pair, (batch, Tq, Tv, dim), summed over dim.
        pairs = array_ops.expand_dims(query, -2) + array_ops.expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * reduce_ops.reduce_sum(math_ops.tanh(pairs), axis=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            padding = math_ops.logical_not(scores_mask)
            if padding.ndim == 2:
                padding = array_ops.expand_dims(padding, -2)
            big = 65504.0 if scores.dtype.name == "float16" else 1.0e9
            scores = math_ops.where(padding, scores - big, scores)
        weights = softmax_ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = nn.dropout(weights, rate=self.dropout, seed=self.seed)
        return linalg_ops.matmul(weights, value), weights

    def _calculate_score_mask(self, scores, v_mask, use_causal_mask):
        if not use_causal_mask:
            return v_mask
        causal = causal_mask(scores._value.shape[-2], scores._value.shape[-1])
        if v_mask is not None:
            return math_ops.logical_and(array_ops.expand_dims(v_mask, -2), causal)
        return causal

    def call(self, inputs, mask=None, training=False, return_attention_scores=False, use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        q, v = inputs[0], _tensor(inputs[1], self.compute_dtype)
        k = _tensor(inputs[2], self.compute_dtype) if len(inputs) > 2 else v
        q_mask = _bool(mask[0]) if mask else None
        v_mask = _bool(mask[1]) if mask else None
        scores = self._calculate_scores(query=q, key=k)
        scores_mask = self._calculate_score_mask(scores, v_mask, use_causal_mask)
        output, weights = self._apply_scores(scores, v, scores_mask, training)
        if q_mask is not None:
            keep = array_ops.expand_dims(q_mask, -1)
            output = math_ops.where(keep, output, array_ops.zeros((), dtype=output.dtype))
        if return_attention_scores:
            return output, weights
        return output

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return array_ops.convert_to_tensor(mask[0])

    def compute_output_shape(self, input_shape):
        return (*input_shape[0][:-1], input_shape[1][-1])

    def compute_output_spec(self, inputs, mask=None, return_attention_scores=False, training=None,
                            use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        out = KerasTensor(self.compute_output_shape([query.shape, value.shape, key.shape]),
                          dtype=self.compute_dtype)
        if return_attention_scores:
            return out, KerasTensor((*query.shape[:-1], key.shape[-2]), dtype=self.compute_dtype)
        return out

    def _validate_inputs(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError(f"{name} layer must be called on a list of inputs, namely [query, value] or "
                             f"[query, value, key]. Received: inputs={inputs}.")
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                             f"[query, value, key]. Received length: {len(inputs)}.")
        if mask is not None:
            if not isinstance(mask, list):
                raise ValueError(f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                                 f"Received: mask={mask}.")
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(f"{name} layer accepts mask list of length 2 or 3. Received: "
                                 f"inputs={inputs}, mask={mask}.")

    def get_config(self):
        config = super().get_config()
        config.update({"use_scale": self.use_scale, "score_mode": self.score_mode, "dropout": self.dropout,
                       "seed": self.seed})
        return config


def causal_mask(q_len, k_len):
    """``(1, q_len, k_len)`` booleans, True where key ``j <= `` query ``i`` (lower triangle)."""
    rows = array_ops.reshape(array_ops.range(q_len), (1, q_len, 1))
    cols = array_ops.reshape(array_ops.range(k_len), (1, 1, k_len))
    return math_ops.greater_equal(rows, cols)


def _tensor(x, dtype):
    t = array_ops.convert_to_tensor(x)
    if t._value.dtype.kind == "f" and t.dtype.name != dtype:
        t = math_ops.cast(t, dtype)
    return t


def _bool(mask):
    if mask is None:
        return None
    mask = array_ops.convert_to_tensor(mask)
    return mask if mask.dtype.name == "bool" else math_ops.cast(mask, "bool")

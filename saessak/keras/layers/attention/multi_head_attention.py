"""MultiHeadAttention (Vaswani et al., 2017), with Keras's weights and einsum equations.

Each of ``num_heads`` heads projects the query, key and value (EinsumDense
layers named ``query``, ``key``, ``value``, kernels ``(dim, heads, key_dim)``)
and computes scaled dot-product attention::

    scores = softmax(q k^T / sqrt(key_dim))      over the key positions
    head   = scores @ v

The heads are then projected back together by ``attention_output`` (kernel
``(heads, value_dim, out_dim)``).  ``attention_axes`` picks the axes attended
over (default: all but batch, heads and channels, i.e. the time axis).

Masks (True = may attend): the Keras masks of query/value/key, an explicit
``attention_mask`` ``(B, T, S)`` and ``use_causal_mask`` are ANDed.  As in
Keras, two code paths differ on a fully masked row: the fused path (no
dropout, no returned scores, 3-D inputs) attends uniformly, the explicit path
(Softmax layer) gives zero weights.
"""

import math

from ....ops import array_ops, einsum_ops, math_ops, softmax_ops
from ... import constraints, initializers, regularizers
from ...tensor_tags import get_keras_mask, set_keras_mask
from ..activations.softmax import Softmax
from ..core.dropout import Dropout
from ..core.einsum_dense import EinsumDense
from ..core.wrapper import build_sublayer
from ..keras_tensor import KerasTensor
from ..layer import Layer
from .attention import causal_mask
from .equations import attention_equations, output_shape_spec, projection_equation


class MultiHeadAttention(Layer):
    """Multi-head attention layer (``keras.layers.MultiHeadAttention``), called as ``mha(query, value, key)``.

    Args:
        num_heads: number of attention heads.
        key_dim: size of each head's query and key; value_dim: of its value (default key_dim).
        dropout: dropout rate on the attention weights (training only).
        use_bias: biases in the four projections.
        output_shape: last dims of the output (default: the query's last dim).
        attention_axes: axes to attend over (default: all but batch, heads, channels).
        sliding_window: attend only to keys closer than this many positions.
        use_gate: multiply each head's output by a sigmoid gate computed from the query.
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                 attention_axes=None, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, use_gate=False, seed=None, **kwargs):
        for arg, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Received an invalid value for argument `{arg}`, expected a positive "
                                 f"integer. Received: {arg}={value}")
        if value_dim is not None and (not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError("Received an invalid value for argument `value_dim`, expected a positive integer "
                             f"or `None`. Received: value_dim={value_dim}")
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads, self._key_dim = num_heads, key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout, self._use_bias, self._use_gate = dropout, use_bias, use_gate
        if output_shape:
            output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
        self._output_shape = output_shape or None
        if flash_attention:
            raise ValueError("Flash attention is not supported by saessak (nor by Keras's TensorFlow backend).")
        self._flash_attention = False
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(f"`attention_axes` must be an int, list, or tuple.Received: "
                             f"attention_axes={attention_axes}")
        self._attention_axes = attention_axes
        if sliding_window is not None and (not isinstance(sliding_window, int) or sliding_window <= 0):
            raise ValueError(f"`sliding_window` must be `None` or a positive integer. Received: "
                             f"sliding_window={sliding_window}")
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    # Keras keeps the projections in `_query_dense`... and exposes them as properties `query_dense`...;
    # its weight files key them by the public names, so here those are the attributes.
    _query_dense = property(lambda self: self.query_dense)
    _key_dense = property(lambda self: self.key_dense)
    _value_dense = property(lambda self: self.value_dense)
    _output_dense = property(lambda self: self.output_dense)

    # ------------------------------------------------------------------ building
    def __call__(self, *args, **kwargs):
        if not args and "query" in kwargs:
            args = (kwargs.pop("query"),)
        if not self.built:
            given = dict(zip(("query", "value", "key"), args))
            given.update({k: kwargs[k] for k in ("value", "key") if k in kwargs})
            if given.get("value") is not None:
                shapes = {"query_shape": _shape(given["query"]), "value_shape": _shape(given["value"])}
                if given.get("key") is not None:
                    shapes["key_shape"] = _shape(given["key"])
                self._maybe_build(shapes)
        return super().__call__(*args, **kwargs)

    def build(self, query_shape, value_shape=None, key_shape=None):
        if isinstance(query_shape, dict):  # from __call__ or build_config: {"query_shape": ...}
            query_shape, value_shape, key_shape = (query_shape.get(k) for k in
                                                   ("query_shape", "value_shape", "key_shape"))
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError("All dimensions of `value` and `key`, except the last one, must be equal. "
                             f"Received: value_shape={value_shape} and key_shape={key_shape}")
        heads_key = [self._num_heads, self._key_dim]
        heads_value = [self._num_heads, self._value_dim]
        self.query_dense = self._projection(len(query_shape), heads_key, "query", query_shape)
        self.key_dense = self._projection(len(key_shape), heads_key, "key", key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(len(query_shape), heads_value, "gate", query_shape,
                                                activation="sigmoid")
        self.value_dense = self._projection(len(value_shape), heads_value, "value", value_shape)
        rank = len(query_shape) + 1  # the projected tensors gain a heads axis
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(a if a >= 0 else (rank - 1) + a for a in self._attention_axes)
        self._dot_product_equation, self._combine_equation, scores_rank = attention_equations(
            rank, self._attention_axes)
        norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        self._softmax = Softmax(axis=norm_axes, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype_policy, seed=self.seed)
        out_dims = self._output_shape or [query_shape[-1]]
        equation, bias_axes, out_rank = projection_equation(len(query_shape) - 1, 2, len(out_dims))
        self.output_dense = EinsumDense(equation, output_shape=output_shape_spec(out_rank - 1, out_dims),
                                         bias_axes=bias_axes if self._use_bias else None,
                                         name="attention_output", **self._sublayer_kwargs())
        dense_in = list(self._query_dense.compute_output_shape(query_shape))
        dense_in[-1] = self._value_dim
        build_sublayer(self, self.output_dense, tuple(dense_in))
        self.built = True

    def _projection(self, rank, dims, name, shape, activation=None):
        equation, bias_axes, out_rank = projection_equation(rank - 1, 1, 2)
        layer = EinsumDense(equation, output_shape=output_shape_spec(out_rank - 1, dims),
                            bias_axes=bias_axes if self._use_bias else None, activation=activation,
                            name=name, **self._sublayer_kwargs())
        build_sublayer(self, layer, shape)
        return layer

    def _sublayer_kwargs(self):
        # Fresh initializer copies: a seeded initializer repeats its draws, so sharing one would give
        # the query, key and value kernels the same values.
        return {"kernel_regularizer": self._kernel_regularizer, "bias_regularizer": self._bias_regularizer,
                "activity_regularizer": self._activity_regularizer,
                "kernel_constraint": self._kernel_constraint, "bias_constraint": self._bias_constraint,
                "dtype": self.dtype_policy,
                "kernel_initializer": type(self._kernel_initializer).from_config(
                    self._kernel_initializer.get_config()),
                "bias_initializer": type(self._bias_initializer).from_config(
                    self._bias_initializer.get_config())}

    def get_build_config(self):
        if isinstance(self._build_shapes, dict):
            return {"shapes_dict": self._build_shapes}
        return super().get_build_config()

    def build_from_config(self, config):
        if config and "shapes_dict" in config and not self.built:
            self._maybe_build(config["shapes_dict"])

    # ------------------------------------------------------------------ calling
    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None, use_causal_mask=False):
        # Keras reads the query's mask from the tensor; value/key masks default to theirs.
        query_mask = get_keras_mask(query)
        value_mask = get_keras_mask(value) if value_mask is None else value_mask
        if key is not None and key_mask is None:
            key_mask = get_keras_mask(key)
        for x in (query, value, key):  # the layer consumes the masks (Keras removes them too)
            if get_keras_mask(x) is not None:
                set_keras_mask(x, None)
        dtype = self.compute_dtype
        value = _tensor(value, dtype)
        key = value if key is None else _tensor(key, dtype)
        causal_only = (use_causal_mask and query_mask is None and value_mask is None and key_mask is None
                       and attention_mask is None and self._sliding_window is None)
        if not causal_only:
            attention_mask = self._compute_attention_mask(query, value, query_mask, value_mask, key_mask,
                                                          attention_mask, use_causal_mask)
        gate = self._gate_dense(query) if self._use_gate else None
        q = self._query_dense(query)
        k = self._key_dense(key)
        v = self._value_dense(value)
        output, scores = self._compute_attention(q, k, v, attention_mask, training, return_attention_scores,
                                                 use_causal_mask=causal_only)
        if gate is not None:
            output = math_ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def _compute_attention_mask(self, query, value, query_mask=None, value_mask=None, key_mask=None,
                                attention_mask=None, use_causal_mask=False):
        auto = None
        if query_mask is not None:
            auto = array_ops.expand_dims(_bool(query_mask), -1)  # (B, T, 1)
        for m in (value_mask, key_mask):
            if m is not None:
                m = array_ops.expand_dims(_bool(m), -2)  # (B, 1, S)
                auto = m if auto is None else math_ops.logical_and(auto, m)
        t, s = query._value.shape[1], value._value.shape[1]
        if use_causal_mask:
            m = causal_mask(t, s)
            auto = m if auto is None else math_ops.logical_and(auto, m)
        if self._sliding_window is not None:
            rows = array_ops.reshape(array_ops.range(t), (1, t, 1))
            cols = array_ops.reshape(array_ops.range(s), (1, 1, s))
            m = math_ops.less(math_ops.abs(rows - cols), self._sliding_window)
            auto = m if auto is None else math_ops.logical_and(auto, m)
        if attention_mask is not None:
            attention_mask = _bool(attention_mask)
        if auto is not None:
            attention_mask = auto if attention_mask is None else math_ops.logical_and(attention_mask, auto)
        return attention_mask

    def _expand_mask(self, mask, rank):
        axis = -len(self._attention_axes) * 2 - 1  # mask dims start after the heads axis
        for _ in range(rank - mask.ndim):
            mask = array_ops.expand_dims(mask, axis)
        return mask

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        fused = not (self._dropout > 0.0 or return_attention_scores or query.ndim != 4)
        if use_causal_mask:
            causal = causal_mask(query._value.shape[1], key._value.shape[1])
            attention_mask = causal if attention_mask is None else math_ops.logical_and(
                _bool(attention_mask), causal)
        if fused:
            # Keras's backend kernel: scale the logits, where(mask, logits, -0.7 * float32 max), softmax.
            logits = einsum_ops.einsum("BTNH,BSNH->BNTS", query, key)
            logits = math_ops.multiply(logits, array_ops.constant(self._inverse_sqrt_key_dim, logits.dtype))
            if attention_mask is not None:
                mask = self._expand_mask(attention_mask, 4)
                big = array_ops.constant(-0.7 * (65500.0 if logits.dtype.name == "float16" else 3.38953e38),
                                         dtype=logits.dtype)
                logits = math_ops.where(mask, logits, big)
            probs = softmax_ops.softmax(logits, axis=-1)
            return einsum_ops.einsum("BNTS,BSNH->BTNH", probs, value), None
        query = math_ops.multiply(query, array_ops.constant(self._inverse_sqrt_key_dim, query.dtype))
        scores = einsum_ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            scores = self._softmax(scores, mask=self._expand_mask(attention_mask, scores.ndim))
        else:
            scores = self._softmax(scores)
        dropped = self._dropout_layer(scores, training=training) if self._dropout > 0.0 else scores
        return einsum_ops.einsum(self._combine_equation, dropped, value), scores

    # ------------------------------------------------------------------ shapes and config
    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError("All dimensions of `value` and `key`, except the last one, must be equal. "
                             f"Received: value_shape={value_shape} and key_shape={key_shape}")
        if self._output_shape:
            return query_shape[:-1] + tuple(self._output_shape)
        return query_shape

    def compute_output_spec(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
                            attention_mask=None, return_attention_scores=False, training=None,
                            use_causal_mask=False):
        key_shape = None if key is None else tuple(key.shape)
        out = KerasTensor(self.compute_output_shape(query.shape, value.shape, key_shape),
                          dtype=self.compute_dtype)
        if not return_attention_scores:
            return out
        # (batch, <other axes>, heads, <query attention axes>, <key attention axes>)
        q = tuple(query.shape[:-1]) + (self._num_heads,)
        k = tuple((value if key is None else key).shape[:-1])
        axes = self._attention_axes
        rest = [q[i] for i in range(len(q)) if i not in axes]
        shape = rest + [q[a] for a in axes] + [k[a] for a in axes]
        return out, KerasTensor(tuple(shape), dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "num_heads": self._num_heads, "key_dim": self._key_dim, "value_dim": self._value_dim,
            "dropout": self._dropout, "use_bias": self._use_bias, "use_gate": self._use_gate,
            "output_shape": self._output_shape, "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        })
        return config


def _shape(x):
    return tuple(x.shape)


def _tensor(x, dtype):
    t = array_ops.convert_to_tensor(x)
    if t._value.dtype.kind == "f" and t.dtype.name != dtype:
        t = math_ops.cast(t, dtype)
    return t


def _bool(mask):
    mask = array_ops.convert_to_tensor(mask)
    return mask if mask.dtype.name == "bool" else math_ops.cast(mask, "bool")

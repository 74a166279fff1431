"""AdditiveAttention (Bahdanau-style): ``scores[i, j] = sum(scale * tanh(q_i + k_j))``.

Everything after the scores (masks, softmax, weighted sum of the values) is
Attention's.  ``scale`` is a learned vector of size ``dim`` (with use_scale).
"""

from ....ops import array_ops, math_ops, reduce_ops
from .attention import Attention


class AdditiveAttention(Attention):
    """Additive attention layer (``keras.layers.AdditiveAttention``), called on ``[query, value(, key)]``."""

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=[input_shape[0][-1]],
                                         initializer="glorot_uniform", trainable=True)
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = math_ops.tanh(array_ops.expand_dims(query, -2) + array_ops.expand_dims(key, -3))
        if self.use_scale:
            pairs = self.scale * pairs
        return reduce_ops.reduce_sum(pairs, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config

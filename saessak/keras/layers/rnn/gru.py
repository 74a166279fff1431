"""GRU (Cho et al., 2014), Keras's formulation; blocks in Keras's order update, reset, candidate.

With ``x_z, x_r, x_h`` the blocks of ``x_t @ kernel + input_bias``::

    z = σ(x_z + h_{t-1} @ U_z)        r = σ(x_r + h_{t-1} @ U_r)
    reset_after=True  (default, cuDNN's):  ĥ = tanh(x_h + r * (h_{t-1} @ U_h + b_h))
    reset_after=False (the original):      ĥ = tanh(x_h + (r * h_{t-1}) @ U_h)
    h_t = z * h_{t-1} + (1 - z) * ĥ

With ``reset_after`` the recurrent matmul has its own bias, so ``bias`` has
shape ``(2, 3 units)``: row 0 for the input, row 1 for the recurrent part;
otherwise ``(3 units,)``.
"""

from ....ops import layout_ops, linalg_ops, math_ops
from ... import activations
from ..input_spec import InputSpec
from ..layer import Layer
from .lstm import _check_use_cudnn
from .rnn import RNN, cell_property
from .rnn_cell import RNNCellBase, config_fields

_CELL_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
              "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
              "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
              "recurrent_dropout", "reset_after", "seed")
_LAYER_KEYS = _CELL_KEYS[:10] + ("activity_regularizer",) + _CELL_KEYS[10:]


class GRUCell(RNNCellBase):
    """One GRU step (``keras.layers.GRUCell``); run it with ``RNN(cell)``."""

    _gates = 3
    _config_keys = _CELL_KEYS

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None,
                 **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
                         kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after

    def build(self, input_shape):
        bias_shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self._build_weights(input_shape, bias_shape, self.bias_initializer)
        self.built = True

    def _input_bias(self):
        if self.bias is None or not self.reset_after:
            return self.bias
        return self.bias[0]

    def _recur(self, z, states, ctx):
        h_prev = states[0]
        x_z, x_r, x_h = layout_ops.split(z, 3, axis=-1)
        rec = self.recurrent_activation
        if self.reset_after:
            inner = self._recurrent(h_prev, ctx)
            if self.bias is not None:
                inner = inner + self.bias[1]
            r_z, r_r, r_h = layout_ops.split(inner, 3, axis=-1)
            update, reset = rec(x_z + r_z), rec(x_r + r_r)
            candidate = self.activation(x_h + reset * r_h)
        else:
            r_z, r_r = layout_ops.split(self._recurrent(h_prev, ctx, gates=2), 2, axis=-1)
            update, reset = rec(x_z + r_z), rec(x_r + r_r)
            h_in = h_prev if ctx["rdp"] is None else h_prev * ctx["rdp"][2]
            recurrent_h = linalg_ops.matmul(reset * h_in, self._gate_columns(self.recurrent_kernel, 2))
            candidate = self.activation(x_h + recurrent_h)
        h = update * h_prev + math_ops.subtract(1.0, update) * candidate
        return h, [h]


class GRU(RNN):
    """Gated Recurrent Unit layer (``keras.layers.GRU``); the cell is named ``gru_cell``."""

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 seed=None, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
            reset_after=reset_after, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="gru_cell", seed=seed, implementation=kwargs.pop("implementation", 2))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = _check_use_cudnn(use_cudnn)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config.update(config_fields(self, _LAYER_KEYS))
        return config

    @classmethod
    def from_config(cls, config):
        return Layer.from_config.__func__(cls, config)


for _name in _CELL_KEYS:
    setattr(GRU, _name, cell_property(_name))

"""LSTM (Hochreiter & Schmidhuber, 1997), Keras's formulation.

With ``z = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias`` split into four
blocks of ``units`` columns, in Keras's order input, forget, cell, output::

    i = σ(z_i)   f = σ(z_f)   o = σ(z_o)        (σ: recurrent_activation)
    c_t = f * c_{t-1} + i * tanh(z_c)          (tanh: activation)
    h_t = o * tanh(c_t)

The output is ``h_t``; the states are ``[h_t, c_t]``.  Weights: ``kernel``
``(input_dim, 4 units)``, ``recurrent_kernel`` ``(units, 4 units)``, ``bias``
``(4 units,)``; with ``unit_forget_bias`` the forget block of the bias starts
at 1 (Jozefowicz et al., 2015), so the cell remembers by default.
"""

from ....ops import layout_ops
from ... import initializers
from ..input_spec import InputSpec
from ..layer import Layer
from .rnn import RNN, cell_property
from .rnn_cell import RNNCellBase, config_fields

_CELL_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias",
              "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
              "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
              "bias_constraint", "dropout", "recurrent_dropout", "seed")
_LAYER_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
               "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
               "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
               "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed")


class LSTMCell(RNNCellBase):
    """One LSTM step (``keras.layers.LSTMCell``); run it with ``RNN(cell)``."""

    _gates = 4
    _config_keys = _CELL_KEYS

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 seed=None, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
                         kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        from ... import activations  # noqa: PLC0415

        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.state_size = [units, units]

    def build(self, input_shape):
        bias_initializer = self.bias_initializer
        if self.use_bias and self.unit_forget_bias:
            bias_initializer = _ForgetBiasOne(self.bias_initializer, self.units)
        self._build_weights(input_shape, (4 * self.units,), bias_initializer)
        self.built = True

    def _recur(self, z, states, ctx):
        h_prev, c_prev = states[0], states[1]
        z = z + self._recurrent(h_prev, ctx)
        z_i, z_f, z_c, z_o = layout_ops.split(z, 4, axis=-1)
        act, rec = self.activation, self.recurrent_activation
        c = rec(z_f) * c_prev + rec(z_i) * act(z_c)
        h = rec(z_o) * act(c)
        return h, [h, c]


class _ForgetBiasOne:
    """The bias initializer with ``unit_forget_bias``: ``[init(u), ones(u), init(2u)]``."""

    def __init__(self, base, units):
        self.base, self.units = base, units

    def __call__(self, shape, dtype=None):
        u = self.units
        return layout_ops.concat([self.base((u,), dtype=dtype), initializers.get("ones")((u,), dtype=dtype),
                                  self.base((2 * u,), dtype=dtype)], axis=0)


class LSTM(RNN):
    """Long Short-Term Memory layer (``keras.layers.LSTM``); the cell is named ``lstm_cell``.

    ``use_cudnn`` is accepted for compatibility; saessak always runs the same
    NumPy loop (cuDNN and the loop give the same numbers).
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, use_cudnn="auto", **kwargs):
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, unit_forget_bias=unit_forget_bias,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="lstm_cell", seed=seed,
            implementation=kwargs.pop("implementation", 2))
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


def _check_use_cudnn(value):
    if value not in ("auto", True, False):
        raise ValueError("Invalid valid received for argument `use_cudnn`. Expected one of {'auto', True, "
                         f"False}}. Received: use_cudnn={value}")
    return value


for _name in _CELL_KEYS:
    setattr(LSTM, _name, cell_property(_name))


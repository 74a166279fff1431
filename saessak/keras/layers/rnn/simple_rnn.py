"""SimpleRNN (Elman network): ``h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)``.

The output of a step is its new state.  Weights, as in Keras: ``kernel``
``(input_dim, units)``, ``recurrent_kernel`` ``(units, units)``, ``bias``
``(units,)``.
"""

from ..input_spec import InputSpec
from ..layer import Layer
from .rnn import RNN, cell_property
from .rnn_cell import RNNCellBase, config_fields

_CELL_KEYS = ("units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
              "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
              "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
              "recurrent_dropout", "seed")
# SimpleRNN's own config has no seed (Keras drops it) but lists activity_regularizer.
_LAYER_KEYS = _CELL_KEYS[:9] + ("activity_regularizer",) + _CELL_KEYS[9:14]


class SimpleRNNCell(RNNCellBase):
    """One step of SimpleRNN (``keras.layers.SimpleRNNCell``); run it with ``RNN(cell)``."""

    _config_keys = _CELL_KEYS

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
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

    def build(self, input_shape):
        self._build_weights(input_shape, (self.units,), self.bias_initializer)
        self.built = True

    def _recur(self, z, states, ctx):
        h = self.activation(z + self._recurrent(states[0], ctx))
        return h, [h]


class SimpleRNN(RNN):
    """A fully connected RNN whose output is fed back as its state (``keras.layers.SimpleRNN``).

    Arguments are SimpleRNNCell's and RNN's; the cell is named ``simple_rnn_cell``.
    """

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, seed=None, **kwargs):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="simple_rnn_cell")
        # Keras 3.15 accepts activity_regularizer here but does not pass it on: it has no effect.
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs)
        self.input_spec = [InputSpec(ndim=3)]

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
    setattr(SimpleRNN, _name, cell_property(_name))

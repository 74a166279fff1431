"""RNNCellBase: what SimpleRNNCell, LSTMCell and GRUCell share.

A cell computes one timestep: ``(x_t, states) -> (output, new_states)``.  Its
work splits in two parts with very different costs:

* the *input projection* ``x_t @ kernel + bias`` does not depend on the
  state, so the RNN layer computes it for all timesteps at once, one matmul
  over the whole ``(batch, time, features)`` sequence (:meth:`_project`);
* the *recurrence* ``f(projection_t, states @ recurrent_kernel)`` must run step
  by step (:meth:`_recur`).

Dropout follows Gal & Ghahramani (2016), as Keras does: the masks are drawn
once per sequence (:meth:`_start`) and the same input features and state
units are dropped at every step; a fresh mask per step would turn the
recurrence into noise.  A mask is ``dropout(ones)``: 0 or ``1 / (1 - rate)``.
Gated cells with ``implementation=1`` draw one mask per gate.
"""

from .... import nn
from ....ops import array_ops, layout_ops, linalg_ops, math_ops
from ... import activations, constraints, initializers, regularizers
from ..layer import Layer


class RNNCellBase(Layer):
    """Weights, dropout masks, config and the projection/recurrence split of a built-in cell.

    Subclasses set ``_gates`` (blocks of ``units`` columns in the kernels) and
    implement ``_recur(z_t, states, ctx) -> (output, new_states)``.
    """

    _gates = 1
    _config_keys = ()

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 seed=None, **kwargs):
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError("Received an invalid value for argument `units`, expected a positive "
                             f"integer, got {units}.")
        self.implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        if self.recurrent_dropout != 0.0 and self._gates > 1:
            self.implementation = 1  # recurrent dropout masks each gate separately
        self.seed = seed
        self.state_size = units
        self.output_size = units

    # ------------------------------------------------------------------ weights
    def _build_weights(self, input_shape, bias_shape, bias_initializer):
        width = self.units * self._gates
        self.kernel = self.add_weight(shape=(input_shape[-1], width), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width), name="recurrent_kernel", initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=bias_shape, name="bias", initializer=bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def _input_bias(self):
        return self.bias

    def _gate_columns(self, w, g):
        """Columns of gate ``g`` of a kernel (or the last axis of a bias)."""
        u = self.units
        return w[..., g * u:(g + 1) * u]

    # ------------------------------------------------------------------ one sequence
    def _mask_count(self):
        return self._gates if self.implementation == 1 else 1

    def _start(self, batch_size, input_dim, training):
        """The per-sequence context: dropout masks (None when not training or rate is 0)."""
        dtype = self.compute_dtype
        ctx = {"dp": None, "rdp": None}
        if training and 0.0 < self.dropout < 1.0:
            ctx["dp"] = self._masks(batch_size, input_dim, self.dropout, self._mask_count(), dtype)
        if training and 0.0 < self.recurrent_dropout < 1.0:
            ctx["rdp"] = self._masks(batch_size, self.units, self.recurrent_dropout, self._gates, dtype)
        return ctx

    def _masks(self, batch_size, dim, rate, count, dtype):
        ones = array_ops.ones((batch_size, dim), dtype=dtype)
        return [nn.dropout(ones, rate=rate, seed=self.seed) for _ in range(count)]

    def _project(self, x, ctx):
        """``x @ kernel + input_bias`` for one step (rank 2) or a whole sequence (rank 3)."""
        masks = ctx["dp"]
        if x.dtype != self.kernel.dtype:
            x = math_ops.cast(x, self.kernel.dtype)
        if masks is not None and x.ndim == 3:
            masks = [array_ops.expand_dims(m, 1) for m in masks]  # one mask for every step
        if masks is None:
            z = _dot(x, self.kernel)
        elif len(masks) == 1:
            z = _dot(math_ops.multiply(x, masks[0]), self.kernel)
        else:
            z = layout_ops.concat([_dot(math_ops.multiply(x, m), self._gate_columns(self.kernel, g))
                                   for g, m in enumerate(masks)], axis=-1)
        bias = self._input_bias()
        return z if bias is None else math_ops.add(z, bias)

    def _recurrent(self, h, ctx, gates=None):
        """``h @ recurrent_kernel`` (for the first ``gates`` blocks), with per-gate dropout masks."""
        rk = self.recurrent_kernel
        gates = self._gates if gates is None else gates
        if gates != self._gates:
            rk = rk[:, :gates * self.units]
        masks = ctx["rdp"]
        if masks is None:
            return linalg_ops.matmul(h, rk)
        if len(masks) == 1:
            return linalg_ops.matmul(math_ops.multiply(h, masks[0]), rk)
        parts = [linalg_ops.matmul(math_ops.multiply(h, masks[g]), self._gate_columns(rk, g))
                 for g in range(gates)]
        return layout_ops.concat(parts, axis=-1) if len(parts) > 1 else parts[0]

    def _recur(self, z, states, ctx):
        raise NotImplementedError

    # ------------------------------------------------------------------ Keras API
    def call(self, inputs, states, training=False):
        nested = isinstance(states, (list, tuple))
        state_list = list(states) if nested else [states]
        inputs = self._convert_inputs(inputs)
        shape = inputs._value.shape
        ctx = self._start(shape[0], shape[-1], training)
        output, new_states = self._recur(self._project(inputs, ctx), state_list, ctx)
        if len(new_states) == 1 and not nested:
            return output, new_states[0]
        return output, new_states

    def get_initial_state(self, batch_size=None):
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [self.state_size]
        return [array_ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in sizes]

    def get_config(self):
        config = super().get_config()
        config.update(config_fields(self, self._config_keys))
        return config


def config_fields(obj, keys):
    """``{key: getattr(obj, key)}`` in order, each serialized the way Keras writes that kind of value."""
    out = {}
    for key in keys:
        value = getattr(obj, key)
        if key.endswith("activation"):
            value = activations.serialize(value)
        elif key.endswith("_initializer"):
            value = initializers.serialize(value)
        elif key.endswith("_regularizer"):
            value = regularizers.serialize(value)
        elif key.endswith("_constraint"):
            value = constraints.serialize(value)
        out[key] = value
    return out


def _dot(x, kernel):
    """``x @ kernel`` over the last axis of a rank-2 or rank-3 ``x`` (one BLAS call either way)."""
    if x.ndim == 2:
        return linalg_ops.matmul(x, kernel)
    shape = tuple(x._value.shape)
    flat = array_ops.reshape(x, (-1, shape[-1]))
    out = linalg_ops.matmul(flat, kernel)
    return array_ops.reshape(out, shape[:-1] + (kernel._value.shape[-1],))

"""RNN: run a recurrent cell along the time axis of a ``(batch, time, features)`` sequence.

The time loop is a Python loop over the static sequence length, so inside
``saessak.function`` (``fit``'s compiled step) it is unrolled at trace time
into a fixed chain of ops; gradients flow back through that chain (back-
propagation through time) like through any other ops.

For the built-in cells the input projection ``x @ kernel + bias`` of every
step is one matmul over the whole sequence, done before the loop; each step
then costs one ``h @ recurrent_kernel`` and a few elementwise ops.

Masking (Keras's semantics): at a masked step the state keeps its previous
value and the output repeats the previous output (zeros before the first
step, or zeros throughout with ``zero_output_for_mask``).  It is a
``where(mask_t, new, old)`` per state, never a Python branch on values.
With ``go_backwards`` the steps run from the last to the first and the
returned sequence is in processing order (reversed).
"""

from ....engine import nest
from ....ops import array_ops, layout_ops, math_ops
from ...variables import Variable
from ..core.wrapper import build_sublayer
from ..layer import Layer
from .rnn_cell import RNNCellBase
from .stacked_rnn_cells import StackedRNNCells, generic_step


class RNN(Layer):
    """Base class of recurrent layers: wraps a cell (or a list of cells, stacked).

    Args:
        cell: an RNN cell (an object with ``call(x_t, states)`` and ``state_size``) or a list of cells.
        return_sequences: return the output of every step (else only the last one).
        return_state: also return the final states.
        go_backwards: process the sequence from the end; the returned sequence is reversed.
        stateful: keep the final states as the initial states of the next batch.
        unroll: accepted for Keras compatibility (the loop is always unrolled).
        zero_output_for_mask: masked steps output zeros instead of the previous output.
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if not hasattr(cell, "state_size"):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single integer or list of "
                f"integers, one integer per RNN state). Received: cell={cell}")
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        self.input_spec = None
        object.__setattr__(self, "states", None)  # stateful state variables are not weights
        self._expected_batch_size = None
        state_size = getattr(self.cell, "state_size", None)
        if state_size is None:
            raise ValueError("state_size must be specified as property on the RNN cell.")
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError("state_size must be an integer, or a list/tuple of integers (one for "
                             "each state tensor).")
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    # ------------------------------------------------------------------ shapes and building
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, length = sequences_shape[0], sequences_shape[1]
        states_shape = []
        for size in self.state_size:
            if isinstance(size, int):
                states_shape.append((batch, size))
            else:
                states_shape.append([(batch, s) for s in size])
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = self.state_size[0]
        if not isinstance(output_size, int):
            raise ValueError("output_size must be an integer.")
        output_shape = (batch, length, output_size) if self.return_sequences else (batch, output_size)
        if self.return_state:
            return [output_shape, *states_shape]
        return output_shape

    def compute_mask(self, inputs, mask):
        mask = nest.flatten(mask)[0] if mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def __call__(self, *args, **kwargs):
        initial_state = kwargs.get("initial_state", args[1] if len(args) > 1 else None)
        if not self.built and args and initial_state is not None:
            # Keras records both shapes: build_config {"shapes_dict": {...}}.
            self._maybe_build({"sequences_shape": _shape(args[0]),
                               "initial_state_shape": nest.map_structure(_shape, initial_state)})
        return super().__call__(*args, **kwargs)

    def build(self, sequences_shape, initial_state_shape=None):
        if isinstance(sequences_shape, dict):
            sequences_shape = sequences_shape["sequences_shape"]
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer):
            build_sublayer(self, self.cell, step_shape)
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if sequences_shape[0] is None:
                    raise ValueError(
                        "When using `stateful=True` in a RNN, the batch size must be static. Found "
                        f"dynamic batch size: sequence.shape={tuple(sequences_shape)}")
                self._create_state_variables(sequences_shape[0])
                self._expected_batch_size = sequences_shape[0]
        self.built = True

    def get_build_config(self):
        if isinstance(self._build_shapes, dict):
            return {"shapes_dict": self._build_shapes}
        return super().get_build_config()

    def build_from_config(self, config):
        if config and "shapes_dict" in config and not self.built:
            self._maybe_build(config["shapes_dict"])
        else:
            super().build_from_config(config)

    # ------------------------------------------------------------------ states
    def _create_state_variables(self, batch_size):
        values = nest.flatten(self.get_initial_state(batch_size))
        states = [Variable(v, trainable=False, name="rnn_state") for v in values]
        for v in states:
            v.path = f"{self.name}/{v.name}"
        object.__setattr__(self, "states", states)

    def get_initial_state(self, batch_size):
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is None:
            dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
            return [array_ops.zeros((batch_size, d), dtype=dtype) for d in self.state_size]
        state = fn(batch_size=batch_size)
        return list(state) if nest.is_nested(state) else [state]

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        if self.states is not None:
            for v in self.states:
                v.assign(array_ops.zeros_like(v))

    # ------------------------------------------------------------------ the loop
    def call(self, sequences, initial_state=None, mask=None, training=False):
        batch = sequences._value.shape[0]
        if self.stateful and self._expected_batch_size is not None and batch != self._expected_batch_size:
            raise ValueError(
                "If an RNN is stateful, the batch size of the input sequences must be the same as the "
                f"batch size of the initial state. \n- Expected batch size: {self._expected_batch_size}"
                f"\n- Received batch size: {batch}")
        if initial_state is None:
            if self.stateful:
                # Snapshots: the variables are overwritten below, before any backward pass reads them.
                values = [v.read_value() for v in self.states]
                initial_state = nest.pack_sequence_as(self.get_initial_state(batch), values)
            else:
                initial_state = self.get_initial_state(batch)
        if not nest.is_nested(initial_state):
            initial_state = [initial_state]
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        initial_state = nest.map_structure(lambda s: _as_tensor(s, dtype), list(initial_state))
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        last_output, outputs, states = self.inner_loop(sequences, initial_state, mask, training)
        if self.stateful:
            for var, value in zip(self.states, nest.flatten(states)):
                var.assign(value)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return (output, *states)
        return output

    def inner_loop(self, sequences, initial_state, mask=None, training=False):
        """``(last_output, outputs, final_states)``; ``outputs`` is None unless ``return_sequences``."""
        steps_input, step = _plan(self.cell, sequences, training)
        length = sequences._value.shape[1]
        inputs = time_slices(steps_input)
        order = range(length - 1, -1, -1) if self.go_backwards else range(length)
        step_masks = None
        if mask is not None:
            mask = array_ops.convert_to_tensor(mask)
            if mask.dtype.name != "bool":
                mask = math_ops.cast(mask, "bool")
            step_masks = layout_ops.unstack(array_ops.expand_dims(mask, -1), axis=1)  # (batch, 1) each
        states = initial_state
        outputs, prev, zero = [], None, None
        for t in order:
            output, new_states = step(inputs[t], states)
            if not nest.is_nested(new_states):
                new_states = [new_states]
            if step_masks is not None:
                m = step_masks[t]
                if zero is None:
                    zero = array_ops.zeros_like(output)
                keep = zero if self.zero_output_for_mask or prev is None else prev
                output = math_ops.where(_expand(m, output), output, keep)
                flat = [math_ops.where(_expand(m, new), new, old)
                        for new, old in zip(nest.flatten(new_states), nest.flatten(states))]
                new_states = nest.pack_sequence_as(states, flat)
            prev = output
            states = new_states
            if self.return_sequences:
                outputs.append(output)
        stacked = layout_ops.stack(outputs, axis=1) if self.return_sequences else None
        return prev, stacked, list(states)

    # ------------------------------------------------------------------ config
    def get_config(self):
        from ...saving.serialization import serialize_keras_object  # noqa: PLC0415

        config = super().get_config()
        config.update({
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize_keras_object(self.cell),
        })
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415

        config = dict(config)
        config["cell"] = deserialize_keras_object(config["cell"],
                                                  custom_objects=with_rnn_classes(custom_objects))
        return super().from_config(config)


def with_rnn_classes(custom_objects):
    """``custom_objects`` plus this package's classes (nested cell/layer configs name them)."""
    from . import CLASSES  # noqa: PLC0415

    return {**CLASSES, **(custom_objects or {})}


def cell_property(name):
    """A read-only attribute of an RNN layer that lives on its cell (``LSTM(...).units``)."""
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's ``{name}``.")


def time_slices(x):
    """``x[:, t]`` for every ``t`` of a ``(batch, time, ...)`` tensor, as a list.

    Halving recursively rather than slicing each step off the whole tensor:
    the VJP of a slice is a zero-filled array of the sliced tensor's size, so
    ``T`` slices of the whole cost ``O(T^2)`` in the backward pass, the halving
    tree only ``O(T log T)``.
    """
    n = x._value.shape[1]
    if n <= 4:
        return layout_ops.unstack(x, axis=1)
    half = n // 2
    left, right = layout_ops.split(x, [half, n - half], axis=1)
    return time_slices(left) + time_slices(right)


def _plan(cell, sequences, training):
    """``(tensor to slice per step, step function (x_t, states) -> (output, new_states))``."""
    shape = sequences._value.shape
    if isinstance(cell, RNNCellBase):
        ctx = cell._start(shape[0], shape[-1], training)
        return cell._project(sequences, ctx), lambda x, s: cell._recur(x, s, ctx)
    if isinstance(cell, StackedRNNCells):
        return cell._plan(sequences, training)
    return sequences, lambda x, s: generic_step(cell, x, s, training)


def _expand(mask_t, like):
    """A ``(batch, 1)`` step mask reshaped to broadcast against ``like``."""
    extra = like.ndim - 2
    if extra <= 0:
        return mask_t
    return array_ops.reshape(mask_t, tuple(mask_t._value.shape) + (1,) * extra)


def _as_tensor(x, dtype):
    t = array_ops.convert_to_tensor(x)
    return t if t.dtype.name == dtype else math_ops.cast(t, dtype)


def _shape(x):
    shape = getattr(x, "shape", None)
    return None if shape is None else tuple(shape)

"""StackedRNNCells: several cells run as one; each step feeds cell ``k``'s output to cell ``k + 1``.

``RNN([cell_a, cell_b])`` builds one.  The states are a list with one entry
per cell (each that cell's own list of states).  Only the first cell reads
the sequence, so only its input projection can be computed for all steps at
once; the others project their input step by step.
"""

from ....engine import nest
from ..core.wrapper import build_sublayer
from ..layer import Layer
from .rnn_cell import RNNCellBase


class StackedRNNCells(Layer):
    """A list of RNN cells behaving as a single cell (``keras.layers.StackedRNNCells``)."""

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError(f"All cells must have a `call` method. Received cell without a `call` "
                                 f"method: {cell}")
            if not hasattr(cell, "state_size"):
                raise ValueError(f"All cells must have a `state_size` attribute. Received cell without a "
                                 f"`state_size`: {cell}")
        self.cells = list(cells)

    @property
    def state_size(self):
        return [c.state_size for c in self.cells]

    @property
    def output_size(self):
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        from ....ops import array_ops  # noqa: PLC0415

        states = []
        for cell in self.cells:
            fn = getattr(cell, "get_initial_state", None)
            if fn is not None:
                states.append(fn(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(array_ops.zeros((batch_size, cell.state_size), dtype=self.compute_dtype))
            else:
                states.append([array_ops.zeros((batch_size, d), dtype=self.compute_dtype)
                               for d in cell.state_size])
        return states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer):
                build_sublayer(self, cell, tuple(input_shape))
            input_shape = (nest.flatten(input_shape)[0], _output_size(cell))
        self.built = True

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            nested = nest.is_nested(cell_states)
            inputs, cell_states = generic_step(cell, inputs, list(cell_states) if nested else [cell_states],
                                               training)
            if len(cell_states) == 1 and not nested:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def _plan(self, sequences, training):
        """The RNN layer's fast path: the first cell's projection over the whole sequence."""
        shape = sequences._value.shape
        first, fns, in_dim = sequences, [], shape[-1]
        for i, cell in enumerate(self.cells):
            if isinstance(cell, RNNCellBase):
                ctx = cell._start(shape[0], in_dim, training)
                if i == 0:
                    first = cell._project(sequences, ctx)
                    fns.append(lambda x, s, c=cell, k=ctx: c._recur(x, s, k))
                else:
                    fns.append(lambda x, s, c=cell, k=ctx: c._recur(c._project(x, k), s, k))
            else:
                fns.append(lambda x, s, c=cell: generic_step(c, x, s, training))
            in_dim = _output_size(cell)

        def step(x, states):
            new = []
            for fn, cell_states in zip(fns, states):
                nested = nest.is_nested(cell_states)
                x, out_states = fn(x, list(cell_states) if nested else [cell_states])
                new.append(out_states if nested else out_states[0])
            return x, new
        return first, step

    def get_config(self):
        from ...saving.serialization import serialize_keras_object  # noqa: PLC0415

        config = super().get_config()
        config["cells"] = [serialize_keras_object(c) for c in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415
        from .rnn import with_rnn_classes  # noqa: PLC0415

        config = dict(config)
        objects = with_rnn_classes(custom_objects)
        config["cells"] = [deserialize_keras_object(c, custom_objects=objects) for c in config["cells"]]
        return super().from_config(config)


def generic_step(cell, x, states, training):
    """One step of any cell: ``cell(x, states[, training])`` -> ``(output, list of new states)``."""
    kwargs = {}
    if isinstance(cell, Layer) and cell._call_has_training:
        kwargs["training"] = training
    fn = cell if callable(cell) else cell.call
    output, new_states = fn(x, states, **kwargs)
    if not nest.is_nested(new_states):
        new_states = [new_states]
    return output, list(new_states)


def _output_size(cell):
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    return cell.state_size[0] if isinstance(cell.state_size, (list, tuple)) else cell.state_size

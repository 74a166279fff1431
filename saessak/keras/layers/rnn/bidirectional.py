"""Bidirectional: run an RNN forwards and a copy of it backwards over the same sequence, then merge.

The backward layer processes the sequence from the end, so its returned
sequence is in reverse time order; it is flipped back before merging, so that
step ``t`` of the output combines what the forward layer saw up to ``t`` and
what the backward layer saw from the end down to ``t``.  Merge modes:
``concat`` (the default), ``sum``, ``ave``, ``mul``, or None (both outputs).
"""

from ....ops import array_ops, layout_ops, math_ops
from ..core.wrapper import build_sublayer
from ..layer import Layer
from .rnn import with_rnn_classes

_MERGE_MODES = ["sum", "mul", "ave", "concat", None]


class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs (``keras.layers.Bidirectional``).

    Args:
        layer: an RNN layer (LSTM, GRU, SimpleRNN, RNN...); it is copied (from its config) twice.
        merge_mode: how to combine the two outputs: 'sum', 'mul', 'ave', 'concat' or None.
        weights: optional initial weights (forward layer's, then backward layer's).
        backward_layer: an explicit backward layer (with ``go_backwards=True``).
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance. "
                             f"Received: {layer}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(f"`backward_layer` need to be a `keras.layers.Layer` instance. Received: "
                             f"{backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                             '{"sum", "mul", "ave", "concat", None}')
        super().__init__(**kwargs)
        # Fresh copies from the config, so that no state (or weights) carry over from `layer`.
        self.forward_layer = _copy(layer, f"forward_{_removeprefix(layer.name, 'forward_')}")
        if backward_layer is None:
            self.backward_layer = _copy(layer, f"backward_{_removeprefix(layer.name, 'backward_')}",
                                        go_backwards=True)
        else:
            self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify_layer_config()
        for sub in (self.forward_layer, self.backward_layer):
            # Returned sequences are merged step by step: masked steps must be zeros in both.
            if getattr(sub, "zero_output_for_mask", None) is not None:
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        if weights:
            n = len(weights)
            self.forward_layer.initial_weights = weights[:n // 2]
            self.backward_layer.initial_weights = weights[n // 2:]
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self):
        fwd, bwd = self.forward_layer, self.backward_layer
        if fwd.go_backwards == bwd.go_backwards:
            raise ValueError(
                "Forward layer and backward layer should have different `go_backwards` value. Received: "
                f"forward_layer.go_backwards {fwd.go_backwards}, backward_layer.go_backwards="
                f"{bwd.go_backwards}")
        for attr in ("stateful", "return_sequences", "return_state"):
            f, b = getattr(fwd, attr), getattr(bwd, attr)
            if f != b:
                raise ValueError(
                    "Forward layer and backward layer are expected to have the same value for attribute "
                    f'"{attr}", got "{f}" for forward layer and "{b}" for backward layer')

    @property
    def states(self):
        if self.forward_layer.states and self.backward_layer.states:
            return tuple(self.forward_layer.states + self.backward_layer.states)
        return None

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def build(self, sequences_shape, initial_state_shape=None):
        for sub in (self.forward_layer, self.backward_layer):
            build_sublayer(self, sub, sequences_shape)
        self.built = True

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        output_shape = self.forward_layer.compute_output_shape(sequences_shape)
        state_shape = ()
        if self.return_state:
            output_shape, state_shape = output_shape[0], tuple(output_shape[1:])
        if self.merge_mode == "concat":
            # The backward layer may differ (backward_layer=...); Keras 3.15 assumes it matches.
            backward = self.backward_layer.compute_output_shape(sequences_shape)
            backward = backward[0] if self.return_state else backward
            output_shape = tuple(output_shape[:-1]) + (output_shape[-1] + backward[-1],)
        elif self.merge_mode is None:
            output_shape = [tuple(output_shape), tuple(output_shape)]
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output_shape) + state_shape + state_shape
            return (tuple(output_shape),) + state_shape + state_shape
        return tuple(output_shape)

    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {}
        if self.forward_layer._call_has_training:
            kwargs["training"] = training
        if self.forward_layer._call_has_mask:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = layout_ops.reverse(y_rev, axis=[1])
        if self.merge_mode == "concat":
            output = layout_ops.concat([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = math_ops.add(y, y_rev)
        elif self.merge_mode == "ave":
            output = math_ops.divide(math_ops.add(y, y_rev), array_ops.constant(2, dtype=y.dtype))
        elif self.merge_mode == "mul":
            output = math_ops.multiply(y, y_rev)
        else:
            output = (y, y_rev)
        if self.return_state:
            return (output + states) if self.merge_mode is None else (output,) + states
        return output

    def compute_mask(self, inputs, mask):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if self.return_sequences:
            output_mask = mask if self.merge_mode else [mask, mask]
        else:
            output_mask = None if self.merge_mode else [None, None]
        if self.return_state and self.states is not None:
            state_mask = [None for _ in self.states]
            head = output_mask if isinstance(output_mask, list) else [output_mask]
            return head + state_mask
        return output_mask

    def get_config(self):
        from ...saving.serialization import serialize_keras_object  # noqa: PLC0415

        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize_keras_object(self.forward_layer)
        config["backward_layer"] = serialize_keras_object(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415

        config = dict(config)
        objects = with_rnn_classes(custom_objects)
        config["layer"] = deserialize_keras_object(config["layer"], custom_objects=objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize_keras_object(backward, custom_objects=objects)
        return super().from_config(config)


def _copy(layer, name, **overrides):
    """A new layer from ``layer``'s serialized config (built if ``layer`` was), renamed."""
    from ...saving.serialization import deserialize_keras_object, serialize_keras_object  # noqa: PLC0415

    config = serialize_keras_object(layer)
    config["config"].update(name=name, **overrides)
    return deserialize_keras_object(config, custom_objects={**with_rnn_classes(None),
                                                            type(layer).__name__: type(layer)})


def _removeprefix(text, prefix):
    return text[len(prefix):] if prefix and text.startswith(prefix) else text

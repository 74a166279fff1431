"""Functional models: a graph of layer calls, from ``keras.Input`` placeholders to outputs.

Building the model walks back from the outputs through each KerasTensor's
``_keras_history`` (the layer call that produced it) and orders those calls
so that every node comes after the nodes it reads.  Calling the model runs the
nodes in that order on real tensors.
"""

from ...engine import nest
from ...engine.tensor import Tensor
from .. import naming
from ..layers.input_layer import InputLayer
from ..layers.keras_tensor import KerasTensor
from .model import Model


class Functional(Model):
    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name or naming.auto_name("functional"), trainable=trainable, **kwargs)
        for what, struct in (("inputs", inputs), ("outputs", outputs)):
            for t in nest.flatten(struct):
                if not isinstance(t, KerasTensor):
                    raise ValueError(
                        f"All `{what}` of a Functional model must be KerasTensors (from keras.Input or "
                        f"layer calls on them). Received: {t!r} of type {type(t).__name__}.")
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self.inputs = nest.flatten(inputs)
        self.outputs = nest.flatten(outputs)
        self._nodes = _topological_nodes(self.inputs, self.outputs)
        for node in self._nodes:
            self._track(node.layer)
        self.built = True

    @property
    def layers(self):
        return list(self._layers)

    @property
    def input_shape(self):
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t.shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    def _standardize_inputs(self, inputs):
        flat_in = self.inputs
        if isinstance(inputs, dict) and not isinstance(self._inputs_struct, dict):
            by_name = {t.name: t for t in flat_in}
            missing = [n for n in by_name if n not in inputs]
            if missing:
                raise ValueError(
                    f"Model {self.name} expects inputs named {list(by_name)}; missing {missing} in the "
                    f"dict passed (keys: {list(inputs)}).")
            return [inputs[t.name] for t in flat_in]
        flat = nest.flatten(inputs) if not isinstance(inputs, Tensor) else [inputs]
        if len(flat) != len(flat_in):
            raise ValueError(
                f"Model {self.name} expects {len(flat_in)} input(s), but it received {len(flat)} input "
                f"tensors. Inputs received: {inputs!r}"[:400])
        return flat

    def call(self, inputs, training=None, mask=None):
        values = {}
        for t, x in zip(self.inputs, self._standardize_inputs(inputs)):
            layer = t._keras_history[0]
            x = layer._convert_inputs(x) if hasattr(layer, "_convert_inputs") else x
            if isinstance(x, Tensor) and t.dtype != x.dtype.name and "float" in t.dtype and \
                    x._value.dtype.kind in "fiub":
                from ...ops import math_ops  # noqa: PLC0415

                x = math_ops.cast(x, t.dtype)
            values[id(t)] = x

        def lookup(obj):
            return values[id(obj)] if isinstance(obj, KerasTensor) else obj

        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            args = nest.map_structure(lookup, node.call_args)
            kwargs = {k: nest.map_structure(lookup, v) for k, v in node.call_kwargs.items()}
            out = node.layer(*args, **kwargs)
            for kt, value in zip(node.output_tensors, nest.flatten(out)):
                values[id(kt)] = value
        flat_out = [values[id(t)] for t in self.outputs]
        if not nest.is_nested(self._outputs_struct):
            return flat_out[0]
        return nest.pack_sequence_as(self._outputs_struct, flat_out)

    def compute_output_spec(self, *args, **kwargs):
        # Calling a Functional model on new placeholders (nested models): run the graph symbolically.
        return self._symbolic_run(args[0])

    def _symbolic_run(self, inputs):
        values = {}
        for t, x in zip(self.inputs, self._standardize_inputs(inputs)):
            values[id(t)] = x

        def lookup(obj):
            return values[id(obj)] if isinstance(obj, KerasTensor) else obj

        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            args = nest.map_structure(lookup, node.call_args)
            kwargs = {k: nest.map_structure(lookup, v) for k, v in node.call_kwargs.items()}
            out = node.layer.compute_output_spec(*args, **kwargs)
            for kt, value in zip(node.output_tensors, nest.flatten(out)):
                values[id(kt)] = value
        flat_out = [KerasTensor(values[id(t)].shape, values[id(t)].dtype) for t in self.outputs]
        if not nest.is_nested(self._outputs_struct):
            return flat_out[0]
        return nest.pack_sequence_as(self._outputs_struct, flat_out)

    def get_config(self):
        from ..saving.functional_config import functional_config  # noqa: PLC0415

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..saving.functional_config import functional_from_config  # noqa: PLC0415

        return functional_from_config(cls, config, custom_objects)


def _topological_nodes(inputs, outputs):
    """Nodes between ``inputs`` and ``outputs``, each after the nodes it depends on."""
    order, state = [], {}
    input_ids = {id(t) for t in inputs}

    def visit(node):
        key = id(node)
        if state.get(key) == "done":
            return
        if state.get(key) == "active":
            raise ValueError("The layer graph has a cycle; a Functional model must be acyclic.")
        state[key] = "active"
        for t in node.input_tensors:
            if id(t) in input_ids:
                layer, index, _ = t._keras_history
                visit(layer._inbound_nodes[index])
                continue
            if t._keras_history is None:
                raise ValueError(f"Tensor {t.name} was not produced by a Keras layer or keras.Input.")
            layer, index, _ = t._keras_history
            visit(layer._inbound_nodes[index])
        state[key] = "done"
        order.append(node)

    for t in inputs:
        layer, index, _ = t._keras_history
        visit(layer._inbound_nodes[index])
    for t in outputs:
        if t._keras_history is None:
            raise ValueError(f"Output {t.name} was not produced by a Keras layer.")
        layer, index, _ = t._keras_history
        visit(layer._inbound_nodes[index])
    for node in order:
        if isinstance(node.layer, InputLayer) and id(node.output_tensors[0]) not in input_ids:
            raise ValueError(
                f"Graph disconnected: cannot obtain value for tensor {node.output_tensors[0].name} "
                f"(from layer '{node.layer.name}'). It is not one of the model's `inputs`: "
                f"{[t.name for t in inputs]}. Pass it in `inputs=`.")
    return order

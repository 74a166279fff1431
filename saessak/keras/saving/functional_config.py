"""Functional model configs: layers with their ``inbound_nodes``, input and output references.

A Functional config lists every layer once, with the calls that fed it
(``inbound_nodes``), each argument tensor written as
``{'class_name': '__keras_tensor__', 'config': {shape, dtype, keras_history: [layer, node, tensor]}}``.
Node indices count only the calls that belong to this model, so a layer shared
with another model still reads back correctly.
"""

from ...engine import nest
from ..layers.keras_tensor import KerasTensor


def _node_ids(model):
    """(layer, node) -> index of that node among the layer's calls inside this model."""
    members = {id(n) for n in model._nodes}
    index = {}
    for layer in model.layers:
        k = 0
        for node in layer._inbound_nodes:
            if id(node) in members:
                index[id(node)] = k
                k += 1
    return index


def functional_config(model):
    from .serialization import serialize_keras_object  # noqa: PLC0415

    node_index = _node_ids(model)

    def ref(t):
        layer, idx, tensor_index = t._keras_history
        return [layer.name, node_index.get(id(layer._inbound_nodes[idx]), 0), tensor_index]

    def arg(x):
        if isinstance(x, KerasTensor):
            return {"class_name": "__keras_tensor__",
                    "config": {"shape": list(x.shape), "dtype": x.dtype, "keras_history": ref(x)}}
        return x

    layers = []
    nodes_of = {}
    for node in model._nodes:
        nodes_of.setdefault(id(node.layer), []).append(node)
    for layer in model.layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {"args": [nest.map_structure(arg, a) for a in node.call_args],
             "kwargs": {k: nest.map_structure(arg, v) for k, v in node.call_kwargs.items()}}
            for node in nodes_of.get(id(layer), []) if node.call_args
        ]
        layers.append(entry)

    def refs(struct, flat):
        if isinstance(struct, dict):
            return {k: ref(v) for k, v in struct.items()}
        if isinstance(struct, (list, tuple)):
            return [ref(t) for t in flat]
        return ref(struct)

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": refs(model._inputs_struct, model.inputs),
            "output_layers": refs(model._outputs_struct, model.outputs)}


def functional_from_config(cls, config, custom_objects=None):
    from .serialization import deserialize_keras_object  # noqa: PLC0415

    created = {}
    pending = []
    for layer_config in config["layers"]:
        layer = deserialize_keras_object(layer_config, custom_objects=custom_objects)
        created[layer_config.get("name", layer.name)] = layer
        for node in layer_config.get("inbound_nodes", []):
            pending.append((layer, node))
    outputs_of = {name: [] for name in created}  # layer name -> list of output structures per node
    for name, layer in created.items():
        if type(layer).__name__ == "InputLayer":
            outputs_of[name].append(layer.output_tensor)

    def resolve(x):
        if isinstance(x, dict) and x.get("class_name") == "__keras_tensor__":
            lname, node_i, tensor_i = x["config"]["keras_history"]
            produced = outputs_of.get(lname)
            if produced is None or node_i >= len(produced):
                raise LookupError
            return nest.flatten(produced[node_i])[tensor_i]
        if isinstance(x, list):
            return [resolve(v) for v in x]
        if isinstance(x, dict):
            return {k: resolve(v) for k, v in x.items()}
        return x

    progress = True
    while pending and progress:
        progress = False
        remaining = []
        for layer, node in pending:
            try:
                args = [resolve(a) for a in node.get("args", [])]
                kwargs = {k: resolve(v) for k, v in node.get("kwargs", {}).items()}
            except LookupError:
                remaining.append((layer, node))
                continue
            out = layer(*args, **kwargs)
            outputs_of[layer.name].append(out)
            progress = True
        pending = remaining
    if pending:
        raise ValueError(
            f"Could not rebuild the Functional model '{config.get('name')}': the calls of layers "
            f"{sorted({layer.name for layer, _ in pending})} refer to tensors that no layer produces.")

    def tensor_of(r):
        lname, node_i, tensor_i = r
        if lname not in outputs_of:
            raise ValueError(f"The model config refers to an unknown layer '{lname}'.")
        return nest.flatten(outputs_of[lname][node_i])[tensor_i]

    def struct(refs):
        if isinstance(refs, dict):
            return {k: tensor_of(v) for k, v in refs.items()}
        if refs and isinstance(refs[0], (list, tuple)):
            return [tensor_of(r) for r in refs]
        return tensor_of(refs)

    return cls(inputs=struct(config["input_layers"]), outputs=struct(config["output_layers"]),
               name=config.get("name"), trainable=config.get("trainable", True))

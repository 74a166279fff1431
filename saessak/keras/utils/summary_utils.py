"""Model summary: the table ``model.summary()`` prints, byte for byte as Keras 3 prints it.

Rows: sequential-like models (Sequential, subclassed models, Functional
chains without branches or shared layers) get columns ``Layer (type)``,
``Output Shape`` and ``Param #`` over a default 88 characters, split at
45% / 80%; other Functional graphs add ``Connected to`` (``layer[node][tensor]``
of each input, ``-`` for inputs) over 108 characters split at 30/56/74%;
``show_trainable`` adds a centred ``Trainable`` column (``Y``/``N``/``-``) and
12 characters.  The default width is capped to the terminal width minus 4
(80 columns when the output is not a terminal, hence 76 characters).
Functional layers are listed as Keras orders them: by depth in the graph,
then by when a walk back from the outputs first meets them.

Footer: total, trainable and non-trainable parameter counts with their size in
bytes (each weight's dtype size, 1024-based units), and, once the optimizer has
built its variables, the optimizer's, which the total then includes.

The drawing itself (widths, wrapping, box characters, colours) lives in
:mod:`.text_table`.
"""

import re
import shutil
import sys

from .text_table import BOLD, Console, render_table

__all__ = ["print_summary", "count_params", "weight_memory_size", "readable_memory_size"]

_SYMBOL, _NUMBER, _NONE_VALUE = (False, 33), (False, 34), (False, 45)


# ------------------------------------------------------------------------ parameter counts
def _shape(weight):
    value = getattr(weight, "_value", None)
    return tuple(value.shape) if value is not None else tuple(weight.shape)


def _itemsize(weight):
    size = getattr(weight.dtype, "size", None)
    if isinstance(size, int):
        return size
    return weight._value.dtype.itemsize


def count_params(weights):
    """Total number of scalars in ``weights`` (repeats counted, as Keras does)."""
    total = 0
    for w in weights:
        n = 1
        for d in _shape(w):
            n *= int(d)
        total += n
    return total


def weight_memory_size(weights):
    """Bytes taken by ``weights`` (each distinct weight once), from each one's dtype size."""
    unique = {id(w): w for w in weights}.values()
    return sum(count_params([w]) * _itemsize(w) for w in unique)


def readable_memory_size(size):
    """``size`` bytes as Keras prints it: 1024-based units, two decimals (``397.54 KB``)."""
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


# ------------------------------------------------------------------------ model graph
def _class_names(obj):
    return {klass.__name__ for klass in type(obj).__mro__}


def _history(tensor):
    history = getattr(tensor, "_keras_history", None)
    return tuple(history) if history is not None else None


def _node_of(tensor):
    layer, node_index, _ = _history(tensor)
    return layer._inbound_nodes[node_index]


def _flatten(structure):
    if isinstance(structure, dict):
        return [x for key in sorted(structure) for x in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [x for item in structure for x in _flatten(item)]
    return [structure]


def _functional_graph(model):
    """Keras's ``map_graph``: (layers ordered by depth then traversal, nodes grouped by depth)."""
    inputs, outputs = _flatten(model.inputs), _flatten(model.outputs)
    input_ids = {id(t) for t in inputs}
    order, finished, layer_index = [], set(), {}
    for output in outputs:
        stack = [(output, None)]
        while stack:
            tensor, pending = stack.pop()
            node = _node_of(tensor)
            if pending is None:
                if id(node) in finished:
                    continue
                if node.input_tensors and id(tensor) in input_ids:
                    finished.add(id(node))
                    continue
                layer_index.setdefault(id(node.layer), len(layer_index))
                pending = list(node.input_tensors)
            if pending:
                stack.append((tensor, pending[1:]))
                stack.append((pending[0], None))
            elif id(node) not in finished:
                finished.add(id(node))
                order.append(node)
    in_graph = {id(n) for n in order}
    node_depth, layer_depth, nodes, layers = {}, {}, {}, {}
    for node in reversed(order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = node_depth[id(node)] = depth
        nodes[id(node)], layers[id(node.layer)] = node, node.layer
        for t in node.input_tensors:
            parent = _node_of(t)
            if id(parent) in in_graph:
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for t in inputs:  # inputs not connected to any output still count
        node = _node_of(t)
        if id(node.layer) not in layer_depth and not node.input_tensors:
            layer_depth[id(node.layer)], layer_index[id(node.layer)] = 0, -1
            node_depth[id(node)], nodes[id(node)], layers[id(node.layer)] = 0, node, node.layer
    by_depth = {}
    for key, depth in node_depth.items():
        by_depth.setdefault(depth, []).append(nodes[key])
    ordered = sorted(layers, key=lambda key: (-layer_depth[key], layer_index[key]))
    return [layers[key] for key in ordered], by_depth


def _is_sequential_like(model, by_depth):
    seen = []
    for group in by_depth.values():
        if len(group) > 1 or (len(group) == 1 and len(group[0].input_tensors) > 1):
            return False
        seen += group
    seen_ids = {id(n) for n in seen}
    for layer in model.layers:
        if sum(1 for n in layer._inbound_nodes if id(n) in seen_ids) > 1:
            return False
    return True


# ------------------------------------------------------------------------ cells
def _shape_runs(shape):
    runs = [("(", None)]
    for i, d in enumerate(shape):
        runs += ([(", ", None)] if i else []) + [(str(d), _NONE_VALUE if d is None else _NUMBER)]
    return runs + [(")", None)]


def _output_shape_runs(layer):
    nodes = getattr(layer, "_inbound_nodes", [])
    build_shapes = getattr(layer, "_build_shapes", None)
    if not nodes and build_shapes is None:
        return [("?", None)]
    if nodes:
        shapes = [tuple(t.shape) for t in nodes[-1].output_tensors]
    else:
        try:
            try:
                shapes = [tuple(layer.output_shape)]
            except AttributeError:
                shapes = layer.compute_output_shape(build_shapes)
                shapes = [tuple(shapes)] if not shapes or not isinstance(shapes[0], (list, tuple)) \
                    else [tuple(s) for s in shapes]
        except Exception:  # noqa: BLE001 - a summary must print even if a shape is unknowable
            return [("?", None)]
    if len(shapes) == 1:
        return _shape_runs(shapes[0])
    runs = [("[", None)]
    for i, shape in enumerate(shapes):
        runs += ([(", ", None)] if i else []) + _shape_runs(shape)
    return runs + [("]", None)]


def _connections(layer, relevant):
    runs = []
    for node in layer._inbound_nodes:
        if relevant and id(node) not in relevant:
            continue
        for t in node.input_tensors:
            source, node_index, tensor_index = _history(t)
            runs += [(", ", None)] if runs else []
            runs += [(f"{source.name}[", None), (str(node_index), _NUMBER), ("][", None),
                     (str(tensor_index), _NUMBER), ("]", None)]
    return runs or [("-", None)]


def _layer_rows(layer, sequential_like, relevant, show_trainable, expand_nested, level=0):
    prefix = "   " * level + "└ " if level else ""
    name = [(f"{prefix}{layer.name} (", None), (type(layer).__name__, _SYMBOL), (")", None)]
    if not hasattr(layer, "built"):
        params = [("0", _NUMBER)]
    elif not layer.built:
        params = [("0", _NUMBER), (" (unbuilt)", None)]
    else:
        params = [(f"{layer.count_params():,}", _NUMBER)]
    fields = [name, _output_shape_runs(layer), params]
    if not sequential_like:
        fields.append(_connections(layer, relevant))
    if show_trainable:
        if len(getattr(layer, "weights", [])) > 0:
            fields.append([("Y", (True, 34))] if layer.trainable else [("N", (True, 9))])
        else:
            fields.append([("-", BOLD)])
    rows = [fields]
    if expand_nested and getattr(layer, "layers", None):
        for inner in layer.layers:
            rows += _layer_rows(inner, sequential_like, relevant, show_trainable, True, level + 1)
    return rows


def _layer_range_bounds(layers, layer_range):
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2 (first and last layer names). "
            f"Received: layer_range = {layer_range} of length {len(layer_range)}")
    if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}; the model's layers are {[x.name for x in layers]}.")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def _spread(n):
    return [(i + 1) / n for i in range(n)]


# ------------------------------------------------------------------------ entry point
def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Print ``model``'s summary table exactly as Keras 3 does (see ``Model.summary``).

    ``print_fn``, if given, is called once with the whole text (no colours),
    else the text goes to ``sys.stdout`` (coloured when that is a terminal).
    """
    names = _class_names(model)
    relevant = None
    if "Functional" in names and "Sequential" not in names:
        layers, by_depth = _functional_graph(model)
        sequential_like = _is_sequential_like(model, by_depth)
        relevant = {id(n) for group in by_depth.values() for n in group}
    else:
        layers, sequential_like = list(model.layers), True

    if sequential_like:
        default_length, positions = 88, positions or [0.45, 0.80, 1.0]
        header, justify = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"]
    else:
        default_length, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        justify = ["left", "left", "right", "left"]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        justify.append("center")
    line_length = line_length or min(default_length, shutil.get_terminal_size().columns - 4)
    inner, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError(
                f"Insufficient console width to print summary: line_length={line_length} and "
                f"positions={list(positions)} leave a column of {width} characters (at least 4 "
                "are needed). Pass a larger `line_length` or wider `positions`.")
        inner.append(width)
        current += width
    if len(inner) < len(header):
        raise IndexError(  # Keras fails the same way (an IndexError) on too few positions
            f"`positions` gives {len(inner)} column boundaries but the summary has {len(header)} "
            f"columns ({', '.join(header)}). Pass {len(header)} positions, e.g. "
            f"{[round(p, 3) for p in _spread(len(header))]}.")
    inner = inner[:len(header)]

    start, stop = _layer_range_bounds(layers, layer_range)
    rows = []
    for layer in layers[start:stop]:
        rows += _layer_rows(layer, sequential_like, relevant, show_trainable, expand_nested)

    trainable = list(model.trainable_weights)
    non_trainable = list(model.non_trainable_weights)
    optimizer = getattr(model, "optimizer", None)
    built = getattr(optimizer, "built", None)
    if built is None and optimizer is not None:
        built = bool(getattr(optimizer, "variables", None))
    optimizer_vars = list(optimizer.variables) if getattr(model, "compiled", True) and \
        optimizer is not None and built else None
    counts = [count_params(trainable), count_params(non_trainable)]
    sizes = [weight_memory_size(trainable), weight_memory_size(non_trainable)]
    if optimizer_vars is not None:
        counts.append(count_params(optimizer_vars))
        sizes.append(weight_memory_size(optimizer_vars))

    console = Console(capture=print_fn is not None)
    console.print_text([(f'Model: "{model.name}"', BOLD)])
    render_table(console, header, justify, rows, inner, line_length)
    labels = [" Total params: ", " Trainable params: ", " Non-trainable params: ",
              " Optimizer params: "]
    for label, count, size in zip(labels, [sum(counts), *counts], [sum(sizes), *sizes]):
        console.print_text([(label, BOLD), (f"{count:,}", _NUMBER),
                            (f" ({readable_memory_size(size)})", None)])
    text = "".join(console.parts)
    if print_fn is not None:
        print_fn(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()

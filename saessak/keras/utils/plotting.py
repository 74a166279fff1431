"""Pictures of models and training runs: ``plot_model``/``model_to_dot`` and ``plot_history``.

``plot_model`` draws a model's layer graph with pydot + Graphviz (both optional,
as in Keras): one box per layer, one arrow per connection.  The connections are
read from the layers' inbound nodes: each input tensor of a node remembers the
layer that produced it (``tensor._keras_history = (layer, node_index, i)``);
a Sequential model is a chain.  The graph itself is built as plain Python data
(:func:`model_graph`) so that it can be inspected without pydot.

``plot_history`` is saessak's own helper (Keras has none): one subplot per
metric of a ``History`` (or its ``.history`` dict), the training curve and the
``val_`` curve on the same axes, epochs 1..n on an integer x axis.  It needs
matplotlib (``pip install "saessak[plot]"``).
"""

import os

__all__ = ["model_to_dot", "plot_history", "plot_model"]


# ------------------------------------------------------------------ plot_model
def _pydot():
    try:
        import pydot  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError:
        return None
    return pydot


def _shape_text(tensors):
    if not isinstance(tensors, (list, tuple)):
        tensors = [tensors]
    shapes = [tuple(getattr(t, "shape", ())) for t in tensors]
    return str(shapes[0]) if len(shapes) == 1 else str(shapes)


def _inbound_layers(layer):
    """The layers whose outputs feed ``layer``, over all its inbound nodes."""
    sources = []
    for node in getattr(layer, "_inbound_nodes", []):
        for t in getattr(node, "input_tensors", []):
            history = getattr(t, "_keras_history", None)
            if history is not None and history[0] is not layer:
                sources.append(history[0])
    return sources


def model_graph(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                show_layer_activations=False, show_trainable=False):
    """``(nodes, edges)``: nodes ``[(id, label)]`` in layer order, edges ``[(src_id, dst_id)]``."""
    layers = list(model.layers)
    sequential = type(model).__name__ == "Sequential"
    nodes, edges = [], []
    for layer in layers:
        kind = type(layer).__name__
        parts = [f"{layer.name} ({kind})" if show_layer_names else kind]
        if show_layer_activations and hasattr(layer, "activation"):
            act = getattr(layer.activation, "__name__", str(layer.activation))
            parts.append(f"Activation: {act}")
        if show_dtype:
            parts.append(f"dtype: {getattr(layer, 'dtype', None)}")
        if show_shapes:
            node = layer._inbound_nodes[0] if getattr(layer, "_inbound_nodes", None) else None
            if node is not None:
                parts.append(f"Input shape: {_shape_text(node.input_tensors)}")
                parts.append(f"Output shape: {_shape_text(node.outputs)}")
        if show_trainable:
            parts.append(f"Trainable: {layer.trainable}")
        nodes.append((str(id(layer)), "\n".join(parts)))
    ids = {id(layer) for layer in layers}
    if sequential:
        edges = [(str(id(a)), str(id(b))) for a, b in zip(layers, layers[1:])]
    else:
        for layer in layers:
            for src in _inbound_layers(layer):
                edge = (str(id(src)), str(id(layer)))
                if id(src) in ids and edge not in edges:
                    edges.append(edge)
    return nodes, edges


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB",
                 expand_nested=False, dpi=200, subgraph=False, show_layer_activations=False,
                 show_trainable=False, splines="ortho", **kwargs):
    """The model's layer graph as a ``pydot.Dot`` (needs ``pip install pydot``)."""
    pydot = _pydot()
    if pydot is None:
        raise ImportError("You must install pydot (`pip install pydot`) for `model_to_dot` to work.")
    if not getattr(model, "built", True):
        raise ValueError("This model has not yet been built. Build the model first by calling "
                         "`build()` or by calling the model on a batch of data.")
    dot = pydot.Dot()
    dot.set("rankdir", rankdir)
    dot.set("concentrate", True)
    dot.set("dpi", dpi)
    dot.set("splines", splines)
    dot.set_node_defaults(shape="record")
    nodes, edges = model_graph(model, show_shapes, show_dtype, show_layer_names,
                               show_layer_activations, show_trainable)
    for node_id, label in nodes:
        dot.add_node(pydot.Node(node_id, label=label))
    for src, dst in edges:
        dot.add_edge(pydot.Edge(src, dst))
    return dot


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=False, rankdir="TB", expand_nested=False, dpi=200,
               show_layer_activations=False, show_trainable=False, splines="ortho", **kwargs):
    """Write the model's layer graph to ``to_file`` (format from its extension, png default).

    Needs pydot (``pip install pydot``) and Graphviz's ``dot`` program
    (https://graphviz.org/download/); raises ImportError naming what is missing.
    """
    if not getattr(model, "built", True):
        raise ValueError("This model has not yet been built. Build the model first by calling "
                         "`build()` or by calling the model on a batch of data.")
    pydot = _pydot()
    if pydot is None:
        raise ImportError("You must install pydot (`pip install pydot`) for `plot_model` to work.")
    try:
        pydot.Dot.create(pydot.Dot())
    except (OSError, pydot.PydotException) as e:  # the `dot` executable is missing
        raise ImportError("You must install graphviz (see instructions at "
                          "https://graphviz.gitlab.io/download/) for `plot_model` to work.") from e
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations,
                       show_trainable=show_trainable, splines=splines)
    to_file = str(to_file)
    extension = os.path.splitext(to_file)[1][1:] or "png"
    dot.write(to_file, format=extension)
    return None


# ------------------------------------------------------------------ plot_history
def _pyplot():
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as e:
        raise ImportError("plot_history needs matplotlib, an optional extra: install it with "
                          '`pip install "saessak[plot]"` (or `pip install matplotlib`).') from e
    return plt


def plot_history(history, metrics=None, to_file=None, show=True):
    """Plot training curves: one subplot per metric, training vs ``val_`` curve.

    Args:
        history: a ``History`` callback (``model.fit``'s return value) or its
            ``.history`` dict ``{"loss": [...], "val_loss": [...], ...}``.
        metrics: names to plot (without ``val_``); default: every non-``val_`` key,
            ``loss`` first.
        to_file: if given, save the figure there (format from the extension).
        show: call ``plt.show()`` (a no-op on non-interactive backends).

    Returns:
        the matplotlib ``Figure``.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError("`history` must be a History object or a non-empty dict of per-epoch "
                         f"values (e.g. model.fit(...).history). Received: {history!r}")
    if metrics is None:
        metrics = [k for k in logs if not k.startswith("val_")]
        metrics.sort(key=lambda k: k != "loss")
    elif isinstance(metrics, str):
        metrics = [metrics]
    for name in metrics:
        if name not in logs and f"val_{name}" not in logs:
            raise ValueError(f"Metric {name!r} is not in the history. Available: {sorted(logs)}")
    if not metrics:
        raise ValueError(f"No metric to plot in the history keys {sorted(logs)}.")
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415 - optional dependency, imported on use

    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.5), squeeze=False)
    for ax, name in zip(axes[0], metrics):
        for key, label in ((name, "training"), (f"val_{name}", "validation")):
            if key in logs:
                values = [float(v) for v in logs[key]]
                ax.plot(range(1, len(values) + 1), values, marker="o", label=label)
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend()
    fig.tight_layout()
    if to_file is not None:
        fig.savefig(str(to_file))
    if show:
        plt.show()
    return fig

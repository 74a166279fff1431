"""KerasTensor: a symbolic placeholder (shape with ``None``, dtype) in the Functional API.

``keras.Input((784,))`` returns one; calling a layer on it does not compute
anything, it records a :class:`Node` (which layer was called on which
placeholders) and returns new placeholders with the output's shape.  A
Functional model is the graph of those nodes.
"""

from .. import naming


class KerasTensor:
    def __init__(self, shape, dtype="float32", name=None, sparse=False, ragged=False):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = _dtype_name(dtype)
        self.name = name or naming.uniquify("keras_tensor")
        self.sparse = sparse
        self.ragged = ragged
        self._keras_history = None  # (layer, node_index, tensor_index) once a node produced it

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"ragged={self.ragged}, name={self.name}>")

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __bool__(self):
        raise TypeError(
            "A symbolic KerasTensor has no value, so it cannot be used as a Python bool. "
            "Use it only as the input of layers (or keras ops) when building a model.")

    def __len__(self):
        if not self.shape or self.shape[0] is None:
            raise TypeError(f"len() is undefined for a KerasTensor of shape {self.shape}.")
        return self.shape[0]

    # Arithmetic on placeholders records Keras op nodes (``inputs / 255.0`` in a Functional model).
    def _op(self, name, *args):
        from .core.op_layer import apply_op  # noqa: PLC0415

        return apply_op(name, *args)

    def __add__(self, other):
        return self._op("Add", self, other)

    def __radd__(self, other):
        return self._op("Add", other, self)

    def __sub__(self, other):
        return self._op("Subtract", self, other)

    def __rsub__(self, other):
        return self._op("Subtract", other, self)

    def __mul__(self, other):
        return self._op("Multiply", self, other)

    def __rmul__(self, other):
        return self._op("Multiply", other, self)

    def __truediv__(self, other):
        return self._op("TrueDivide", self, other)

    def __rtruediv__(self, other):
        return self._op("TrueDivide", other, self)

    def __pow__(self, other):
        return self._op("Power", self, other)

    def __neg__(self):
        return self._op("Negative", self)

    def __abs__(self):
        return self._op("Absolute", self)

    def __array__(self, *args, **kwargs):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a NumPy array: it is a placeholder in a "
            "Functional model, not data. Build a keras.Model from it and call the model on data.")


def _dtype_name(dtype):
    if dtype is None:
        return "float32"
    return getattr(dtype, "name", None) or str(getattr(dtype, "__name__", dtype))


def is_symbolic(structure):
    from ...engine import nest  # noqa: PLC0415

    return any(isinstance(x, KerasTensor) for x in nest.flatten(structure))


class Node:
    """One call of a layer inside a Functional graph: inputs -> layer -> outputs."""

    def __init__(self, layer, call_args, call_kwargs, outputs):
        from ...engine import nest  # noqa: PLC0415

        self.layer = layer
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        self.outputs = outputs
        self.input_tensors = [x for x in nest.flatten((call_args, call_kwargs)) if isinstance(x, KerasTensor)]
        self.output_tensors = [x for x in nest.flatten(outputs) if isinstance(x, KerasTensor)]
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for i, t in enumerate(self.output_tensors):
            t._keras_history = (layer, self.index, i)

    @property
    def parent_nodes(self):
        nodes = []
        for t in self.input_tensors:
            if t._keras_history is not None:
                layer, index, _ = t._keras_history
                nodes.append(layer._inbound_nodes[index])
        return nodes

    def __repr__(self):
        return f"<Node {self.layer.name}#{self.index}>"

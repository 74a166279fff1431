"""Keras ops inside Functional models: ``inputs / 255.0``, ``x + 1``, the mask Embedding writes.

In Keras 3, applying an op to a symbolic KerasTensor records an *operation
node*, serialized with the op's class (``{'module': 'keras.src.ops.numpy',
'class_name': 'TrueDivide', 'config': {'name': 'true_divide'}}``).  Here each
such op is a small Layer whose ``call`` is the saessak op, so Functional models
that use them run, save and load like Keras's.
"""

from .... import nn
from ....ops import math_ops
from ...naming import auto_name
from ..layer import Layer

_NUMPY = "keras.src.ops.numpy"
_NN = "keras.src.ops.nn"

# Keras op class -> (Keras module, saessak function)
OPS = {
    "Add": (_NUMPY, math_ops.add),
    "Subtract": (_NUMPY, math_ops.subtract),
    "Multiply": (_NUMPY, math_ops.multiply),
    "TrueDivide": (_NUMPY, math_ops.divide),
    "Divide": (_NUMPY, math_ops.divide),
    "FloorDivide": (_NUMPY, math_ops.floordiv),
    "Mod": (_NUMPY, math_ops.floormod),
    "Power": (_NUMPY, math_ops.pow),
    "Negative": (_NUMPY, math_ops.negative),
    "Absolute": (_NUMPY, math_ops.abs),
    "Square": (_NUMPY, math_ops.square),
    "Sqrt": (_NUMPY, math_ops.sqrt),
    "Exp": (_NUMPY, math_ops.exp),
    "Log": (_NUMPY, math_ops.log),
    "Maximum": (_NUMPY, math_ops.maximum),
    "Minimum": (_NUMPY, math_ops.minimum),
    "Equal": (_NUMPY, math_ops.equal),
    "NotEqual": (_NUMPY, math_ops.not_equal),
    "Greater": (_NUMPY, math_ops.greater),
    "GreaterEqual": (_NUMPY, math_ops.greater_equal),
    "Less": (_NUMPY, math_ops.less),
    "LessEqual": (_NUMPY, math_ops.less_equal),
    "Tanh": (_NUMPY, math_ops.tanh),
    "Relu": (_NN, nn.relu),
    "Sigmoid": (_NN, math_ops.sigmoid),
    "Softmax": (_NN, nn.softmax),
}


class KerasOpLayer(Layer):
    """A Keras op applied to symbolic tensors; ``op_name`` is Keras's op class name."""

    op_name = None

    def __init__(self, name=None, **kwargs):
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        super().__init__(name=name or auto_name(type(self).op_name), **kwargs)
        self.fn = OPS[type(self).op_name][1]
        self.built = True

    def __call__(self, *args, **kwargs):
        if not args or not hasattr(args[0], "shape"):
            # A constant first (``1.0 - x``): the base class expects a tensor first.
            return self._call_any(args, kwargs)
        return super().__call__(*args, **kwargs)

    def _call_any(self, args, kwargs):
        from ..keras_tensor import is_symbolic  # noqa: PLC0415

        if is_symbolic((args, kwargs)):
            return self._symbolic_call(args, kwargs)
        return self.call(*args)

    def call(self, *args):
        return self.fn(*args)

    def get_config(self):
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _make(op_name):
    return type(op_name, (KerasOpLayer,), {"op_name": op_name, "_keras_module": OPS[op_name][0],
                                            "__module__": __name__})


OP_LAYERS = {name: _make(name) for name in OPS}


def apply_op(op_name, *args):
    """Apply Keras op ``op_name`` to (symbolic) arguments: records a node in a Functional graph."""
    return OP_LAYERS[op_name]()(*args)

"""``keras.Input`` and ``InputLayer``: where a Functional or Sequential model starts."""

from .. import naming
from .keras_tensor import KerasTensor, Node
from .layer import Layer, _dtype_name


class InputLayer(Layer):
    """The layer behind ``keras.Input``: holds the placeholder, computes nothing."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, ragged=False, **kwargs):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name or naming.auto_name("input_layer"), **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument to InputLayer/Input, e.g. shape=(784,).")
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self._dtype = _dtype_name(dtype) if dtype is not None else self._dtype
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        tensor = KerasTensor(self._batch_shape, dtype=self._dtype, name=self.name)
        Node(self, (), {}, tensor)
        self.output_tensor = tensor

    @property
    def batch_shape(self):
        return self._batch_shape

    def call(self, inputs=None):
        return inputs

    def get_config(self):
        return {"batch_shape": self._batch_shape, "dtype": self._dtype, "sparse": self.sparse,
                "ragged": False, "name": self.name, "optional": self.optional}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """A symbolic input of a model (``keras.Input``): ``Input(shape=(784,))``."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, optional=optional)
    return layer.output_tensor

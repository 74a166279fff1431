"""Keras variables: engine Variables that know their path in the model (``sequential/dense/kernel``)."""

from ..backend import xp
from ..engine.tensor import _numpy_text
from ..engine.variable import Variable as _EngineVariable
from . import config


class Variable(_EngineVariable):
    """A model weight or optimizer slot (``keras.Variable``).

    It is an engine Variable, so ops and GradientTapes use it directly; on top
    it carries Keras's ``path`` and short ``name``, an optional constraint
    applied after optimizer updates, and ``regularizer`` bookkeeping.
    """

    __slots__ = ("path", "regularizer", "_short_name")

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True,
                 aggregation="none", synchronization="auto", name=None, constraint=None):
        if callable(initializer) and not isinstance(initializer, _EngineVariable):
            if shape is None:
                raise ValueError(
                    "Variable: when `initializer` is a callable, `shape` is required.")
            value = initializer(tuple(shape), dtype=dtype or config.floatx())
        else:
            value = initializer
        super().__init__(value, trainable=trainable, name=name or "variable", dtype=dtype,
                         constraint=constraint)
        if shape is not None and tuple(self._value.shape) != tuple(shape):
            raise ValueError(
                f"Variable '{name}': the initial value has shape={self._value.shape} but shape={tuple(shape)} "
                "was requested.")
        self._short_name = name or "variable"
        self.path = self._short_name
        self.regularizer = None

    @property
    def name(self):
        return self._short_name

    @property
    def value(self):
        return self.read_value()

    def __repr__(self):
        value = self._numpy_for_print()
        text = _numpy_text(value) if not isinstance(value, xp.ndarray) else str(value)
        return (f"<Variable path={self.path}, shape={tuple(self._value.shape)}, "
                f"dtype={self.dtype.name}, value={text}>")

    __str__ = __repr__

    def __deepcopy__(self, memo):
        new = Variable(self._value.copy(), trainable=self.trainable, name=self._short_name,
                       constraint=self._constraint)
        new.path = self.path
        new.regularizer = self.regularizer
        memo[id(self)] = new
        return new

    def __reduce__(self):
        return (_rebuild, (xp.asarray(self._value), self.trainable, self._short_name, self.path))


def _rebuild(array, trainable, name, path):
    v = Variable(array, trainable=trainable, name=name)
    v.path = path
    return v

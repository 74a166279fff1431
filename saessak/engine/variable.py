"""Variable: a named, mutable tensor whose reads are seen by GradientTapes.

A Variable owns its buffer.  ``assign``/``assign_add``/``assign_sub`` write into
that buffer in place (no new allocation per optimizer step).  Ops take the
Variable itself as an input, so a tape records *which* variable was read and
``saessak.function`` re-reads it at each replay.

NOTE: because updates are in place, a tensor that is a *view* of a variable
(``tf.reshape(v, ...)`` may be one) sees later assignments.  ``value()`` and
``read_value()`` return a copy, as TensorFlow's snapshot semantics promise.
"""

from .. import backend
from ..backend import dtypes, xp
from ..errors import InvalidArgumentError
from . import context
from .convert import convert_to_tensor
from .op import Op, execute
from .shape import TensorShape
from .tensor import Tensor, _numpy_text

READ = Op("read_variable", lambda v: v.copy(), lambda g, out, v: (g,))

_INPLACE = {
    "assign": lambda v, x: xp.copyto(v, x),
    "assign_add": lambda v, x: xp.add(v, x, out=v),
    "assign_sub": lambda v, x: xp.subtract(v, x, out=v),
}


class Variable(Tensor):
    """A mutable tensor (``tf.Variable``): model weights, optimizer slots, counters."""

    __slots__ = ("trainable", "_name", "_constraint", "_aggregation", "_synchronization")

    def __init__(self, initial_value=None, trainable=None, name=None, dtype=None,
                 shape=None, constraint=None, synchronization=None, aggregation=None,
                 validate_shape=True, **kwargs):
        if initial_value is None:
            raise ValueError("Variable(initial_value=...) is required.")
        if callable(initial_value):
            initial_value = initial_value()
        value = convert_to_tensor(initial_value, dtype=dtype)._value
        super().__init__(xp.array(value, copy=True))
        self.trainable = True if trainable is None else bool(trainable)
        self._name = "Variable" if name is None else str(name)
        self._constraint = constraint
        self._aggregation = aggregation
        self._synchronization = synchronization

    # -- identity -----------------------------------------------------------
    @property
    def name(self):
        return f"{self._name}:0"

    @property
    def constraint(self):
        return self._constraint

    @property
    def aggregation(self):
        return self._aggregation

    @property
    def synchronization(self):
        return self._synchronization

    def ref(self):
        return super().ref()

    __hash__ = None

    # -- reading ----------------------------------------------------------
    def value(self):
        """A snapshot of the current value, as a Tensor (tapes see this read)."""
        return execute(READ, [self])

    read_value = value

    def numpy(self):
        value = backend.to_numpy(self._concrete("numpy"))
        return value[()] if value.ndim == 0 else value.copy()

    # -- writing ----------------------------------------------------------
    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Write ``value`` into the variable (in place)."""
        return self._write("assign", value, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._write("assign_add", delta, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._write("assign_sub", delta, read_value)

    def _write(self, kind, value, read_value):
        delta = self._as_update(kind, value)
        _INPLACE[kind](self._value, delta._value)
        tracer = context.state.tracer
        if tracer is not None:
            tracer.record_write(self, kind, delta)
        return self if read_value else None

    def _as_update(self, kind, value):
        if isinstance(value, Tensor):
            if value.dtype != self.dtype:
                raise InvalidArgumentError(
                    f"Variable.{kind}: the value has dtype={value.dtype.name} but variable "
                    f"'{self.name}' has dtype={self.dtype.name}. Cast it first: "
                    f"saessak.cast(value, {self.dtype!r})."
                )
        else:
            value = convert_to_tensor(value, dtype=self.dtype)
        if value._value.shape != self._value.shape:
            raise InvalidArgumentError(
                f"Variable.{kind}: cannot write a value of shape={tuple(value.shape)} into "
                f"variable '{self.name}' of shape={tuple(self.shape)}."
            )
        return value

    # -- printing -----------------------------------------------------------
    def __format__(self, format_spec):
        # As tf.Variable: f"{v}" prints the variable; format specs are for tensors (v.value()).
        if format_spec:
            raise TypeError(
                f"unsupported format string passed to Variable.__format__: {format_spec!r}. "
                f"Format its value instead: f'{{v.numpy():{format_spec}}}'.")
        return str(self)

    def __repr__(self):
        return (f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, "
                f"numpy={_numpy_text(self._numpy_for_print())}>")

    __str__ = __repr__

    def __deepcopy__(self, memo):
        return Variable(self._value.copy(), trainable=self.trainable, name=self._name)

    def __reduce__(self):
        return (_rebuild_variable, (backend.to_numpy(self._value), self.trainable, self._name))

    # TF API odds and ends
    def get_shape(self):
        return TensorShape(self._value.shape)

    @property
    def initial_value(self):
        return Tensor(self._value.copy())


def _rebuild_variable(array, trainable, name):
    return Variable(array, trainable=trainable, name=name, dtype=dtypes.from_array(array))

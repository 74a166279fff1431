"""Metric: a running statistic kept in non-trainable variables.

A metric accumulates over many batches: ``update_state(y_true, y_pred,
sample_weight)`` adds a batch's contribution to its state variables (totals,
counts, confusion-matrix cells) with ``Variable.assign_add``; ``result()``
turns the state into the value to report; ``reset_state()`` zeroes it (at the
start of each epoch).  ``metric(y_true, y_pred)`` is update then result.

State lives in variables, not Python numbers, because the trainer compiles the
whole training step with ``saessak.function``: every update must be ops and
in-place variable writes, which a trace records and a replay repeats.  Nothing
here reads a tensor's value in Python.

The ``stateless_*`` methods run the same code on state passed in and handed
back (JAX style), by temporarily writing that state into the variables.
"""

from ...engine.variable import Variable as _EngineVariable
from ...ops import array_ops as A
from ...ops import math_ops as M
from .. import initializers, naming
from ..losses.loss import dtype_name
from ..variables import Variable


class Metric:
    """Base class of metrics (``keras.metrics.Metric``).

    Subclasses create their state in ``__init__`` with ``add_variable`` and
    implement ``update_state`` and ``result``.

    Args:
        dtype: dtype of the state and result (default ``keras.config.floatx()``).
        name: the metric's name (default: the snake-case class name, made unique).
    """

    _keras_module = "keras.metrics"

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        object.__setattr__(self, "_variables", [])
        object.__setattr__(self, "_metrics", [])
        return self

    def __init__(self, dtype=None, name=None):
        self.name = name or naming.auto_name(type(self).__name__)
        self._dtype = dtype_name(dtype)
        self._initialized = True

    # -- tracking -------------------------------------------------------------
    def __setattr__(self, name, value):
        # Sub-metrics and variables assigned as attributes (or in a list/tuple) are tracked.
        for item in (value if isinstance(value, (list, tuple)) else (value,)):
            if isinstance(item, Metric):
                if not any(m is item for m in self._metrics):
                    self._metrics.append(item)
            elif isinstance(item, _EngineVariable):
                if not any(v is item for v in self._variables):
                    self._variables.append(item)
        object.__setattr__(self, name, value)

    @property
    def variables(self):
        """The state variables: this metric's own, then those of its sub-metrics."""
        out = list(self._variables)
        for m in self._metrics:
            out.extend(m.variables)
        return out

    @property
    def dtype(self):
        return self._dtype

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """Create a non-trainable state variable (path ``<metric name>/<name>``)."""
        self._check_super_called()
        init = initializers.get(initializer) if initializer is not None else initializers.Zeros()
        shape = tuple(int(d) for d in shape)
        var = Variable(init, shape=shape, dtype=dtype or self._dtype, trainable=False,
                       aggregation=aggregation, synchronization="on_read", name=name)
        var.path = f"{self.name.replace('/', '>')}/{var.name}"
        self._variables.append(var)
        return var

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Alias of ``add_variable`` (older Keras API)."""
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    def _check_super_called(self):
        if not getattr(self, "_initialized", False):
            raise RuntimeError(
                f"{type(self).__name__}: you forgot to call `super().__init__()` in the "
                "`__init__()` method of your Metric subclass. Go add it!")

    # -- the metric protocol ----------------------------------------------------
    def update_state(self, *args, **kwargs):
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_state(y_true, y_pred, sample_weight=None).")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self):
        """Set every state variable back to zero."""
        for v in self.variables:
            v.assign(A.zeros(tuple(v._value.shape), dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # -- stateless API ----------------------------------------------------------
    def _swap_in(self, metric_variables):
        variables = self.variables
        if len(metric_variables) != len(variables):
            raise ValueError(
                f"Argument `metric_variables` must be a list of tensors corresponding 1:1 to "
                f"{type(self).__name__}().variables. Received list with length "
                f"{len(metric_variables)}, but expected {len(variables)} variables.")
        saved = [v.read_value() for v in variables]
        for v, value in zip(variables, metric_variables):
            v.assign(M.cast(value, v.dtype) if hasattr(value, "dtype") else value)
        return variables, saved

    @staticmethod
    def _swap_out(variables, saved):
        new = [v.read_value() for v in variables]
        for v, value in zip(variables, saved):
            v.assign(value)
        return new

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        """Update from ``metric_variables`` (not the metric's own state); return the new state."""
        variables, saved = self._swap_in(metric_variables)
        try:
            self.update_state(*args, **kwargs)
        finally:
            new = self._swap_out(variables, saved)
        return new

    def stateless_result(self, metric_variables):
        variables, saved = self._swap_in(metric_variables)
        try:
            return self.result()
        finally:
            self._swap_out(variables, saved)

    def stateless_reset_state(self):
        variables = self.variables
        saved = [v.read_value() for v in variables]
        self.reset_state()
        return self._swap_out(variables, saved)

    # -- config -------------------------------------------------------------------
    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__

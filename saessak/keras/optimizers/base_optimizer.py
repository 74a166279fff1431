"""The optimizer base class (``keras.optimizers.Optimizer``): state, bookkeeping, one apply.

An optimizer owns an ``iteration`` counter (int64), a ``learning_rate`` (a
float32 Variable, or a schedule evaluated at the counter) and, after ``build``,
slot variables per trainable variable (momentums, velocities...).  ``apply``
turns a list of gradients into in-place updates, in Keras 3's order:

1. drop ``None`` gradients (with Keras's warning), divide by ``loss_scale_factor``;
2. clip: ``clipnorm`` per gradient, else ``global_clipnorm``, else ``clipvalue``;
3. decoupled weight decay ``w -= w * weight_decay * lr`` (before the step);
4. the optimizer's ``update_step`` for each variable;
5. the EMA of the weights (``use_ema``), constraints, ``iteration += 1``.

Clipping, weight decay, EMA and the saved-state API live in optimizer_extras.py.
With ``gradient_accumulation_steps=k`` gradients are summed into accumulator
slots and steps 2-4 run on their mean every k-th call only: the writes are
selected with ``where`` rather than skipped, so the program stays branch-free.

Everything per step is written with saessak ops and ``Variable.assign*``, never
with Python reads of tensor values, so a whole training step compiles with
``saessak.function``: the learning rate and the counter are read through ops at
each replay, which is why ``optimizer.learning_rate = 0.1`` between compiled
steps takes effect.  Quantities shared by all variables (Adam's bias
correction, the learning rate from a schedule) are computed once per apply by
``_prepare_step``, so the per-variable cost is only the elementwise update.
"""

import warnings

from ...backend import xp
from ...engine.convert import convert_to_tensor
from ...engine.tensor import Tensor
from ...engine.variable import Variable as _EngineVariable
from ...ops import math_ops
from .. import config as _config
from .. import initializers, naming
from ..variables import Variable
from . import schedules as _schedules
from .optimizer_extras import OptimizerExtras, clip_by_global_norm, global_norm  # noqa: F401


def f32_sub(a, b):
    """``a - b`` in float32 arithmetic, the way Keras computes it between float32 tensors."""
    return float(xp.float32(a) - xp.float32(b))


class Optimizer(OptimizerExtras):
    """Base class of the Keras optimizers.

    Subclasses create their slots in ``build`` (after ``super().build``), apply
    one variable's update in ``update_step(gradient, variable, learning_rate)``
    through ``self.assign``/``assign_add``/``assign_sub``, may compute
    per-step scalars once in ``_prepare_step(learning_rate)``, and add their
    hyperparameters to ``get_config``.
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.", stacklevel=2)
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}. {type(self).__name__} accepts "
                             "learning_rate, its own hyperparameters and the common optimizer arguments.")
        self.name = naming.auto_name(type(self).__name__) if name is None else name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        if gradient_accumulation_steps and not gradient_accumulation_steps >= 2:
            raise ValueError("`gradient_accumulation_steps` must be an integer >= 2. Received: "
                             f"gradient_accumulation_steps={gradient_accumulation_steps}")
        if use_ema:
            if ema_momentum > 1 or ema_momentum < 0:
                raise ValueError("`ema_momentum` must be in the range [0, 1]. "
                                 f"Received: ema_momentum={ema_momentum}")
            if ema_overwrite_frequency and (not isinstance(ema_overwrite_frequency, int)
                                            or ema_overwrite_frequency < 1):
                raise ValueError("`ema_overwrite_frequency` must be an integer >= 1 or None. "
                                 f"Received: ema_overwrite_frequency={ema_overwrite_frequency}")
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                             f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._trainable_variables_indices = {}
        self._update_mask = None  # a bool scalar while gradient accumulation gates the writes
        self._step = None  # what _prepare_step computed for the current apply
        self._building_in_apply = False
        self._iterations = self._make_variable(xp.zeros((), xp.int64), "iteration")
        if isinstance(learning_rate, _schedules.LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            if not isinstance(learning_rate, float):
                raise ValueError(
                    "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, "
                    "or a callable (that takes in the current iteration value and returns the "
                    f"corresponding learning rate value). Received instead: learning_rate={learning_rate}"
                    + (f" (write {float(learning_rate)!r})" if isinstance(learning_rate, int) else ""))
            self._learning_rate = self._make_variable(
                xp.asarray(learning_rate, dtype=_config.floatx()), "learning_rate")

    # ------------------------------------------------------------------ variables
    def _make_variable(self, value, name, path=True, trainable=False):
        var = Variable(value, trainable=trainable, name=name)
        if path:
            var.path = f"{self.name}/{name}"
        self._variables.append(var)
        return var

    @property
    def variables(self):
        return self._variables[:]

    @property
    def iterations(self):
        if self.gradient_accumulation_steps:
            return math_ops.floordiv(self._iterations, self.gradient_accumulation_steps)
        return self._iterations

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", layout=None,
                     name=None):
        """A new non-trainable optimizer variable ``<optimizer name>/<name>``."""
        dtype = _config.floatx() if dtype is None else dtype
        dtype = getattr(dtype, "name", dtype)
        if isinstance(initializer, str) and initializer == "zeros":  # the usual slot: no lookup
            value = xp.zeros(tuple(shape), dtype=dtype)
        else:
            value = initializers.get(initializer)(tuple(shape), dtype=dtype)
        return self._make_variable(value, name or "variable")

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped like ``reference_variable``, named ``<its path with _>_<name>``."""
        name = name or "var"
        path = getattr(reference_variable, "path", None)
        if path is not None:
            name = f"{path.replace('/', '_')}_{name}"
        else:
            name = f"{str(reference_variable.name).replace('/', '_').replace(':', '_')}_{name}"
        return self.add_variable(tuple(reference_variable.shape), initializer=initializer,
                                 dtype=reference_variable.dtype, name=name)

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """Slots for every variable; several names are interleaved per variable (as Keras)."""
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        if len(names) != len(inits):
            raise ValueError("The number of provided names must match the number of provided "
                             f"initializers. Received name='{name}', initializer='{initializer}'")
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, (n, init) in enumerate(zip(names, inits)):
                slots[i].append(self.add_variable_from_reference(variable, name=n, initializer=init))
        return slots[0] if isinstance(name, str) else slots

    def build(self, variables):
        """Record the trainable variables and create the shared slots (EMA, accumulators)."""
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = []
        for i, variable in enumerate(variables):
            self._trainable_variables_indices[id(variable)] = i
            if self.gradient_accumulation_steps:
                self._accumulated_gradients.append(
                    self.add_variable_from_reference(variable, name="gradient_accumulator"))
        self._trainable_variables = variables[:]
        self.built = True

    def __deepcopy__(self, memo):
        """Copies keep working with the copied variables (the index is keyed by identity)."""
        import copy  # noqa: PLC0415

        new = type(self).__new__(type(self))
        memo[id(self)] = new
        for key, value in self.__dict__.items():
            new.__dict__[key] = copy.deepcopy(value, memo)
        if getattr(new, "_trainable_variables", None) is not None:
            new._trainable_variables_indices = {id(v): i for i, v in enumerate(new._trainable_variables)}
        return new

    def _get_variable_index(self, variable):
        return self._trainable_variables_indices[id(variable)]

    def _check_variables_are_known(self, variables):
        for v in variables:
            if id(v) not in self._trainable_variables_indices:
                raise ValueError(
                    f"Unknown variable: {v}. This optimizer can only be called for the variables it "
                    "was originally built with. When working with a new set of variables, you should "
                    "recreate a new optimizer instance.")

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self):
        return self._get_current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        previous = self._learning_rate if isinstance(self._learning_rate, _EngineVariable) else None
        if isinstance(learning_rate, _schedules.LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        elif isinstance(self._learning_rate, _schedules.LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not settable. If you "
                "need the learning rate to be settable, you should instantiate the optimizer with a "
                "float `learning_rate` argument.")
        elif previous is None:
            raise TypeError(
                f"{self.name}: the learning rate is a callable, so it cannot be set to "
                f"{learning_rate!r}. Create the optimizer with a float `learning_rate` to change it.")
        else:
            previous.assign(learning_rate)
        if previous is not None and self._learning_rate is not previous:
            self._variables = [v for v in self._variables if v is not previous]

    def _get_current_learning_rate(self):
        lr = self._learning_rate
        if isinstance(lr, _schedules.LearningRateSchedule):
            return lr(self._iterations)
        if isinstance(lr, _EngineVariable):
            return lr
        if callable(lr):
            return lr()
        return lr

    def _learning_rate_tensor(self):
        """The step's learning rate as a float32 tensor (the Variable itself when it is one)."""
        lr = self._get_current_learning_rate()
        if isinstance(lr, Tensor):
            return lr
        return convert_to_tensor(lr, dtype=_config.floatx())

    # ------------------------------------------------------------------ writes
    def assign(self, variable, value):
        if self._update_mask is not None:
            value = math_ops.where(self._update_mask, value, variable)
        variable.assign(value)

    def assign_add(self, variable, value):
        if self._update_mask is not None:
            variable.assign(math_ops.where(self._update_mask, math_ops.add(variable, value), variable))
        else:
            variable.assign_add(value)

    def assign_sub(self, variable, value):
        if self._update_mask is not None:
            variable.assign(
                math_ops.where(self._update_mask, math_ops.subtract(variable, value), variable))
        else:
            variable.assign_sub(value)

    # ------------------------------------------------------------------ applying gradients
    def apply_gradients(self, grads_and_vars):
        """Apply ``[(gradient, variable), ...]``; returns the ``iterations`` variable."""
        pairs = list(grads_and_vars)
        if pairs:
            grads, variables = zip(*pairs)
            self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """Update the variables from their gradients (one optimizer step)."""
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be built on "
                    "a list of variables. Call `optimizer.build(trainable_variables)` first.")
            if len(grads) != len(self._trainable_variables_indices):
                raise ValueError(
                    "When passing `grads` as a list of gradient tensors, the gradients must match "
                    f"the trainable variables one-to-one. Received a list of {len(grads)} gradients, "
                    f"but the optimizer is tracking {len(self._trainable_variables)} trainable "
                    "variables.")
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if len(grads) != len(trainable_variables):
                raise ValueError(f"Received {len(grads)} gradients for {len(trainable_variables)} "
                                 "variables: pass exactly one gradient (or None) per variable.")
            if not self.built:
                self._building_in_apply = True  # Keras builds inside the optimizer's name scope
                try:
                    self.build(trainable_variables)
                finally:
                    self._building_in_apply = False
                self.built = True
            self._check_variables_are_known(trainable_variables)
        grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
        grads = [self._as_gradient(g, v) for g, v in zip(grads, trainable_variables)]
        if self.loss_scale_factor is not None:
            grads = [math_ops.divide(g, self.loss_scale_factor) for g in grads]
        self._backend_apply_gradients(grads, trainable_variables)
        for variable in trainable_variables:
            if getattr(variable, "constraint", None) is not None:
                variable.assign(variable.constraint(variable))
        self._iterations.assign_add(1)

    @staticmethod
    def _as_gradient(grad, variable):
        g = grad if isinstance(grad, Tensor) else convert_to_tensor(grad)
        if tuple(g.shape) != tuple(variable.shape):
            raise ValueError(
                f"The gradient for variable '{getattr(variable, 'path', variable.name)}' has shape="
                f"{tuple(g.shape)} but the variable has shape={tuple(variable.shape)}: each gradient "
                "must have its variable's shape.")
        return math_ops.cast(g, variable.dtype)

    def _filter_empty_gradients(self, grads, variables):
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        missing = [getattr(v, "path", v.name) for g, v in zip(grads, variables) if g is None]
        if missing:
            warnings.warn(
                f"Gradients do not exist for variables {missing} when minimizing the loss. If using "
                "`model.compile()`, did you forget to provide a `loss` argument?", stacklevel=3)
        return [g for g, _ in kept], [v for _, v in kept]

    def _backend_apply_gradients(self, grads, trainable_variables):
        if self.gradient_accumulation_steps:
            steps = self.gradient_accumulation_steps
            # Every call accumulates; every `steps`-th call updates with the mean and resets.
            is_update = math_ops.equal(math_ops.floormod(math_ops.add(self._iterations, 1), steps), 0)
            accumulators = [self._accumulated_gradients[self._get_variable_index(v)]
                            for v in trainable_variables]
            means = [math_ops.divide(math_ops.add(g, a), steps) for g, a in zip(grads, accumulators)]
            self._update_mask = is_update
            try:
                self._clipped_update(means, trainable_variables)
            finally:
                self._update_mask = None
            for g, a in zip(grads, accumulators):
                a.assign(math_ops.where(is_update, 0.0, math_ops.add(g, a)))
        else:
            self._clipped_update(grads, trainable_variables)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)
            if self.ema_overwrite_frequency:
                overwrite = math_ops.equal(
                    math_ops.floormod(math_ops.add(self.iterations, 1), self.ema_overwrite_frequency), 0)
                for var, average in zip(self._trainable_variables, self._model_variables_moving_average):
                    var.assign(math_ops.where(overwrite, average, var))

    def _clipped_update(self, grads, trainable_variables):
        grads = self._clip_gradients(grads)
        lr = self._learning_rate_tensor()
        self._apply_weight_decay(trainable_variables, lr)
        self._backend_update_step(grads, trainable_variables, lr)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        self._step = self._prepare_step(learning_rate)
        try:
            for grad, var in zip(grads, trainable_variables):
                self.update_step(grad, var, learning_rate)
        finally:
            self._step = None

    def _prepare_step(self, learning_rate):
        """Per-step quantities shared by every variable (bias corrections...); None by default."""
        return None

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError(f"{type(self).__name__} must implement update_step().")

    # ------------------------------------------------------------------ config
    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, _schedules.LearningRateSchedule):
            lr = _schedules.serialize(lr)
        elif isinstance(lr, _EngineVariable):
            lr = float(lr.numpy())
        elif isinstance(lr, Tensor):
            lr = float(lr)
        elif callable(lr):
            lr = _serialize_callable(lr)
        return {
            "name": self.name,
            "learning_rate": lr,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _schedules.deserialize(config["learning_rate"],
                                                             custom_objects=custom_objects)
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


BaseOptimizer = Optimizer


def _serialize_callable(fn):
    name = getattr(fn, "__name__", type(fn).__name__)
    return {"module": "builtins", "class_name": "function", "config": name,
            "registered_name": "function"}

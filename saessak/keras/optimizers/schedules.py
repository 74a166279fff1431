"""Learning-rate schedules (``keras.optimizers.schedules``): the rate as a function of the step.

A schedule is called with the optimizer's ``iterations`` variable and returns a
float32 scalar tensor computed with saessak ops, so inside a compiled training
step the rate follows the counter at every replay.  With ``t`` the step and
``lr0`` the initial rate:

- ExponentialDecay: ``lr0 * rate ** (t / steps)`` (``floor`` of the exponent if staircase);
- InverseTimeDecay: ``lr0 / (1 + rate * t / steps)``;
- PiecewiseConstantDecay: ``values[i]`` on ``(boundaries[i-1], boundaries[i]]``;
- PolynomialDecay: ``(lr0 - end) * (1 - t / steps) ** power + end``, ``t`` capped at
  ``steps`` (or ``steps`` stretched to the next multiple above ``t`` if ``cycle``);
- CosineDecay: ``lr0 * ((1 - alpha) * (1 + cos(pi * t / steps)) / 2 + alpha)``, after an
  optional linear warmup from ``lr0`` to ``warmup_target`` over ``warmup_steps``;
- CosineDecayRestarts: the cosine restarted at ``steps``, ``steps * (1 + t_mul)``...,
  each period ``t_mul`` times longer and ``m_mul`` times lower.

Computations mirror Keras's float32 arithmetic, so values agree to the last ulp or two.
"""

import difflib
import math

from ...engine.convert import convert_to_tensor
from ...engine.tensor import Tensor
from ...ops import math_ops

_F = "float32"


def _const(value):
    """A float32 scalar constant (no op is recorded for it)."""
    return convert_to_tensor(value, dtype=_F)


def _step(step):
    """The step as a float32 tensor (the iterations counter is int64)."""
    t = step if isinstance(step, Tensor) else convert_to_tensor(step)
    return math_ops.cast(t, _F)


def _check_decay_steps(value, arg="decay_steps"):
    if value <= 0:
        raise ValueError(f"Argument `{arg}` must be > 0. Received: {arg}={value}")


class LearningRateSchedule:
    """Base class: ``__call__(step) -> learning rate`` and ``get_config()``."""

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override `get_config()` in order "
            "to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class ExponentialDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_decay_steps(decay_steps)

    def __call__(self, step):
        p = math_ops.divide(_step(step), _const(self.decay_steps))
        if self.staircase:
            p = math_ops.floor(p)
        return math_ops.multiply(_const(self.initial_learning_rate),
                                 math_ops.pow(_const(self.decay_rate), p))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_decay_steps(decay_steps)

    def __call__(self, step):
        p = math_ops.divide(_step(step), _const(self.decay_steps))
        if self.staircase:
            p = math_ops.floor(p)
        denom = math_ops.add(1.0, math_ops.multiply(_const(self.decay_rate), p))
        return math_ops.divide(_const(self.initial_learning_rate), denom)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. Received: "
                f"boundaries={boundaries} of length {len(boundaries)}, and values={values} of length "
                f"{len(values)}.")
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = step if isinstance(step, Tensor) else convert_to_tensor(step)
        integer = step.dtype.is_integer
        # Boundaries take the step's dtype (float boundaries truncate for an integer step, as Keras).
        bounds = [convert_to_tensor(int(b) if integer else float(b), dtype=step.dtype)
                  for b in self.boundaries]
        values = [convert_to_tensor(v) for v in self.values]
        # Walk from the last interval back: each `step <= b_i` selects values[i] over what follows.
        result = values[-1]
        for b, v in zip(reversed(bounds), reversed(values[:-1])):
            result = math_ops.where(math_ops.less_equal(step, b), v, result)
        return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_decay_steps(decay_steps)

    def __call__(self, step):
        lr0, end = _const(self.initial_learning_rate), _const(self.end_learning_rate)
        t, steps = _step(step), _const(self.decay_steps)
        if self.cycle:
            # Stretch the period to the first multiple of decay_steps at or above t (1 at t = 0).
            multiplier = math_ops.where(math_ops.equal(t, 0.0), 1.0,
                                        math_ops.ceil(math_ops.divide(t, self.decay_steps)))
            steps = math_ops.multiply(steps, multiplier)
        else:
            t = math_ops.minimum(t, steps)
        p = math_ops.divide(t, steps)
        return math_ops.add(
            math_ops.multiply(math_ops.subtract(lr0, end),
                              math_ops.pow(math_ops.subtract(1.0, p), _const(self.power))), end)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


def _cosine(t, steps, alpha, lr):
    """``lr * ((1 - alpha) * 0.5 * (1 + cos(pi * t / steps)) + alpha)``."""
    fraction = math_ops.divide(t, steps)
    decayed = math_ops.multiply(0.5, math_ops.add(1.0, math_ops.cos(
        math_ops.multiply(_const(math.pi), fraction))))
    decayed = math_ops.add(math_ops.multiply(1 - alpha, decayed), alpha)
    return math_ops.multiply(lr, decayed)


class CosineDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_decay_steps(decay_steps)

    def __call__(self, step):
        lr0, steps, t = _const(self.initial_learning_rate), _const(self.decay_steps), _step(step)
        if self.warmup_target is None:
            return _cosine(math_ops.minimum(t, steps), steps, self.alpha, lr0)
        target, warm = _const(self.warmup_target), _const(self.warmup_steps)
        t = math_ops.minimum(t, math_ops.add(steps, warm))
        # Both branches are computed; `where` keeps the one Keras's cond would take.
        warmup = math_ops.add(math_ops.multiply(math_ops.subtract(target, lr0),
                                                math_ops.divide(t, warm)), lr0)
        decay = _cosine(math_ops.subtract(t, warm), steps, self.alpha, target)
        return math_ops.where(math_ops.less(t, warm), warmup, decay)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                 name="SGDRDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_decay_steps(first_decay_steps, "first_decay_steps")

    def __call__(self, step):
        alpha, t_mul = _const(self.alpha), _const(self._t_mul)
        fraction = math_ops.divide(_step(step), _const(self.first_decay_steps))
        if float(self._t_mul) == 1.0:
            restart = math_ops.floor(fraction)
            fraction = math_ops.subtract(fraction, restart)
        else:
            # Periods 1, t, t^2...: restart i begins at fraction (1 - t^i) / (1 - t).
            one_minus_t = math_ops.subtract(1.0, t_mul)
            restart = math_ops.floor(math_ops.divide(
                math_ops.log(math_ops.subtract(1.0, math_ops.multiply(fraction, one_minus_t))),
                math_ops.log(t_mul)))
            t_pow = math_ops.pow(t_mul, restart)
            start = math_ops.divide(math_ops.subtract(1.0, t_pow), one_minus_t)
            fraction = math_ops.divide(math_ops.subtract(fraction, start), t_pow)
        m_fac = math_ops.pow(_const(self._m_mul), restart)
        cosine = math_ops.multiply(math_ops.multiply(0.5, m_fac), math_ops.add(1.0, math_ops.cos(
            math_ops.multiply(_const(math.pi), fraction))))
        decayed = math_ops.add(math_ops.multiply(math_ops.subtract(1.0, alpha), cosine), alpha)
        return math_ops.multiply(_const(self.initial_learning_rate), decayed)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self._t_mul,
                "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}


_ALL = {c.__name__: c for c in (LearningRateSchedule, ExponentialDecay, InverseTimeDecay,
                                PiecewiseConstantDecay, PolynomialDecay, CosineDecay,
                                CosineDecayRestarts)}


def serialize(learning_rate_schedule):
    """``{'module', 'class_name', 'config', 'registered_name'}``, Keras's serialized form."""
    if not isinstance(learning_rate_schedule, LearningRateSchedule):
        raise ValueError("schedules.serialize expects a LearningRateSchedule, received "
                         f"{learning_rate_schedule!r}.")
    cls = type(learning_rate_schedule)
    builtin = _ALL.get(cls.__name__) is cls
    return {"module": "keras.optimizers.schedules" if builtin else cls.__module__,
            "class_name": cls.__name__, "config": learning_rate_schedule.get_config(),
            "registered_name": None if builtin else cls.__name__}


def deserialize(config, custom_objects=None):
    """The schedule described by ``{'class_name', 'config'}`` (built-ins or ``custom_objects``)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError("schedules.deserialize expects a dict with 'class_name' and 'config', "
                         f"received {config!r}.")
    name = config["class_name"]
    table = dict(_ALL)
    table.update(custom_objects or {})
    cls = table.get(name) or table.get(config.get("registered_name") or "")
    if cls is None:
        close = difflib.get_close_matches(name, list(table), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"Could not interpret learning rate schedule class_name='{name}'.{hint} "
                         f"Known schedules: {sorted(table)}; pass others in `custom_objects`.")
    return cls.from_config(dict(config.get("config", {})))


__all__ = [
    "LearningRateSchedule", "ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay",
    "PolynomialDecay", "CosineDecay", "CosineDecayRestarts", "serialize", "deserialize",
]

"""MonitorCallback: "did the watched quantity improve?", shared by the callbacks that watch one.

EarlyStopping, ModelCheckpoint and ReduceLROnPlateau each follow one entry of
the epoch logs (``monitor``, e.g. ``"val_loss"``) and compare every new value
``current`` with a reference (the best value so far, or a baseline).  With a
tolerance ``min_delta >= 0`` the rule is

    mode "min":  improvement  <=>  current + min_delta < reference
    mode "max":  improvement  <=>  current - min_delta > reference

so a change smaller than ``min_delta`` does not count.  No reference yet
(``None``) means the first value always counts.  ``mode="auto"`` picks "min" for
losses and otherwise asks the compiled metric of that name for its declared
direction (``metric._direction``, "up" or "down"); when nothing tells, it raises
rather than guessing.  The direction is resolved at the first ``on_epoch_end``,
once ``fit`` has built the compiled metrics.

Also here: the small helpers every callback of this package uses to print a
message (``print_msg``), to turn per-batch logs, which hold tensors, into
Python numbers (``to_python``), and to tell the training loop whether its batch
hooks are needed (``batch_hooks_beyond``).
"""

import sys
import warnings

from ...backend import xp
from ...engine.tensor import Tensor
from .callback import _BATCH_HOOKS, Callback


def print_msg(message, line_break=True):
    """Write a callback's message to stdout (as Keras' ``io_utils.print_msg``)."""
    sys.stdout.write(f"{message}\n" if line_break else str(message))
    sys.stdout.flush()


def to_python(value):
    """A tensor or NumPy scalar as a Python number; larger arrays as NumPy arrays; others unchanged."""
    if isinstance(value, Tensor):
        value = value.numpy()
    if isinstance(value, (xp.ndarray, xp.generic)):
        return value.item() if value.ndim == 0 else xp.asarray(value)
    return value


def python_logs(logs):
    """A copy of ``logs`` whose tensor values are Python numbers (for formatting and comparing)."""
    return {k: to_python(v) for k, v in (logs or {}).items()}


def batch_hooks_beyond(callback, base, mode):
    """Are some of ``callback``'s ``mode`` batch hooks its own, i.e. not those of class ``base``?

    A class of this package that needs its batch hooks only in some settings
    answers ``_uses_batch_hooks(mode)`` from its settings, plus this test, so that
    a user's subclass (or an instance attribute) overriding a hook is still called.
    """
    cls = type(callback)
    own = getattr(callback, "__dict__", {})
    return any(name in own or getattr(cls, name) is not getattr(base, name) for name in _BATCH_HOOKS[mode])


def _less(a, b):
    return a < b


def _greater(a, b):
    return a > b


class MonitorCallback(Callback):
    """Base class of the callbacks that watch one logged quantity (internal in Keras too)."""

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto mode.",
                          stacklevel=3)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = _less
        elif self.mode == "max":
            self.monitor_op = _greater
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = _less
            for metric in _compiled_metrics(self.model):
                if metric.name == name and hasattr(metric, "_direction"):
                    self.monitor_op = _greater if metric._direction == "up" else _less
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received monitor={self.monitor}, but Keras isn't "
                    "able to automatically determine whether that metric should be maximized or "
                    "minimized. Pass `mode='max'` in order to monitor based on the highest metric "
                    "value, or pass `mode='min'` in order to use the lowest value.")
        if self.monitor_op is _less:
            # store the tolerance with the sign that makes "current - min_delta" the test value
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return bool(self.monitor_op(to_python(monitor_value) - self.min_delta, reference_value))


def _compiled_metrics(model):
    """The individual metrics given to ``compile(metrics=...)`` (empty before the first step)."""
    from ..trainers.compile_utils import CompileMetrics  # noqa: PLC0415

    out = []
    for m in getattr(model, "metrics", None) or []:
        if isinstance(m, CompileMetrics):
            out.extend(m.metrics)
    return out

"""ReduceLROnPlateau: multiply the learning rate by ``factor`` when the monitored value stalls.

After ``patience`` epochs without improvement (beyond ``min_delta``, see
:mod:`.monitor_callback`) the new rate is ``max(old * factor, min_lr)``; then
``cooldown`` epochs pass before the waiting starts again.  The callback also
records the current rate in the epoch logs as ``learning_rate`` (so History and
CSVLogger show it).  Setting ``optimizer.learning_rate`` assigns the optimizer's
float32 learning-rate variable, which the compiled training step reads at every
replay: no retracing.
"""

import warnings

from ...backend import xp
from .monitor_callback import MonitorCallback, print_msg, to_python


def _current_lr(optimizer):
    return float(to_python(optimizer.learning_rate))


class ReduceLROnPlateau(MonitorCallback):
    """Reduce the learning rate when a metric has stopped improving (``keras.callbacks.ReduceLROnPlateau``)."""

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0.0, **kwargs):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}. The "
                "new learning rate is old * factor: use a factor below 1, e.g. factor=0.1.")
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def _reduce_optimizer_lr(self, optimizer, epoch, name=""):
        old_lr = _current_lr(optimizer)
        # the rate lives in a float32 variable: compare with min_lr as float32 too
        if old_lr > xp.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            optimizer.learning_rate = new_lr
            if self.verbose > 0:
                name_str = f" {name}" if name else ""
                print_msg(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{name_str} learning rate to "
                          f"{new_lr}.")
            return True
        return False

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs or {}
        optimizers = getattr(self.model.optimizer, "optimizers", None)
        if optimizers is not None:
            for opt in optimizers:
                logs[f"learning_rate_{opt.name}"] = _current_lr(opt)
        else:
            logs["learning_rate"] = _current_lr(self.model.optimizer)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(list(logs.keys()))}.", stacklevel=2)
            return
        current = to_python(current)
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                if optimizers is not None:
                    reduced = [self._reduce_optimizer_lr(opt, epoch, opt.name) for opt in optimizers]
                    reduced = any(reduced)
                else:
                    reduced = self._reduce_optimizer_lr(self.model.optimizer, epoch)
                if reduced:
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0

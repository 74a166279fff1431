"""LearningRateScheduler: set the learning rate at each epoch start from ``schedule(epoch, lr)``.

``schedule`` receives the epoch index (from 0) and the current rate as a Python
float and returns the new rate, a float.  The one-argument form
``schedule(epoch)`` of older Keras versions still works: when calling with two
arguments raises ``TypeError``, the callback calls it with one.  At each epoch
end the rate is also written to the logs as ``learning_rate``.
"""

from ...backend import xp
from .callback import Callback
from .monitor_callback import print_msg, to_python


def _current_lr(optimizer):
    return float(to_python(optimizer.learning_rate))


class LearningRateScheduler(Callback):
    """Learning rate scheduler (``keras.callbacks.LearningRateScheduler``)."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _update_optimizer_lr(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            learning_rate = self.schedule(epoch, _current_lr(optimizer))
        except TypeError:  # the older one-argument schedule(epoch)
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, xp.float32, xp.float64)):
            raise ValueError(
                f"The output of the `schedule` function should be a float. Got: {learning_rate}. "
                "Return a Python float, e.g. `return float(lr * 0.9)`.")
        optimizer.learning_rate = float(learning_rate)
        return learning_rate

    def on_epoch_begin(self, epoch, logs=None):
        optimizers = getattr(self.model.optimizer, "optimizers", None)
        if optimizers is not None:
            for opt in optimizers:
                learning_rate = self._update_optimizer_lr(opt, epoch)
                if self.verbose > 0:
                    print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting {opt.name} "
                              f"learning rate to {learning_rate}.")
            return
        learning_rate = self._update_optimizer_lr(self.model.optimizer, epoch)
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                      f"{learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        optimizers = getattr(self.model.optimizer, "optimizers", None)
        if optimizers is not None:
            for opt in optimizers:
                logs[f"learning_rate_{opt.name}"] = _current_lr(opt)
        else:
            logs["learning_rate"] = _current_lr(self.model.optimizer)

"""EarlyStopping: end ``fit`` once the monitored quantity has stopped improving.

At each epoch end the callback reads ``logs[monitor]``.  ``wait`` counts the
epochs since the last improvement (see :mod:`.monitor_callback` for what counts);
when ``wait >= patience`` it sets ``model.stop_training = True`` and the loop
ends after this epoch.  With a ``baseline``, an epoch that beats the best value
but not the baseline still counts as waiting.  ``start_from_epoch`` skips the
first epochs entirely (warm-up).  ``restore_best_weights`` keeps a copy of the
weights of the best epoch and puts them back at the end of training (even if
training was not stopped early).
"""

import warnings

from .monitor_callback import MonitorCallback, print_msg, to_python


class EarlyStopping(MonitorCallback):
    """Stop training when a monitored metric has stopped improving (``keras.callbacks.EarlyStopping``)."""

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        # A callback object may serve several fit() calls: start each one afresh.
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # nothing better seen yet: the current weights are the best so far
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # the wait restarts only when the value also beats the baseline
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not available. "
                f"Available metrics are: {','.join(list(logs.keys()))}", stacklevel=2)
            return None
        return to_python(value)

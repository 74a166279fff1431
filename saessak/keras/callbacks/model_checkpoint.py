"""ModelCheckpoint: save the model (or its weights) during training.

``filepath`` may hold ``str.format`` fields filled from the epoch (1-based), the
batch (with an integer ``save_freq``) and the logs, e.g.
``"ckpt/{epoch:02d}-{val_loss:.2f}.keras"``.  It must end in ``.keras`` (the
native zip format) or ``.h5`` (legacy HDF5) for a whole model, and in
``.weights.h5`` with ``save_weights_only=True``; saessak also accepts the legacy
``.hdf5`` spelling with a warning (Keras 3 rejects it).

``save_freq="epoch"`` saves at every epoch end; an integer ``n`` saves every
``n`` training batches.  ``save_best_only`` saves only when the monitored value
improves on the best one so far (starting from ``initial_value_threshold``);
see :mod:`.monitor_callback`.  Like Keras, the best value is kept across
``fit`` calls made with the same callback object.
"""

import os
import warnings

from ...backend import xp
from .monitor_callback import MonitorCallback, batch_hooks_beyond, print_msg, python_logs


class ModelCheckpoint(MonitorCallback):
    """Save the model or its weights at some frequency (``keras.callbacks.ModelCheckpoint``)."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = os.fspath(filepath) if isinstance(filepath, os.PathLike) else filepath
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq}. Expected save_freq are 'epoch' or integer values "
                "(a number of training batches, e.g. save_freq=100).")
        self._check_extension()

    def _check_extension(self):
        path = str(self.filepath)
        if self.save_weights_only:
            if not path.endswith(".weights.h5"):
                raise ValueError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided "
                    f"must end in `.weights.h5` (Keras weights format). Received: filepath={path}")
        elif path.endswith(".hdf5"):
            warnings.warn(
                f"ModelCheckpoint: filepath={path} ends in `.hdf5`, which Keras 3 rejects; saessak "
                "saves it in the legacy HDF5 format, like `.h5`. Use a `.keras` filepath for the "
                "native format.", stacklevel=3)
        elif not path.endswith((".keras", ".h5")):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format). Received: "
                f"filepath={path}. (A `.h5` ending saves in the legacy HDF5 format; to save only the "
                "weights pass save_weights_only=True and a filepath ending in `.weights.h5`.)")

    def _uses_batch_hooks(self, mode):
        if mode == "train" and self.save_freq != "epoch":
            return True
        return batch_hooks_beyond(self, ModelCheckpoint, mode)

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=python_logs(logs))

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch: batches count from 0
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _should_save_model(self, epoch, batch, logs, filepath):
        logs = logs or {}
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=2)
            return True
        current = python_logs({"v": current})["v"]
        if isinstance(current, xp.ndarray) and current.ndim > 0:
            warnings.warn(
                f"Can save best model only when `monitor` is a scalar value. Received: {current}. "
                "Falling back to `save_best_only=False`.", stacklevel=2)
            return True
        best_str = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best_str} to "
                          f"{current:.5f}, saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best_str}")
        return False

    def _save_model(self, epoch, batch, logs):
        filepath = self._get_file_path(epoch, batch, logs)
        try:
            if not self._should_save_model(epoch, batch, logs, filepath):
                return
            dirname = os.path.dirname(filepath)
            if dirname and not os.path.exists(dirname):
                os.makedirs(dirname, exist_ok=True)
            if self.save_weights_only:
                self.model.save_weights(filepath, overwrite=True)
            else:
                self.model.save(filepath, overwrite=True)
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")
        except IsADirectoryError as e:
            raise OSError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                f"existing directory: {filepath}") from e

    def _get_file_path(self, epoch, batch, logs):
        logs = logs or {}
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            fields = ", ".join(["epoch"] + ([] if batch is None else ["batch"]) + sorted(logs))
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}. The fields '
                f"it can use are the logged values: {fields}.") from e

    def _checkpoint_exists(self, filepath):
        return os.path.exists(filepath)

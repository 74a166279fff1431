"""BackupAndRestore: resume a ``fit`` that was interrupted (crash, Ctrl-C, preempted machine).

During training the callback saves, after every epoch (or every ``save_freq``
batches), the model's and the optimizer's state to
``backup_dir/latest.weights.h5`` and the position to
``backup_dir/training_metadata.json`` (``{"epoch": e, "batch": b}``, ``e`` =
epochs completed).  When ``fit`` starts and a backup exists, it loads the
weights and tells the training loop to start at epoch ``e`` (through
``model._initial_epoch``).  A finished ``fit`` deletes the backup folder unless
``delete_checkpoint=False``.  With ``double_checkpoint=True`` the previous
backup is kept as ``*.bkp`` files and used if the latest one cannot be read.
"""

import json
import os
import shutil

from .callback import Callback
from .monitor_callback import batch_hooks_beyond


class BackupAndRestore(Callback):
    """Callback to back up and restore the training state (``keras.callbacks.BackupAndRestore``)."""

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed. Give a folder for the backup, e.g. "
                             "BackupAndRestore(backup_dir='/tmp/backup').")
        self.backup_dir = os.fspath(backup_dir)
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(
                f"Invalid value for argument `save_freq`. Received: save_freq={save_freq}. Expected "
                "either 'epoch' or an integer value.")

    def _uses_batch_hooks(self, mode):
        if mode == "train" and self.save_freq != "epoch":
            return True
        return batch_hooks_beyond(self, BackupAndRestore, mode)

    def on_train_begin(self, logs=None):
        try:
            self._load_model()
        except OSError:
            # the latest backup may be corrupted (killed while writing): fall back to the previous one
            if not os.path.exists(self._prev_weights_path):
                raise
            shutil.copy(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                shutil.copy(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _load_model(self):
        if not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, you model must be built before you call "
                f"`fit()`. Model {self.model} is unbuilt. You can build it beforehand by calling it on "
                "a batch of data.")
        if os.path.exists(self._weights_path):
            optimizer = self.model.optimizer
            if optimizer is not None and not optimizer.built:
                # the optimizer's slots must exist before their saved values can be loaded
                optimizer.build(self.model.trainable_variables)
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path, encoding="utf-8") as f:
                metadata = json.loads(f.read())
            self.model._initial_epoch = metadata["epoch"]

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model()

    def _save_model(self):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            shutil.copy(self._weights_path, self._prev_weights_path)
        if self.double_checkpoint and os.path.exists(self._training_metadata_path):
            shutil.copy(self._training_metadata_path, self._prev_training_metadata_path)
        self.model.save_weights(filepath=self._weights_path, overwrite=True)
        with open(self._training_metadata_path, "w", encoding="utf-8") as f:
            f.write(json.dumps({"epoch": self._current_epoch, "batch": self._last_batch_seen}))

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:  # a new epoch
            added = batch + 1
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def on_train_end(self, logs=None):
        # (Keras leaves it set, so a later fit() of the same model would skip those epochs again)
        if self.model is not None and getattr(self.model, "_initial_epoch", None) is not None:
            self.model._initial_epoch = None
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)

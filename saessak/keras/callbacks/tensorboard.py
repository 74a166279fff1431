"""TensorBoard: write training curves, weight histograms and the model to TensorBoard event files.

Two runs are written, ``log_dir/train`` and ``log_dir/validation``; TensorBoard
shows them as two curves on each chart.  At each epoch end (step = epoch index):

* train: ``epoch_<name>`` for every log entry without the ``val_`` prefix, then
  ``epoch_learning_rate`` and, with ``write_steps_per_second``,
  ``epoch_steps_per_second``;
* validation: ``epoch_<name>`` for every ``val_<name>`` entry;
* with ``histogram_freq = n``, every n-th epoch, a histogram (and with
  ``write_images`` an image) of every weight, tagged ``<weight path>/histogram``.

``write_graph`` stores the model's JSON config (tag ``keras``) for the Graphs
tab.  With an integer ``update_freq`` (or "batch" = 1) the training batches are
logged too (``batch_<name>``, step = global batch count), and, as in Keras,
every write then only happens when the current global batch (test batch during
evaluation) is a multiple of ``update_freq`` -- Keras wraps the writers in
``tf.summary.record_if``, which also gates the epoch-level writes.  At the end of
each evaluation, ``evaluation_<name>_vs_iterations`` goes to the validation run
with the optimizer's iteration count as step.

The files are written by :mod:`.event_writer` (no TensorFlow, no tensorboard
package needed to write them; ``tensorboard --logdir logs`` reads them).
Profiling (``profile_batch``) is not available in saessak: it is ignored with a
warning.
"""

import os
import time
import warnings

from .callback import Callback
from .event_writer import EventFileWriter
from .monitor_callback import batch_hooks_beyond, to_python


class TensorBoard(Callback):
    """Enable visualizations for TensorBoard (``keras.callbacks.TensorBoard``)."""

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None):
        super().__init__()
        self.log_dir = str(os.fspath(log_dir))
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        if update_freq not in ("epoch", "batch") and not (isinstance(update_freq, int) and update_freq > 0):
            raise ValueError(
                f"TensorBoard: update_freq must be 'epoch', 'batch' or a positive integer (a number of "
                f"batches), received update_freq={update_freq!r}.")
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._init_profile_batch(profile_batch)
        self._global_train_batch = 0
        self._global_test_batch = 0
        self._previous_epoch_iterations = 0
        self._epoch_start_time = 0.0
        self._batch_start_time = 0.0
        self._writers = {}
        # Emulates Keras' pushed default writers under tf.summary.record_if: (run, step) pairs.
        self._record_stack = []

    # ------------------------------------------------------------------ writers
    def set_model(self, model):
        self._model = model
        self._log_write_dir = self.log_dir
        self._train_dir = os.path.join(self._log_write_dir, "train")
        self._val_dir = os.path.join(self._log_write_dir, "validation")
        self._close_writers()
        self._writers = {}
        self._record_stack = []
        if self.write_graph:
            self._write_keras_model_summary()
        if self.embeddings_freq:
            self._configure_embeddings()

    def _writer(self, run):
        writer = self._writers.get(run)
        if writer is None or writer.closed:
            writer = EventFileWriter(self._train_dir if run == "train" else self._val_dir)
            self._writers[run] = writer
        return writer

    @property
    def _train_writer(self):
        return self._writer("train")

    @property
    def _val_writer(self):
        return self._writer("val")

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()

    def _push_writer(self, run, step):
        if self.update_freq != "epoch":
            self._record_stack.append((run, step))

    def _pop_writer(self):
        if self.update_freq != "epoch" and self._record_stack:
            self._record_stack.pop()

    def _recording(self):
        if self.update_freq == "epoch" or not self._record_stack:
            return True
        return self._record_stack[-1][1] % self.update_freq == 0

    def _scalar(self, run, tag, value, step):
        value = to_python(value)
        if self._recording() and isinstance(value, (int, float)):
            self._writer(run).scalar(tag, value, step)

    def _write_keras_model_summary(self):
        if type(self.model).__name__ not in ("Functional", "Sequential"):
            return
        try:
            json_string = self.model.to_json()
        except Exception as exc:  # noqa: BLE001 (a summary must never break training)
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {exc}", stacklevel=2)
            return
        if self._recording():
            self._train_writer.text_tensor("keras", json_string, 0, "graph_keras_model", b"1")
            self._train_writer.flush()

    def _configure_embeddings(self):
        from .. import layers as layers_module  # noqa: PLC0415

        # (a class nothing is an instance of, while saessak has no Embedding layer)
        Embedding = getattr(layers_module, "Embedding", type("NoEmbedding", (), {}))  # noqa: N806
        metadata = self.embeddings_metadata
        metadata = dict(metadata) if isinstance(metadata, dict) else metadata
        entries = []
        for layer in self.model.layers:
            if isinstance(layer, Embedding):
                entry = {"tensor_name": "layer_with_weights-0/embeddings/.ATTRIBUTES/VARIABLE_VALUE"}
                if isinstance(metadata, str):
                    entry["metadata_path"] = metadata
                elif metadata is not None and layer.name in metadata:
                    entry["metadata_path"] = metadata.pop(layer.name)
                entries.append(entry)
        if metadata and not isinstance(metadata, str):
            raise ValueError(
                "Unrecognized `Embedding` layer names passed to `keras.callbacks.TensorBoard` "
                f"`embeddings_metadata` argument: {metadata.keys()}. The model's Embedding layers are: "
                f"{[layer.name for layer in self.model.layers if isinstance(layer, Embedding)]}.")
        lines = []
        for entry in entries:
            lines.append("embeddings {")
            lines.extend(f'  {k}: "{_pbtxt_escape(v)}"' for k, v in entry.items())
            lines.append("}")
        os.makedirs(self._log_write_dir, exist_ok=True)
        with open(os.path.join(self._log_write_dir, "projector_config.pbtxt"), "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))

    def _init_profile_batch(self, profile_batch):
        message = ("profile_batch must be a non-negative integer or 2-tuple of positive integers. A pair "
                   "of positive integers signifies a range of batches to profile. Found: "
                   f"{profile_batch}")
        if isinstance(profile_batch, str):  # the legacy "start,stop" spelling
            try:
                profile_batch = [int(p) for p in profile_batch.split(",")]
            except ValueError:
                raise ValueError(message) from None
            if len(profile_batch) == 1:
                profile_batch = profile_batch[0]
        if isinstance(profile_batch, int):
            start, stop = profile_batch, profile_batch
        elif isinstance(profile_batch, (tuple, list)) and len(profile_batch) == 2:
            start, stop = profile_batch
        else:
            raise ValueError(message)
        if start < 0 or stop < start:
            raise ValueError(message)
        self._start_batch, self._stop_batch = start, stop
        self._should_trace = False
        if start or stop:
            warnings.warn(
                f"TensorBoard: profiling is not available in saessak; profile_batch={profile_batch} "
                "is ignored (pass profile_batch=0 to silence this warning).", stacklevel=3)

    # ------------------------------------------------------------------ hooks
    def _uses_batch_hooks(self, mode):
        if mode == "train" and (self.update_freq != "epoch" or self.write_steps_per_second):
            return True
        if mode == "test" and self.update_freq != "epoch":
            return True
        return batch_hooks_beyond(self, TensorBoard, mode)

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0
        self._push_writer("train", self._global_train_batch)

    def on_train_end(self, logs=None):
        self._pop_writer()
        self._close_writers()

    def on_test_begin(self, logs=None):
        self._push_writer("val", self._global_test_batch)

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "iterations"):
            step = int(to_python(optimizer.iterations))
            for name, value in (logs or {}).items():
                self._scalar("val", f"evaluation_{name}_vs_iterations", value, step)
            if "val" in self._writers:
                self._writers["val"].flush()
        self._pop_writer()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.update_freq != "epoch":
            self._pop_writer()
            self._push_writer("train", self._global_train_batch)
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        # batch summaries go to the pushed default writer, which exists only with an integer update_freq
        if not self._record_stack:
            return
        run = self._record_stack[-1][0]
        if self.write_steps_per_second:
            elapsed = time.time() - self._batch_start_time
            self._scalar(run, "batch_steps_per_second", 1.0 / max(elapsed, 1e-9), self._global_train_batch)
        if isinstance(logs, dict):
            for name in sorted(logs):
                self._scalar(run, f"batch_{name}", logs[name], self._global_train_batch)

    def on_test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1
        if self.update_freq != "epoch":
            self._pop_writer()
            self._push_writer("val", self._global_test_batch)

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = float(to_python(self.model.optimizer.iterations))
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(epoch)
        for writer in self._writers.values():
            writer.flush()

    # ------------------------------------------------------------------ epoch summaries
    def _collect_learning_rate(self, logs):
        from ..optimizers.base_optimizer import Optimizer  # noqa: PLC0415

        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # LossScaleOptimizer
        if hasattr(optimizer, "optimizers"):
            for opt in optimizer.optimizers:
                logs[f"learning_rate_{opt.name}"] = float(to_python(opt.learning_rate))
        elif isinstance(optimizer, Optimizer):
            logs["learning_rate"] = float(to_python(optimizer.learning_rate))
        return logs

    def _compute_steps_per_second(self):
        iterations = float(to_python(self.model.optimizer.iterations))
        elapsed = time.time() - self._epoch_start_time
        return (iterations - self._previous_epoch_iterations) / max(elapsed, 1e-9)

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k: v for k, v in logs.items() if k.startswith("val_")}
        train_logs = self._collect_learning_rate(train_logs)
        if self.write_steps_per_second:
            train_logs["steps_per_second"] = self._compute_steps_per_second()
        for name, value in train_logs.items():
            self._scalar("train", f"epoch_{name}", value, epoch)
        for name, value in val_logs.items():
            self._scalar("val", f"epoch_{name[4:]}", value, epoch)

    def _log_weights(self, epoch):
        if not self._recording():
            return
        writer = self._train_writer
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.path.replace(":", "_")
                values = weight.numpy()
                writer.histogram(f"{name}/histogram", values, epoch)
                if self.write_images:
                    image = _weight_as_image(values)
                    if image is not None:
                        writer.image(f"{name}/image", image, epoch)
        writer.flush()

    def _log_embeddings(self, epoch):
        path = os.path.join(self._log_write_dir, "train", f"keras_embedding.ckpt-{epoch}.weights.h5")
        self.model.save_weights(path)


def _weight_as_image(w):
    """A weight as a batch of one-channel images, laid out as Keras does; None when it has no picture."""
    from .. import config  # noqa: PLC0415

    w = w.squeeze()
    shape = w.shape
    if len(shape) == 1:  # a bias: one column
        w = w.reshape(1, shape[0], 1, 1)
    elif len(shape) == 2:  # a Dense kernel, wider than tall
        if shape[0] > shape[1]:
            w = w.T
        w = w.reshape(1, w.shape[0], w.shape[1], 1)
    elif len(shape) == 3:  # a 1-D conv kernel: one image per channel
        if config.image_data_format() == "channels_last":
            w = w.transpose(2, 0, 1)
        w = w.reshape(w.shape[0], w.shape[1], w.shape[2], 1)
    if w.ndim == 4 and w.shape[-1] in (1, 3, 4):
        return w
    return None


def _pbtxt_escape(text):
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

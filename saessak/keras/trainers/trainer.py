"""Trainer: ``compile``, ``fit``, ``evaluate``, ``predict`` for every Model.

One training step (forward, loss, gradients, optimizer update, metric updates)
is :meth:`Trainer.train_step`.  ``fit`` compiles it once with
``saessak.function``, so after the first batch each step replays a flat program
of kernels; Python only slices the next batch and hands the results to the
callbacks.  ``run_eagerly=True`` skips the compilation (for debugging).
"""

from ...backend import xp
from ...engine import nest
from ...engine.function import function as _compile
from ...engine.tape import GradientTape
from ...engine.tensor import Tensor
from ...ops import math_ops
from . import data_adapter
from .compile_utils import CompileLoss, CompileMetrics
from .label_checks import check_labels


class Trainer:
    def __init__(self):
        self.optimizer = None
        self.compiled = False
        self.loss = None
        self.stop_training = False
        self.history = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._run_eagerly = False
        self._functions = {}
        self.steps_per_execution = 1
        self._initial_epoch = None  # set by BackupAndRestore to resume an interrupted fit

    def __deepcopy__(self, memo):
        """A copy with its own weights; compiled steps are not copied (they belong to the original)."""
        import copy  # noqa: PLC0415

        cls = type(self)
        new = cls.__new__(cls)
        memo[id(self)] = new
        for key, value in self.__dict__.items():
            object.__setattr__(new, key, {} if key == "_functions" else copy.deepcopy(value, memo))
        return new

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True):
        """Configure the model for training: optimizer, loss and metrics."""
        from .. import metrics as metrics_module  # noqa: PLC0415
        from .. import optimizers  # noqa: PLC0415

        self._compile_args = {"loss": loss, "loss_weights": loss_weights, "metrics": metrics,
                              "weighted_metrics": weighted_metrics}
        self.optimizer = optimizers.get(optimizer)
        output_names = self._output_names()
        self.loss = loss
        self._compile_loss = CompileLoss(loss, loss_weights, output_names) if loss is not None else None
        if loss is not None:
            from .compile_utils import resolve_loss  # noqa: PLC0415

            if not isinstance(loss, (list, tuple, dict)):
                resolve_loss(loss)  # fail now on unknown names, not at the first batch
        self._compile_metrics = None
        if metrics is not None or weighted_metrics is not None:
            if isinstance(metrics, str):
                metrics = [metrics]  # Keras 3 requires a list; the seeds pass metrics='accuracy'
            elif metrics is not None and not isinstance(metrics, (list, tuple, dict)):
                raise TypeError(
                    f"Expected `metrics` argument to be a list, tuple, or dict. Received instead: "
                    f"metrics={metrics!r}. Wrap it in a list: metrics=[...].")
            self._compile_metrics = CompileMetrics(metrics, weighted_metrics, output_names)
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._run_eagerly = bool(run_eagerly)
        self.steps_per_execution = steps_per_execution
        self.jit_compile = jit_compile
        self._functions = {}
        self.compiled = True

    def get_compile_config(self):
        """What ``compile`` was given, serialized (saved in ``.keras`` files)."""
        if not self.compiled:
            return {}
        from ..saving.serialization import serialize_keras_object as ser  # noqa: PLC0415

        args = self._compile_args
        return {"optimizer": ser(self.optimizer), "loss": ser(args["loss"]),
                "loss_weights": ser(args["loss_weights"]), "metrics": ser(args["metrics"]),
                "weighted_metrics": ser(args["weighted_metrics"]), "run_eagerly": self._run_eagerly,
                "steps_per_execution": self.steps_per_execution, "jit_compile": False}

    def compile_from_config(self, config):
        from ..saving.serialization import deserialize_keras_object  # noqa: PLC0415

        def de(value):  # names stay names ('adam', 'mse', 'accuracy'); configs become objects
            if isinstance(value, dict) and "class_name" in value:
                return deserialize_keras_object(value)
            if isinstance(value, list):
                return [de(v) for v in value]
            if isinstance(value, dict):
                return {k: de(v) for k, v in value.items()}
            return value

        if not config:
            return
        self.compile(optimizer=de(config.get("optimizer")), loss=de(config.get("loss")),
                     loss_weights=config.get("loss_weights"), metrics=de(config.get("metrics")),
                     weighted_metrics=de(config.get("weighted_metrics")),
                     run_eagerly=config.get("run_eagerly", False),
                     steps_per_execution=config.get("steps_per_execution", 1))
        if getattr(self, "built", False) and self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)  # as Keras: slots exist to load state into

    def _output_names(self):
        outputs = getattr(self, "outputs", None)
        if not outputs:
            return None
        names = []
        for t in outputs:
            hist = getattr(t, "_keras_history", None)
            names.append(hist[0].name if hist else getattr(t, "name", None))
        return names

    @property
    def run_eagerly(self):
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = bool(value)
        self._functions = {}

    @property
    def metrics(self):
        out = []
        if self.compiled:
            if self._loss_tracker is not None:
                out.append(self._loss_tracker)
            if self._compile_metrics is not None:
                out.append(self._compile_metrics)
        return out

    @property
    def metrics_names(self):
        names = []
        for m in self.metrics:
            names.append("compile_metrics" if isinstance(m, CompileMetrics) else m.name)
        return names

    def _flat_metrics(self):
        out = []
        if self._loss_tracker is not None:
            out.append(self._loss_tracker)
        if self._compile_metrics is not None:
            out.extend(self._compile_metrics.metrics)
        return out

    def reset_metrics(self):
        for m in self._flat_metrics():
            m.reset_state()

    # ------------------------------------------------------------------ one step
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """Compiled loss plus the layers' added losses (regularization, add_loss)."""
        total = None
        if self._compile_loss is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        for extra in self.losses:
            extra = math_ops.cast(extra, "float32") if extra.dtype.name != "float32" else extra
            total = extra if total is None else math_ops.add(total, extra)
        if total is None:
            raise ValueError(
                "No loss to compute. Provide a `loss` argument in `compile()`, or add losses in the "
                "model with `add_loss`.")
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self):
        # Sorted by name, as Keras's logs come out of its compiled step ('accuracy' before 'loss').
        results = {m.name: m.result() for m in self._flat_metrics()}
        return {k: results[k] for k in sorted(results)}

    def _update_loss_tracker(self, loss, x):
        first = nest.flatten(x)[0]
        shape = getattr(first, "shape", ())
        n = int(shape[0]) if len(shape) else 1
        self._loss_tracker.update_state(loss, sample_weight=n)

    def train_step(self, data):
        x, y, sample_weight = data_adapter.unpack_x_y_sample_weight(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
            self._update_loss_tracker(loss, x)
            if self.optimizer is not None:
                loss = self.optimizer.scale_loss(loss)
        variables = self.trainable_weights
        grads = tape.gradient(loss, variables)
        if variables:
            self.optimizer.apply(grads, variables)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        x, y, sample_weight = data_adapter.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._update_loss_tracker(loss, x)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        x, _, _ = data_adapter.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _function(self, kind):
        fn = self._functions.get(kind)
        if fn is None:
            step = {"train": self.train_step, "test": self.test_step, "predict": self.predict_step}[kind]

            def one_step(x, y=None, sample_weight=None, return_logs=True):
                if kind == "predict":
                    return step((x,))
                logs = step((x, y, sample_weight))
                return logs if return_logs else None
            fn = one_step if self._run_eagerly else _compile(one_step)
            self._functions[kind] = fn
        return fn

    def make_train_function(self, force=False):
        if force:
            self._functions.pop("train", None)
        return self._function("train")

    def make_test_function(self, force=False):
        if force:
            self._functions.pop("test", None)
        return self._function("test")

    def make_predict_function(self, force=False):
        if force:
            self._functions.pop("predict", None)
        return self._function("predict")

    # ------------------------------------------------------------------ loops
    def _assert_compiled(self):
        if not self.compiled:
            raise RuntimeError(
                "You must call `compile()` before using the model for training or evaluation, e.g. "
                "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
                "metrics=['accuracy']).")

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train the model for ``epochs`` epochs; returns a History."""
        from ..callbacks import CallbackList  # noqa: PLC0415

        self._assert_compiled()
        verbose = _verbose(verbose)
        if validation_split and validation_data is None:
            if not data_adapter.is_array_like(x):
                raise ValueError(
                    "`validation_split` is only supported for arrays and tensors, not for datasets or "
                    "generators. Pass `validation_data` instead.")
            (x, y, sample_weight), validation_data = data_adapter.split_for_validation(
                x, y, sample_weight, validation_split)
        adapter = data_adapter.get_adapter(x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
                                           steps=steps_per_epoch, class_weight=class_weight)
        if isinstance(adapter, data_adapter.ArrayAdapter):
            _check_finite(adapter.x, "x")
            self._check_fit_data(adapter)
        val_adapter = None
        if validation_data is not None:
            val_adapter = self._validation_adapter(validation_data, validation_batch_size or batch_size,
                                                   validation_steps)
        train_fn = self.make_train_function()
        cbs = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=self,
                           verbose=verbose, epochs=epochs, steps=adapter.steps)
        wants_batches = cbs.wants_batches("train")
        return_logs = wants_batches or not self._logs_are_metrics_results()
        self.stop_training = False
        cbs.on_train_begin()
        initial_epoch = self._initial_epoch or initial_epoch
        logs = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cbs.on_epoch_begin(epoch)
            step_logs = ran = None
            for step, (bx, by, bsw) in enumerate(adapter):
                if wants_batches:
                    cbs.on_train_batch_begin(step)
                step_logs = train_fn(bx, by, bsw, return_logs)
                ran = True
                if wants_batches:
                    cbs.on_train_batch_end(step, step_logs)
                if self.stop_training:
                    break
            if ran is None:
                raise ValueError(
                    "The training data produced no batch in this epoch. If it is a generator or a "
                    "dataset that ran out, make it repeat or pass a smaller `steps_per_epoch`.")
            logs = _pythonify(step_logs if return_logs else self.get_metrics_result())
            if val_adapter is not None and _should_validate(epoch, validation_freq):
                val_logs = self._run_test(val_adapter, callbacks=cbs, verbose=0)
                logs.update({"val_" + k: v for k, v in val_logs.items()})
            cbs.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        if epochs > initial_epoch and self.optimizer is not None:
            self.optimizer.finalize_variable_values(self.trainable_weights)
        cbs.on_train_end(logs)
        self.history = cbs.history
        self.history.params = {"verbose": verbose, "epochs": epochs, "steps": adapter.steps}
        return self.history

    def _logs_are_metrics_results(self):
        """Whether a step's logs are just ``get_metrics_result()`` after it (Keras's own steps).

        Then, when no callback reads per-batch logs, ``fit`` and ``evaluate`` run steps that
        return nothing -- a compiled step skips computing results nobody reads -- and read the
        metrics once, after the last step.  A model that overrides ``train_step``,
        ``test_step`` or ``compute_metrics`` may return other logs, so it always gets them.
        """
        cls = type(self)
        return (cls.train_step is Trainer.train_step and cls.test_step is Trainer.test_step
                and cls.compute_metrics is Trainer.compute_metrics)

    def _validation_adapter(self, validation_data, batch_size, steps):
        if isinstance(validation_data, (tuple, list)) and 2 <= len(validation_data) <= 3 and \
                data_adapter.is_array_like(validation_data[0]):
            vx, vy, vsw = data_adapter.unpack_x_y_sample_weight(tuple(validation_data))
            return data_adapter.get_adapter(vx, vy, vsw, batch_size=batch_size, shuffle=False, steps=steps)
        return data_adapter.get_adapter(validation_data, batch_size=None, steps=steps)

    def _check_fit_data(self, adapter):
        if self._compile_loss is None or adapter.y is None:
            return
        outputs = getattr(self, "outputs", None)  # known for Sequential/Functional models
        if outputs:
            check_labels(self, adapter.y, [t.shape for t in outputs])

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict=False, **kwargs):
        """Loss and metrics on the given data: a scalar, a list (loss first), or a dict."""
        self._assert_compiled()
        verbose = _verbose(verbose)
        adapter = data_adapter.get_adapter(x, y, sample_weight, batch_size=batch_size, shuffle=False,
                                           steps=steps)
        logs = self._run_test(adapter, callbacks, verbose)
        if return_dict:
            return logs
        return self._flatten_in_order(logs)

    def _run_test(self, adapter, callbacks, verbose):
        from ..callbacks import CallbackList  # noqa: PLC0415

        test_fn = self.make_test_function()
        if isinstance(callbacks, CallbackList):  # validation inside fit: fit's callbacks see it
            cbs = callbacks
        else:
            cbs = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
                               steps=adapter.steps)
        wants_batches = cbs.wants_batches("test")
        return_logs = wants_batches or not self._logs_are_metrics_results()
        self.reset_metrics()
        cbs.on_test_begin()
        step_logs = ran = None
        for step, (bx, by, bsw) in enumerate(adapter):
            if wants_batches:
                cbs.on_test_batch_begin(step)
            step_logs = test_fn(bx, by, bsw, return_logs)
            ran = True
            if wants_batches:
                cbs.on_test_batch_end(step, step_logs)
        if ran is None:
            raise ValueError("The evaluation data produced no batch.")
        logs = _pythonify(step_logs if return_logs else self.get_metrics_result())
        cbs.on_test_end(logs)
        return logs

    def _flatten_in_order(self, logs):
        names = [m.name for m in self._flat_metrics()]
        results = [logs[n] for n in names if n in logs]
        results += [logs[k] for k in sorted(logs) if k not in names]
        return results[0] if len(results) == 1 else results

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Outputs for the inputs ``x``, batch by batch, as NumPy arrays."""
        from ..callbacks import CallbackList  # noqa: PLC0415

        verbose = _verbose(verbose)
        if data_adapter.is_array_like(x):
            adapter = data_adapter.ArrayAdapter(x, batch_size=batch_size or 32, shuffle=False, steps=steps)
        else:
            adapter = data_adapter.get_adapter(x, steps=steps)
        predict_fn = self.make_predict_function()
        cbs = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
                           steps=adapter.steps)
        wants_batches = cbs.wants_batches("predict")
        cbs.on_predict_begin()
        outputs = []
        for step, (bx, _, _) in enumerate(adapter):
            if wants_batches:
                cbs.on_predict_batch_begin(step)
            out = predict_fn(bx)
            outputs.append(nest.map_structure(lambda t: t._value if isinstance(t, Tensor) else t, out))
            if wants_batches:
                cbs.on_predict_batch_end(step, {"outputs": out})
        cbs.on_predict_end()
        if not outputs:
            raise ValueError("The prediction data produced no batch.")
        first = outputs[0]
        flat = [nest.flatten(o) for o in outputs]
        merged = [xp.concatenate([f[i] for f in flat], axis=0) for i in range(len(flat[0]))]
        if not nest.is_nested(first):
            return merged[0]
        return nest.pack_sequence_as(first, merged)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        self._assert_compiled()
        adapter = data_adapter.ArrayAdapter(x, y, sample_weight, batch_size=len(nest.flatten(
            data_adapter.to_arrays(x, "x"))[0]), class_weight=class_weight)
        (bx, by, bsw), = list(adapter)
        logs = _pythonify(self.make_train_function()(bx, by, bsw))
        return logs if return_dict else self._flatten_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._assert_compiled()
        adapter = data_adapter.ArrayAdapter(x, y, sample_weight, batch_size=len(nest.flatten(
            data_adapter.to_arrays(x, "x"))[0]))
        (bx, by, bsw), = list(adapter)
        self.reset_metrics()
        logs = _pythonify(self.make_test_function()(bx, by, bsw))
        return logs if return_dict else self._flatten_in_order(logs)

    def predict_on_batch(self, x):
        arrays = data_adapter.to_arrays(x, "x")
        out = self.make_predict_function()(arrays)
        return nest.map_structure(lambda t: t._value if isinstance(t, Tensor) else t, out)


def _verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2, True, False):
        raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2, received verbose={verbose!r}.")
    return int(verbose)


def _should_validate(epoch, freq):
    if isinstance(freq, int):
        return (epoch + 1) % freq == 0
    return (epoch + 1) in freq


def _pythonify(logs):
    out = {}
    for k in sorted(logs):
        v = logs[k]
        value = v._value if isinstance(v, Tensor) else v
        if isinstance(value, (xp.ndarray, xp.generic)):
            value = value.item() if value.size == 1 else xp.asarray(value)
        out[k] = value
    return out


def _check_finite(x, name):
    for a in nest.flatten(x):
        if isinstance(a, xp.ndarray) and a.dtype.kind == "f" and not xp.isfinite(a).all():
            bad = int((~xp.isfinite(a)).sum())
            raise ValueError(
                f"The training input `{name}` contains {bad} NaN or infinite value(s). Training on them "
                "would give a NaN loss. Clean the data first, e.g. x = np.nan_to_num(x) or drop those rows.")


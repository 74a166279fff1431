"""saessak.keras.callbacks against Keras 3 (tests/golden/callbacks.json) and inside real fits.

The golden file, written by tools/make_golden_callbacks.py with the real Keras,
drives each callback by hand through a fixed sequence of epoch (and batch) logs
on a tiny compiled model and records what it decided (stop, best value, wait,
learning rate, which file it saved, the restored weights) and printed (stdout,
warnings, error messages, CSV bytes).  ``_drive`` below mirrors the script's
driver.  saessak's error messages may add a hint after Keras's text, so errors
compare as "Keras's message is a prefix".  The other tests run the callbacks
inside ``fit``.
"""

import ast
import contextlib
import http.server
import io
import json
import math
import os
import pathlib
import threading
import warnings

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.keras import layers
from saessak.keras.callbacks.backup_and_restore import BackupAndRestore
from saessak.keras.callbacks.callback import overrides_batch_hooks
from saessak.keras.callbacks.csv_logger import CSVLogger
from saessak.keras.callbacks.early_stopping import EarlyStopping
from saessak.keras.callbacks.lambda_callback import LambdaCallback
from saessak.keras.callbacks.learning_rate_scheduler import LearningRateScheduler
from saessak.keras.callbacks.model_checkpoint import ModelCheckpoint
from saessak.keras.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from saessak.keras.callbacks.remote_monitor import RemoteMonitor
from saessak.keras.callbacks.terminate_on_nan import TerminateOnNaN

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "callbacks.json").read_text("utf-8"))
CLASSES = {c.__name__: c for c in (EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, ModelCheckpoint,
                                   CSVLogger, TerminateOnNaN)}
SCHEDULES = {
    "halve": lambda epoch, lr: lr * 0.5,
    "old_api": lambda epoch: 0.1 / (epoch + 1),
    "step": lambda epoch, lr: lr if epoch < 2 else lr * 0.1,
    "np32": lambda epoch, lr: np.float32(0.05),
    "int": lambda epoch, lr: 1,
}
PUBLIC = ["BackupAndRestore", "CSVLogger", "EarlyStopping", "LambdaCallback", "LearningRateScheduler",
          "ModelCheckpoint", "ReduceLROnPlateau", "RemoteMonitor", "TensorBoard", "TerminateOnNaN"]


@pytest.fixture(autouse=True)
def _fresh():
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)


# --------------------------------------------------------------------------- the golden driver
def _small_model(spec):
    keras.utils.clear_session()
    name, lr = spec
    opt = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}[name](learning_rate=lr)
    model = keras.Sequential([keras.Input((1,)), layers.Dense(1)])
    model.compile(optimizer=opt, loss="mse", metrics=["accuracy", "mae"])
    model.fit(np.zeros((2, 1), "float32"), np.zeros((2, 1), "float32"), verbose=0)
    return model


def _clean(logs, tensors=False):
    out = {}
    for k, v in logs.items():
        if isinstance(v, list):
            v = np.array(v, "float32")
        elif tensors and isinstance(v, float):
            v = tf.constant(v)  # per-batch logs hold tensors in saessak's fit
        out[k] = v
    return out


def _make(case, tmp):
    kwargs = dict(case["kwargs"])
    if case["kind"] == "LearningRateScheduler":
        kwargs["schedule"] = SCHEDULES[kwargs["schedule"]]
    if case["kind"] == "CSVLogger":
        kwargs["filename"] = os.path.join(tmp, "log.csv")
    return CLASSES[case["kind"]](**kwargs)


def _epoch_record(cb, model, logs):
    r = {"stop": bool(model.stop_training), "lr": float(model.optimizer.learning_rate),
         "log_keys": sorted(logs)}
    for attr in ("wait", "best", "cooldown_counter"):
        if hasattr(cb, attr):
            v = getattr(cb, attr)
            r[attr] = None if v is None else float(v)
    return r


def _drive(case, tmp):
    model = _small_model(case["optimizer"])
    saved = []
    model.save = lambda filepath, overwrite=True, **kw: saved.append(["save", filepath])
    model.save_weights = lambda filepath, overwrite=True, **kw: saved.append(["save_weights", filepath])
    out = io.StringIO()
    rec = {"epochs": [], "saved": saved}
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
        warnings.simplefilter("always")
        try:
            cb = _make(case, tmp)
            for _ in range(case.get("fits", 1)):
                cb.set_model(model)
                model.stop_training = False
                cb.on_train_begin()
                logs = {}
                for epoch, epoch_logs in enumerate(case["logs"]):
                    cb.on_epoch_begin(epoch)
                    for batch, batch_logs in enumerate(case.get("batches", [])):
                        cb.on_train_batch_begin(batch)
                        cb.on_train_batch_end(batch, _clean(batch_logs, tensors=True))
                        if model.stop_training:
                            break
                    model.layers[0].kernel.assign(np.array([[epoch + 1.0]], "float32"))
                    logs = _clean(epoch_logs)
                    cb.on_epoch_end(epoch, logs)
                    rec["epochs"].append(_epoch_record(cb, model, logs))
                    if model.stop_training:
                        break
                cb.on_train_end(logs)
            rec["kernel"] = float(model.layers[0].kernel.numpy()[0, 0])
            for attr in ("stopped_epoch", "best_epoch"):
                if hasattr(cb, attr):
                    rec[attr] = getattr(cb, attr)
        except Exception as e:  # noqa: BLE001
            rec["error"] = [type(e).__name__, e.args[0] if e.args else ""]
    rec["stdout"] = out.getvalue()
    rec["warnings"] = [str(w.message) for w in caught]
    if case["kind"] == "CSVLogger":
        with open(os.path.join(tmp, "log.csv"), "rb") as f:
            rec["csv"] = f.read().decode()
    return rec


def _same_number(a, b):
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


@pytest.mark.parametrize("item", GOLDEN["driver"], ids=lambda d: d["case"]["id"])
def test_matches_keras(item, tmp_path, monkeypatch):
    case, want = item["case"], item["expect"]
    monkeypatch.chdir(tmp_path)
    got = _drive(case, str(tmp_path))
    if "error" in want:
        assert "error" in got, f"expected {want['error']}, got none"
        kind, message = want["error"]
        if kind == "KeyError":
            message = ast.literal_eval(message)  # str(KeyError) is the repr of its message
        assert got["error"][0] == kind
        assert got["error"][1].startswith(message), (got["error"][1], message)
        return
    assert "error" not in got, got.get("error")
    assert got["stdout"] == want["stdout"]
    assert got["warnings"] == want["warnings"]
    assert got["saved"] == want["saved"]
    assert got["kernel"] == want["kernel"]
    for attr in ("stopped_epoch", "best_epoch", "csv"):
        assert got.get(attr) == want.get(attr), attr
    assert len(got["epochs"]) == len(want["epochs"])
    for g, w in zip(got["epochs"], want["epochs"]):
        assert g["stop"] == w["stop"] and g["log_keys"] == w["log_keys"]
        assert _same_number(g["lr"], w["lr"]), (g["lr"], w["lr"])
        for attr in ("wait", "best", "cooldown_counter"):
            assert (attr in g) == (attr in w)
            if attr in w:
                assert _same_number(g[attr], w[attr]), (attr, g[attr], w[attr])


# --------------------------------------------------------------------------- inside fit
def _data(n=32):
    rng = np.random.RandomState(0)
    x = rng.rand(n, 3).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.25).astype("float32")
    return x, y


def _model(lr=0.05, metrics=("mae",)):
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse", metrics=list(metrics))
    return model


def test_public_names_exported():
    missing = [n for n in PUBLIC if not hasattr(keras.callbacks, n)]
    if missing:
        pytest.xfail(f"saessak/keras/callbacks/__init__.py does not export {missing} yet")


def test_early_stopping_in_fit_stops_and_restores_best_weights():
    x, y = _data()
    model = _model(lr=0.05)
    val = (x[:8], y[:8] + 5.0)  # a validation target the model cannot fit: val_loss soon rises
    weights = []
    es = EarlyStopping(patience=2, restore_best_weights=True, verbose=1)
    record = LambdaCallback(on_epoch_end=lambda e, logs: weights.append(model.get_weights()))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        hist = model.fit(x, y, epochs=50, batch_size=8, validation_data=val, verbose=0,
                         callbacks=[es, record])
    val_loss = hist.history["val_loss"]
    assert es.stopped_epoch == len(val_loss) - 1 < 49
    best = int(np.argmin(val_loss))
    assert es.best_epoch == best and es.best == val_loss[best]
    for got, want in zip(model.get_weights(), weights[best]):
        np.testing.assert_array_equal(got, want)
    assert out.getvalue() == (f"Epoch {len(val_loss)}: early stopping\n"
                              f"Restoring model weights from the end of the best epoch: {best + 1}.\n")


def test_mode_auto_uses_the_metric_direction():
    x, y = _data(8)
    model = _model(metrics=["accuracy", "mae"])
    model.fit(x, y, epochs=1, verbose=0)
    for monitor, op in [("val_accuracy", ">"), ("accuracy", ">"), ("val_mae", "<"), ("loss", "<")]:
        cb = EarlyStopping(monitor=monitor)
        cb.set_model(model)
        cb._set_monitor_op()
        assert cb._is_improvement(1.0, 0.5) == (op == ">")
    cb = ModelCheckpoint("m.keras", monitor="val_f1")
    cb.set_model(model)
    with pytest.raises(ValueError, match="isn't able to automatically determine"):
        cb.on_epoch_end(0, {"val_f1": 0.5})


def test_reduce_lr_changes_the_compiled_step_without_retracing():
    x, y = _data(16)
    model = _model(lr=0.05)
    cb = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10.0, verbose=0)
    hist = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])
    # the logs get the rate the epoch ran with; a reduction applies from the next epoch on
    assert hist.history["learning_rate"] == pytest.approx([0.05, 0.05, 0.025], rel=1e-6)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0125, rel=1e-6)
    train_fn = model.make_train_function()
    if hasattr(train_fn, "experimental_get_tracing_count"):
        assert train_fn.experimental_get_tracing_count() == 1


def test_learning_rate_scheduler_zero_rate_freezes_weights():
    x, y = _data(16)
    model = _model(lr=0.05)
    snapshots = []
    sched = LearningRateScheduler(lambda epoch, lr: 0.0 if epoch >= 1 else lr)
    snap = LambdaCallback(on_epoch_end=lambda e, logs: snapshots.append(model.get_weights()))
    hist = model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[sched, snap])
    assert hist.history["learning_rate"] == [pytest.approx(0.05), 0.0, 0.0]
    for a, b in zip(snapshots[0], snapshots[2]):
        np.testing.assert_array_equal(a, b)


def test_csv_logger_in_fit(tmp_path):
    x, y = _data(16)
    model = _model()
    path = tmp_path / "training.log"
    hist = model.fit(x, y, epochs=2, batch_size=8, validation_split=0.25, verbose=0,
                     callbacks=[CSVLogger(path)])
    text = path.read_bytes().decode()
    lines = text.split("\r\n")
    assert lines[0] == "epoch,loss,mae,val_loss,val_mae" and lines[-1] == ""
    for epoch, line in enumerate(lines[1:3]):
        cells = line.split(",")
        assert cells[0] == str(epoch)
        for key, cell in zip(["loss", "mae", "val_loss", "val_mae"], cells[1:]):
            assert cell == str(hist.history[key][epoch])  # exactly Python's str of the logged float


def test_csv_logger_writes_numpy_and_tensor_values_as_keras(tmp_path):
    cb = CSVLogger(tmp_path / "log.csv")
    cb.on_train_begin()
    cb.on_epoch_end(0, {"a": np.float32(0.05), "b": tf.constant(0.5), "c": tf.constant([1.0, 2.0]),
                        "val_a": np.array(0.25, "float32")})
    cb.on_train_end()
    # csv writes str(value): str(np.float32(0.05)) is "0.05" (a Python float would give more digits)
    assert (tmp_path / "log.csv").read_bytes() == (
        b'epoch,a,b,c,val_a\r\n0,0.05,0.5,"""[1.0, 2.0]""",0.25\r\n')


def test_terminate_on_nan_in_fit():
    x, y = _data(32)
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])

    def nan_after_two(y_true, y_pred):
        # finite for the first two batches, NaN from the third on (the step counter is a variable)
        bad = tf.cast(model.optimizer.iterations >= 2, "float32")
        return tf.reduce_mean(tf.square(y_true - y_pred)) + tf.math.log(1.0 - 2.0 * bad)

    model.compile(optimizer="sgd", loss=nan_after_two)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        hist = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0,
                         callbacks=[TerminateOnNaN()])
    assert out.getvalue() == "Batch 2: Invalid loss, terminating training\n"
    assert len(hist.history["loss"]) == 1 and math.isnan(hist.history["loss"][0])
    assert int(model.optimizer.iterations) == 3


def test_lambda_callback_hooks_in_fit():
    x, y = _data(16)
    model = _model()
    calls = []
    cb = LambdaCallback(on_train_begin=lambda logs: calls.append("begin"),
                        on_epoch_end=lambda epoch, logs: calls.append(("epoch", epoch, sorted(logs))),
                        on_train_batch_end=lambda batch, logs: calls.append(("batch", batch)),
                        on_train_end=lambda logs: calls.append("end"))
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[cb])
    assert calls == ["begin", ("batch", 0), ("batch", 1), ("epoch", 0, ["loss", "mae"]),
                     ("batch", 0), ("batch", 1), ("epoch", 1, ["loss", "mae"]), "end"]
    assert LambdaCallback(on_epoch_end=print)._uses_batch_hooks("train") is False
    assert LambdaCallback(on_test_batch_end=print)._uses_batch_hooks("test") is True


def test_epoch_only_callbacks_do_not_ask_for_batch_hooks():
    for cb in [EarlyStopping(), ReduceLROnPlateau(), LearningRateScheduler(lambda e, lr: lr),
               CSVLogger("x.csv"), RemoteMonitor()]:
        assert not overrides_batch_hooks(cb, "train"), type(cb).__name__
    assert overrides_batch_hooks(TerminateOnNaN(), "train")
    assert ModelCheckpoint("m.keras", save_freq=5)._uses_batch_hooks("train")
    assert not ModelCheckpoint("m.keras")._uses_batch_hooks("train")


def test_model_checkpoint_hdf5_extension_is_accepted_with_a_warning():
    with pytest.warns(UserWarning, match="`.hdf5`, which Keras 3 rejects"):
        cb = ModelCheckpoint("best.hdf5")
    assert cb.filepath == "best.hdf5"


@pytest.fixture
def saving(monkeypatch):
    """The saving module's functions; attached as Model methods here if the Model lacks them still."""
    saving_api = pytest.importorskip("saessak.keras.saving.saving_api")
    for name, fn in [("save", saving_api.model_save), ("save_weights", saving_api.model_save_weights),
                     ("load_weights", saving_api.model_load_weights)]:
        if not hasattr(keras.Model, name):
            monkeypatch.setattr(keras.Model, name, fn, raising=False)
    return saving_api


@pytest.mark.filterwarnings("ignore:You are saving your model as an HDF5 file")
def test_model_checkpoint_seed_usage_in_fit(tmp_path, monkeypatch, saving):
    # The seed: ModelCheckpoint('best-model.h5', save_best_only=True) + EarlyStopping(patience=2, ...).
    monkeypatch.chdir(tmp_path)
    x, y = _data()
    model = _model()
    best_weights = []
    ckpt = ModelCheckpoint("best-model.h5", save_best_only=True)
    es = EarlyStopping(patience=2, restore_best_weights=True)
    keep = LambdaCallback(on_epoch_end=lambda e, logs: best_weights.append(model.get_weights())
                          if ckpt.best == logs["val_loss"] else None)
    hist = model.fit(x, y, epochs=6, batch_size=8, verbose=0, validation_data=(x[:8], y[:8] + 1.0),
                     callbacks=[ckpt, es, keep])
    assert ckpt.best == min(hist.history["val_loss"])
    loaded = saving.load_model(tmp_path / "best-model.h5")
    for got, want in zip(loaded.get_weights(), best_weights[-1]):
        np.testing.assert_array_equal(got, want)


def test_model_checkpoint_writes_keras_and_weights_files(tmp_path, monkeypatch, saving):
    monkeypatch.chdir(tmp_path)
    x, y = _data(16)
    model = _model()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, validation_data=(x, y),
              callbacks=[ModelCheckpoint("ck/{epoch:02d}-{val_loss:.2f}.keras"),
                         ModelCheckpoint("w/last.weights.h5", save_weights_only=True)])
    names = sorted(os.listdir(tmp_path / "ck"))
    assert len(names) == 2 and names[0].startswith("01-") and names[1].startswith("02-")
    loaded = saving.load_model(tmp_path / "ck" / names[1])
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    fresh = _model()
    fresh.load_weights(tmp_path / "w" / "last.weights.h5")
    for got, want in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)


def test_model_checkpoint_epoch_and_batch_file_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    x, y = _data(16)
    model = _model()
    saved = []
    model.save_weights = lambda filepath, overwrite=True, **kw: saved.append(filepath)
    cb = ModelCheckpoint("ck/{epoch:02d}-{batch}-{loss:.2f}.weights.h5", save_weights_only=True,
                         save_freq=3)
    hist = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])
    assert len(saved) == 1 and saved[0].startswith("ck/02-1-")
    assert (tmp_path / "ck").is_dir()
    assert hist.history["loss"]


def test_backup_and_restore_resumes_after_an_interruption(tmp_path, saving):
    golden = GOLDEN["backup"]
    x, y = _data(16)
    backup = tmp_path / "backup"

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 2:
                raise RuntimeError("interrupted")

    model = _model()
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(x, y, epochs=4, batch_size=8, shuffle=False, verbose=0,
                  callbacks=[BackupAndRestore(backup), Interrupt()])
    assert sorted(os.listdir(backup)) == golden["files"]
    assert (backup / "training_metadata.json").read_text() == golden["metadata"]
    interrupted = model.get_weights()
    iterations = int(model.optimizer.iterations)

    model2 = _model()
    seen = []
    first = LambdaCallback(on_epoch_begin=lambda e, logs: seen.append((e, model2.get_weights(),
                                                                       int(model2.optimizer.iterations))))
    hist = model2.fit(x, y, epochs=4, batch_size=8, shuffle=False, verbose=0,
                      callbacks=[BackupAndRestore(backup), first])
    assert not backup.exists()  # delete_checkpoint=True
    for got, want in zip(seen[0][1], interrupted):  # restored weights and optimizer state
        np.testing.assert_array_equal(got, want)
    assert seen[0][2] == iterations
    if [e for e, _, _ in seen] == [0, 1, 2, 3]:
        pytest.xfail("fit does not start at model._initial_epoch, which BackupAndRestore sets")
    assert [e for e, _, _ in seen] == golden["resumed_epochs"] and hist.epoch == golden["resumed_epochs"]


def test_backup_and_restore_batch_frequency_and_double_checkpoint(tmp_path, saving):
    x, y = _data(32)
    backup = tmp_path / "b"
    cb = BackupAndRestore(backup, save_freq=3, double_checkpoint=True, delete_checkpoint=False)
    assert cb._uses_batch_hooks("train") and not BackupAndRestore(backup)._uses_batch_hooks("train")
    model = _model()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[cb])
    assert sorted(os.listdir(backup)) == ["latest.weights.h5", "latest.weights.h5.bkp",
                                          "training_metadata.json", "training_metadata.json.bkp"]
    # every 3 batches (4 per epoch), counted across epochs; no save at epoch ends
    assert json.loads((backup / "training_metadata.json.bkp").read_text()) == {"epoch": 0, "batch": 2}
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": 1, "batch": 1}
    with pytest.raises(ValueError, match="Invalid value for argument `save_freq`"):
        BackupAndRestore(backup, save_freq="batch")
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        BackupAndRestore("")


def test_remote_monitor_posts_epoch_logs():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers["Content-Type"], body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        root = f"http://127.0.0.1:{server.server_port}"
        RemoteMonitor(root=root).on_epoch_end(0, {"loss": 0.5, "acc": np.float32(0.25)})
        RemoteMonitor(root=root, path="/j", send_as_json=True).on_epoch_end(1, {"loss": 0.5})
    finally:
        server.shutdown()
        server.server_close()
    (p1, t1, b1), (p2, t2, b2) = received
    from urllib.parse import parse_qs  # noqa: PLC0415

    assert p1 == "/publish/epoch/end/" and t1 == "application/x-www-form-urlencoded"
    assert json.loads(parse_qs(b1.decode())["data"][0]) == {"epoch": 0, "loss": 0.5, "acc": 0.25}
    assert p2 == "/j" and t2 == "application/json" and json.loads(b2) == {"epoch": 1, "loss": 0.5}
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor root server"):
        RemoteMonitor(root="http://127.0.0.1:9").on_epoch_end(0, {})


def _proposed_overrides_batch_hooks(callback, mode):
    # The change proposed for saessak/keras/callbacks/callback.py (lead's file): a callback may
    # answer for itself through ``_uses_batch_hooks(mode)``; otherwise the class (or an instance
    # attribute) must override one of the mode's batch hooks.
    from saessak.keras.callbacks.callback import _BATCH_HOOKS, Callback  # noqa: PLC0415

    uses = getattr(callback, "_uses_batch_hooks", None)
    if uses is not None:
        return bool(uses(mode))
    cls, own = type(callback), getattr(callback, "__dict__", {})
    return any(name in own or getattr(cls, name, None) is not getattr(Callback, name)
               for name in _BATCH_HOOKS[mode])


@pytest.mark.parametrize("proposed", [False, True], ids=["current", "proposed"])
def test_batch_hooks_reach_the_callbacks_that_need_them(proposed, monkeypatch, tmp_path):
    from saessak.keras.callbacks import callback_list  # noqa: PLC0415

    if proposed:
        monkeypatch.setattr(callback_list, "overrides_batch_hooks", _proposed_overrides_batch_hooks)
    x, y = _data(16)
    model = _model()
    saved, seen, sub_seen = [], [], []
    model.save = lambda filepath, overwrite=True, **kw: saved.append(filepath)

    class MyCheckpoint(ModelCheckpoint):
        def on_train_batch_end(self, batch, logs=None):
            sub_seen.append(batch)

    cbs = [EarlyStopping(monitor="loss", patience=5), ModelCheckpoint("m{epoch}-{batch}.keras", save_freq=3),
           LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b)), MyCheckpoint("x.keras"),
           LambdaCallback(on_epoch_end=lambda e, logs: None)]
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=cbs)
    assert saved == ["x.keras", "m2-1.keras", "x.keras"] and seen == [0, 1, 0, 1] and sub_seen == [0, 1, 0, 1]
    lst = callback_list.CallbackList(cbs)
    users = [cbs.index(c) for c in lst._batch_users["train"]]
    if proposed:  # EarlyStopping and the epoch-only LambdaCallback are skipped per batch
        assert users == [1, 2, 3]

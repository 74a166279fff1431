"""Record Keras 3's callbacks (messages, decisions, files) in tests/golden/callbacks.json.

tests/keras/test_callbacks.py and tests/keras/test_tensorboard.py replay every
case with saessak.keras.callbacks and compare.

Most cases drive one callback by hand with a fixed sequence of epoch logs (the
"driver" below, mirrored in the tests), so the recorded decisions (stop or not,
the best value, the learning rate, which checkpoint is written) and the texts
(stdout, warnings, error messages, CSV bytes) do not depend on training
numerics.  The driver uses a tiny compiled model, ``Dense(1)`` on one input,
whose kernel it sets to ``epoch + 1`` before each ``on_epoch_end`` (so that the
restored weights tell which epoch was restored) and whose ``save`` /
``save_weights`` it replaces by a recorder.

The TensorBoard and BackupAndRestore cases run a real ``fit`` on fixed data
with fixed initial weights and record the event files (decoded: run, step,
tag, plugin, dtype, shape, values; wall times dropped) and the backup files.

Run it with the real Keras 3 (TensorFlow backend) in a scratch virtualenv, never a
saessak dependency.  ``tf.summary`` needs the ``tensorboard`` package, which
tensorflow-cpu does not pull in; install it in a second scratch venv, this script
appends that venv's site-packages to ``sys.path``::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    python3 -m venv /tmp/tbvenv && /tmp/tbvenv/bin/pip install tensorboard==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_callbacks.py
"""

import contextlib
import glob
import io
import json
import os
import pathlib
import shutil
import struct
import sys
import tempfile
import warnings

sys.path.append("/tmp/tbvenv/lib/python3.11/site-packages")
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import callbacks  # noqa: E402
from tensorboard.compat.proto import event_pb2  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "callbacks.json"
NAN = float("nan")


def r8(v):
    return float(f"{float(v):.8g}")


# --------------------------------------------------------------------------- the driver
def small_model(optimizer):
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse", metrics=["accuracy", "mae"])
    # one step so that the compiled metrics exist (mode="auto" looks them up)
    model.fit(np.zeros((2, 1), "float32"), np.zeros((2, 1), "float32"), verbose=0)
    return model


def build_optimizer(spec):
    name, lr = spec
    return {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}[name](learning_rate=lr)


SCHEDULES = {
    "halve": lambda epoch, lr: lr * 0.5,
    "old_api": lambda epoch: 0.1 / (epoch + 1),
    "step": lambda epoch, lr: lr if epoch < 2 else lr * 0.1,
    "np32": lambda epoch, lr: np.float32(0.05),
    "int": lambda epoch, lr: 1,
}


def make_callback(case, tmp):
    kind, kwargs = case["kind"], dict(case["kwargs"])
    if kind == "LearningRateScheduler":
        kwargs["schedule"] = SCHEDULES[kwargs["schedule"]]
    if kind == "CSVLogger":
        kwargs["filename"] = os.path.join(tmp, "log.csv")
    return getattr(callbacks, kind)(**kwargs)


def _clean(logs):
    out = {}
    for k, v in logs.items():
        out[k] = np.array(v, "float32") if isinstance(v, list) else v
    return out


def drive(case, tmp):
    """Run one callback through ``fits`` fake trainings; return what it did."""
    model = small_model(build_optimizer(case.get("optimizer", ("sgd", 0.01))))
    saved = []
    model.save = lambda filepath, overwrite=True, **kw: saved.append(["save", filepath])
    model.save_weights = lambda filepath, overwrite=True, **kw: saved.append(["save_weights", filepath])
    out = io.StringIO()
    rec = {"epochs": [], "saved": saved}
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
        warnings.simplefilter("always")
        try:
            cb = make_callback(case, tmp)
            for _ in range(case.get("fits", 1)):
                cb.set_model(model)
                model.stop_training = False
                cb.on_train_begin()
                logs = {}
                for epoch, epoch_logs in enumerate(case["logs"]):
                    cb.on_epoch_begin(epoch)
                    for batch, batch_logs in enumerate(case.get("batches", [])):
                        cb.on_train_batch_begin(batch)
                        cb.on_train_batch_end(batch, _clean(batch_logs))
                        if model.stop_training:
                            break
                    model.layers[0].kernel.assign([[epoch + 1.0]])
                    logs = _clean(epoch_logs)
                    cb.on_epoch_end(epoch, logs)
                    rec["epochs"].append(epoch_record(cb, model, logs))
                    if model.stop_training:
                        break
                cb.on_train_end(logs)
            rec["kernel"] = float(model.layers[0].kernel.numpy()[0, 0])
            for attr in ("stopped_epoch", "best_epoch"):
                if hasattr(cb, attr):
                    rec[attr] = getattr(cb, attr)
        except Exception as e:  # noqa: BLE001
            rec["error"] = [type(e).__name__, str(e)]
    rec["stdout"] = out.getvalue()
    # (TF's variables trip a NumPy 2 "__array__ ... copy keyword" DeprecationWarning: not Keras's text)
    rec["warnings"] = [str(w.message) for w in caught if "__array__ implementation" not in str(w.message)]
    if case["kind"] == "CSVLogger":
        with open(os.path.join(tmp, "log.csv"), "rb") as f:
            rec["csv"] = f.read().decode()
    return rec


def epoch_record(cb, model, logs):
    r = {"stop": bool(model.stop_training),
         "lr": float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)),
         "log_keys": sorted(logs)}
    for attr in ("wait", "best", "cooldown_counter"):
        if hasattr(cb, attr):
            v = getattr(cb, attr)
            r[attr] = None if v is None else float(v)
    return r


def L(*vals, key="val_loss", **extra):  # noqa: N802
    return [{key: v, **extra} for v in vals]


DRIVER_CASES = [
    # ---- EarlyStopping
    {"id": "es_default", "kind": "EarlyStopping", "kwargs": {}, "logs": L(1.0, 0.9, 0.95, 0.8)},
    {"id": "es_patience_restore", "kind": "EarlyStopping",
     "kwargs": {"patience": 2, "restore_best_weights": True, "verbose": 1},
     "logs": L(1.0, 0.8, 0.85, 0.9, 0.7, 0.6)},
    {"id": "es_restore_never_stops", "kind": "EarlyStopping",
     "kwargs": {"patience": 5, "restore_best_weights": True, "verbose": 1}, "logs": L(1.0, 0.8, 0.9)},
    {"id": "es_val_accuracy_auto", "kind": "EarlyStopping",
     "kwargs": {"monitor": "val_accuracy", "patience": 1, "verbose": 1},
     "logs": L(0.5, 0.6, 0.6, 0.6, 0.7, key="val_accuracy")},
    {"id": "es_val_mae_auto", "kind": "EarlyStopping", "kwargs": {"monitor": "val_mae", "verbose": 1},
     "logs": L(0.5, 0.4, 0.45, key="val_mae")},
    {"id": "es_min_delta", "kind": "EarlyStopping",
     "kwargs": {"monitor": "loss", "min_delta": 0.05, "patience": 1, "verbose": 1},
     "logs": L(1.0, 0.9, 0.88, 0.87, 0.5, key="loss")},
    {"id": "es_baseline", "kind": "EarlyStopping",
     "kwargs": {"baseline": 0.5, "patience": 2, "restore_best_weights": True, "verbose": 1},
     "logs": L(0.9, 0.8, 0.7, 0.6, 0.4)},
    {"id": "es_start_from_epoch", "kind": "EarlyStopping",
     "kwargs": {"start_from_epoch": 2, "verbose": 1}, "logs": L(1.0, 2.0, 3.0, 2.5, 2.6)},
    {"id": "es_mode_max_loss", "kind": "EarlyStopping", "kwargs": {"mode": "max", "monitor": "loss"},
     "logs": L(1.0, 0.9, key="loss")},
    {"id": "es_unknown_mode", "kind": "EarlyStopping", "kwargs": {"mode": "bogus"}, "logs": L(1.0, 1.1)},
    {"id": "es_missing_monitor", "kind": "EarlyStopping", "kwargs": {},
     "logs": [{"accuracy": 0.5, "loss": 1.0}, {"accuracy": 0.6, "loss": 0.9}]},
    {"id": "es_cannot_infer_mode", "kind": "EarlyStopping", "kwargs": {"monitor": "val_custom"},
     "logs": L(1.0, key="val_custom")},
    {"id": "es_refit", "kind": "EarlyStopping", "kwargs": {"patience": 1, "verbose": 1}, "fits": 2,
     "logs": L(1.0, 1.1, 1.2)},
    # ---- ReduceLROnPlateau
    {"id": "rlr_basic", "kind": "ReduceLROnPlateau", "optimizer": ("adam", 0.001),
     "kwargs": {"patience": 1, "factor": 0.5, "verbose": 1},
     "logs": L(1.0, 1.0, 0.99995, 0.9, 0.9, 0.9, 0.9)},
    {"id": "rlr_cooldown_min_lr", "kind": "ReduceLROnPlateau", "optimizer": ("sgd", 0.01),
     "kwargs": {"patience": 1, "factor": 0.2, "cooldown": 2, "min_lr": 0.001, "verbose": 1},
     "logs": L(1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8)},
    {"id": "rlr_max_mode", "kind": "ReduceLROnPlateau", "optimizer": ("sgd", 0.1),
     "kwargs": {"monitor": "val_accuracy", "patience": 2, "verbose": 1, "min_delta": 0.01},
     "logs": L(0.5, 0.505, 0.52, 0.52, 0.52, key="val_accuracy")},
    {"id": "rlr_factor_error", "kind": "ReduceLROnPlateau", "kwargs": {"factor": 1.0}, "logs": L(1.0)},
    {"id": "rlr_missing_monitor", "kind": "ReduceLROnPlateau", "kwargs": {},
     "logs": [{"loss": 1.0}]},
    # ---- LearningRateScheduler
    {"id": "lrs_halve", "kind": "LearningRateScheduler", "optimizer": ("adam", 0.001),
     "kwargs": {"schedule": "halve", "verbose": 1}, "logs": L(1.0, 1.0, 1.0, key="loss")},
    {"id": "lrs_old_api", "kind": "LearningRateScheduler",
     "kwargs": {"schedule": "old_api", "verbose": 1}, "logs": L(1.0, 1.0, 1.0, key="loss")},
    {"id": "lrs_step", "kind": "LearningRateScheduler", "optimizer": ("sgd", 0.1),
     "kwargs": {"schedule": "step"}, "logs": L(1.0, 1.0, 1.0, 1.0, key="loss")},
    {"id": "lrs_np32", "kind": "LearningRateScheduler", "kwargs": {"schedule": "np32", "verbose": 1},
     "logs": L(1.0, key="loss")},
    {"id": "lrs_int_error", "kind": "LearningRateScheduler", "kwargs": {"schedule": "int"},
     "logs": L(1.0, key="loss")},
    # ---- ModelCheckpoint
    {"id": "mc_seed_best_h5", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "best-model.h5", "save_best_only": True, "verbose": 1},
     "logs": L(0.5, 0.4, 0.45, 0.3)},
    {"id": "mc_format_every_epoch", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "ckpt/{epoch:02d}-{val_loss:.2f}.keras", "verbose": 1},
     "logs": L(0.5, 0.4567)},
    {"id": "mc_weights_only_best_acc", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "w.weights.h5", "monitor": "val_accuracy", "save_best_only": True,
                "save_weights_only": True, "verbose": 1},
     "logs": L(0.5, 0.7, 0.6, 0.9, key="val_accuracy")},
    {"id": "mc_threshold", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "m.keras", "save_best_only": True, "initial_value_threshold": 0.42,
                "verbose": 1},
     "logs": L(0.5, 0.4, 0.41)},
    {"id": "mc_missing_monitor", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "m.keras", "save_best_only": True}, "logs": [{"loss": 1.0}]},
    {"id": "mc_save_freq_batches", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "b{epoch:02d}-{batch:02d}-{loss:.3f}.keras", "save_freq": 2, "verbose": 1},
     "batches": [{"loss": 0.5}, {"loss": 0.25}, {"loss": 0.125}], "logs": L(1.0, 1.0, key="loss")},
    {"id": "mc_refit_keeps_best", "kind": "ModelCheckpoint", "fits": 2,
     "kwargs": {"filepath": "m.keras", "save_best_only": True, "verbose": 1}, "logs": L(0.5, 0.6)},
    {"id": "mc_bad_extension", "kind": "ModelCheckpoint", "kwargs": {"filepath": "model.txt"},
     "logs": []},
    {"id": "mc_weights_only_bad_extension", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "m.keras", "save_weights_only": True}, "logs": []},
    {"id": "mc_bad_save_freq", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "m.keras", "save_freq": "batch"}, "logs": []},
    {"id": "mc_format_key_error", "kind": "ModelCheckpoint",
     "kwargs": {"filepath": "{epoch}-{nope}.keras"}, "logs": L(0.5)},
    # ---- CSVLogger
    {"id": "csv_basic", "kind": "CSVLogger", "kwargs": {},
     "logs": [{"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75, "val_accuracy": 0.125},
              {"loss": 0.123456789, "accuracy": 1.0, "val_loss": 2.0, "val_accuracy": 3}]},
    {"id": "csv_no_val_keys", "kind": "CSVLogger", "kwargs": {"separator": ";"},
     "logs": [{"mae": 0.1, "loss": 0.2}, {"mae": 0.3}]},
    {"id": "csv_append", "kind": "CSVLogger", "kwargs": {"append": True}, "fits": 2,
     "logs": [{"loss": 0.5, "val_loss": 0.25}]},
    {"id": "csv_overwrite", "kind": "CSVLogger", "kwargs": {}, "fits": 2,
     "logs": [{"loss": 0.5, "val_loss": 0.25}]},
    {"id": "csv_values", "kind": "CSVLogger", "kwargs": {},
     "logs": [{"loss": 1e-08, "per_class": [0.5, 0.25], "note": "a,b", "n": 3, "flag": True}]},
    # ---- TerminateOnNaN
    {"id": "nan_batch", "kind": "TerminateOnNaN", "kwargs": {},
     "batches": [{"loss": 1.0}, {"loss": 2.0}, {"loss": NAN}, {"loss": 3.0}], "logs": L(1.0, key="loss")},
    {"id": "inf_batch", "kind": "TerminateOnNaN", "kwargs": {},
     "batches": [{"loss": float("inf")}], "logs": L(1.0, key="loss")},
    {"id": "nan_raise", "kind": "TerminateOnNaN", "kwargs": {"raise_error": True},
     "batches": [{"loss": 1.0}, {"loss": NAN}], "logs": L(1.0, key="loss")},
]


def run_driver_cases():
    out = []
    for case in DRIVER_CASES:
        tmp = tempfile.mkdtemp()
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            rec = drive(case, tmp)
        finally:
            os.chdir(cwd)
            shutil.rmtree(tmp)
        case = dict(case)
        case.pop("optimizer", None)
        spec = next(c for c in DRIVER_CASES if c["id"] == case["id"]).get("optimizer", ("sgd", 0.01))
        case["optimizer"] = list(spec)
        out.append({"case": case, "expect": rec})
    return out


# --------------------------------------------------------------------------- real fits
RNG = np.random.RandomState(0)
X = RNG.rand(16, 3).astype("float32")
Y = (X @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.25).astype("float32")
W0 = [RNG.uniform(-1, 1, s).astype("float32") for s in [(3, 2), (2,), (2, 1), (1,)]]


def fit_model(**compile_kw):
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dense(1)])
    model.set_weights(W0)
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", metrics=["mae"], **compile_kw)
    return model


def read_events(log_dir):
    runs = {}
    for path in sorted(glob.glob(os.path.join(log_dir, "*", "events.out.tfevents.*"))):
        run = os.path.basename(os.path.dirname(path))
        data = open(path, "rb").read()
        events, i = [], 0
        while i < len(data):
            (n,) = struct.unpack("<Q", data[i:i + 8])
            ev = event_pb2.Event.FromString(data[i + 12:i + 12 + n])
            i += 12 + n + 4
            if ev.HasField("file_version"):
                events.append({"file_version": ev.file_version, "step": ev.step})
                continue
            for v in ev.summary.value:
                t = v.tensor
                shape = [d.size for d in t.tensor_shape.dim]
                rec = {"step": ev.step, "tag": v.tag, "plugin": v.metadata.plugin_data.plugin_name,
                       "content": v.metadata.plugin_data.content.decode(), "dtype": t.dtype,
                       "shape": shape}
                if t.dtype == 7 and rec["plugin"] == "images":
                    # [width, height, png, ...]: keep the decoded pixels (PNG bytes depend on the encoder)
                    rec["value"] = {"dims": [s.decode() for s in t.string_val[:2]],
                                    "images": [tf.io.decode_png(s).numpy().tolist()
                                               for s in t.string_val[2:]]}
                elif t.dtype == 7:
                    rec["value"] = json.loads(t.string_val[0])["class_name"]
                elif v.tag.endswith("steps_per_second"):
                    rec["value"] = None  # a timing: differs at every run (the tests check it is > 0)
                else:
                    fmt = {1: "f", 2: "d"}[t.dtype]
                    vals = np.frombuffer(t.tensor_content, "<" + fmt).astype(float)
                    rec["value"] = [r8(x) for x in vals]
                events.append(rec)
        runs[run] = events
    return runs


TB_CASES = [
    {"id": "tb_seed_histograms", "kwargs": {"histogram_freq": 1}, "validation": True, "epochs": 2},
    {"id": "tb_batch_level", "kwargs": {"write_graph": False, "update_freq": "batch",
                                        "write_steps_per_second": True},
     "validation": False, "epochs": 2},
    {"id": "tb_images", "kwargs": {"write_graph": False, "histogram_freq": 1, "write_images": True},
     "validation": False, "epochs": 1},
    {"id": "tb_update_freq_3", "kwargs": {"write_graph": False, "update_freq": 3}, "validation": True,
     "epochs": 3},
]


def run_tb_cases():
    out = []
    for case in TB_CASES:
        tmp = tempfile.mkdtemp()
        model = fit_model()
        tb = callbacks.TensorBoard(log_dir=tmp, **case["kwargs"])
        val = (X[:8], Y[:8]) if case["validation"] else None
        hist = model.fit(X, Y, batch_size=8, epochs=case["epochs"], shuffle=False, verbose=0,
                         validation_data=val, callbacks=[tb])
        runs = read_events(tmp)
        shutil.rmtree(tmp)
        out.append({"case": case, "history": {k: [r8(v) for v in vs] for k, vs in hist.history.items()},
                    "runs": runs})
    return out


def run_backup_case():
    class Interrupt(callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 2:
                raise RuntimeError("interrupted")

    tmp = tempfile.mkdtemp()
    backup = os.path.join(tmp, "backup")
    model = fit_model()
    try:
        model.fit(X, Y, batch_size=8, epochs=4, shuffle=False, verbose=0,
                  callbacks=[callbacks.BackupAndRestore(backup), Interrupt()])
    except RuntimeError:
        pass
    files = sorted(os.listdir(backup))
    metadata = open(os.path.join(backup, "training_metadata.json")).read()
    weights_after_interrupt = [r8(v) for v in model.get_weights()[0].ravel()]
    model2 = fit_model()
    hist = model2.fit(X, Y, batch_size=8, epochs=4, shuffle=False, verbose=0,
                      callbacks=[callbacks.BackupAndRestore(backup)])
    rec = {"files": files, "metadata": metadata, "weights_after_interrupt": weights_after_interrupt,
           "resumed_epochs": hist.epoch, "resumed_loss": [r8(v) for v in hist.history["loss"]],
           "backup_dir_exists_after": os.path.exists(backup)}
    shutil.rmtree(tmp)
    return rec


def main():
    golden = {
        "keras_version": keras.__version__,
        "driver": run_driver_cases(),
        "fit_data": {"x": X.tolist(), "y": Y.tolist(), "weights": [w.tolist() for w in W0]},
        "tensorboard": run_tb_cases(),
        "backup": run_backup_case(),
    }
    OUT.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

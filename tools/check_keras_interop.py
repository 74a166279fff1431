"""Check that files saved by saessak load in real Keras 3, and back, with equal predictions.

Run with the scratch venv that has real Keras (never a test dependency):

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/check_keras_interop.py [--saessak-python .venv/bin/python] [--keep DIR]

What it does:

1. runs saessak (in its own venv, as a subprocess) to build, train and save a few models --
   Sequential and Functional models of Input/Flatten/Dense/Dropout, a nested model, a registered
   custom layer with a sub-layer -- as ``.keras``, legacy ``.h5``, ``.weights.h5`` and Keras-2-layout
   weight ``.h5`` files, with their predictions and optimizer variables;
2. loads each file with real Keras 3 (``keras.saving.load_model`` / ``model.load_weights``) and
   compares predictions (1e-6) and optimizer state (exact); compares the ``.keras`` layout with what
   Keras writes for the same model (member order, metadata keys, HDF5 paths/attributes/shapes/dtypes,
   config.json up to Keras's arbitrary ``shared_object_id`` numbers);
3. re-saves the Keras-loaded models with Keras and has saessak load those (predictions to 1e-6).

Exit status 0 when everything matches; each check prints one line.
"""

import io
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]

CUSTOM_LAYER = '''
@keras.saving.register_keras_serializable(package="interop")
class ScaledDense(keras.layers.Layer):
    """A Dense sub-layer (an attribute) times a learned scalar: checks the weight-tree walk."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = keras.layers.Dense(units, activation="tanh")

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(), initializer="ones", name="scale")
        self.inner.build(input_shape)

    def call(self, x):
        return self.inner(x) * self.scale

    def get_config(self):
        return {**super().get_config(), "units": self.units}
'''


def build_models(keras, np):
    """The same models in saessak and in Keras (``keras`` is either module)."""
    scope = {"keras": keras}
    exec(CUSTOM_LAYER, scope)  # noqa: S102 - our own source, defined against either framework
    layers = keras.layers
    rng = np.random.default_rng(3)
    models = {}
    seq = keras.Sequential([keras.Input((4, 3)), layers.Flatten(), layers.Dense(5, activation="relu"),
                            layers.Dropout(0.5), layers.Dense(2)])
    # A Loss object, not "mse": Keras 3.15 cannot compile its own legacy .h5 files with loss="mse".
    seq.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.MeanSquaredError(), metrics=["mae"])
    models["seq"] = (seq, rng.random((12, 4, 3), dtype=np.float32), rng.random((12, 2), dtype=np.float32))
    inp = keras.Input((3,), name="x")
    hid = layers.Dense(4, activation="relu", name="hid")(inp)
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(2), layers.Dropout(0.1)], name="inner")
    fn = keras.Model(inp, [inner(hid), layers.Dense(1)(hid)])
    fn.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss=["mse", "mse"])
    models["functional"] = (fn, rng.random((8, 3), dtype=np.float32),
                            [rng.random((8, 2), dtype=np.float32), rng.random((8, 1), dtype=np.float32)])
    custom = keras.Sequential([keras.Input((3,)), scope["ScaledDense"](4), layers.Dense(1)])
    custom.compile(optimizer="rmsprop", loss="mse")
    models["custom"] = (custom, rng.random((8, 3), dtype=np.float32), rng.random((8, 1), dtype=np.float32))
    return models, rng.random((3, 4, 3), dtype=np.float32), rng.random((3, 3), dtype=np.float32)


def outputs(model, x, np):
    y = model(x, training=False)
    return [np.asarray(t) for t in (y if isinstance(y, (list, tuple)) else [y])]


# ---------------------------------------------------------------------- saessak side (subprocess)
def saessak_write(out):
    import numpy as np

    from saessak import keras
    from saessak.keras.saving import saving_api as S

    models, x_seq, x_vec = build_models(keras, np)
    record = {}
    for name, (model, x, y) in models.items():
        model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
        x_test = x_seq if name == "seq" else x_vec
        S.save_model(model, out / f"{name}.keras")
        S.save_model(model, out / f"{name}.h5")
        S.save_weights(model, out / f"{name}.weights.h5")
        S.save_weights(model, out / f"{name}_k2.h5")
        record[name] = {"x": x_test.tolist(), "y": [o.tolist() for o in outputs(model, x_test, np)],
                        "optimizer": [np.asarray(v.numpy()).tolist() for v in model.optimizer.variables]}
    (out / "saessak.json").write_text(json.dumps(record))


def saessak_read(out):
    import numpy as np

    from saessak import keras
    from saessak.keras.saving import saving_api as S

    build_models(keras, np)  # registers the custom layer
    record = json.loads((out / "keras.json").read_text())
    result = {}
    for name, case in record.items():
        model = S.load_model(out / f"{name}.from_keras.keras")
        ys = outputs(model, np.asarray(case["x"], dtype=np.float32), np)
        result[name] = max(float(np.max(np.abs(a - np.asarray(b)))) for a, b in zip(ys, case["y"]))
    (out / "saessak_read.json").write_text(json.dumps(result))


# ---------------------------------------------------------------------- Keras side
def h5_tree(data):
    """{path: (dtype and shape, or 'group'; attributes)}; auto-name counters (dense_4) are dropped,
    since a layer created inside a custom layer's __init__ is renamed in every process."""
    import re

    import h5py

    tree = {}
    with h5py.File(io.BytesIO(data), "r") as f:
        def visit(name, obj):
            attrs = {k: re.sub(r"_\d+$", "", str(v)) for k, v in obj.attrs.items()}
            kind = (str(obj.dtype), obj.shape) if hasattr(obj, "dtype") else "group"
            tree[name] = (kind, attrs)
        f.visititems(visit)
    return tree


def strip_ids(value):
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [strip_ids(v) for v in value]
    return value


def main():
    if len(sys.argv) == 3 and sys.argv[1] in ("--write", "--read"):
        (saessak_write if sys.argv[1] == "--write" else saessak_read)(pathlib.Path(sys.argv[2]))
        return 0
    args = sys.argv[1:]
    python = str(ROOT / ".venv" / "bin" / "python")
    keep = None
    if "--saessak-python" in args:
        python = args[args.index("--saessak-python") + 1]
    if "--keep" in args:
        keep = pathlib.Path(args[args.index("--keep") + 1])
        keep.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import numpy as np

    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        out = keep or pathlib.Path(tmp)
        subprocess.run([python, __file__, "--write", str(out)], check=True, cwd=ROOT)
        record = json.loads((out / "saessak.json").read_text())
        models, _, _ = build_models(keras, np)
        keras_record = {}
        for name, case in record.items():
            x = np.asarray(case["x"], dtype=np.float32)
            for suffix in (".keras", ".h5"):
                try:
                    model = keras.saving.load_model(out / f"{name}{suffix}")
                except ValueError as exc:
                    if suffix != ".h5" or "keras.metrics.mse" not in str(exc):
                        raise
                    print(f"note {name}.h5: Keras cannot compile a legacy .h5 with loss='mse' (its own bug); "
                          "checked with compile=False")
                    model = keras.saving.load_model(out / f"{name}{suffix}", compile=False)
                err = max(float(np.max(np.abs(a - np.asarray(b)))) for a, b in zip(outputs(model, x, np), case["y"]))
                check(err <= 1e-6, f"{name}{suffix}: Keras loads saessak's file, max |diff| = {err:.2g}")
                if getattr(model, "optimizer", None) is None:
                    continue
                state = [np.asarray(v.numpy()) for v in model.optimizer.variables]
                # From legacy .h5 files Keras 3 restores only iteration and learning_rate (it builds the
                # optimizer on the model's own, empty, variable list), even for files it wrote itself.
                full = len(state) == len(case["optimizer"])
                same = (full or suffix == ".h5") and all(
                    np.array_equal(a, np.asarray(b, dtype=a.dtype)) for a, b in zip(state, case["optimizer"]))
                check(same, f"{name}{suffix}: optimizer state restored in Keras ({len(state)} of "
                            f"{len(case['optimizer'])} variables{'' if full else ', as Keras does for .h5'})")
            for suffix in (".weights.h5", "_k2.h5"):
                twin = models[name][0]
                twin.load_weights(out / f"{name}{suffix}")
                err = max(float(np.max(np.abs(a - np.asarray(b)))) for a, b in zip(outputs(twin, x, np), case["y"]))
                check(err <= 1e-6, f"{name}{suffix}: Keras load_weights of saessak's file, max |diff| = {err:.2g}")
            # Layout: Keras re-saves the loaded model; compare with saessak's archive.
            model = keras.saving.load_model(out / f"{name}.keras")
            model.save(out / f"{name}.from_keras.keras")
            ours, theirs = zipfile.ZipFile(out / f"{name}.keras"), zipfile.ZipFile(out / f"{name}.from_keras.keras")
            check(ours.namelist() == theirs.namelist(), f"{name}.keras: members {ours.namelist()}")
            check([i.compress_type for i in ours.infolist()] == [i.compress_type for i in theirs.infolist()],
                  f"{name}.keras: members stored uncompressed like Keras's")
            meta_ours, meta_theirs = (json.loads(z.read("metadata.json")) for z in (ours, theirs))
            check(list(meta_ours) == list(meta_theirs), f"{name}.keras: metadata keys {list(meta_ours)}")
            tree_ours, tree_theirs = (h5_tree(z.read("model.weights.h5")) for z in (ours, theirs))
            check(tree_ours == tree_theirs, f"{name}.keras: identical HDF5 weight tree ({len(tree_ours)} nodes)")
            if tree_ours != tree_theirs:
                for key in sorted(set(tree_ours) | set(tree_theirs)):
                    if tree_ours.get(key) != tree_theirs.get(key):
                        print("     ", key, tree_ours.get(key), "!=", tree_theirs.get(key))
            config_ours, config_theirs = (strip_ids(json.loads(z.read("config.json"))) for z in (ours, theirs))
            check(config_ours == config_theirs, f"{name}.keras: config.json equal (shared_object_id aside)")
            if config_ours != config_theirs:
                import difflib

                a, b = (json.dumps(c, indent=1).splitlines() for c in (config_ours, config_theirs))
                diff = difflib.unified_diff(a, b, "saessak", "keras", lineterm="")
                print("\n".join("      " + line for line in diff))
            keras_record[name] = {"x": case["x"], "y": [o.tolist() for o in outputs(model, x, np)]}
        (out / "keras.json").write_text(json.dumps(keras_record))
        subprocess.run([python, __file__, "--read", str(out)], check=True, cwd=ROOT)
        for name, err in json.loads((out / "saessak_read.json").read_text()).items():
            check(err <= 1e-6, f"{name}.from_keras.keras: saessak loads Keras's file, max |diff| = {err:.2g}")
    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

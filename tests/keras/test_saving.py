"""Saving and loading: round trips, resumed training, file names, custom objects, safety, atomic saves."""

import base64
import io
import json
import marshal
import os
import signal
import struct
import subprocess
import sys
import time
import warnings
import zipfile

import h5py
import numpy as np
import pytest

from saessak import keras
from saessak.keras import layers
from saessak.keras.saving import saving_api as S
from saessak.keras.saving.saving_api import ModelFileError


def mlp(out=3, compile_model=True, seed=0):
    keras.utils.clear_session()
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(out)])
    if compile_model:
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    return model


def data(n=32):
    rng = np.random.default_rng(0)
    return rng.random((n, 4), dtype=np.float32), rng.random((n, 3), dtype=np.float32)


def predict(model, x):
    return model(x, training=False).numpy()


def weights_equal(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a.get_weights(), b.get_weights(), strict=True))


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# ---------------------------------------------------------------------- round trips
@pytest.mark.parametrize("suffix", [".keras", ".h5", ".hdf5"])
def test_round_trip_keeps_predictions_compile_config_and_optimizer_state(tmp_path, suffix):
    model = mlp()
    x, y = data()
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    path = tmp_path / f"m{suffix}"
    quiet(S.save_model, model, path)
    loaded = S.load_model(path)
    assert type(loaded) is keras.Sequential and [la.name for la in loaded.layers] == ["dense", "dense_1"]
    np.testing.assert_array_equal(predict(loaded, x), predict(model, x))
    assert loaded.compiled and loaded.optimizer.get_config() == model.optimizer.get_config()
    assert len(loaded.optimizer.variables) == len(model.optimizer.variables) == 10
    for a, b in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    uncompiled = S.load_model(path, compile=False)
    assert not uncompiled.compiled
    np.testing.assert_array_equal(predict(uncompiled, x), predict(model, x))


def test_functional_multi_output_with_nested_model_round_trip(tmp_path):
    keras.utils.clear_session()
    inp = keras.Input((3,), name="x")
    hid = layers.Dense(4, activation="relu", name="hid")(inp)
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(2), layers.Dropout(0.1)], name="inner")
    model = keras.Model(inp, [inner(hid), layers.Dense(1)(hid)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss=["mse", "mse"])
    x = np.random.default_rng(1).random((8, 3), dtype=np.float32)
    model.fit(x, [x[:, :2], x[:, :1]], batch_size=4, verbose=0)
    S.save_model(model, tmp_path / "f.keras")
    loaded = S.load_model(tmp_path / "f.keras")
    for a, b in zip(loaded(x, training=False), model(x, training=False)):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    with zipfile.ZipFile(tmp_path / "f.keras") as zf, h5py.File(io.BytesIO(zf.read("model.weights.h5"))) as h5:
        assert h5["layers/sequential/vars"].attrs["name"] == "inner"
        assert h5["layers/sequential/layers/dense/vars/0"].shape == (4, 2)
        assert "layers/input_layer/vars" in h5 and len(h5["optimizer/vars"]) == 2 + 6


@pytest.mark.parametrize("fmt", [".keras", ".h5", ".weights.h5"])
def test_resumed_training_equals_uninterrupted_training_exactly(tmp_path, fmt):
    x, y = data()
    straight = mlp()
    resumed = mlp()  # same seed: same initial weights
    assert weights_equal(straight, resumed)
    straight.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    resumed.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    path = tmp_path / f"ckpt{fmt}"
    if fmt == ".weights.h5":
        S.save_weights(resumed, path)
        resumed = mlp(seed=5)  # a fresh model with other weights: everything must come from the file
        S.load_weights(resumed, path)
    else:
        quiet(S.save_model, resumed, path)
        resumed = S.load_model(path)
    resumed.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    assert weights_equal(straight, resumed)
    assert int(resumed.optimizer.iterations.numpy()) == int(straight.optimizer.iterations.numpy()) == 12


def test_load_weights_accepts_every_format(tmp_path):
    model = mlp()
    x, _ = data()
    quiet(S.save_model, model, tmp_path / "m.keras")
    quiet(S.save_model, model, tmp_path / "m.h5")
    S.save_weights(model, tmp_path / "w.weights.h5")
    quiet(S.save_weights, model, tmp_path / "w2.h5")
    for name in ("m.keras", "m.h5", "w.weights.h5", "w2.h5"):
        other = mlp(seed=9, compile_model=False)
        S.load_weights(other, tmp_path / name)
        np.testing.assert_array_equal(predict(other, x), predict(model, x))


def test_zipped_false_writes_a_directory(tmp_path):
    model = mlp()
    S.save_model(model, tmp_path / "saved", zipped=False)
    assert sorted(os.listdir(tmp_path / "saved")) == ["config.json", "metadata.json", "model.weights.h5"]
    np.testing.assert_array_equal(predict(S.load_model(tmp_path / "saved"), data()[0]), predict(model, data()[0]))
    S.save_model(model, tmp_path / "saved", zipped=False)  # overwriting a directory works too
    with pytest.raises(ValueError, match="should not end in `.keras`"):
        S.save_model(model, tmp_path / "x.keras", zipped=False)


# ---------------------------------------------------------------------- names users type
def test_path_without_extension_saves_a_keras_archive_and_says_so(tmp_path):
    model = mlp()
    with pytest.warns(UserWarning, match=r"does not end in `\.keras`.*rename the file to '.*my_model\.keras'"):
        S.save_model(model, tmp_path / "saved_model" / "my_model")  # TF 2's SavedModel habit
    assert zipfile.is_zipfile(tmp_path / "saved_model" / "my_model")
    loaded = S.load_model(tmp_path / "saved_model" / "my_model")
    np.testing.assert_array_equal(predict(loaded, data()[0]), predict(model, data()[0]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        S.save_model(model, tmp_path / "legacy_model", save_format="h5")
    assert any("save_format" in str(w.message) for w in caught)
    assert any("legacy" in str(w.message) for w in caught)
    assert h5py.is_hdf5(tmp_path / "legacy_model") and S.load_model(tmp_path / "legacy_model").compiled


def test_save_weights_names(tmp_path):
    model = mlp()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        S.save_weights(model, tmp_path / "w.weights.h5")  # the Keras 3 name: no warning
    with pytest.warns(UserWarning, match="Keras 2 HDF5 layout"):
        S.save_weights(model, tmp_path / "w.hdf5")
    with h5py.File(tmp_path / "w.hdf5") as f:
        assert [n.decode() if isinstance(n, bytes) else n for n in f.attrs["layer_names"]] == ["dense", "dense_1"]
        assert "model_weights" not in f and "dense/sequential/dense/kernel" in f
    with pytest.warns(UserWarning, match=r"does not end in `\.weights\.h5`"):
        S.save_weights(model, tmp_path / "checkpoints" / "my_checkpoint")  # TF 2 checkpoint habit
    with h5py.File(tmp_path / "checkpoints" / "my_checkpoint") as f:
        assert "layers/dense/vars/0" in f
    other = mlp(seed=4)
    S.load_weights(other, tmp_path / "checkpoints" / "my_checkpoint")
    assert weights_equal(model, other)
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`.*model\.save"):
        S.save_weights(model, tmp_path / "w.keras")
    with pytest.raises(ValueError, match="sharded"):
        S.save_weights(model, tmp_path / "w.weights.json", max_shard_size=1)


def test_overwrite_false_asks_first(tmp_path, monkeypatch, capsys):
    model = mlp()
    path = tmp_path / "m.keras"
    S.save_model(model, path)
    before = path.read_bytes()
    answers = iter(["maybe", "n"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    S.save_model(mlp(seed=3), path, overwrite=False)
    assert path.read_bytes() == before
    monkeypatch.setattr("builtins.input", lambda prompt="": "y")
    S.save_weights(model, tmp_path / "w.weights.h5")
    S.save_model(mlp(seed=3), path, overwrite=False)
    assert path.read_bytes() != before and "overwrite=True" in capsys.readouterr().out

    def no_stdin(prompt=""):
        raise EOFError
    monkeypatch.setattr("builtins.input", no_stdin)
    after = path.read_bytes()
    S.save_model(model, path, overwrite=False)
    assert path.read_bytes() == after


def test_unbuilt_models(tmp_path):
    model = keras.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="not yet been built"):
        S.save_weights(model, tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="not yet been built"):
        S.load_weights(model, tmp_path / "w.weights.h5")


# ---------------------------------------------------------------------- mismatches
def test_load_weights_mismatch_changes_nothing_unless_skip_mismatch(tmp_path):
    S.save_weights(mlp(), tmp_path / "w.weights.h5")
    other = mlp(out=4, seed=7)
    before = other.get_weights()
    with pytest.raises(ModelFileError, match=r"w\.weights\.h5.*layer 'dense_1'.*shape \(8, 4\) in the model but "
                                             r"\(8, 3\) in the file"):
        S.load_weights(other, tmp_path / "w.weights.h5")
    assert all(np.array_equal(a, b) for a, b in zip(other.get_weights(), before))
    with pytest.warns(UserWarning, match="Skipped loading some weights"):
        S.load_weights(other, tmp_path / "w.weights.h5", skip_mismatch=True)
    after = other.get_weights()
    assert not np.array_equal(after[0], before[0]) and np.array_equal(after[2], before[2])


def test_legacy_weights_by_name_and_skip_mismatch(tmp_path):
    source = mlp()
    quiet(S.save_weights, source, tmp_path / "w.h5")
    keras.utils.clear_session()
    target = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(5, name="head")])
    with pytest.raises(ModelFileError, match="shape mismatch"):
        S.load_weights(target, tmp_path / "w.h5")
    S.load_weights(target, tmp_path / "w.h5", by_name=True)  # 'head' is not in the file: only 'dense' loads
    np.testing.assert_array_equal(target.layers[0].get_weights()[0], source.layers[0].get_weights()[0])
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        S.load_weights(target, tmp_path / "w.h5", skip_mismatch=True)
    S.save_weights(source, tmp_path / "t.weights.h5")
    with pytest.raises(ValueError, match="by_name"):
        S.load_weights(source, tmp_path / "t.weights.h5", by_name=True)


# ---------------------------------------------------------------------- custom objects and the weight walk
@keras.saving.register_keras_serializable(package="test_saving")
class Block(layers.Layer):
    """Sub-layers in an attribute, a list and a private attribute, plus an own weight."""

    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.a = layers.Dense(units)
        self.b = [layers.Dense(units), layers.Dense(units)]
        self._z = layers.Dense(units)

    def build(self, shape):
        self.w = self.add_weight(shape=(1,), name="w", initializer="ones")
        self.a.build(shape)
        self.b[0].build(tuple(shape[:-1]) + (self.units,))
        self.b[1].build(tuple(shape[:-1]) + (self.units,))
        self._z.build(shape)

    def call(self, x):
        return self.b[1](self.b[0](self.a(x))) + self._z(x) + self.w

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class Unregistered(layers.Layer):
    def call(self, x):
        return x * 2.0


def test_custom_layer_weight_keys_match_keras(tmp_path):
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input((3,)), Block(), layers.Dense(1)])
    S.save_model(model, tmp_path / "b.keras")
    with zipfile.ZipFile(tmp_path / "b.keras") as zf, h5py.File(io.BytesIO(zf.read("model.weights.h5"))) as h5:
        keys = sorted(name for name, obj in _items(h5) if name.endswith("/vars") or name == "vars")
    # what Keras 3.15 writes for this model (measured): attributes by name, list items by class, '_z' last
    assert keys == ["layers/block/_z/vars", "layers/block/a/vars", "layers/block/b/dense/vars",
                    "layers/block/b/dense_1/vars", "layers/block/vars", "layers/dense/vars", "vars"]
    loaded = S.load_model(tmp_path / "b.keras")
    x = np.random.default_rng(2).random((2, 3), dtype=np.float32)
    np.testing.assert_array_equal(predict(loaded, x), predict(model, x))


def _items(h5):
    out = []
    h5.visititems(lambda name, obj: out.append((name, obj)))
    return out


def test_subclassed_model_keys_follow_keras_attribute_order(tmp_path):
    class Sub(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.x1 = layers.Dense(3)
            self.a = layers.Dense(3)
            self._p = layers.Dense(1)

        def call(self, x):
            return self._p(self.a(self.x1(x)))

    model = Sub()
    model(np.zeros((1, 2), np.float32))
    S.save_weights(model, tmp_path / "s.weights.h5")
    with h5py.File(tmp_path / "s.weights.h5") as h5:
        keys = sorted(name for name, _ in _items(h5) if name.endswith("vars"))
    # Keras visits 'a', then Model.layers (keying x1 and _p by class and position), 'x1' and '_p' after it.
    assert keys == ["a/vars", "layers/dense/vars", "layers/dense_2/vars", "vars"]
    other = Sub()
    other(np.zeros((1, 2), np.float32))
    S.load_weights(other, tmp_path / "s.weights.h5")
    assert weights_equal(model, other)


def test_custom_objects(tmp_path):
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input((3,)), Unregistered(), layers.Dense(1)])
    S.save_model(model, tmp_path / "u.keras")
    with pytest.raises(ModelFileError, match=r"u\.keras.*Could not locate class 'Unregistered'.*custom_objects"):
        S.load_model(tmp_path / "u.keras")
    loaded = S.load_model(tmp_path / "u.keras", custom_objects={"Unregistered": Unregistered})
    assert type(loaded.layers[0]) is Unregistered
    with keras.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert type(S.load_model(tmp_path / "u.keras").layers[0]) is Unregistered


# ---------------------------------------------------------------------- safe mode
def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)


def _lambda_config(marker):
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w').close()", "<file>", "exec"))
    function = {"class_name": "__lambda__", "config": {"code": base64.b64encode(code).decode(), "defaults": None,
                                                       "closure": None}}
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 2]}},
        {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "lam", "function": function,
                                                                      "arguments": {}}}]}}


def test_lambda_bytecode_is_refused_in_safe_mode(tmp_path):
    marker = tmp_path / "executed"
    _zip(tmp_path / "l.keras", [("config.json", json.dumps(_lambda_config(marker))), ("model.weights.h5", b"")])
    with pytest.raises(ModelFileError, match=r"l\.keras.*Lambda.*safe_mode=False"):
        S.load_model(tmp_path / "l.keras")
    with pytest.raises(ModelFileError) as info:  # allowed to try, but saessak still builds no bytecode
        S.load_model(tmp_path / "l.keras", safe_mode=False)
    assert "safe_mode=False" not in str(info.value)
    assert not marker.exists()


def test_keras2_lambda_in_h5_is_refused(tmp_path):
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Lambda", "config": {"name": "l", "function": ["ZZZ", None, None], "function_type": "lambda",
                                            "batch_input_shape": [None, 2]}}]}}
    with h5py.File(tmp_path / "l.h5", "w") as f:
        f.attrs["model_config"] = json.dumps(config).encode()
    with pytest.raises(ModelFileError, match="Lambda.*safe mode"):
        S.load_model(tmp_path / "l.h5")


# ---------------------------------------------------------------------- broken and hostile files
@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "m.keras"
    model = mlp()
    S.save_model(model, path)
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    return path, dict(members)


def _rewrite_weights(weights, edit):
    buffer = io.BytesIO(weights)
    with h5py.File(buffer, "a") as h5:
        edit(h5)
    return buffer.getvalue()


def _cases(tmp_path, good):
    path, m = good
    config = json.loads(m["config.json"])
    unknown = json.loads(m["config.json"])
    unknown["config"]["layers"][1]["class_name"] = "Mystery"

    def bomb(p):
        _zip(p, [("config.json", m["config.json"]), ("model.weights.h5", m["model.weights.h5"])])
        raw = bytearray(p.read_bytes())
        central = raw.rfind(b"PK\x01\x02")  # the last central-directory entry: model.weights.h5
        struct.pack_into("<I", raw, central + 24, 0xFFFFFF00)  # declared uncompressed size ~4 GiB
        struct.pack_into("<H", raw, central + 10, zipfile.ZIP_DEFLATED)
        p.write_bytes(bytes(raw))

    weights = m["model.weights.h5"]
    return {
        "text file": (lambda p: p.write_text("hello"), "not a valid .keras file|not a zip"),
        "empty file": (lambda p: p.write_bytes(b""), "not a zip archive"),
        "truncated": (lambda p: p.write_bytes(path.read_bytes()[:2000]), "zip archive cannot be read|cannot read"),
        "no config": (lambda p: _zip(p, [("model.weights.h5", weights)]), "has no config.json"),
        "no weights": (lambda p: _zip(p, [("config.json", m["config.json"])]), "has no model.weights.h5"),
        "config not JSON": (lambda p: _zip(p, [("config.json", b"{nope"), ("model.weights.h5", weights)]),
                            "config.json is not valid JSON"),
        "config a list": (lambda p: _zip(p, [("config.json", b"[1, 2]"), ("model.weights.h5", weights)]),
                          "should hold a JSON object"),
        "unknown class": (lambda p: _zip(p, [("config.json", json.dumps(unknown)), ("model.weights.h5", weights)]),
                          "Could not locate class 'Mystery'"),
        "dot-dot entry": (lambda p: _zip(p, list(m.items()) + [("../evil.txt", b"x")]), "unsafe path '../evil.txt'"),
        "absolute entry": (lambda p: _zip(p, list(m.items()) + [("/etc/evil", b"x")]), "unsafe path '/etc/evil'"),
        "duplicate entry": (lambda p: quiet(_zip, p, list(m.items()) + [("config.json", b"{}")]),
                            "lists 'config.json' twice"),
        "zip bomb": (bomb, "decompression bomb|declares"),
        "weights not HDF5": (lambda p: _zip(p, [("config.json", m["config.json"]), ("model.weights.h5", b"junk")]),
                             "not a readable HDF5 file"),
        "wrong shape": (lambda p: _zip(p, [("config.json", m["config.json"]), ("model.weights.h5", _rewrite_weights(
            weights, lambda h5: (h5["layers/dense/vars"].__delitem__("0"),
                                 h5["layers/dense/vars"].create_dataset("0", data=np.zeros((3, 3), np.float32)))))]),
            r"layer 'dense'.*shape \(4, 8\) in the model but \(3, 3\) in the file"),
        "missing layer": (lambda p: _zip(p, [("config.json", m["config.json"]), ("model.weights.h5", _rewrite_weights(
            weights, lambda h5: h5["layers"].__delitem__("dense_1")))]),
            r"layer 'dense_1' expects 2 variable\(s\).*the file has nothing there"),
        "huge declared dataset": (lambda p: _zip(p, [("config.json", m["config.json"]), (
            "model.weights.h5", _rewrite_weights(weights, lambda h5: (
                h5["layers/dense/vars"].__delitem__("0"),
                h5["layers/dense/vars"].create_dataset("0", shape=(10**6, 10**6), dtype="f4", chunks=(1, 1000)))))]),
            r"\(1000000, 1000000\) in the file"),
        "string dataset": (lambda p: _zip(p, [("config.json", m["config.json"]), (
            "model.weights.h5", _rewrite_weights(weights, lambda h5: (
                h5["layers/dense/vars"].__delitem__("1"),
                h5["layers/dense/vars"].create_dataset("1", data=np.array([b"x"] * 8)))))]), "not numbers"),
        "soft link": (lambda p: _zip(p, [("config.json", m["config.json"]), (
            "model.weights.h5", _rewrite_weights(weights, lambda h5: (
                h5["layers/dense/vars"].__delitem__("1"),
                h5["layers/dense/vars"].__setitem__("1", h5py.SoftLink("/layers/dense_1/vars/1")))))]), "SoftLink"),
        "external link": (lambda p: _zip(p, [("config.json", m["config.json"]), (
            "model.weights.h5", _rewrite_weights(weights, lambda h5: (
                h5["layers"].__delitem__("dense"),
                h5["layers"].__setitem__("dense", h5py.ExternalLink("/etc/passwd", "/")))))]), "ExternalLink"),
        "external dataset": (lambda p: _zip(p, [("config.json", m["config.json"]), (
            "model.weights.h5", _rewrite_weights(weights, lambda h5: (
                h5["layers/dense/vars"].__delitem__("1"),
                h5["layers/dense/vars"].create_dataset("1", shape=(8,), dtype="f4",
                                                       external=[("/etc/hostname", 0, 32)]))))]),
            "external datasets are not allowed"),
        "config of a layer": (lambda p: _zip(p, [("config.json", json.dumps(config["config"]["layers"][1])),
                                                 ("model.weights.h5", weights)]), "not a model"),
    }


def test_broken_and_hostile_archives_raise_one_clear_error(tmp_path, good):
    for name, (make, message) in _cases(tmp_path, good).items():
        path = tmp_path / (name.replace(" ", "_") + ".keras")
        make(path)
        before = sorted(os.listdir(tmp_path))
        with pytest.raises(ModelFileError, match=message) as info:
            S.load_model(path)
        assert str(path) in str(info.value), name
        assert sorted(os.listdir(tmp_path)) == before, f"{name}: loading wrote files"


def test_missing_files_and_directories(tmp_path):
    with pytest.raises(ModelFileError, match="no such file"):
        S.load_model(tmp_path / "nothing.keras")
    (tmp_path / "sm").mkdir()
    (tmp_path / "sm" / "saved_model.pb").write_bytes(b"")
    with pytest.raises(ModelFileError, match="TensorFlow SavedModel directory"):
        S.load_model(tmp_path / "sm")
    with h5py.File(tmp_path / "w.h5", "w") as f:
        f.attrs["layer_names"] = [b"dense"]
    with pytest.raises(ModelFileError, match="only weights.*load_weights"):
        S.load_model(tmp_path / "w.h5")


# ---------------------------------------------------------------------- atomic saves
class Fails(layers.Layer):
    def get_config(self):
        raise RuntimeError("cannot serialize")

    def call(self, x):
        return x


def test_failed_save_keeps_the_previous_file(tmp_path):
    good_model = mlp()
    for suffix in (".keras", ".h5"):
        path = tmp_path / f"m{suffix}"
        quiet(S.save_model, good_model, path)
        before = path.read_bytes()
        keras.utils.clear_session()
        bad = keras.Sequential([keras.Input((4,)), Fails()])
        with pytest.raises(RuntimeError, match="cannot serialize"):
            quiet(S.save_model, bad, path)
        assert path.read_bytes() == before
        assert sorted(os.listdir(tmp_path)) == sorted(p for p in os.listdir(tmp_path) if "partial" not in p)


_KILL_CHILD = r"""
import sys
import numpy as np
from saessak import keras
from saessak.keras.saving import saving_api as S
path = sys.argv[1]
model = keras.Sequential([keras.Input((1000,)), keras.layers.Dense(1500), keras.layers.Dense(1000)])
k = 0
while True:
    k += 1
    model.set_weights([np.full(w.shape, k, w.dtype) for w in model.get_weights()])
    print("saving", k, flush=True)
    if path.endswith(".weights.h5"):
        S.save_weights(model, path)
    else:
        S.save_model(model, path)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("suffix,delay", [(".keras", 0.01), (".keras", 0.03), (".weights.h5", 0.01)])
def test_killed_save_leaves_a_loadable_checkpoint(tmp_path, suffix, delay):
    path = str(tmp_path / f"ckpt{suffix}")
    child = subprocess.Popen([sys.executable, "-c", _KILL_CHILD, path], stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # let two saves complete, kill during the third
            if child.stdout.readline().split() == ["saving", "3"]:
                break
        time.sleep(delay)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    if suffix == ".weights.h5":
        keras.utils.clear_session()
        model = keras.Sequential([keras.Input((1000,)), layers.Dense(1500), layers.Dense(1000)])
        S.load_weights(model, path)
    else:
        model = S.load_model(path)
    values = {float(np.unique(w)[0]) for w in model.get_weights()}
    assert all(len(np.unique(w)) == 1 for w in model.get_weights())
    assert len(values) == 1 and values.pop() in (2.0, 3.0)  # a whole checkpoint, old or new, never a mix

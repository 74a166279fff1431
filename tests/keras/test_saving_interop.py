"""Files written by real Keras 3 (and in tf.keras 2's layout) load in saessak, and saessak writes Keras's layout.

Fixtures come from tools/make_golden_saving.py (run under real Keras); the reverse direction, saessak
files loaded by real Keras, is checked by tools/check_keras_interop.py (it needs Keras installed).
"""

import io
import json
import pathlib
import re
import warnings
import zipfile

import h5py
import numpy as np
import pytest

from saessak import keras
from saessak.keras import layers
from saessak.keras.saving import saving_api as S

GOLDEN = pathlib.Path(__file__).parents[1] / "golden" / "saving"
EXPECTED = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))


def outputs(model, x):
    y = model(np.asarray(x, dtype=np.float32), training=False)
    return [t.numpy() for t in (y if isinstance(y, (list, tuple)) else [y])]


def expected_outputs(case):
    y = case["y"]
    return y if isinstance(y[0][0], list) else [y]


def assert_predictions(model, case):
    for ours, theirs in zip(outputs(model, case["x"]), expected_outputs(case), strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["keras_seq.keras", "keras_functional.keras", "keras_branch.keras",
                                  "keras_seq.h5", "keras_functional.h5", "tf2_seq.h5", "tf2_functional.h5"])
def test_loads_files_written_by_keras(name):
    keras.utils.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tf2_functional.h5 has no training config: a warning says so
        model = S.load_model(GOLDEN / name)
    assert_predictions(model, EXPECTED[name])


@pytest.mark.parametrize("name", ["keras_seq.keras", "keras_functional.keras", "keras_seq.h5",
                                  "keras_functional.h5"])
def test_optimizer_state_written_by_keras_is_restored_exactly(name):
    model = S.load_model(GOLDEN / name)
    saved = EXPECTED[name]["optimizer"]
    assert len(model.optimizer.variables) == len(saved)
    for var, value in zip(model.optimizer.variables, saved):
        np.testing.assert_array_equal(np.asarray(var.numpy()), np.asarray(value, dtype=var.dtype.name))


def test_tf2_h5_compile_config_and_optimizer_state():
    model = S.load_model(GOLDEN / "tf2_seq.h5")
    assert type(model.optimizer).__name__ == "Adam" and model.compiled
    variables = model.optimizer.variables
    assert int(variables[0].numpy()) == 7  # iteration
    assert float(variables[1].numpy()) == pytest.approx(0.001)  # from optimizer_config, not a variable in TF2
    slots = [float(np.asarray(v.numpy()).ravel()[0]) for v in variables[2:]]
    assert slots == pytest.approx([0.01, 0.002] * 4)  # m, v interleaved per weight
    assert type(model._compile_args["loss"]).__name__ == "CategoricalCrossentropy"
    assert model._compile_args["metrics"] == ["accuracy"]


def test_tf2_functional_without_training_config_is_uncompiled():
    with pytest.warns(UserWarning, match="No training configuration"):
        model = S.load_model(GOLDEN / "tf2_functional.h5")
    assert not model.compiled
    assert [layer.name for layer in model.layers] == ["input_1", "hidden", "out"]


def _twin_seq(softmax=False, dropout=0.5):
    keras.utils.clear_session()
    return keras.Sequential([keras.Input((4, 3)), layers.Flatten(), layers.Dense(5, activation="relu"),
                             layers.Dropout(dropout), layers.Dense(2, activation="softmax" if softmax else None)])


@pytest.mark.parametrize("name,softmax", [("keras_seq.weights.h5", False), ("keras_seq.keras", False),
                                          ("keras_seq.h5", False), ("tf2_seq_weights.h5", True),
                                          ("tf2_seq.h5", True)])
def test_load_weights_from_keras_files_into_a_saessak_model(name, softmax):
    model = _twin_seq(softmax)
    S.load_weights(model, GOLDEN / name)
    assert_predictions(model, EXPECTED[name])


# ---------------------------------------------------------------------- saessak writes Keras's layout
def h5_tree(data):
    tree = {}
    with h5py.File(io.BytesIO(data), "r") as f:
        def visit(name, obj):
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in obj.attrs.items()}
            attrs = {k: [x.decode() if isinstance(x, bytes) else str(x) for x in v] if isinstance(v, np.ndarray)
                     else str(v) for k, v in attrs.items()}
            tree[name] = ((str(obj.dtype), obj.shape) if isinstance(obj, h5py.Dataset) else "group", attrs)
        f.visititems(visit)
    return tree


def _trained_like_golden():
    model = _twin_seq()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    model.fit(rng.random((12, 4, 3), dtype=np.float32), rng.random((12, 2), dtype=np.float32), batch_size=4,
              epochs=1, shuffle=False, verbose=0)
    return model


def test_keras_archive_layout_equals_keras(tmp_path):
    model = _trained_like_golden()
    S.save_model(model, tmp_path / "m.keras")
    ours, theirs = zipfile.ZipFile(tmp_path / "m.keras"), zipfile.ZipFile(GOLDEN / "keras_seq.keras")
    assert ours.namelist() == theirs.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
    assert [i.compress_type for i in ours.infolist()] == [zipfile.ZIP_STORED] * 3
    meta = json.loads(ours.read("metadata.json"))
    assert list(meta) == list(json.loads(theirs.read("metadata.json"))) == ["keras_version", "date_saved"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d", meta["date_saved"])
    assert h5_tree(ours.read("model.weights.h5")) == h5_tree(theirs.read("model.weights.h5"))

    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k != "shared_object_id"}
        return [strip(x) for x in v] if isinstance(v, list) else v
    assert strip(json.loads(ours.read("config.json"))) == strip(json.loads(theirs.read("config.json")))


def test_weights_file_layout_equals_keras(tmp_path):
    model = _trained_like_golden()
    S.save_weights(model, tmp_path / "m.weights.h5")
    ours = h5_tree((tmp_path / "m.weights.h5").read_bytes())
    assert ours == h5_tree((GOLDEN / "keras_seq.weights.h5").read_bytes())
    assert ours["layers/dense/vars"][1] == {"name": "dense"}
    assert ours["optimizer/vars/0"][0] == ("int64", ())


def test_legacy_h5_layout_equals_keras(tmp_path):
    model = _trained_like_golden()
    with pytest.warns(UserWarning, match="legacy"):
        S.save_model(model, tmp_path / "m.h5")
    ours = h5_tree((tmp_path / "m.h5").read_bytes())
    theirs = h5_tree((GOLDEN / "keras_seq.h5").read_bytes())
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        assert ours[key][0] == theirs[key][0], key
        assert set(ours[key][1]) == set(theirs[key][1]), key
    assert ours["model_weights/dense"][1] == theirs["model_weights/dense"][1]
    with h5py.File(tmp_path / "m.h5", "r") as a, h5py.File(GOLDEN / "keras_seq.h5", "r") as b:
        assert list(a.attrs) == list(b.attrs) == ["backend", "keras_version", "model_config", "training_config"]
        assert json.loads(a.attrs["model_config"]) == json.loads(b.attrs["model_config"])
        ta, tb = json.loads(a.attrs["training_config"]), json.loads(b.attrs["training_config"])
        assert list(ta) == list(tb) and ta["optimizer_config"] == tb["optimizer_config"]


def test_functional_weight_keys_follow_layer_order_not_names(tmp_path):
    # keras_branch: Dense layers a, b and c (c reads a) are keyed by their position in model.layers,
    # which Keras orders [input, a, c, b]: a -> dense, c -> dense_1, b -> dense_2.
    model = S.load_model(GOLDEN / "keras_branch.keras")
    S.save_weights(model, tmp_path / "b.weights.h5")
    ours = h5_tree((tmp_path / "b.weights.h5").read_bytes())
    theirs = h5_tree(zipfile.ZipFile(GOLDEN / "keras_branch.keras").read("model.weights.h5"))
    assert ours == theirs
    assert [ours[f"layers/{k}/vars"][1]["name"] for k in ("dense", "dense_1", "dense_2")] == ["a", "c", "b"]

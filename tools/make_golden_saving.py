"""Write model files with real Keras 3 (and tf.keras-2-layout files) for tests/keras/test_saving_interop.py.

Run with real Keras in a scratch venv (never a test dependency):

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_saving.py

It writes small files under tests/golden/saving/:

- ``keras_seq.keras``, ``keras_seq.weights.h5``, ``keras_seq.h5``: a trained Sequential model
  (Input, Flatten, Dense, Dropout, Dense; Adam), saved by Keras 3 in its three formats;
- ``keras_functional.keras``, ``keras_functional.h5``: a two-output Functional model with a nested
  Sequential model inside (SGD with momentum, trained two steps);
- ``keras_branch.keras``: a branching Functional model, uncompiled (checks how layers are keyed);
- ``tf2_seq.h5``, ``tf2_functional.h5``, ``tf2_seq_weights.h5``: files laid out as tf.keras 2.12
  writes them (``model.save('m.h5')`` / ``model.save_weights('w.h5')``).  TensorFlow 2.16+ no
  longer ships tf.keras 2, so these are assembled with h5py from the documented layout (Keras 2's
  ``hdf5_format.py``: root attributes ``model_config``/``training_config``/``keras_version``/
  ``backend``, ``model_weights/<layer>/<layer>/kernel:0``, optimizer weights ``iteration:0``,
  ``Adam/m/...``, ``Adam/v/...`` interleaved per variable, no learning-rate variable), and the
  script checks that real Keras 3 loads each of them and predicts what a plain NumPy forward pass
  predicts.

and ``expected.json``: for each file, the test input and the predictions of the loaded model.
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "saving"


def floats(a):
    return np.asarray(a, dtype=np.float64).tolist()


def predict(model, x):
    out = model(x, training=False)
    if isinstance(out, (list, tuple)):
        return [floats(o) for o in out]
    return floats(out)


def keras_files(expected):
    rng = np.random.default_rng(0)
    keras.utils.set_random_seed(1)
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input((4, 3)), layers.Flatten(), layers.Dense(5, activation="relu"),
                              layers.Dropout(0.5), layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    x = rng.random((12, 4, 3), dtype=np.float32)
    y = rng.random((12, 2), dtype=np.float32)
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    x_test = rng.random((3, 4, 3), dtype=np.float32)
    model.save(OUT / "keras_seq.keras")
    model.save_weights(OUT / "keras_seq.weights.h5")
    model.save(OUT / "keras_seq.h5")
    case = {"x": floats(x_test), "y": predict(model, x_test),
            "optimizer": [floats(v.numpy()) for v in model.optimizer.variables]}
    for name in ("keras_seq.keras", "keras_seq.weights.h5", "keras_seq.h5"):
        expected[name] = case

    keras.utils.clear_session()
    inp = keras.Input((3,), name="x")
    hid = layers.Dense(4, activation="relu", name="hid")(inp)
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(2), layers.Dropout(0.1)], name="inner")
    model = keras.Model(inp, [inner(hid), layers.Dense(1)(hid)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss=["mse", "mse"])
    x = rng.random((8, 3), dtype=np.float32)
    model.fit(x, [rng.random((8, 2), dtype=np.float32), rng.random((8, 1), dtype=np.float32)],
              batch_size=4, verbose=0, shuffle=False)
    x_test = rng.random((3, 3), dtype=np.float32)
    model.save(OUT / "keras_functional.keras")
    model.save(OUT / "keras_functional.h5")
    case = {"x": floats(x_test), "y": predict(model, x_test),
            "optimizer": [floats(v.numpy()) for v in model.optimizer.variables]}
    expected["keras_functional.keras"] = expected["keras_functional.h5"] = case

    keras.utils.clear_session()
    inp = keras.Input((3,))
    a = layers.Dense(3, activation="tanh", name="a")(inp)
    b = layers.Dense(3, name="b")(inp)
    c = layers.Dense(2, name="c")(a)
    model = keras.Model(inp, [c, b], name="branchy")
    model.save(OUT / "keras_branch.keras")
    x_test = rng.random((2, 3), dtype=np.float32)
    expected["keras_branch.keras"] = {"x": floats(x_test), "y": predict(model, x_test)}


# ---------------------------------------------------------------- tf.keras 2 layout, by hand
def _names(values):
    # Keras 2's save_attributes_to_hdf5_group stores the list of utf-8 bytes as given.
    return [v.encode("utf8") for v in values]


def _dense2(name, units, activation, batch_input_shape=None):
    config = {"name": name, "trainable": True, "dtype": "float32"}
    if batch_input_shape is not None:
        config["batch_input_shape"] = batch_input_shape
    config.update({"units": units, "activation": activation, "use_bias": True,
                   "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                   "bias_initializer": {"class_name": "Zeros", "config": {}},
                   "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                   "kernel_constraint": None, "bias_constraint": None})
    return {"class_name": "Dense", "config": config}


def _write_layer_weights(group, layer_names, weights):
    """Keras 2's ``save_weights_to_hdf5_group``: layer groups in name order, ``<layer>/kernel:0``."""
    group.attrs["layer_names"] = _names(layer_names)
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.12.0"
    for lname in sorted(layer_names):
        g = group.create_group(lname)
        pairs = weights.get(lname, [])
        g.attrs["weight_names"] = _names([n for n, _ in pairs])
        for n, value in pairs:
            g.create_dataset(n, data=value)
    g = group.create_group("top_level_model_weights")
    g.attrs["weight_names"] = _names([])


def tf2_files(expected):
    rng = np.random.default_rng(7)
    w = {"dense": [("dense/kernel:0", rng.standard_normal((12, 5)).astype(np.float32) * 0.4),
                   ("dense/bias:0", rng.standard_normal(5).astype(np.float32) * 0.1)],
         "dense_1": [("dense_1/kernel:0", rng.standard_normal((5, 2)).astype(np.float32) * 0.4),
                     ("dense_1/bias:0", rng.standard_normal(2).astype(np.float32) * 0.1)]}
    model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4, 3], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "flatten_input"}},
        {"class_name": "Flatten", "config": {"name": "flatten", "trainable": True, "dtype": "float32",
                                             "batch_input_shape": [None, 4, 3], "data_format": "channels_last"}},
        _dense2("dense", 5, "relu"),
        {"class_name": "Dropout", "config": {"name": "dropout", "trainable": True, "dtype": "float32",
                                             "rate": 0.2, "noise_shape": None, "seed": None}},
        _dense2("dense_1", 2, "softmax")]}}
    training_config = {
        "loss": {"class_name": "CategoricalCrossentropy",
                 "config": {"reduction": "auto", "name": "categorical_crossentropy", "from_logits": False,
                            "label_smoothing": 0.0, "axis": -1}},
        "metrics": [[{"class_name": "MeanMetricWrapper",
                      "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]],
        "weighted_metrics": None, "loss_weights": None,
        "optimizer_config": {"class_name": "Custom>Adam", "config": {
            "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
            "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": False,
            "is_legacy_optimizer": False, "learning_rate": 0.0010000000474974513, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}}}
    layer_names = ["flatten", "dense", "dropout", "dense_1"]
    with h5py.File(OUT / "tf2_seq.h5", "w") as f:
        f.attrs["keras_version"] = "2.12.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        f.attrs["training_config"] = json.dumps(training_config).encode("utf8")
        _write_layer_weights(f.create_group("model_weights"), layer_names, w)
        opt = [("iteration:0", np.int64(7))]
        for lname in ("dense", "dense_1"):
            for vname, value in w[lname]:
                short = vname[:-2]
                opt.append((f"Adam/m/{short}:0", np.full(value.shape, 0.01, np.float32)))
                opt.append((f"Adam/v/{short}:0", np.full(value.shape, 0.002, np.float32)))
        g = f.create_group("optimizer_weights")
        g.attrs["weight_names"] = _names([n for n, _ in opt])
        for n, value in opt:
            g.create_dataset(n, data=value)
    with h5py.File(OUT / "tf2_seq_weights.h5", "w") as f:
        _write_layer_weights(f, layer_names, w)

    def forward(x):
        h = np.maximum(x.reshape(len(x), -1) @ w["dense"][0][1] + w["dense"][1][1], 0)
        z = h @ w["dense_1"][0][1] + w["dense_1"][1][1]
        e = np.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    x_test = rng.random((3, 4, 3), dtype=np.float32)
    # Keras 3 cannot compile this file (it rejects tf.keras 2's loss reduction "auto"), so it is
    # checked with compile=False; saessak translates the training config (see h5_format.py).
    loaded = keras.models.load_model(OUT / "tf2_seq.h5", compile=False)
    np.testing.assert_allclose(loaded.predict(x_test, verbose=0), forward(x_test), rtol=1e-5, atol=1e-6)
    twin = keras.Sequential([keras.Input((4, 3)), layers.Flatten(), layers.Dense(5, activation="relu"),
                             layers.Dropout(0.2), layers.Dense(2, activation="softmax")])
    twin.load_weights(OUT / "tf2_seq_weights.h5")
    np.testing.assert_allclose(twin.predict(x_test, verbose=0), forward(x_test), rtol=1e-5, atol=1e-6)
    case = {"x": floats(x_test), "y": predict(loaded, x_test),
            "optimizer_iteration": 7, "optimizer_slot_values": [0.01, 0.002]}
    expected["tf2_seq.h5"] = expected["tf2_seq_weights.h5"] = case

    # A Functional model (Keras 2 node format: [[layer, node, tensor, kwargs]]), saved uncompiled.
    wf = {"hidden": [("hidden/kernel:0", rng.standard_normal((3, 4)).astype(np.float32)),
                     ("hidden/bias:0", rng.standard_normal(4).astype(np.float32) * 0.1)],
          "out": [("out/kernel:0", rng.standard_normal((4, 1)).astype(np.float32)),
                  ("out/bias:0", rng.standard_normal(1).astype(np.float32) * 0.1)]}
    functional = {"class_name": "Functional", "config": {"name": "model", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 3], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input_1"},
         "name": "input_1", "inbound_nodes": []},
        dict(_dense2("hidden", 4, "tanh"), name="hidden", inbound_nodes=[[["input_1", 0, 0, {}]]]),
        dict(_dense2("out", 1, "sigmoid"), name="out", inbound_nodes=[[["hidden", 0, 0, {}]]])],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["out", 0, 0]]}}
    with h5py.File(OUT / "tf2_functional.h5", "w") as f:
        f.attrs["keras_version"] = "2.12.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(functional).encode("utf8")
        _write_layer_weights(f.create_group("model_weights"), ["input_1", "hidden", "out"], wf)
    x_test = rng.random((4, 3), dtype=np.float32)
    loaded = keras.models.load_model(OUT / "tf2_functional.h5")
    ref = 1 / (1 + np.exp(-(np.tanh(x_test @ wf["hidden"][0][1] + wf["hidden"][1][1]) @ wf["out"][0][1]
                            + wf["out"][1][1])))
    np.testing.assert_allclose(loaded.predict(x_test, verbose=0), ref, rtol=1e-5, atol=1e-6)
    expected["tf2_functional.h5"] = {"x": floats(x_test), "y": predict(loaded, x_test)}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    keras_files(expected)
    tf2_files(expected)
    (OUT / "expected.json").write_text(json.dumps(expected, sort_keys=True) + "\n", encoding="utf-8")
    for p in sorted(OUT.iterdir()):
        print(f"{p.name:28s} {p.stat().st_size:7d} bytes")


if __name__ == "__main__":
    main()

"""compile / fit / evaluate / predict: the workflow of the seeds, on small real data."""

import io
import pathlib
import sys

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.keras import layers

SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(autouse=True)
def _fresh():
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)


def _or_data():
    return np.array([[0, 0], [1, 0], [0, 1], [1, 1]]), np.array([[0], [1], [1], [1]])


def test_or_gate_perceptron_learns_or():
    # The seed's perceptron: one Dense unit, linear, mse, SGD, 500 epochs, batch of 4.
    x, y = _or_data()
    model = keras.Sequential()
    model.add(layers.Dense(1, input_shape=(2,), activation="linear"))
    model.compile(optimizer=keras.optimizers.SGD(), loss=keras.losses.mse, metrics=["acc"])
    hist = model.fit(x, y, epochs=500, verbose=0)
    assert set(hist.history) == {"acc", "loss"} and len(hist.history["loss"]) == 500
    assert hist.history["acc"][-1] == 1.0
    assert ((model.predict(x, verbose=0) > 0.5).astype(int) == y).all()


def test_xor_mlp_learns_xor():
    x = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], np.float32)
    y = np.array([[0], [1], [1], [0]], np.float32)
    model = keras.Sequential([keras.Input((2,)), layers.Dense(8, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["accuracy"])
    model.fit(x, y, epochs=2000, batch_size=4, verbose=0)
    assert ((model.predict(x, verbose=0) > 0.5).astype(int) == y).all()


def _sonar():
    rows = [line.split(",") for line in (SHARED / "datasets" / "sonar.csv").read_text().split()]
    x = np.array([[float(v) for v in r[:60]] for r in rows], np.float32)
    y = np.array([1 if r[60] == "R" else 0 for r in rows])
    return x, y


def test_fit_history_validation_and_evaluate_shapes():
    x, y = _sonar()
    model = keras.Sequential([keras.Input((60,)), layers.Dense(24, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    hist = model.fit(x, y, epochs=3, batch_size=16, validation_split=0.25, verbose=0)
    assert list(hist.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert hist.epoch == [0, 1, 2] and hist.params == {"verbose": 0, "epochs": 3, "steps": 10}
    assert hist.model is model and model.history is hist
    res = model.evaluate(x, y, verbose=0)
    assert isinstance(res, list) and len(res) == 2 and all(isinstance(v, float) for v in res)
    d = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(d) == {"accuracy", "loss"} and d["loss"] == pytest.approx(res[0])
    assert model.metrics_names == ["loss", "compile_metrics"]
    p = model.predict(x[:7], verbose=0)
    assert isinstance(p, np.ndarray) and p.shape == (7, 1) and p.dtype == np.float32
    only_loss = keras.Sequential([keras.Input((60,)), layers.Dense(1)])
    only_loss.compile(loss="mse")
    assert isinstance(only_loss.evaluate(x, y, verbose=0), float)


def test_sonar_binary_classifier_reaches_080():
    # The seed's network and training; the median over three seeds (one seed can land at 0.77,
    # as real Keras does on the same split: measured 0.76-0.82 for seeds 0-3).
    x, y = _sonar()
    idx = np.random.default_rng(0).permutation(len(x))
    test, train = idx[:62], idx[62:]
    accs = []
    for seed in (0, 1, 2):
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input((60,)), layers.Dense(24, activation="relu"),
                                  layers.Dense(10, activation="relu"), layers.Dense(1, activation="sigmoid")])
        model.compile(loss="mean_squared_error", optimizer="adam", metrics=["accuracy"])
        model.fit(x[train], y[train], epochs=130, batch_size=5, verbose=0)
        accs.append(model.evaluate(x[test], y[test], verbose=0)[1])
    assert sorted(accs)[1] >= 0.80, accs


def test_same_seed_gives_bit_identical_histories():
    x, y = _sonar()

    def run():
        keras.utils.clear_session()
        keras.utils.set_random_seed(42)
        model = keras.Sequential([keras.Input((60,)), layers.Dense(16, activation="relu"),
                                  layers.Dropout(0.3), layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
        return model.fit(x, y, epochs=3, batch_size=8, validation_split=0.2, verbose=0).history

    assert run() == run()


def test_compiled_and_eager_training_agree():
    x, y = _sonar()

    def run(eager):
        keras.utils.clear_session()
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((60,)), layers.Dense(8, activation="relu"), layers.Dense(1)])
        model.compile(loss="mse", optimizer="sgd", run_eagerly=eager)
        return model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0).history["loss"]

    assert run(True) == run(False)


def test_verbose_2_prints_one_line_per_epoch():
    x, y = _or_data()
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd", metrics=["mae"])
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        model.fit(x, y, epochs=2, verbose=2)
    finally:
        sys.stdout = saved
    lines = out.getvalue().splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert lines[1].startswith("1/1 - ") and " - loss: " in lines[1] and " - mae: " in lines[1]


def test_multi_input_multi_output_fit_with_dicts():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    h = layers.Dense(4, activation="relu")(a)
    out1 = layers.Dense(1, name="reg")(h)
    out2 = layers.Dense(3, activation="softmax", name="cls")(layers.Dense(4)(b))
    model = keras.Model([a, b], [out1, out2])
    model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy"], loss_weights=[1.0, 0.5],
                  metrics=[["mae"], ["accuracy"]])
    n = 32
    xa, xb = np.random.rand(n, 3).astype(np.float32), np.random.rand(n, 2).astype(np.float32)
    y1, y2 = np.random.rand(n, 1).astype(np.float32), np.random.randint(0, 3, n)
    hist = model.fit({"a": xa, "b": xb}, [y1, y2], epochs=2, batch_size=8, verbose=0)
    assert {"loss", "reg_mae", "cls_accuracy"} <= set(hist.history)
    preds = model.predict([xa, xb], verbose=0)
    assert isinstance(preds, list) and preds[0].shape == (n, 1) and preds[1].shape == (n, 3)


def test_custom_training_loop_with_tape_and_apply_gradients():
    x, y = _sonar()
    model = keras.Sequential([keras.Input((60,)), layers.Dense(8, activation="relu"), layers.Dense(2)])
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = keras.optimizers.Adam(learning_rate=1e-2)

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        return loss

    first = float(step(x[:64], y[:64]))
    for _ in range(60):
        last = float(step(x[:64], y[:64]))
    assert last < first * 0.7
    assert step.experimental_get_tracing_count() == 1


def test_train_test_predict_on_batch_and_stop_training():
    x, y = _or_data()
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd", metrics=["mae"])
    assert len(model.train_on_batch(x, y)) == 2
    assert set(model.test_on_batch(x, y, return_dict=True)) == {"loss", "mae"}
    assert model.predict_on_batch(x).shape == (4, 1)

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = epoch == 1

    hist = model.fit(x, y, epochs=10, verbose=0, callbacks=[Stop()])
    assert hist.epoch == [0, 1]


def test_generator_input_and_steps_per_epoch():
    x, y = _or_data()

    def gen():
        while True:
            yield x.astype(np.float32), y.astype(np.float32)

    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    hist = model.fit(gen(), steps_per_epoch=3, epochs=2, verbose=0)
    assert hist.params["steps"] == 3 and len(hist.history["loss"]) == 2


def test_bad_input_errors():
    x, y = _or_data()
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3, activation="softmax")])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(x, y)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    with pytest.raises(ValueError, match="cardinality"):
        model.fit(x, y[:3], verbose=0)
    with pytest.raises(ValueError, match="one-hot"):
        model.fit(x, np.eye(3)[[0, 1, 2, 0]], verbose=0)
    with pytest.raises(ValueError, match=r"outside the valid range of \[0, 3\)"):
        model.fit(x, np.array([0, 1, 2, 3]), verbose=0)
    with pytest.raises(ValueError, match="NaN"):
        model.fit(np.array([[np.nan, 0]] * 4), np.zeros(4), verbose=0)
    with pytest.raises(ValueError, match="non-empty"):
        model.fit(np.zeros((0, 2)), np.zeros(0), verbose=0)
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 2"):
        model.fit(np.zeros((4, 5)), np.zeros(4), verbose=0)
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        model.compile(loss="aparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="adam"):
        model.compile(optimizer="adamm", loss="mse")
    dense = keras.Sequential([keras.Input((2,)), layers.Dense(3, activation="softmax")])
    dense.compile(loss="categorical_crossentropy", optimizer="adam")
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        dense.fit(x, np.array([0, 1, 2, 0]), verbose=0)


class _BatchLogs(keras.callbacks.Callback):
    """A callback that reads every batch's logs (so fit/evaluate must return them per step)."""

    def __init__(self):
        super().__init__()
        self.train, self.test = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.train.append({k: float(v) for k, v in logs.items()})

    def on_test_batch_end(self, batch, logs=None):
        self.test.append({k: float(v) for k, v in logs.items()})


def _sonar_classifier(seed):
    keras.utils.clear_session()
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((60,)), layers.Dense(16, activation="relu"),
                              layers.Dropout(0.2), layers.Dense(2, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def test_steps_without_batch_logs_give_the_same_history_and_evaluation():
    # Without a per-batch reader, fit and evaluate run compiled steps that return nothing and
    # read the metrics after the last step; the numbers must be those of the logging steps.
    x, y = _sonar()
    quiet = _sonar_classifier(3)
    hist_quiet = quiet.fit(x, y, epochs=3, batch_size=16, validation_split=0.25, verbose=0).history
    eval_quiet = quiet.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
    logged = _sonar_classifier(3)
    cb = _BatchLogs()
    hist_logged = logged.fit(x, y, epochs=3, batch_size=16, validation_split=0.25, verbose=0,
                             callbacks=[cb]).history
    eval_logged = logged.evaluate(x, y, batch_size=16, verbose=0, return_dict=True, callbacks=[cb])
    assert hist_quiet == hist_logged
    assert eval_quiet == eval_logged
    assert cb.train[-1] == {k: hist_logged[k][-1] for k in ("loss", "accuracy")}
    assert cb.test and set(cb.test[-1]) == {"loss", "accuracy"}
    sources = quiet.make_train_function().experimental_get_program_source()
    assert len(sources) == 2  # the batches of 16 and the last one of 12
    assert all(s.rstrip().endswith("return ()") for s in sources)  # no per-step results
    assert quiet.make_train_function().experimental_get_tracing_count() == 2


def test_custom_compute_metrics_logs_are_kept():
    class Custom(keras.Sequential):
        def compute_metrics(self, x, y, y_pred, sample_weight=None):
            logs = super().compute_metrics(x, y, y_pred, sample_weight)
            return {**logs, "double_loss": logs["loss"] * 2.0}

    x, y = _sonar()
    model = Custom([keras.Input((60,)), layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="sgd")
    hist = model.fit(x, y, epochs=2, batch_size=32, verbose=0).history
    assert hist["double_loss"] == pytest.approx([2 * v for v in hist["loss"]], rel=1e-6)
    assert model.evaluate(x, y, verbose=0, return_dict=True)["double_loss"] > 0

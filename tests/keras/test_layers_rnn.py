"""Embedding, Masking, SimpleRNN/LSTM/GRU (cells and layers), RNN, Bidirectional, TimeDistributed.

Golden data: tests/golden/layers_rnn.json, written by tools/make_golden_layers_rnn.py
(outputs for fixed inputs, weights, masks and initial states; weight paths;
serialized configs; symbolic shapes; error messages).  Plus gradient checks of
the recurrences, mask propagation, dropout, stateful layers, compiled calls,
and an Embedding + LSTM classifier trained with ``fit``.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.keras.layers import Dense, Input
from saessak.keras.layers.core.embedding import Embedding
from saessak.keras.layers.core.masking import Masking
from saessak.keras.layers.rnn import (
    CLASSES,
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
    TimeDistributed,
)
from saessak.keras.layers.rnn.rnn import time_slices
from saessak.keras.saving import deserialize_keras_object, serialize_keras_object
from saessak.keras.tensor_tags import get_keras_mask

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "layers_rnn.json").read_text())
LAYERS = {**CLASSES, "Dense": Dense}


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.utils.clear_session()


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


def _config(case):
    return json.loads(case["config_json"])


def _plain(config):
    return json.loads(json.dumps(config))


def make(spec, **extra):
    def value(v):
        if isinstance(v, dict) and "class" in v:
            return make(v)
        if isinstance(v, list) and v and isinstance(v[0], dict) and "class" in v[0]:
            return [make(x) for x in v]
        return v
    return LAYERS[spec["class"]](**{k: value(v) for k, v in spec.get("kwargs", {}).items()}, **extra)


def _flat(out):
    if isinstance(out, (list, tuple)):
        return [y for x in out for y in _flat(x)]
    return [out]


def _call_kwargs(case):
    kwargs = dict(case["opts"].get("call", {}))
    if "mask" in case:
        kwargs["mask"] = np.array(case["mask"], bool)
    if "initial_state" in case:
        kwargs["initial_state"] = [_array(s) for s in case["initial_state"]]
    return kwargs


# ---------------------------------------------------------------- golden cases
@pytest.mark.parametrize("case", GOLDEN["rnn_cases"], ids=lambda c: c["id"])
def test_outputs_weights_and_config_match_keras(case):
    layer = make(case["spec"], name=case["id"])
    x, kwargs = _array(case["input"]), _call_kwargs(case)
    layer(x, **kwargs)
    layer.set_weights([_array(w) for w in case["weights"]])
    outputs = _flat(layer(x, **kwargs))
    assert len(outputs) == len(case["outputs"])
    for got, rec in zip(outputs, case["outputs"]):
        want = _array(rec)
        assert got.shape == want.shape and got.dtype.name == want.dtype.name
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-5)
    mask = get_keras_mask(outputs[0])
    if case["output_mask"] is None:
        assert mask is None
    else:
        np.testing.assert_array_equal(np.asarray(mask).astype(int), case["output_mask"])
    assert [v.path for v in layer.weights] == case["weight_paths"]
    assert [list(v.shape) for v in layer.weights] == case["weight_shapes"]
    config = serialize_keras_object(layer)
    assert _plain(config) == _config(case)
    assert json.dumps(config) == case["config_json"]  # same keys in the same order


@pytest.mark.parametrize("case", GOLDEN["rnn_cases"], ids=lambda c: c["id"])
def test_config_round_trip_rebuilds_an_equal_layer(case):
    rebuilt = deserialize_keras_object(_config(case), custom_objects=LAYERS)
    assert type(rebuilt).__name__ == case["spec"]["class"]
    assert _plain(serialize_keras_object(rebuilt)) == _config(case)  # build_config restored too
    # The rebuilt layer computes what the original did, given the same weights.
    kwargs = _call_kwargs(case)
    rebuilt.set_weights([_array(w) for w in case["weights"]])
    out = _flat(rebuilt(_array(case["input"]), **kwargs))[0]
    np.testing.assert_allclose(out.numpy(), _array(case["outputs"][0]), rtol=1e-5, atol=1e-5)


SYMBOLIC_FIXES = {
    # Keras 3.15 assumes the backward layer has the forward layer's size; saessak adds both (2 + 3).
    "bidirectional_backward_layer": [[None, 5]],
}


@pytest.mark.parametrize("case", [c for c in GOLDEN["rnn_cases"] if "symbolic" in c], ids=lambda c: c["id"])
def test_symbolic_shapes_match_keras(case):
    sym = case["symbolic"]
    x = Input(batch_shape=tuple(sym["input_shape"]), dtype="int32" if "int_input" in case["opts"] else None)
    y = _flat(make(case["spec"])(x))
    assert [list(t.shape) for t in y] == SYMBOLIC_FIXES.get(case["id"], sym["output_shapes"])
    assert [t.dtype for t in y] == sym["output_dtypes"]


def _saessak_model(model_id):
    if model_id == "embedding_lstm":
        return keras.Sequential([Input((6,), dtype="int32"), Embedding(8, 3, mask_zero=True), LSTM(4),
                                 Dense(2, activation="softmax")])
    return keras.Sequential([Input((6,), dtype="int32"), Embedding(8, 3, mask_zero=True),
                             Bidirectional(GRU(2, return_sequences=True)), TimeDistributed(Dense(1))])


@pytest.mark.parametrize("rec", [m for m in GOLDEN["models"] if m["id"] != "masking_mha"], ids=lambda m: m["id"])
def test_masked_models_match_keras(rec):
    model = _saessak_model(rec["id"])
    assert [v.path for v in model.weights] == rec["weight_paths"]
    model.set_weights([_array(w) for w in rec["weights"]])
    out = model(_array(rec["input"]))
    np.testing.assert_allclose(out.numpy(), _array(rec["output"]), rtol=1e-5, atol=1e-6)


ERRORS = {
    "simple_rnn_units": lambda: SimpleRNN(0),
    "lstm_units": lambda: LSTM(-2),
    "gru_cell_units": lambda: GRUCell(0),
    "lstm_use_cudnn": lambda: LSTM(2, use_cudnn="yes"),
    "rnn_cell_no_state_size": lambda: RNN(Dense(2)),
    "stateful_dynamic_batch": lambda: LSTM(2, stateful=True)(Input((3, 4))),
    "bidirectional_not_layer": lambda: Bidirectional("lstm"),
    "bidirectional_merge_mode": lambda: Bidirectional(LSTM(2), merge_mode="max"),
    "bidirectional_same_direction": lambda: Bidirectional(LSTM(2), backward_layer=LSTM(2)),
    "bidirectional_mismatch": lambda: Bidirectional(
        LSTM(2), backward_layer=LSTM(2, go_backwards=True, return_sequences=True)),
    "time_distributed_not_layer": lambda: TimeDistributed("dense"),
    "time_distributed_rank2": lambda: TimeDistributed(Dense(2))(np.zeros((2, 3), "float32")),
    "embedding_input_dim": lambda: Embedding(0, 3),
    "embedding_output_dim": lambda: Embedding(3, 2.5),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_messages_match_keras(name):
    want = GOLDEN["errors"][name]
    with pytest.raises(ValueError) as info:
        ERRORS[name]()
    assert type(info.value).__name__ == want["type"]
    assert str(info.value) == want["message"]


# ---------------------------------------------------------------- gradients (BPTT)
GRAD_LAYERS = [
    ("simple_rnn", lambda **kw: SimpleRNN(2, **kw)),
    ("lstm", lambda **kw: LSTM(2, **kw)),
    ("gru", lambda **kw: GRU(2, **kw)),
    ("gru_reset_before", lambda **kw: GRU(2, reset_after=False, **kw)),
]


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked_backwards"])
@pytest.mark.parametrize("name,factory", GRAD_LAYERS, ids=[g[0] for g in GRAD_LAYERS])
def test_gradients_through_time_match_finite_differences(name, factory, masked):
    rng = np.random.default_rng(3)
    kwargs = {"return_sequences": True, "go_backwards": True} if masked else {}
    layer = factory(dtype="float64", **kwargs)
    x = rng.standard_normal((2, 3, 2))
    mask = np.array([[True, True, False], [False, True, True]]) if masked else None
    layer(x)
    cell = layer.cell
    weights = [rng.uniform(-0.8, 0.8, v.shape) for v in (cell.kernel, cell.recurrent_kernel, cell.bias)]

    def fn(x_, kernel, recurrent_kernel, bias):
        cell.kernel, cell.recurrent_kernel, cell.bias = kernel, recurrent_kernel, bias
        return layer(x_, mask=mask)
    check_gradients(fn, [x] + weights)


def test_gradients_of_stacked_cells_and_bidirectional():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 3, 2))
    cells = StackedRNNCells([LSTMCell(2, dtype="float64"), GRUCell(2, dtype="float64")], dtype="float64")
    stacked = RNN(cells, dtype="float64")
    check_gradients(lambda x_: stacked(x_), [x])
    bi = Bidirectional(SimpleRNN(2, return_sequences=True, dtype="float64"), dtype="float64")
    check_gradients(lambda x_: bi(x_, mask=np.array([[1, 1, 0], [1, 1, 1]], bool)), [x])


# ---------------------------------------------------------------- masking
def test_embedding_mask_zero_makes_lstm_ignore_padding():
    emb, lstm = Embedding(10, 4, mask_zero=True), LSTM(3, return_state=True)
    model_in = Input((7,), dtype="int32")
    model = keras.Model(model_in, lstm(emb(model_in))[0])
    tokens = np.array([[3, 5, 2, 8]])
    padded = np.array([[3, 5, 2, 8, 0, 0, 0], [0, 0, 3, 5, 0, 2, 8]])  # right, and left + inner
    want = model(padded).numpy()
    direct, h, c = lstm(emb(tokens))
    np.testing.assert_allclose(want, np.repeat(direct.numpy(), 2, axis=0), rtol=1e-6, atol=1e-7)
    mask = get_keras_mask(emb(padded))
    np.testing.assert_array_equal(np.asarray(mask), padded != 0)


def test_masking_layer_mask_reaches_the_rnn():
    x = np.random.default_rng(0).standard_normal((2, 5, 3)).astype("float32")
    x[0, 3:] = 0.0
    rnn = GRU(4)
    masked = rnn(Masking()(x))
    np.testing.assert_allclose(masked.numpy()[0], rnn(x[:1, :3]).numpy()[0], rtol=1e-6, atol=1e-7)


def test_output_mask_follows_return_sequences():
    x = np.ones((2, 4, 3), "float32")
    mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], bool)
    seq = SimpleRNN(2, return_sequences=True)(x, mask=mask)
    np.testing.assert_array_equal(np.asarray(get_keras_mask(seq)), mask)
    assert get_keras_mask(SimpleRNN(2)(x, mask=mask)) is None


# ---------------------------------------------------------------- dropout, state, compilation
def test_dropout_masks_are_drawn_once_per_sequence_and_only_in_training():
    layer = SimpleRNN(3, activation=None, use_bias=False, dropout=0.5, return_sequences=True)
    x = np.ones((4, 5, 3), "float32")
    layer(x)
    layer.set_weights([np.eye(3, dtype="float32"), np.zeros((3, 3), "float32")])
    np.testing.assert_array_equal(layer(x).numpy(), x)  # inference: no dropout
    out = layer(x, training=True).numpy()
    assert set(np.unique(out)) <= {0.0, 2.0} and 0 < (out == 0).mean() < 1
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 5, axis=1))  # the same mask at every step


@pytest.mark.parametrize("factory", [lambda: LSTM(3, dropout=0.3, recurrent_dropout=0.3),
                                     lambda: GRU(3, dropout=0.3, recurrent_dropout=0.3),
                                     lambda: GRU(3, recurrent_dropout=0.3, reset_after=False)],
                         ids=["lstm", "gru", "gru_reset_before"])
def test_gated_dropout_changes_only_training_outputs(factory):
    layer = factory()
    plain = type(layer).from_config({**layer.get_config(), "dropout": 0.0, "recurrent_dropout": 0.0})
    x = np.random.default_rng(1).standard_normal((3, 4, 2)).astype("float32")
    layer(x)
    plain(x)
    plain.set_weights(layer.get_weights())
    np.testing.assert_allclose(layer(x).numpy(), plain(x).numpy(), rtol=1e-6)
    trained = layer(x, training=True).numpy()
    assert np.isfinite(trained).all() and not np.allclose(trained, plain(x).numpy())
    assert layer.cell.implementation == 1  # recurrent dropout masks each gate, as in Keras


def test_stateful_lstm_carries_states_across_batches():
    x = np.random.default_rng(2).standard_normal((2, 6, 3)).astype("float32")
    stateful = LSTM(4, stateful=True, return_sequences=True)
    stateless = LSTM(4, return_sequences=True)
    stateful(x[:, :3])
    stateless(x)
    stateful.set_weights(stateless.get_weights())
    stateful.reset_state()
    first, second = stateful(x[:, :3]), stateful(x[:, 3:])
    whole = stateless(x).numpy()
    np.testing.assert_allclose(np.concatenate([first.numpy(), second.numpy()], 1), whole, rtol=1e-5, atol=1e-6)
    assert len(stateful.weights) == 3  # the state variables are not weights
    stateful.reset_state()
    np.testing.assert_allclose(stateful(x[:, :3]).numpy(), whole[:, :3], rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="Expected batch size: 2\n- Received batch size: 1"):
        stateful(x[:1])


def test_stateful_gradients_use_the_states_before_the_update():
    x = np.random.default_rng(3).standard_normal((2, 4, 3)).astype("float32")
    stateful, plain = GRU(3, stateful=True), GRU(3)
    stateful(x)  # leaves non-zero states behind
    plain(x)
    plain.set_weights(stateful.get_weights())
    start = [v.numpy() for v in stateful.states]
    grads = []
    for layer, kwargs in ((stateful, {}), (plain, {"initial_state": start})):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(layer(x, **kwargs) ** 2)
        grads.append([g.numpy() for g in tape.gradient(loss, layer.trainable_weights)])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_direct_build_names_weights_under_the_owner():
    lstm = LSTM(2)
    lstm.build((None, 3, 4))
    assert [v.path for v in lstm.weights] == ["lstm/lstm_cell/kernel", "lstm/lstm_cell/recurrent_kernel",
                                              "lstm/lstm_cell/bias"]
    wrapped = TimeDistributed(Dense(2))
    wrapped.build((None, 3, 4))
    assert [v.path for v in wrapped.weights] == ["time_distributed/dense/kernel", "time_distributed/dense/bias"]


def test_compiled_call_replays_like_eager():
    layer = Bidirectional(LSTM(3, return_sequences=True))
    x1, x2 = (np.random.default_rng(s).standard_normal((2, 5, 3)).astype("float32") for s in (5, 6))
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    eager = [layer(x, mask=mask).numpy() for x in (x1, x2)]
    fn = tf.function(lambda x: layer(x, mask=mask))
    for x, want in zip((x1, x2, x1), eager + eager[:1]):
        np.testing.assert_allclose(fn(x).numpy(), want, rtol=1e-6, atol=1e-7)


def test_time_slices_of_long_sequences_are_the_steps():
    x = np.arange(2 * 13 * 3, dtype="float32").reshape(2, 13, 3)
    steps = time_slices(tf.constant(x))
    assert len(steps) == 13
    for t, step in enumerate(steps):
        np.testing.assert_array_equal(step.numpy(), x[:, t])


def test_cell_called_directly_returns_keras_state_structure():
    x, h = np.ones((2, 3), "float32"), np.zeros((2, 4), "float32")
    out, state = SimpleRNNCell(4)(x, h)
    assert out.shape == (2, 4) and not isinstance(state, list)
    out, states = LSTMCell(4)(x, [h, h])
    assert isinstance(states, list) and len(states) == 2
    assert LSTM(4).get_initial_state(5)[1].shape == (5, 4)


def test_embedding_lstm_classifier_learns_whether_a_token_appears():
    # The bar: label 1 if token 7 occurs in a zero-padded sequence of random length.
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    n, length = 800, 12
    x = rng.integers(1, 10, (n, length))
    x[x == 7] = 8
    lengths = rng.integers(3, length + 1, n)
    y = rng.integers(0, 2, n)
    for i in range(n):
        if y[i]:
            x[i, rng.integers(0, lengths[i])] = 7
        x[i, lengths[i]:] = 0
    model = keras.Sequential([Input((length,), dtype="int32"), Embedding(10, 8, mask_zero=True), LSTM(8),
                              Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x[:600], y[:600], epochs=5, batch_size=32, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    assert model.evaluate(x[600:], y[600:], verbose=0)[1] > 0.9  # held-out sequences


def test_model_saved_by_keras_loads_with_its_weights(tmp_path):
    # Embedding -> Bidirectional(LSTM) -> MultiHeadAttention -> TimeDistributed(Dense)
    # -> RNN([GRUCell, SimpleRNNCell]) -> Dense, saved by Keras 3.15 as a .keras file.
    import base64  # noqa: PLC0415

    rec = GOLDEN["keras_file"]
    path = tmp_path / "model.keras"
    path.write_bytes(base64.b64decode(rec["keras_zip_base64"]))
    model = keras.saving.load_model(path, custom_objects=LAYERS)
    np.testing.assert_allclose(model(_array(rec["input"])).numpy(), _array(rec["output"]), rtol=1e-5, atol=1e-6)


def test_saessak_saved_masked_model_round_trips(tmp_path):
    from saessak.keras.layers.attention import MultiHeadAttention  # noqa: PLC0415

    ids = Input((6,), dtype="int32")
    h = Embedding(9, 4, mask_zero=True)(ids)
    h = Bidirectional(LSTM(3, return_sequences=True))(h)
    h = MultiHeadAttention(2, 2)(h, h)
    h = RNN([GRUCell(3), SimpleRNNCell(2)])(TimeDistributed(Dense(3))(h))
    model = keras.Model(ids, Dense(1)(h))
    x = np.array([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 8, 1]])
    want = model(x).numpy()
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras", custom_objects=LAYERS)
    np.testing.assert_allclose(loaded(x).numpy(), want, rtol=1e-6, atol=1e-7)


class MinimalRNNCell(keras.layers.Layer):
    """The custom cell of Keras's RNN docstring: ``h_t = x_t @ W + h_{t-1} @ U``."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        output = tf.matmul(inputs, self.kernel) + tf.matmul(states[0], self.recurrent_kernel)
        return output, [output]


def test_custom_cell_runs_step_by_step():
    x = np.random.default_rng(7).standard_normal((2, 4, 3)).astype("float32")
    layer = RNN(MinimalRNNCell(2), return_sequences=True, go_backwards=True)
    out = layer(x).numpy()
    k, u = (v.numpy() for v in layer.weights)
    h, want = np.zeros((2, 2), "float32"), []
    for t in reversed(range(4)):
        h = x[:, t] @ k + h @ u
        want.append(h)
    np.testing.assert_allclose(out, np.stack(want, 1), rtol=1e-5, atol=1e-6)
    assert [v.path for v in layer.weights] == ["rnn/minimal_rnn_cell/kernel", "rnn/minimal_rnn_cell/recurrent_kernel"]


def test_time_distributed_runs_other_layers_step_by_step():
    x = np.random.default_rng(8).standard_normal((2, 3, 4, 2)).astype("float32")
    inner = SimpleRNN(3)
    out = TimeDistributed(inner)(x)
    assert out.shape == (2, 3, 3)
    for t in range(3):
        np.testing.assert_allclose(out.numpy()[:, t], inner(x[:, t]).numpy(), rtol=1e-6, atol=1e-7)


def test_bidirectional_splits_initial_states():
    x = np.random.default_rng(9).standard_normal((2, 4, 3)).astype("float32")
    states = [np.full((2, 2), v, "float32") for v in (0.1, 0.2, 0.3, 0.4)]
    layer = Bidirectional(LSTM(2, return_sequences=True), merge_mode=None)
    forward, backward = layer(x, initial_state=states)
    np.testing.assert_allclose(forward.numpy(), layer.forward_layer(x, initial_state=states[:2]).numpy())
    want = layer.backward_layer(x, initial_state=states[2:]).numpy()[:, ::-1]
    np.testing.assert_allclose(backward.numpy(), want)

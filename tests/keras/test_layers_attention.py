"""MultiHeadAttention, Attention, AdditiveAttention and EinsumDense against Keras 3.

Golden data: tests/golden/layers_rnn.json ("attention_cases"), written by
tools/make_golden_layers_rnn.py: outputs and attention scores for fixed inputs,
weights and masks (explicit, causal, Keras masks from a Masking layer), weight
paths, serialized configs, symbolic shapes, error messages.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.keras.layers import Dense, Flatten, Input
from saessak.keras.layers.attention import AdditiveAttention, Attention, MultiHeadAttention
from saessak.keras.layers.core.einsum_dense import EinsumDense
from saessak.keras.layers.core.masking import Masking
from saessak.keras.saving import deserialize_keras_object, serialize_keras_object
from saessak.keras.tensor_tags import get_keras_mask

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "layers_rnn.json").read_text())
LAYERS = {cls.__name__: cls for cls in (MultiHeadAttention, Attention, AdditiveAttention, EinsumDense)}


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.utils.clear_session()


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


def _config(case):
    return json.loads(case["config_json"])


def _plain(config):
    return json.loads(json.dumps(config))


def _flat(out):
    if isinstance(out, (list, tuple)):
        return [y for x in out for y in _flat(x)]
    return [out]


def _call(layer, inputs, kwargs):
    if isinstance(layer, MultiHeadAttention):
        return layer(*inputs[:2], key=inputs[2] if len(inputs) > 2 else None, **kwargs)
    if isinstance(layer, EinsumDense):
        return layer(inputs[0], **kwargs)
    return layer(list(inputs), **kwargs)


def _case_inputs(case):
    xs = [_array(x) for x in case["inputs"]]
    kwargs = dict(case["opts"].get("call", {}))
    if "attention_mask" in case:
        kwargs["attention_mask"] = np.array(case["attention_mask"], bool)
    if "list_mask" in case:
        kwargs["mask"] = [np.array(m, bool) for m in case["list_mask"]]
    if case["opts"].get("keras_masks"):
        # Fresh Masking outputs for each call: MultiHeadAttention consumes its inputs' masks (as in Keras).
        return lambda: [Masking()(x) for x in xs], kwargs
    return lambda: xs, kwargs


@pytest.mark.parametrize("case", GOLDEN["attention_cases"], ids=lambda c: c["id"])
def test_outputs_scores_weights_and_config_match_keras(case):
    layer = LAYERS[case["spec"]["class"]](**case["spec"]["kwargs"], name=case["id"])
    xs, kwargs = _case_inputs(case)
    _call(layer, xs(), kwargs)
    layer.set_weights([_array(w) for w in case["weights"]])
    outputs = _flat(_call(layer, xs(), kwargs))
    assert len(outputs) == len(case["outputs"])
    for got, rec in zip(outputs, case["outputs"]):
        want = _array(rec)
        assert got.shape == want.shape and got.dtype.name == want.dtype.name
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-6)
    assert [v.path for v in layer.weights] == case["weight_paths"]
    assert [list(v.shape) for v in layer.weights] == case["weight_shapes"]
    config = serialize_keras_object(layer)
    assert _plain(config) == _config(case)
    assert json.dumps(config) == case["config_json"]


@pytest.mark.parametrize("case", GOLDEN["attention_cases"], ids=lambda c: c["id"])
def test_config_round_trip(case):
    rebuilt = deserialize_keras_object(_config(case), custom_objects=LAYERS)
    assert _plain(serialize_keras_object(rebuilt)) == _config(case)
    rebuilt.set_weights([_array(w) for w in case["weights"]])  # built from build_config
    xs, kwargs = _case_inputs(case)
    out = _flat(_call(rebuilt, xs(), kwargs))[0]
    np.testing.assert_allclose(out.numpy(), _array(case["outputs"][0]), rtol=1e-5, atol=1e-6)


SYMBOLIC_FIXES = {
    # Keras 3.15 gives MultiHeadAttention's scores the shape (B, heads, T, T) whatever the key length
    # and attention axes, and reverses elided axes in EinsumDense's output shape; saessak's shapes are
    # those of the eager results.
    "mha_scores": [[None, 3, 4], [None, 2, 3, 5]],
    "mha_attention_mask_scores": [[None, 3, 4], [None, 2, 3, 5]],
    "mha_attention_axes": [[None, 3, 4, 5], [None, 3, 2, 4, 4]],
    "einsum_dense_ellipsis": [[None, 3, 4, 3]],
}


@pytest.mark.parametrize("case", GOLDEN["attention_cases"], ids=lambda c: c["id"])
def test_symbolic_shapes_match_keras(case):
    sym = case["symbolic"]
    inputs = [Input(batch_shape=tuple(s)) for s in sym["input_shapes"]]
    layer = LAYERS[case["spec"]["class"]](**case["spec"]["kwargs"])
    y = _flat(_call(layer, inputs, dict(case["opts"].get("call", {}))))
    assert [list(t.shape) for t in y] == SYMBOLIC_FIXES.get(case["id"], sym["output_shapes"])


def test_masking_then_self_attention_model_matches_keras():
    rec = next(m for m in GOLDEN["models"] if m["id"] == "masking_mha")
    x = Input((4, 3))
    m = Masking()(x)
    model = keras.Model(x, MultiHeadAttention(2, 2)(m, m))
    assert [v.path for v in model.weights] == rec["weight_paths"]
    model.set_weights([_array(w) for w in rec["weights"]])
    np.testing.assert_allclose(model(_array(rec["input"])).numpy(), _array(rec["output"]), rtol=1e-5, atol=1e-6)


def test_query_mask_becomes_the_output_mask_and_inputs_lose_theirs():
    x = np.ones((2, 3, 4), "float32")
    x[0, 2] = 0.0
    masked = Masking()(x)
    mask = get_keras_mask(masked)
    out = MultiHeadAttention(2, 2)(masked, masked)
    np.testing.assert_array_equal(np.asarray(get_keras_mask(out)), [[1, 1, 0], [1, 1, 1]])
    assert get_keras_mask(masked) is None  # consumed by the layer, as Keras does
    out = Attention()([masked, masked], mask=[mask, None])
    np.testing.assert_array_equal(np.asarray(get_keras_mask(out)), [[1, 1, 0], [1, 1, 1]])


ERRORS = {
    "mha_num_heads": lambda: MultiHeadAttention(0, 2),
    "mha_key_dim": lambda: MultiHeadAttention(2, "3"),
    "mha_value_dim": lambda: MultiHeadAttention(2, 3, value_dim=-1),
    "mha_attention_axes": lambda: MultiHeadAttention(2, 3, attention_axes="1"),
    "mha_sliding_window": lambda: MultiHeadAttention(2, 3, sliding_window=0),
    "mha_key_value_mismatch": lambda: MultiHeadAttention(2, 3)(
        np.zeros((2, 3, 4), "float32"), np.zeros((2, 5, 4), "float32"), key=np.zeros((2, 6, 4), "float32")),
    "attention_score_mode": lambda: Attention(score_mode="dott"),
    "attention_not_list": lambda: Attention()(np.zeros((2, 3, 4), "float32")),
    "attention_list_length": lambda: Attention()([np.zeros((2, 3, 4), "float32")] * 4),
    "attention_mask_not_list": lambda: Attention()([np.zeros((2, 3, 4), "float32")] * 2,
                                                   mask=np.ones((2, 3), bool)),
    "einsum_dense_equation": lambda: EinsumDense("ab->b", output_shape=3)(np.zeros((2, 3), "float32")),
    "einsum_dense_bias_axes": lambda: EinsumDense("ab,bc->ac", output_shape=3, bias_axes="x")(
        np.zeros((2, 3), "float32")),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_messages_match_keras(name):
    want = GOLDEN["errors"][name]
    with pytest.raises(ValueError) as info:
        ERRORS[name]()
    # Keras wraps errors raised inside call() in a report of the call's arguments; the message is inside.
    assert str(info.value) == want["message"] or str(info.value) in want["message"]


# ---------------------------------------------------------------- gradients and training
@pytest.mark.parametrize("scores", [False, True], ids=["fused", "explicit"])
def test_multi_head_attention_gradients(scores):
    rng = np.random.default_rng(0)
    q, v = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 2, 4))
    mask = np.array([[[1, 0], [1, 1], [0, 1]], [[1, 1], [1, 0], [1, 1]]], bool)
    layer = MultiHeadAttention(2, 2, dtype="float64")

    def fn(q_, v_):
        out = layer(q_, v_, attention_mask=mask, return_attention_scores=scores)
        return out[0] if scores else out
    check_gradients(fn, [q, v])


@pytest.mark.parametrize("layer_fn", [lambda: Attention(use_scale=True, dtype="float64"),
                                      lambda: Attention(score_mode="concat", dtype="float64"),
                                      lambda: AdditiveAttention(dtype="float64")],
                         ids=["dot_scale", "concat", "additive"])
def test_attention_gradients(layer_fn):
    rng = np.random.default_rng(1)
    q, v = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 4, 2))
    layer = layer_fn()
    masks = [None, np.array([[1, 1, 0, 1], [1, 1, 1, 1]], bool)]
    check_gradients(lambda q_, v_: layer([q_, v_], mask=masks, use_causal_mask=True), [q, v])


def test_dropout_applies_only_in_training():
    x = np.random.default_rng(2).standard_normal((2, 4, 3)).astype("float32")
    layer = MultiHeadAttention(2, 2, dropout=0.5, seed=1)
    plain = MultiHeadAttention(2, 2)
    layer(x, x)
    plain(x, x)
    plain.set_weights(layer.get_weights())
    np.testing.assert_allclose(layer(x, x).numpy(), plain(x, x).numpy(), rtol=1e-5, atol=1e-6)
    assert not np.allclose(layer(x, x, training=True).numpy(), plain(x, x).numpy())


def test_compiled_attention_replays_like_eager():
    layer = MultiHeadAttention(2, 3)
    x1, x2 = (np.random.default_rng(s).standard_normal((2, 4, 5)).astype("float32") for s in (3, 4))
    eager = [layer(x, x, use_causal_mask=True).numpy() for x in (x1, x2)]
    fn = tf.function(lambda x: layer(x, x, use_causal_mask=True))
    for x, want in zip((x1, x2), eager):
        np.testing.assert_allclose(fn(x).numpy(), want, rtol=1e-6, atol=1e-7)


def test_self_attention_model_trains_with_fit():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 4, 3)).astype("float32")
    y = (x[:, :, 0].sum(1) > 0).astype("float32")
    inputs = Input((4, 3))
    h = MultiHeadAttention(2, 4)(inputs, inputs)
    model = keras.Model(inputs, Dense(1, activation="sigmoid")(Flatten()(h)))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]

"""Reshaping, merging, regularization, activation, Lambda and Identity layers against Keras 3.

Golden data: tests/golden/layers_core.json, written by tools/make_golden_layers_core.py
(outputs for fixed inputs and weights, symbolic shapes, serialized configs, error messages).
"""

import json
import pathlib
import sys

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.keras.layers.activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from saessak.keras.layers.core.identity import Identity
from saessak.keras.layers.core.lambda_layer import Lambda
from saessak.keras.layers.merging import (
    Add,
    Average,
    Concatenate,
    Dot,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    dot,
    maximum,
    minimum,
    multiply,
    subtract,
)
from saessak.keras.layers.regularization import ActivityRegularization, GaussianNoise
from saessak.keras.layers.reshaping import Permute, RepeatVector, Reshape
from saessak.keras.saving import deserialize_keras_object, serialize_keras_object
from saessak.keras.saving.serialization import SafeModeScope

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "layers_core.json").read_text())
CLASSES = {cls.__name__: cls for cls in (
    Reshape, Permute, RepeatVector, Identity, Concatenate, Add, Subtract, Multiply, Average, Maximum,
    Minimum, Dot, ActivityRegularization, GaussianNoise, ReLU, LeakyReLU, PReLU, ELU, Softmax, Lambda)}
FUNCTIONAL = {"add": add, "subtract": subtract, "multiply": multiply, "average": average,
              "maximum": maximum, "minimum": minimum}


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.utils.clear_session()


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


def _plain(config):
    return json.loads(json.dumps(config))


def _layer(case, **extra):
    return CLASSES[case["class_name"]](**case["kwargs"], **extra)


# ---------------------------------------------------------------- golden cases
@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: c["id"])
def test_eager_output_config_and_losses_match_keras(case):
    layer = _layer(case, name=case["id"])
    inputs = [_array(r) for r in case["inputs"]] if case["list_input"] else _array(case["inputs"])
    if "weights" in case:
        layer(inputs)  # builds (and records the build shape, as Keras's build() does)
        layer.set_weights([_array(w) for w in case["weights"]])
    out = layer(inputs)
    want = _array(case["output"])
    assert out.shape == want.shape and out.dtype.name == want.dtype.name
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-6, atol=1e-6)
    assert [list(v.shape) for v in layer.weights] == case["weight_shapes"]
    assert [v.path for v in layer.weights] == case["weight_paths"]
    np.testing.assert_allclose([float(v) for v in layer.losses], case["losses"], rtol=1e-6)
    config = serialize_keras_object(layer)
    assert _plain(config) == case["config"]
    assert json.dumps(config) == case["config_json"]  # same keys in the same order
    rebuilt = deserialize_keras_object(_plain(config), custom_objects=CLASSES)
    assert type(rebuilt) is type(layer) and _plain(rebuilt.get_config()) == case["config"]["config"]


@pytest.mark.parametrize("case", [c for c in GOLDEN["cases"] if "symbolic" in c], ids=lambda c: c["id"])
def test_symbolic_shapes_match_keras(case):
    sym = case["symbolic"]
    if case["list_input"]:
        inputs = [keras.Input(batch_shape=tuple(s)) for s in sym["input_shapes"]]
    else:
        inputs = keras.Input(batch_shape=tuple(sym["input_shapes"]))
    y = _layer(case)(inputs)
    assert list(y.shape) == sym["output_shape"] and y.dtype == sym["output_dtype"]


def test_functional_forms_match_keras():
    x = _array(GOLDEN["functional"]["input"])
    want = GOLDEN["functional"]["outputs"]
    for name, fn in FUNCTIONAL.items():
        np.testing.assert_allclose(fn([x, x * 2.0]).numpy(), _array(want[name]), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(concatenate([x, x * 2.0], axis=0).numpy(), _array(want["concatenate"]))
    np.testing.assert_allclose(dot([x, x * 2.0], axes=1).numpy(), _array(want["dot"]), rtol=1e-6)
    assert isinstance(add([keras.Input((3,)), keras.Input((3,))], name="plus")._keras_history[0], Add)


def test_softmax_mask_matches_keras():
    rec = GOLDEN["softmax_mask"]
    out = Softmax()(_array(rec["input"]), mask=np.array(rec["mask"]))
    np.testing.assert_allclose(out.numpy(), _array(rec["output"]), rtol=1e-6, atol=1e-7)
    numeric = Softmax()(_array(rec["input"]), mask=np.array(rec["mask"], np.float32))
    np.testing.assert_allclose(numeric.numpy(), out.numpy())
    with pytest.raises(ValueError, match="must be broadcastable"):
        Softmax()(_array(rec["input"]), mask=np.ones((2, 3, 5), bool))


# ---------------------------------------------------------------- errors
ERROR_CASES = {
    "reshape_size": lambda: Reshape((5,))(np.zeros((2, 3, 4), np.float32)),
    "reshape_divide": lambda: Reshape((-1, 5))(np.zeros((2, 3, 4), np.float32)),
    "reshape_two_unknown": lambda: Reshape((-1, -1)),
    "reshape_negative": lambda: Reshape((-2, 3)),
    "reshape_symbolic": lambda: Reshape((5,))(keras.Input((3, 4))),
    "permute_dims": lambda: Permute((0, 1)),
    "repeat_type": lambda: RepeatVector(2.0),
    "repeat_value": lambda: RepeatVector(0),
    "concatenate_mismatch": lambda: Concatenate()([np.zeros((2, 3, 4)), np.zeros((2, 5, 4))]),
    "concatenate_mismatch_symbolic": lambda: Concatenate(axis=1)([keras.Input((3, 4)), keras.Input((3, 5))]),
    "concatenate_ranks": lambda: Concatenate()([np.zeros((2, 3)), np.zeros((2, 3, 4))]),
    "concatenate_not_list": lambda: Concatenate()(np.zeros((2, 3))),
    "merge_not_list": lambda: Add()(np.zeros((2, 3))),
    "merge_batch": lambda: Add()([np.zeros((2, 3)), np.zeros((3, 3))]),
    "merge_shapes": lambda: Add()([np.zeros((2, 3)), np.zeros((2, 4))]),
    "merge_shapes_symbolic": lambda: Add()([keras.Input((3,)), keras.Input((4,))]),
    "subtract_three": lambda: Subtract()([np.zeros((2, 3))] * 3),
    "dot_axes_type": lambda: Dot(axes="a"),
    "dot_axes_len": lambda: Dot(axes=(1, 2, 3)),
    "dot_axes_int": lambda: Dot(axes=(1, 1.5)),
    "dot_shapes": lambda: Dot(axes=1)([np.zeros((2, 3)), np.zeros((2, 4))]),
    "dot_three": lambda: Dot(axes=1)([np.zeros((2, 3))] * 3),
    "relu_max": lambda: ReLU(max_value=-1.0),
    "relu_slope": lambda: ReLU(negative_slope=-0.1),
    "relu_threshold": lambda: ReLU(threshold=None),
    "leaky_relu_slope": lambda: LeakyReLU(negative_slope=-1),
    "gaussian_noise_stddev": lambda: GaussianNoise(1.5),
}


@pytest.mark.parametrize("key", sorted(ERROR_CASES))
def test_error_messages_match_keras(key):
    want = GOLDEN["errors"][key]
    with pytest.raises(Exception) as info:
        ERROR_CASES[key]()
    assert type(info.value).__name__ == want["type"]
    # Keras wraps errors raised inside call() in "Exception encountered when calling ..."; the
    # message itself must be Keras's.
    assert str(info.value) in want["message"] and len(str(info.value)) > 30


@pytest.mark.parametrize("key, make, bad", [
    ("permute_rank", lambda: Permute((2, 1)), np.zeros((2, 3), np.float32)),
    ("repeat_rank", lambda: RepeatVector(2), np.zeros((2, 3, 4), np.float32)),
])
def test_input_spec_errors(key, make, bad):
    core = GOLDEN["errors"][key]["message"].split("incompatible with the layer: ")[1]
    with pytest.raises(ValueError, match="incompatible with the layer") as info:
        make()(bad)
    assert core.split(". Full shape")[0] in str(info.value)


def test_prelu_checks_the_unshared_axes():
    layer = PReLU(shared_axes=[1])
    layer(np.zeros((2, 3, 4), np.float32))
    assert tuple(layer.alpha.shape) == (1, 4)
    with pytest.raises(ValueError, match="expected axis 2 of input shape to have value 4"):
        layer(np.zeros((2, 3, 5), np.float32))
    with pytest.raises(ValueError, match="shared_axes"):
        PReLU()(keras.Input((None, 4)))


# ---------------------------------------------------------------- Lambda
def scaled(x, scale=2.0):
    return x * scale


def test_lambda_named_function_output_and_config():
    rec = GOLDEN["lambda"]["named"]
    layer = Lambda(scaled, arguments={"scale": 3.0}, name="lam")
    np.testing.assert_allclose(layer(_array(rec["input"])).numpy(), _array(rec["output"]), rtol=1e-6)
    config = serialize_keras_object(layer)
    assert _plain(config) == rec["config"]
    rebuilt = deserialize_keras_object(_plain(config), custom_objects={**CLASSES, "scaled": scaled})
    assert rebuilt.function is scaled and rebuilt.arguments == {"scale": 3.0}
    with pytest.raises(TypeError, match="scaled"):
        deserialize_keras_object(_plain(config), custom_objects=CLASSES)  # never imported


def test_lambda_output_shape_and_inference():
    rec = GOLDEN["lambda"]["output_shape_tuple"]
    layer = Lambda(scaled, output_shape=(5,), name="lam_shape")
    assert _plain(serialize_keras_object(layer)) == rec["config"]
    assert list(layer(keras.Input((3,))).shape) == rec["symbolic"]
    y = Lambda(lambda t: t[:, :2])(keras.Input((3,)))
    assert list(y.shape) == GOLDEN["lambda"]["inferred_shape"]
    assert Lambda(scaled, output_shape=lambda s: s[:1] + (7,)).compute_output_shape((None, 3)) == (None, 7)
    assert Lambda(lambda t: tf.concat([t, t], -1)).compute_output_shape((None, 3)) == (None, 6)
    with pytest.raises(NotImplementedError, match="output_shape"):
        Lambda(lambda t: t.no_such_method())(keras.Input((3,)))


def test_lambda_bytecode_refused_in_safe_mode():
    rec = GOLDEN["lambda"]
    config = rec["lambda"]["config"]
    with pytest.raises(ValueError) as info:
        deserialize_keras_object(config, custom_objects=CLASSES)
    assert str(info.value) == rec["safe_mode_error"]["message"]
    with pytest.raises(ValueError, match="safe_mode=False"):
        Lambda.from_config(dict(config["config"]))


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="Keras's bytecode was written by Python 3.11")
def test_lambda_bytecode_from_keras_loads_with_safe_mode_off():
    rec = GOLDEN["lambda"]["lambda"]
    layer = deserialize_keras_object(rec["config"], custom_objects=CLASSES, safe_mode=False)
    np.testing.assert_allclose(layer(_array(rec["input"])).numpy(), _array(rec["output"]), rtol=1e-6)
    direct = Lambda.from_config(dict(rec["config"]["config"]), safe_mode=False)
    with SafeModeScope(False):
        scoped = Lambda.from_config(dict(rec["config"]["config"]))
    x = np.arange(3, dtype=np.float32)
    assert direct(x).numpy().tolist() == scoped(x).numpy().tolist() == [0.0, 1.0, 4.0]


def test_lambda_round_trip_keeps_defaults_and_closure():
    k = 3.0
    layer = Lambda(lambda x, a=2.0: x * a + k, output_shape=lambda s: s)
    config = _plain(layer.get_config())
    fn = config["function"]
    assert fn["class_name"] == "__lambda__" and fn["config"]["defaults"] == [2.0]
    assert fn["config"]["closure"] == [3.0]
    assert config["output_shape"]["class_name"] == "__lambda__"
    rebuilt = Lambda.from_config(config, safe_mode=False)
    assert rebuilt(np.ones((1, 2), np.float32)).numpy().tolist() == [[5.0, 5.0]]
    assert rebuilt.compute_output_shape((None, 2)) == (None, 2)


def test_lambda_passes_training_and_mask():
    seen = {}

    def fn(x, training=None, mask=None):
        seen.update(training=training, mask=mask)
        return x
    Lambda(fn)(np.ones((1, 2), np.float32), training=True)
    assert seen == {"training": True, "mask": None}


# ---------------------------------------------------------------- behaviour
def test_identity_keeps_structure_and_dtype():
    x = tf.constant([[1, 2]])
    layer = Identity()
    assert layer(x) is x
    a, b = keras.Input((2,), dtype="int32"), keras.Input((3,))
    out = layer([a, b])
    assert [t.shape for t in out] == [(None, 2), (None, 3)] and out[0].dtype == "int32"


def test_merge_of_one_rank_lower_input_and_average_of_ints():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    v = np.arange(8, dtype=np.float32).reshape(2, 4)
    np.testing.assert_array_equal(Maximum()([x, v]).numpy(), np.maximum(x, v[:, None]))
    ints = Average()([tf.constant([[1, 2]]), tf.constant([[2, 2]])])
    assert ints.dtype == tf.float64 and ints.numpy().tolist() == [[1.5, 2.0]]


def test_gaussian_noise_only_in_training():
    x = np.zeros((200, 50), np.float32)
    layer = GaussianNoise(0.5)
    assert layer(x).numpy().tolist() == x.tolist()
    noisy = layer(x, training=True).numpy()
    assert abs(noisy.mean()) < 0.02 and abs(noisy.std() - 0.5) < 0.02
    assert not np.array_equal(noisy, layer(x, training=True).numpy())


def test_activity_regularization_is_divided_by_the_batch_size():
    x = np.array([[1.0, -2.0], [3.0, 0.0]], np.float32)
    layer = ActivityRegularization(l1=0.1, l2=0.01)
    layer(x)
    assert float(layer.losses[0]) == pytest.approx((0.1 * 6 + 0.01 * 14) / 2)


def test_leaky_relu_accepts_keras2_alpha():
    with pytest.warns(UserWarning, match="negative_slope"):
        layer = LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1


# ---------------------------------------------------------------- gradients
def _f64(layer_cls, **kwargs):
    return layer_cls(dtype="float64", **kwargs)


_R = np.random.default_rng(7)
GRAD_CASES = {
    "concatenate": (lambda a, b: _f64(Concatenate, axis=1)([a, b]), [(2, 2, 3), (2, 1, 3)]),
    "add_ranks": (lambda a, b: _f64(Add)([a, b]), [(2, 3, 4), (2, 4)]),
    "subtract": (lambda a, b: _f64(Subtract)([a, b]), [(2, 3), (2, 3)]),
    "multiply": (lambda a, b, c: _f64(Multiply)([a, b, c]), [(2, 3), (2, 1), (2, 3)]),
    "average": (lambda a, b: _f64(Average)([a, b]), [(2, 3), (2, 3)]),
    "maximum": (lambda a, b: _f64(Maximum)([a, b]), [(2, 3), (2, 3)]),
    "dot": (lambda a, b: _f64(Dot, axes=(1, 2))([a, b]), [(2, 3, 5), (2, 4, 3)]),
    "dot_rank4": (lambda a, b: _f64(Dot, axes=(2, 1))([a, b]), [(2, 3, 4, 2), (2, 4, 2, 3)]),
    "dot_normalize": (lambda a, b: _f64(Dot, axes=-1, normalize=True)([a, b]), [(2, 4, 3), (2, 5, 3)]),
    "reshape": (lambda a: _f64(Reshape, target_shape=(-1, 2))(a), [(2, 3, 4)]),
    "permute": (lambda a: _f64(Permute, dims=(3, 1, 2))(a), [(2, 3, 4, 2)]),
    "repeat_vector": (lambda a: _f64(RepeatVector, n=3)(a), [(2, 4)]),
    "softmax_axes": (lambda a: _f64(Softmax, axis=[1, 2])(a), [(2, 3, 4)]),
    "elu": (lambda a: _f64(ELU, alpha=0.5)(a), [(3, 4)]),
}


@pytest.mark.parametrize("key", sorted(GRAD_CASES))
def test_gradients(key):
    fn, shapes = GRAD_CASES[key]
    arrays = [_R.standard_normal(s) for s in shapes]
    check_gradients(fn, arrays)


def test_prelu_gradients_reach_alpha():
    layer = _f64(PReLU, shared_axes=[1])
    x = _R.standard_normal((3, 2, 4))
    x[np.abs(x) < 0.1] = 0.5  # away from the kink
    layer(x)
    alpha = layer.alpha
    alpha.assign(_R.uniform(0.1, 0.5, (1, 4)))
    check_gradients(lambda xt: layer(xt), [x])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(tf.constant(x)))
    grad = tape.gradient(loss, alpha)
    np.testing.assert_allclose(grad.numpy(), np.minimum(x, 0).sum(axis=(0, 1))[None], rtol=1e-12)


# ---------------------------------------------------------------- models
def test_layers_inside_saessak_function_replay_like_eager():
    dense = keras.layers.Dense(4, kernel_initializer="ones")
    layers_ = [Concatenate(), Add(), Dot(axes=1), Reshape((2, 2)), Permute((2, 1)), Softmax(axis=1),
               RepeatVector(2), PReLU(alpha_initializer="ones")]

    def step(a, b):
        c = layers_[0]([a, b])
        s = layers_[1]([a, b])
        d = layers_[2]([a, b])
        r = layers_[5](layers_[4](layers_[3](dense(c))))
        return [c, s, d, r, layers_[6](s), layers_[7](a)]
    compiled = tf.function(step)
    for seed in (1, 2):
        rng = np.random.default_rng(seed)
        a = tf.constant(rng.standard_normal((3, 4)).astype(np.float32))
        b = tf.constant(rng.standard_normal((3, 4)).astype(np.float32))
        for got, want in zip(compiled(a, b), step(a, b)):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)


def test_functional_model_with_merges_trains_with_fit_and_round_trips():
    rng = np.random.default_rng(0)
    xa = rng.standard_normal((64, 4)).astype(np.float32)
    xb = rng.standard_normal((64, 3)).astype(np.float32)
    y = (xa[:, :1] + 2 * xb[:, :1]).astype(np.float32)
    a, b = keras.Input((4,), name="a"), keras.Input((3,), name="b")
    ha = keras.layers.Dense(5)(a)
    hb = keras.layers.Dense(5)(b)
    merged = Concatenate()([Add()([ha, hb]), Multiply()([ha, hb]), Subtract()([ha, hb])])
    h = ActivityRegularization(l2=1e-4)(PReLU()(merged))
    h = GaussianNoise(0.01, seed=1)(h)
    out = keras.layers.Dense(1)(Reshape((15,))(Lambda(lambda t: t * 1.0)(h)))
    model = keras.Model([a, b], out)
    assert model.output_shape == (None, 1)
    model.compile(optimizer="adam", loss="mse")
    hist = model.fit([xa, xb], y, epochs=8, batch_size=16, verbose=0).history["loss"]
    assert hist[-1] < hist[0]
    pred = model.predict([xa, xb], verbose=0)
    assert pred.shape == (64, 1)
    config = model.get_config()
    objects = {**CLASSES, "Functional": type(model)}
    with SafeModeScope(False):
        clone = type(model).from_config(config, custom_objects=objects)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict([xa, xb], verbose=0), pred, rtol=1e-5, atol=1e-6)


def test_sequential_with_reshaping_and_activation_layers_fits():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((32, 6)).astype(np.float32)
    y = rng.standard_normal((32, 1)).astype(np.float32)
    model = keras.Sequential([
        keras.Input((6,)), Reshape((2, 3)), Permute((2, 1)), keras.layers.Flatten(),
        RepeatVector(2), keras.layers.Flatten(), keras.layers.Dense(8), LeakyReLU(), ELU(), ReLU(max_value=6.0),
        Identity(), keras.layers.Dense(3), Softmax(), keras.layers.Dense(1),
    ])
    assert model.output_shape == (None, 1)
    model.compile(optimizer="sgd", loss="mse")
    hist = model.fit(x, y, epochs=3, batch_size=8, verbose=0).history["loss"]
    assert np.isfinite(hist).all()

"""Normalization, dropout-family and padding/cropping/upsampling layers against Keras 3.

Golden data: tests/golden/layers_conv.json ("norm_shape_cases", "masked", "frozen_bn",
"errors"), written by tools/make_golden_layers_conv.py.  Also: BatchNormalization's
moving statistics under training, freezing and saessak.function; gradient checks;
the statistics of the random layers.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.keras.layers.normalization import (
    BatchNormalization,
    GroupNormalization,
    LayerNormalization,
)
from saessak.keras.layers.regularization.alpha_dropout import AlphaDropout
from saessak.keras.layers.regularization.gaussian_dropout import GaussianDropout
from saessak.keras.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from saessak.keras.layers.reshaping.cropping1d import Cropping1D
from saessak.keras.layers.reshaping.cropping2d import Cropping2D
from saessak.keras.layers.reshaping.up_sampling1d import UpSampling1D
from saessak.keras.layers.reshaping.up_sampling2d import UpSampling2D
from saessak.keras.layers.reshaping.zero_padding1d import ZeroPadding1D
from saessak.keras.layers.reshaping.zero_padding2d import ZeroPadding2D
from saessak.keras.saving import deserialize_keras_object, serialize_keras_object

pytestmark = pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`:UserWarning")
GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "layers_conv.json").read_text())
CLASSES = {cls.__name__: cls for cls in (
    BatchNormalization, LayerNormalization, GroupNormalization, SpatialDropout1D, SpatialDropout2D,
    SpatialDropout3D, GaussianDropout, AlphaDropout, ZeroPadding1D, ZeroPadding2D, Cropping1D,
    Cropping2D, UpSampling1D, UpSampling2D)}
CASES = {c["id"]: c for c in GOLDEN["norm_shape_cases"]}


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.utils.clear_session()


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


def _plain(config):
    return json.loads(json.dumps(config))


def _kwargs(case):
    kwargs = dict(case["kwargs"])
    for key in ("size", "padding", "cropping", "noise_shape"):
        if isinstance(kwargs.get(key), list):
            kwargs[key] = tuple(tuple(v) if isinstance(v, list) else v for v in kwargs[key])
    if "renorm_clipping" in kwargs:  # the file's keys are sorted; config_json has Keras's order
        kwargs["renorm_clipping"] = json.loads(case["config_json"])["config"]["renorm_clipping"]
    return kwargs


def _layer(case, **extra):
    return CLASSES[case["class_name"]](**_kwargs(case), **extra)


def _loaded(case):
    layer = _layer(case, name=case["id"])
    x = _array(case["input"])
    if "weights" in case:
        layer(x)  # builds, recording the build shape as Keras's build() did
        layer.set_weights([_array(w) for w in case["weights"]])
    return layer, x


# ---------------------------------------------------------------- golden cases
@pytest.mark.parametrize("case", GOLDEN["norm_shape_cases"], ids=lambda c: c["id"])
def test_eager_output_weights_and_config_match_keras(case):
    layer, x = _loaded(case)
    out = layer(x)
    want = _array(case["output"])
    assert out.shape == want.shape and out.dtype.name == want.dtype.name
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-5, atol=1e-5)
    assert [list(v.shape) for v in layer.weights] == case["weight_shapes"]
    assert [v.path for v in layer.weights] == case["weight_paths"]
    assert len(layer.trainable_weights) == case["trainable_count"]
    config = serialize_keras_object(layer)
    assert _plain(config) == case["config"]
    assert json.dumps(_plain(config)) == case["config_json"]  # same keys in the same order
    rebuilt = deserialize_keras_object(_plain(config), custom_objects=CLASSES)
    assert type(rebuilt) is type(layer) and _plain(rebuilt.get_config()) == case["config"]["config"]
    rebuilt.set_weights(layer.get_weights())
    np.testing.assert_allclose(rebuilt(x).numpy(), out.numpy(), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("case", [c for c in GOLDEN["norm_shape_cases"] if "symbolic" in c],
                         ids=lambda c: c["id"])
def test_symbolic_shapes_match_keras(case):
    sym = case["symbolic"]
    y = _layer(case)(keras.Input(batch_shape=tuple(sym["input_shape"])))
    assert list(y.shape) == sym["output_shape"] and y.dtype == sym["output_dtype"]


@pytest.mark.parametrize("key", [k for k, c in CASES.items() if "training_output" in c])
def test_batch_norm_training_output_and_moving_statistics_match_keras(key):
    case = CASES[key]
    layer, x = _loaded(case)
    out = layer(x, training=True)
    np.testing.assert_allclose(out.numpy(), _array(case["training_output"]), rtol=1e-5, atol=1e-5)
    for v, want in zip(layer.weights, case["weights_after_training"]):
        np.testing.assert_allclose(v.numpy(), _array(want), rtol=1e-6, atol=1e-6, err_msg=v.path)


def test_masked_batch_norm_matches_keras():
    rec = GOLDEN["masked"]
    x = _array(rec["input"])
    bn = BatchNormalization()
    bn(x)
    bn.set_weights([_array(w) for w in rec["bn_weights"]])
    out = bn(x, training=True, mask=np.array(rec["mask"]))
    np.testing.assert_allclose(out.numpy(), _array(rec["bn_training_output"]), rtol=1e-5, atol=1e-5)
    for v, want in zip(bn.weights, rec["bn_weights_after"]):
        np.testing.assert_allclose(v.numpy(), _array(want), rtol=1e-6, atol=1e-6)
    with pytest.raises(ValueError, match="one dimension less than the inputs"):
        bn(x, training=True, mask=np.ones((2, 4, 3), bool))


def test_frozen_batch_norm_runs_in_inference_mode_like_keras():
    rec = GOLDEN["frozen_bn"]
    x = _array(rec["input"])
    bn = BatchNormalization(name="bn_frozen")
    bn(x)
    bn.set_weights([_array(w) for w in rec["weights"]])
    bn.trainable = False
    out = bn(x, training=True)
    np.testing.assert_allclose(out.numpy(), _array(rec["output"]), rtol=1e-5, atol=1e-5)
    for v, want in zip(bn.weights, rec["weights_after"]):
        np.testing.assert_array_equal(v.numpy(), _array(want))
    assert _plain(serialize_keras_object(bn)) == rec["config"]
    assert bn.trainable_weights == [] and len(bn.non_trainable_weights) == 4


# ---------------------------------------------------------------- errors
def _called(layer, shape):
    return lambda: layer(np.zeros(shape, np.float32))


ERROR_CASES = {
    "bn_renorm_keys": lambda: BatchNormalization(renorm=True, renorm_clipping={"rmaxx": 1.0}),
    "ln_axis_type": lambda: LayerNormalization(axis="a"),
    "gn_groups": lambda: GroupNormalization(groups=0),
    "gn_more_groups": _called(GroupNormalization(4), (2, 3, 2)),
    "gn_not_multiple": _called(GroupNormalization(3), (2, 3, 4)),
    "spatial_dropout_rate": lambda: SpatialDropout2D(1.5),
    "gaussian_dropout_rate": lambda: GaussianDropout(-0.1),
    "alpha_dropout_rate": lambda: AlphaDropout(2),
    "zero_padding1d_negative": lambda: ZeroPadding1D(-1),
    "zero_padding2d_len": lambda: ZeroPadding2D((1, 2, 3)),
    "zero_padding2d_type": lambda: ZeroPadding2D(1.5),
    "zero_padding2d_entry": lambda: ZeroPadding2D(((1, 2, 3), 1)),
    "cropping1d_too_much": _called(Cropping1D((2, 3)), (2, 5, 2)),
    "cropping1d_too_much_symbolic": lambda: Cropping1D((2, 3))(keras.Input((5, 2))),
    "cropping2d_negative": lambda: Cropping2D(-1),
    "cropping2d_len": lambda: Cropping2D((1, 2, 3)),
    "cropping2d_too_much": _called(Cropping2D(((2, 2), (0, 0))), (1, 4, 4, 1)),
    "cropping2d_too_much_symbolic": lambda: Cropping2D(((0, 0), (3, 1)))(keras.Input((4, 4, 1))),
    "up_sampling1d_type": lambda: UpSampling1D(2.0),
    "up_sampling1d_value": lambda: UpSampling1D(0),
    "up_sampling2d_size": lambda: UpSampling2D((2, 0)),
}
# Keras leaves the braces of these messages unformatted; saessak fills the values in.
FORMATTED = {
    "bn_rmax_rmin": (lambda: BatchNormalization(renorm=True, renorm_clipping={"rmax": 0.5, "rmin": 1.0}),
                     "Received: rmax=0.5, rmin=1.0."),
    "bn_dmax": (lambda: BatchNormalization(renorm=True, renorm_clipping={"dmax": -1}),
                "Received: dmax=-1."),
}


@pytest.mark.parametrize("key", sorted(ERROR_CASES))
def test_error_messages_match_keras(key):
    want = GOLDEN["errors"][key]
    with pytest.raises(Exception) as info:
        ERROR_CASES[key]()
    assert type(info.value).__name__ == want["type"]
    assert str(info.value) in want["message"] and len(str(info.value)) > 30


@pytest.mark.parametrize("key", sorted(FORMATTED))
def test_renorm_errors_name_the_values(key):
    make, tail = FORMATTED[key]
    head = GOLDEN["errors"][key]["message"].split("Received")[0]
    with pytest.raises(ValueError) as info:
        make()
    assert str(info.value) == head + tail


def test_input_spec_errors_match_keras():
    core = GOLDEN["errors"]["bn_channels"]["message"].split("incompatible with the layer: ")[1]
    bn = BatchNormalization()
    bn(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError) as info:
        bn(np.zeros((2, 4), np.float32))
    assert core in str(info.value)
    core = GOLDEN["errors"]["spatial_dropout_rank"]["message"].split("incompatible with the layer: ")[1]
    with pytest.raises(ValueError) as info:
        SpatialDropout1D(0.5)(np.zeros((2, 3), np.float32))
    assert core in str(info.value)


def test_rms_scaling_is_deprecated_as_in_keras():
    with pytest.warns(UserWarning, match="RMSNormalization"):
        LayerNormalization(rms_scaling=True)


def test_unsupported_interpolation_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="bicubic"):
        UpSampling2D(interpolation="bicubic")


# ---------------------------------------------------------------- batch normalization behaviour
def test_batch_norm_moving_statistics_follow_keras_formula_and_inference_uses_them():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 5, 3)).astype(np.float32) * 2 + 1
    bn = BatchNormalization(momentum=0.9)
    out = bn(x, training=True).numpy()
    mean, var = x.mean(axis=(0, 1)), x.var(axis=(0, 1))
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.1 * mean, rtol=1e-5)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.9 + 0.1 * var, rtol=1e-5)
    bn(x, training=True)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.9 * 0.1 * mean + 0.1 * mean, rtol=1e-5)
    moving = [v.numpy() for v in bn.weights]
    inference = bn(x).numpy()  # training=None -> inference
    np.testing.assert_allclose(inference, (x - moving[2]) / np.sqrt(moving[3] + 1e-3), rtol=1e-5,
                               atol=1e-6)
    assert all(np.array_equal(v.numpy(), m) for v, m in zip(bn.weights, moving))


def test_batch_norm_updates_replay_under_saessak_function():
    rng = np.random.default_rng(4)
    xs = [tf.constant(rng.standard_normal((8, 3)).astype(np.float32)) for _ in range(3)]
    eager, compiled_bn = BatchNormalization(momentum=0.8), BatchNormalization(momentum=0.8)

    @tf.function
    def step(x):
        return compiled_bn(x, training=True)
    for x in xs:
        want = eager(x, training=True)
        got = step(x)
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6, atol=1e-6)
        for a, b in zip(compiled_bn.weights, eager.weights):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6, atol=1e-7)
    assert np.abs(compiled_bn.moving_mean.numpy()).max() > 1e-3


def test_renorm_tracks_stddev_and_derives_variance():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((32, 2)).astype(np.float32) * 3
    bn = BatchNormalization(renorm=True, momentum=0.5, renorm_momentum=0.5)
    bn(x, training=True)
    names = [v.path.split("/")[-1] for v in bn.weights]
    assert names == ["gamma", "beta", "moving_mean", "moving_variance", "moving_stddev",
                     "renorm_mean", "renorm_stddev"]
    stddev = bn.moving_stddev.numpy()
    np.testing.assert_allclose(bn.moving_variance.numpy(), np.maximum(stddev ** 2 - 1e-3, 0), rtol=1e-5)


def test_batch_norm_float64_and_channels_first_axis():
    x = np.random.default_rng(6).standard_normal((4, 3, 2, 2))
    bn = BatchNormalization(axis=1, dtype="float64")
    out = bn(x, training=True)
    assert out.dtype == tf.float64 and bn.moving_mean.dtype == tf.float64
    want = (x - x.mean(axis=(0, 2, 3), keepdims=True)) / np.sqrt(
        x.var(axis=(0, 2, 3), keepdims=True) + 1e-3)
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- gradients
_R = np.random.default_rng(12)


def _grad_check(layer, x, training=None):
    layer(x)
    variables = list(layer.trainable_weights)
    names = [_attr_name(layer, v) for v in variables]
    values = [v.numpy() for v in variables]

    state = [(v, v.numpy()) for v in layer.non_trainable_weights]

    def forward(xt, *ws):
        saved = [getattr(layer, n) for n in names]
        for n, w in zip(names, ws):
            object.__setattr__(layer, n, w)  # the layer reads its weights by attribute
        try:
            return layer(xt, training=training)
        finally:
            for n, s in zip(names, saved):
                object.__setattr__(layer, n, s)
            for v, value in state:  # training updates moving statistics: keep every call the same
                v.assign(value)
    if values:  # the swap really feeds the given weights in (else their gradients read as 0)
        moved = forward(tf.constant(x), *[tf.constant(v + 1.0) for v in values]).numpy()
        assert not np.allclose(moved, layer(x, training=training).numpy())
    check_gradients(forward, [x] + values)


def _attr_name(layer, variable):
    for name, value in vars(layer).items():
        if value is variable:
            return name
    raise AssertionError(f"{variable.path} is not an attribute of {layer.name}")


def _f64(cls, **kwargs):
    return cls(dtype="float64", **kwargs)


GRAD_CASES = {
    "batch_norm_training": (lambda: _f64(BatchNormalization), (5, 3), True),
    "batch_norm_training_axis1": (lambda: _f64(BatchNormalization, axis=1), (3, 2, 3), True),
    "batch_norm_inference": (lambda: _f64(BatchNormalization), (4, 3), False),
    # Renorm treats its corrections r, d as constants (stop_gradient, as Keras): clipped to the
    # identity (r = 1, d = 0) the gradients must be those of plain batch normalization.
    "batch_norm_renorm": (lambda: _f64(BatchNormalization, renorm=True, renorm_clipping={
        "rmin": 1.0, "rmax": 1.0, "dmax": 0.0}), (5, 2), True),
    "layer_norm": (lambda: _f64(LayerNormalization), (2, 4), None),
    "layer_norm_axes": (lambda: _f64(LayerNormalization, axis=[1, 2]), (2, 2, 3), None),
    "layer_norm_rms": (lambda: _f64(LayerNormalization, rms_scaling=True), (2, 3), None),
    "group_norm": (lambda: _f64(GroupNormalization, groups=2), (2, 2, 4), None),
    "group_norm_axis1": (lambda: _f64(GroupNormalization, groups=2, axis=1), (2, 4, 2), None),
    "zero_padding1d": (lambda: _f64(ZeroPadding1D, padding=(1, 2)), (2, 3, 2), None),
    "zero_padding2d_cf": (lambda: _f64(ZeroPadding2D, padding=((1, 0), (0, 2)),
                                       data_format="channels_first"), (1, 2, 2, 2), None),
    "cropping1d": (lambda: _f64(Cropping1D, cropping=(1, 2)), (2, 5, 2), None),
    "cropping2d": (lambda: _f64(Cropping2D, cropping=((1, 0), (0, 1))), (1, 3, 3, 2), None),
    "up_sampling1d": (lambda: _f64(UpSampling1D, size=3), (2, 2, 2), None),
    "up_sampling2d": (lambda: _f64(UpSampling2D, size=(2, 3)), (1, 2, 2, 2), None),
    "up_sampling2d_bilinear": (lambda: _f64(UpSampling2D, interpolation="bilinear"), (1, 2, 3, 2),
                               None),
    "up_sampling2d_bilinear_cf": (lambda: _f64(UpSampling2D, interpolation="bilinear", size=(3, 2),
                                               data_format="channels_first"), (1, 2, 2, 2), None),
}


@pytest.mark.parametrize("key", sorted(GRAD_CASES))
def test_gradients_wrt_inputs_and_weights(key):
    make, shape, training = GRAD_CASES[key]
    _grad_check(make(), _R.standard_normal(shape), training)


def test_dropout_family_gradients_use_the_drawn_noise():
    x = tf.constant(np.ones((64, 4, 8), np.float32))
    for layer in (SpatialDropout1D(0.5, seed=1), GaussianDropout(0.3, seed=2), AlphaDropout(0.2, seed=3)):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = layer(x, training=True)
            total = tf.reduce_sum(y)
        g = tape.gradient(total, x).numpy()
        if isinstance(layer, GaussianDropout):
            np.testing.assert_allclose(g, y.numpy(), rtol=1e-6)  # d(x * n)/dx = n = y for x = 1
        else:
            assert set(np.unique(np.round(g, 5))) <= {0.0, float(np.round(g.max(), 5))}


# ---------------------------------------------------------------- random layers
def test_spatial_dropout_drops_whole_channels():
    x = np.ones((32, 5, 6, 8), np.float32)
    y = SpatialDropout2D(0.5, seed=1)(x, training=True).numpy()
    per_map = y.reshape(32, 30, 8)
    assert np.all(per_map.min(axis=1) == per_map.max(axis=1))  # one decision per (sample, channel)
    assert set(np.unique(y)) == {0.0, 2.0} and 0.35 < (y == 0).mean() < 0.65
    ycf = SpatialDropout2D(0.5, data_format="channels_first")(x, training=True).numpy()
    assert np.all(ycf.min(axis=(2, 3)) == ycf.max(axis=(2, 3)))
    y1 = SpatialDropout1D(0.25)(np.ones((64, 7, 4), np.float32), training=True).numpy()
    assert np.all(y1.min(axis=1) == y1.max(axis=1))
    y3 = SpatialDropout3D(0.5)(np.ones((8, 2, 2, 2, 4), np.float32), training=True).numpy()
    assert np.all(y3.min(axis=(1, 2, 3)) == y3.max(axis=(1, 2, 3)))
    assert SpatialDropout2D(0.5)(x).numpy().tolist() == x.tolist()  # inference: identity


def test_gaussian_and_alpha_dropout_statistics():
    x = np.ones((400, 100), np.float32)
    y = GaussianDropout(0.2, seed=3)(x, training=True).numpy()
    assert abs(y.mean() - 1) < 0.01 and abs(y.std() - np.sqrt(0.2 / 0.8)) < 0.01
    z = np.random.default_rng(0).standard_normal((400, 100)).astype(np.float32)
    a = AlphaDropout(0.1, seed=4)(z, training=True).numpy()
    assert abs(a.mean()) < 0.02 and abs(a.std() - 1) < 0.02  # self-normalizing: stays N(0, 1)
    shared = AlphaDropout(0.5, noise_shape=(None, 1))(np.ones((50, 6), np.float32), training=True)
    s = shared.numpy()
    assert np.all(s.min(axis=1) == s.max(axis=1))
    for layer in (GaussianDropout(0.2), AlphaDropout(0.1)):
        assert layer(x).numpy().tolist() == x.tolist()


def test_random_layers_draw_fresh_noise_in_a_compiled_step():
    layers_ = [SpatialDropout1D(0.5), GaussianDropout(0.3), AlphaDropout(0.3)]

    @tf.function
    def step(x):
        return [layer(x, training=True) for layer in layers_]
    x = tf.constant(np.ones((16, 4, 8), np.float32))
    first, second = step(x), step(x)
    for a, b in zip(first, second):
        assert not np.array_equal(a.numpy(), b.numpy())


def test_shape_layers_inside_a_fitted_model():
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((32, 6, 6, 2)).astype(np.float32)
    y = x.mean(axis=(1, 2, 3))[:, None]
    model = keras.Sequential([
        keras.Input((6, 6, 2)), ZeroPadding2D(1), Cropping2D(((1, 0), (0, 1))),
        UpSampling2D(interpolation="bilinear"), GroupNormalization(2), LayerNormalization(),
        SpatialDropout2D(0.1), GaussianDropout(0.1), keras.layers.Flatten(), AlphaDropout(0.05),
        keras.layers.Dense(1)])
    assert model.output_shape == (None, 1)
    model.compile(optimizer="adam", loss="mse")
    hist = model.fit(x, y, epochs=5, batch_size=8, verbose=0).history["loss"]
    assert hist[-1] < hist[0]
    seq = keras.Sequential([keras.Input((5, 3)), ZeroPadding1D(2), Cropping1D((1, 1)),
                            UpSampling1D(2), keras.layers.Flatten(), keras.layers.Dense(1)])
    assert seq.output_shape == (None, 1)
    assert seq.predict(np.ones((4, 5, 3), np.float32), verbose=0).shape == (4, 1)

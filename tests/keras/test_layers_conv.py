"""Convolution and pooling layers against Keras 3.

Golden data: tests/golden/layers_conv.json ("conv_cases"), written by
tools/make_golden_layers_conv.py (outputs for fixed inputs and weights, weight
paths, symbolic shapes, serialized configs, error messages).  Also: numerical
gradient checks of each layer w.r.t. inputs and weights, replay under
saessak.function, and a small CNN trained with ``model.fit``.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.keras.layers.convolutional import (
    Conv1D,
    Conv1DTranspose,
    Conv2D,
    Conv2DTranspose,
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
)
from saessak.keras.layers.normalization import BatchNormalization
from saessak.keras.layers.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    MaxPooling1D,
    MaxPooling2D,
)
from saessak.keras.saving import deserialize_keras_object, serialize_keras_object
from saessak.ops import _window, conv_ops, pool_ops

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "layers_conv.json").read_text())
CLASSES = {cls.__name__: cls for cls in (
    Conv1D, Conv2D, Conv1DTranspose, Conv2DTranspose, DepthwiseConv1D, DepthwiseConv2D,
    SeparableConv1D, SeparableConv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D,
    AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D,
    GlobalMaxPooling2D, BatchNormalization)}


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.utils.clear_session()


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


def _plain(config):
    return json.loads(json.dumps(config))


def _kwargs(case):
    kwargs = dict(case["kwargs"])
    for key in ("kernel_size", "strides", "dilation_rate", "pool_size", "output_padding"):
        if isinstance(kwargs.get(key), list):
            kwargs[key] = tuple(kwargs[key])
    return kwargs


def run_golden_case(case, classes):
    """Build the layer like Keras did, load Keras's weights, compare output, weights and config."""
    layer = classes[case["class_name"]](**_kwargs(case), name=case["id"])
    x = _array(case["input"])
    if "weights" in case:
        layer(x)  # builds, recording the build shape as Keras's build() did
        layer.set_weights([_array(w) for w in case["weights"]])
    out = layer(x)
    want = _array(case["output"])
    assert out.shape == want.shape and out.dtype.name == want.dtype.name
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-5, atol=1e-5)
    assert [list(v.shape) for v in layer.weights] == case["weight_shapes"]
    assert [v.path for v in layer.weights] == case["weight_paths"]
    assert len(layer.trainable_weights) == case["trainable_count"]
    np.testing.assert_allclose([float(v) for v in layer.losses], case["losses"], rtol=1e-5)
    config = serialize_keras_object(layer)
    assert _plain(config) == case["config"]
    assert json.dumps(_plain(config)) == case["config_json"]  # same keys in the same order
    rebuilt = deserialize_keras_object(_plain(config), custom_objects=classes)
    assert type(rebuilt) is type(layer) and _plain(rebuilt.get_config()) == case["config"]["config"]
    rebuilt.set_weights(layer.get_weights())
    np.testing.assert_allclose(rebuilt(x).numpy(), out.numpy(), rtol=1e-6, atol=1e-7)
    return layer, x


def check_symbolic(case, classes):
    sym = case["symbolic"]
    y = classes[case["class_name"]](**_kwargs(case))(keras.Input(batch_shape=tuple(sym["input_shape"])))
    assert list(y.shape) == sym["output_shape"] and y.dtype == sym["output_dtype"]


# ---------------------------------------------------------------- golden cases
@pytest.mark.parametrize("case", GOLDEN["conv_cases"], ids=lambda c: c["id"])
def test_eager_output_weights_and_config_match_keras(case):
    run_golden_case(case, CLASSES)


@pytest.mark.parametrize("case", [c for c in GOLDEN["conv_cases"] if "symbolic" in c],
                         ids=lambda c: c["id"])
def test_symbolic_shapes_match_keras(case):
    check_symbolic(case, CLASSES)


def test_masked_global_average_pooling_matches_keras():
    rec = GOLDEN["masked"]
    layer = GlobalAveragePooling1D()
    out = layer(_array(rec["input"]), mask=np.array(rec["mask"]))
    np.testing.assert_allclose(out.numpy(), _array(rec["gap1d"]), rtol=1e-6)
    assert layer.compute_mask(None, np.array(rec["mask"])) is None


# ---------------------------------------------------------------- errors
def _called(layer, shape):
    return lambda: layer(np.zeros(shape, np.float32))


def _twice(layer, a, b):
    def run():
        layer(np.zeros(a, np.float32))
        layer(np.zeros(b, np.float32))
    return run


ERROR_CASES = {
    "conv_filters": lambda: Conv2D(0, 3),
    "conv_groups": lambda: Conv2D(4, 3, groups=0),
    "conv_groups_filters": lambda: Conv2D(3, 3, groups=2),
    "conv_kernel_zero": lambda: Conv2D(2, (0, 3)),
    "conv_strides_zero": lambda: Conv2D(2, 3, strides=(1, 0)),
    "conv_kernel_len": lambda: Conv2D(2, (3, 3, 3)),
    "conv_kernel_element": lambda: Conv2D(2, (3, "a")),
    "conv_data_format": lambda: Conv2D(2, 3, data_format="nhwc"),
    "conv_strides_dilation": lambda: Conv2D(2, 3, strides=2, dilation_rate=2),
    "conv_input_groups": _called(Conv2D(4, 3, groups=2), (1, 5, 5, 3)),
    "conv_too_small": _called(Conv2D(2, 5), (1, 3, 3, 1)),
    "conv_too_small_symbolic": lambda: Conv2D(2, 5)(keras.Input((3, 3, 1))),
    "depthwise_multiplier": lambda: DepthwiseConv2D(3, depth_multiplier=0),
    "separable_filters": lambda: SeparableConv2D(0, 3),
    "separable_multiplier": lambda: SeparableConv2D(2, 3, depth_multiplier=-1),
    "transpose_output_padding": lambda: Conv2DTranspose(2, 3, strides=2, output_padding=2),
    "transpose_strides_dilation": lambda: Conv2DTranspose(2, 3, strides=2, dilation_rate=2),
    "transpose_filters": lambda: Conv1DTranspose(-1, 3),
    "pool_size_zero": lambda: MaxPooling2D(0),
    "pool_size_len": lambda: AveragePooling2D((2, 2, 2)),
    "pool_too_small_symbolic": lambda: MaxPooling2D(3)(keras.Input((2, 2, 1))),
}
SPEC_CASES = {
    "conv_channels": _twice(Conv2D(2, 3), (1, 4, 4, 2), (1, 4, 4, 3)),
    "conv_rank": _called(Conv2D(2, 3), (2, 5, 5)),
    "conv1d_rank": _called(Conv1D(2, 3), (2, 5)),
    "pool_rank": _called(MaxPooling2D(), (2, 4, 4)),
    "global_pool_rank": _called(GlobalAveragePooling2D(), (2, 4, 4)),
}


def check_error(want, fn):
    with pytest.raises(Exception) as info:
        fn()
    assert type(info.value).__name__ == want["type"]
    # Keras wraps errors raised inside call() in "Exception encountered when calling ..."; the
    # message itself must be Keras's.
    assert str(info.value) in want["message"] and len(str(info.value)) > 30


def check_spec_error(want, fn):
    core = want["message"].split("incompatible with the layer: ")[1]
    with pytest.raises(ValueError, match="incompatible with the layer") as info:
        fn()
    assert core in str(info.value)


@pytest.mark.parametrize("key", sorted(ERROR_CASES))
def test_error_messages_match_keras(key):
    check_error(GOLDEN["errors"][key], ERROR_CASES[key])


@pytest.mark.parametrize("key", sorted(SPEC_CASES))
def test_input_spec_errors_match_keras(key):
    check_spec_error(GOLDEN["errors"][key], SPEC_CASES[key])


def test_padding_error_names_the_allowed_values():
    # Keras prints a Python set (unordered); the message is the same up to that order.
    with pytest.raises(ValueError, match=r"The `padding` argument must be a list/tuple or one of "
                                         r"\{'valid', 'same'\}. Received: full"):
        Conv2D(2, 3, padding="full")
    with pytest.raises(ValueError, match="causal"):
        Conv2D(2, 3, padding="causal")
    assert Conv1D(2, 3, padding="CAUSAL").padding == "causal"


# ---------------------------------------------------------------- gradients
_R = np.random.default_rng(11)


def _grad_check(layer, x_shape, weights=True):
    """Check d(layer(x))/dx and d/d(each weight) by finite differences, in float64."""
    x = _R.standard_normal(x_shape)
    layer(x)  # build
    variables = list(layer.trainable_weights) if weights else []
    names = [_attr_name(layer, v) for v in variables]
    values = [v.numpy() for v in variables]

    def forward(xt, *ws):
        saved = [getattr(layer, n) for n in names]
        for n, w in zip(names, ws):
            object.__setattr__(layer, n, w)  # the layer reads its weights by attribute
        try:
            return layer(xt)
        finally:
            for n, s in zip(names, saved):
                object.__setattr__(layer, n, s)
    if values:  # the swap really feeds the given weights in (else their gradients read as 0)
        moved = forward(tf.constant(x), *[tf.constant(v + 1.0) for v in values]).numpy()
        assert not np.allclose(moved, layer(x).numpy())
    check_gradients(forward, [x] + values)


def _attr_name(layer, variable):
    for name, value in vars(layer).items():
        if value is variable:
            return name
    raise AssertionError(f"{variable.path} is not an attribute of {layer.name}")


GRAD_CASES = {
    "conv2d": (lambda: Conv2D(2, 2, dtype="float64"), (1, 3, 4, 2)),
    "conv2d_same_strides_cf": (lambda: Conv2D(2, 3, strides=2, padding="same",
                                              data_format="channels_first", dtype="float64"),
                               (1, 2, 4, 3)),
    "conv2d_dilation": (lambda: Conv2D(2, 2, dilation_rate=2, dtype="float64"), (1, 4, 4, 1)),
    "conv2d_groups": (lambda: Conv2D(4, 2, groups=2, dtype="float64"), (1, 3, 3, 4)),
    "conv1d_causal": (lambda: Conv1D(2, 2, padding="causal", dtype="float64"), (2, 4, 2)),
    "conv1d_groups_cf": (lambda: Conv1D(2, 2, groups=2, data_format="channels_first",
                                        dtype="float64"), (1, 2, 4)),
    "depthwise2d": (lambda: DepthwiseConv2D(2, depth_multiplier=2, padding="same", dtype="float64"),
                    (1, 3, 3, 2)),
    "depthwise1d": (lambda: DepthwiseConv1D(2, strides=2, dtype="float64"), (1, 5, 2)),
    "separable2d": (lambda: SeparableConv2D(2, 2, dtype="float64"), (1, 3, 3, 2)),
    "separable1d": (lambda: SeparableConv1D(2, 2, data_format="channels_first", dtype="float64"),
                    (1, 2, 4)),
    "conv2d_transpose": (lambda: Conv2DTranspose(2, 2, strides=2, dtype="float64"), (1, 2, 2, 2)),
    "conv2d_transpose_same_cf": (lambda: Conv2DTranspose(2, 3, strides=2, padding="same",
                                                         data_format="channels_first",
                                                         dtype="float64"), (1, 2, 2, 2)),
    "conv1d_transpose": (lambda: Conv1DTranspose(2, 3, strides=2, output_padding=1, dtype="float64"),
                         (1, 3, 2)),
    "max_pool2d": (lambda: MaxPooling2D(2, strides=1, padding="same", dtype="float64"),
                   (1, 3, 3, 2)),
    "avg_pool2d_cf": (lambda: AveragePooling2D(2, padding="same", data_format="channels_first",
                                               dtype="float64"), (1, 2, 3, 3)),
    "max_pool1d": (lambda: MaxPooling1D(2, dtype="float64"), (2, 4, 2)),
    "avg_pool1d": (lambda: AveragePooling1D(3, strides=1, padding="same", dtype="float64"),
                   (1, 4, 2)),
    "gap1d": (lambda: GlobalAveragePooling1D(dtype="float64"), (2, 3, 2)),
    "gap2d_cf": (lambda: GlobalAveragePooling2D(data_format="channels_first", dtype="float64"),
                 (2, 2, 2, 3)),
    "gmp1d": (lambda: GlobalMaxPooling1D(dtype="float64"), (2, 3, 2)),
    "gmp2d": (lambda: GlobalMaxPooling2D(keepdims=True, dtype="float64"), (2, 2, 3, 2)),
}


@pytest.mark.parametrize("key", sorted(GRAD_CASES))
def test_gradients_wrt_inputs_and_weights(key):
    make, shape = GRAD_CASES[key]
    _grad_check(make(), shape)


# ---------------------------------------------------------------- behaviour
def test_integer_images_are_cast_and_weights_have_keras_layout():
    layer = Conv2D(4, (3, 2), groups=2)
    out = layer(np.arange(2 * 5 * 5 * 2, dtype=np.uint8).reshape(2, 5, 5, 2))
    assert out.dtype == tf.float32 and out.shape == (2, 3, 4, 4)
    assert tuple(layer.kernel.shape) == (3, 2, 1, 4) and layer.count_params() == 3 * 2 * 4 + 4
    sep = SeparableConv2D(5, 3, depth_multiplier=2)
    sep(np.zeros((1, 4, 4, 3), np.float32))
    assert [tuple(v.shape) for v in sep.weights] == [(3, 3, 3, 2), (1, 1, 6, 5), (5,)]
    tr = Conv2DTranspose(4, 3)
    tr(np.zeros((1, 4, 4, 3), np.float32))
    assert tuple(tr.kernel.shape) == (3, 3, 4, 3)


def test_activity_regularizer_key_order_and_loss():
    layer = Conv2D(2, 2, activity_regularizer="l2", kernel_regularizer="l1")
    config = layer.get_config()
    keys = list(config)
    assert keys[:4] == ["name", "trainable", "dtype", "activity_regularizer"]
    layer(np.ones((2, 3, 3, 1), np.float32))
    assert len(layer.losses) == 2


def test_conv_and_pool_replay_under_saessak_function():
    conv = Conv2D(3, 3, padding="same", activation="relu")
    conv1 = Conv1D(2, 2, padding="causal")
    pool = MaxPooling2D()
    avg = AveragePooling1D(2, padding="same")
    tconv = Conv2DTranspose(2, 2, strides=2)

    def step(x, s):
        h = pool(conv(x))
        return [h, tconv(h), avg(conv1(s)), GlobalAveragePooling2D()(h)]
    compiled = tf.function(step)
    for seed in (1, 2):
        rng = np.random.default_rng(seed)
        x = tf.constant(rng.standard_normal((2, 6, 6, 2)).astype(np.float32))
        s = tf.constant(rng.standard_normal((2, 5, 3)).astype(np.float32))
        for got, want in zip(compiled(x, s), step(x, s)):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6, atol=1e-7)


def test_small_cnn_with_batch_norm_trains_with_fit():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 8, 8, 1)).astype(np.float32)
    y = (x[:, :4].mean(axis=(1, 2, 3)) > x[:, 4:].mean(axis=(1, 2, 3))).astype(np.int64)
    bn = BatchNormalization()
    model = keras.Sequential([
        keras.Input((8, 8, 1)), Conv2D(8, 3, activation="relu"), bn, MaxPooling2D(),
        GlobalAveragePooling2D(), keras.layers.Dense(2, activation="softmax")])
    assert model.output_shape == (None, 2)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    before = model.evaluate(x, y, verbose=0)[0]
    hist = model.fit(x, y, epochs=4, batch_size=16, verbose=0).history["loss"]
    assert hist[-1] < hist[0] and model.evaluate(x, y, verbose=0)[0] < before
    # The moving statistics moved during fit (4 epochs x 4 steps of momentum 0.99) ...
    mean, var = bn.moving_mean.numpy(), bn.moving_variance.numpy()
    assert np.abs(mean).max() > 1e-3 and np.abs(var - 1).max() > 1e-3
    # ... and evaluation/prediction use them: the eval-mode output of BN is the affine map
    # gamma * (h - moving_mean) / sqrt(moving_variance + eps) + beta of its input.
    h = model.layers[0](x[:5])
    expected = (bn.gamma.numpy() * (h.numpy() - mean) / np.sqrt(var + bn.epsilon) + bn.beta.numpy())
    np.testing.assert_allclose(bn(h).numpy(), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(bn(h, training=False).numpy(), expected, rtol=1e-5, atol=1e-5)
    single = model.predict(x[:1], verbose=0)
    batch = model.predict(x[:8], verbose=0)
    np.testing.assert_allclose(single[0], batch[0], rtol=1e-5)  # no batch statistics at inference
    # The whole model round-trips through its config.
    from saessak.keras.saving.serialization import SafeModeScope  # noqa: PLC0415

    with SafeModeScope(False):
        clone = type(model).from_config(model.get_config(),
                                        custom_objects={**CLASSES, "Sequential": type(model)})
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5,
                               atol=1e-6)


# ---------------------------------------------------------------- the speed paths of the ops
# The conv/pool kernels have fast paths (blocks of images, one-channel im2col, tiled max
# pooling, the fused conv + bias + relu op) that the small shapes above barely reach; these
# tests force each path and compare it with the general one.


def _conv_and_grads(x, w, **kw):
    xt, wt = tf.constant(x), tf.constant(w)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([xt, wt])
        y = tf.nn.conv2d(xt, wt, **kw)
        loss = tf.reduce_sum(y * tf.constant(np.cos(np.arange(y.numpy().size)).reshape(y.shape)
                                             .astype(x.dtype)))
    return [y.numpy()] + [t.numpy() for t in tape.gradient(loss, [xt, wt])]


def _windows_reference(x, w, strides, padding, dilations):
    """Direct float64 sum over taps: y[n, h, w, o] = sum_ijc x[n, h*s + i*d, w*s + j*d, c] w[i, j, c, o]."""
    kh, kw, c, o = w.shape
    n, h, wd, _ = x.shape
    keff = [(kh - 1) * dilations + 1, (kw - 1) * dilations + 1]
    if padding == "SAME":
        outs = [-(-h // strides), -(-wd // strides)]
        pad = [max((outs[0] - 1) * strides + keff[0] - h, 0), max((outs[1] - 1) * strides + keff[1] - wd, 0)]
        x = np.pad(x, [(0, 0), (pad[0] // 2, pad[0] - pad[0] // 2), (pad[1] // 2, pad[1] - pad[1] // 2), (0, 0)])
    else:
        outs = [(h - keff[0]) // strides + 1, (wd - keff[1]) // strides + 1]
    y = np.zeros((n, outs[0], outs[1], o))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i * dilations:i * dilations + (outs[0] - 1) * strides + 1:strides,
                      j * dilations:j * dilations + (outs[1] - 1) * strides + 1:strides]
            y += patch.astype(np.float64) @ w[i, j].astype(np.float64)
    return y


@pytest.mark.parametrize("c, strides, padding, dilations, fmt", [
    (1, 1, "VALID", 1, "NHWC"), (1, 2, "SAME", 1, "NCHW"), (1, 1, "SAME", 2, "NHWC"),
    (3, 1, "VALID", 1, "NHWC"), (3, 2, "SAME", 1, "NCHW"), (4, 1, "SAME", 2, "NHWC"),
])
def test_blocked_and_one_channel_convolutions_match_the_direct_sum(monkeypatch, c, strides, padding,
                                                                   dilations, fmt):
    rng = np.random.default_rng(c * 10 + strides)
    x = rng.standard_normal((7, 9, 8, c)).astype(np.float32)
    w = rng.standard_normal((3, 2, c, 5)).astype(np.float32)
    want = _windows_reference(x, w, strides, padding, dilations)
    xin = np.ascontiguousarray(x.transpose(0, 3, 1, 2)) if fmt == "NCHW" else x
    kw = {"strides": strides, "padding": padding, "dilations": dilations, "data_format": fmt}
    whole = _conv_and_grads(xin, w, **kw)
    monkeypatch.setattr(_window, "BLOCK_BYTES", 1)  # one image per block
    blocked = _conv_and_grads(xin, w, **kw)
    got = whole[0].transpose(0, 2, 3, 1) if fmt == "NCHW" else whole[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    for a, b in zip(whole, blocked):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


def test_convolution_of_an_empty_batch():
    x = tf.zeros((0, 5, 5, 2))
    w = tf.ones((3, 3, 2, 4))
    with tf.GradientTape() as tape:
        tape.watch(w)
        y = tf.nn.conv2d(x, w, 1, "VALID")
        loss = tf.reduce_sum(y)
    assert y.shape == (0, 3, 3, 4)
    np.testing.assert_array_equal(tape.gradient(loss, w).numpy(), np.zeros((3, 3, 2, 4)))


@pytest.mark.parametrize("relu, fmt", [(False, "NHWC"), (True, "NHWC"), (True, "NCHW")])
def test_fused_conv_bias_relu_matches_the_unfused_ops_to_second_order(relu, fmt):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 4, 4, 2) if fmt == "NHWC" else (2, 2, 4, 4))
    w = rng.standard_normal((2, 2, 2, 3))
    b = rng.standard_normal(3)

    def fused(xt, wt, bt):
        return conv_ops.fused_conv2d_bias(xt, wt, bt, 1, "SAME", fmt, relu=relu)

    def plain(xt, wt, bt):
        y = tf.nn.bias_add(tf.nn.conv2d(xt, wt, 1, "SAME", data_format=fmt), bt, data_format=fmt)
        return tf.nn.relu(y) if relu else y
    args = [tf.constant(a) for a in (x, w, b)]
    np.testing.assert_allclose(fused(*args).numpy(), plain(*args).numpy(), rtol=1e-12, atol=1e-12)
    check_gradients(fused, [x, w, b])
    check_gradients(fused, [x, w, b], order=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="bias must have shape"):
        conv_ops.fused_conv2d_bias(args[0], args[1], tf.constant(np.ones(4)), 1, "SAME", fmt)


def _max_pool_both_paths(monkeypatch, x, ksize, channels_first):
    attrs = {"ksize": ksize, "strides": ksize, "pads": (0, 0, 0, 0), "channels_first": channels_first}
    y = pool_ops._max_pool_kernel(x, **attrs)
    g = np.random.default_rng(1).standard_normal(y.shape).astype(x.dtype)
    h = np.random.default_rng(2).standard_normal(x.shape).astype(x.dtype)
    fast = (pool_ops._max_pool_grad_kernel(x, y, g, **attrs),
            pool_ops._max_pool_grad_grad_kernel(x, y, h, **attrs))
    monkeypatch.setattr(pool_ops, "_tiled", lambda *a: False)  # the tap-by-tap general path
    general = (pool_ops._max_pool_grad_kernel(x, y, g, **attrs),
               pool_ops._max_pool_grad_grad_kernel(x, y, h, **attrs))
    return fast, general


@pytest.mark.parametrize("shape, ksize, channels_first", [
    ((2, 6, 6, 3), (2, 2), False), ((2, 7, 5, 3), (2, 2), False), ((1, 3, 7, 6), (3, 2), True),
    ((2, 4, 4, 1), (1, 2), False),
])
def test_tiled_max_pool_gradient_matches_the_general_path_with_ties(monkeypatch, shape, ksize,
                                                                    channels_first):
    # Small integers: many windows have tied maxima, which must all go to the first one.
    x = np.random.default_rng(0).integers(0, 3, shape).astype(np.float32)
    fast, general = _max_pool_both_paths(monkeypatch, x, ksize, channels_first)
    for a, b in zip(fast, general):
        np.testing.assert_array_equal(a, b)
    # Each window passes its gradient to exactly one position.
    nonzero = (fast[0] != 0).sum()
    assert nonzero <= np.prod(pool_ops._max_pool_kernel(
        x, ksize=ksize, strides=ksize, pads=(0, 0, 0, 0), channels_first=channels_first).shape)

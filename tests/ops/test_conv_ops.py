"""tf.nn convolution and pooling against naive loop references, TF literals and gradchecks.

The references below loop over every output position with TF's padding rule
(``SAME``: ``out = ceil(in / stride)``, the extra padding at the bottom/right).
Values marked "TF 2.21" were computed once with TensorFlow and pasted here.
"""

import math

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError

RNG = np.random.default_rng(0)


def _pads(size, k, s, d, padding):
    keff = (k - 1) * d + 1
    if padding == "VALID":
        return (size - keff) // s + 1, 0
    out = math.ceil(size / s)
    return out, max((out - 1) * s + keff - size, 0) // 2


def _patches(x, kh, kw, strides, dilations, padding, fill=0.0):
    """Yield (oh, ow, patch[KH, KW, C] with fill outside the input) per output position."""
    n, h, w, c = x.shape
    oh, top = _pads(h, kh, strides[0], dilations[0], padding)
    ow, left = _pads(w, kw, strides[1], dilations[1], padding)
    for i in range(oh):
        for j in range(ow):
            patch = np.full((n, kh, kw, c), fill, x.dtype)
            for a in range(kh):
                for b in range(kw):
                    r = i * strides[0] + a * dilations[0] - top
                    q = j * strides[1] + b * dilations[1] - left
                    if 0 <= r < h and 0 <= q < w:
                        patch[:, a, b] = x[:, r, q]
            yield i, j, oh, ow, patch


def naive_conv2d(x, w, strides=(1, 1), padding="VALID", dilations=(1, 1), depthwise=False):
    kh, kw, c, o = w.shape
    out = None
    for i, j, oh, ow, patch in _patches(x, kh, kw, strides, dilations, padding):
        if out is None:
            out = np.zeros((x.shape[0], oh, ow, c * o if depthwise else o))
        if depthwise:
            out[:, i, j] = np.einsum("nabc,abcm->ncm", patch, w).reshape(x.shape[0], -1)
        else:
            out[:, i, j] = np.einsum("nabc,abco->no", patch, w)
    return out


def naive_pool(x, k, s, padding, kind):
    out = None
    fill = -np.inf if kind == "max" else np.nan
    for i, j, oh, ow, patch in _patches(x, k[0], k[1], s, (1, 1), padding, fill):
        if out is None:
            out = np.zeros((x.shape[0], oh, ow, x.shape[3]))
        out[:, i, j] = patch.max((1, 2)) if kind == "max" else np.nanmean(patch, (1, 2))
    return out


CONFIGS = [  # (input shape, filter hw, strides, padding, dilations)
    ((2, 5, 6, 3), (3, 3), (1, 1), "VALID", (1, 1)),
    ((2, 5, 6, 3), (3, 3), (1, 1), "SAME", (1, 1)),
    ((1, 7, 6, 2), (3, 2), (2, 3), "SAME", (1, 1)),
    ((1, 7, 6, 2), (2, 3), (2, 2), "VALID", (1, 1)),
    ((1, 8, 7, 2), (3, 3), (1, 1), "SAME", (2, 2)),
    ((1, 8, 7, 2), (2, 3), (1, 1), "valid", (3, 1)),
    ((1, 9, 9, 1), (3, 3), (2, 2), "SAME", (2, 2)),
    ((1, 4, 4, 2), (4, 4), (3, 3), "SAME", (1, 1)),
]


# ---------------------------------------------------------------- conv2d forward
@pytest.mark.parametrize("shape,k,s,padding,d", CONFIGS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_matches_naive(shape, k, s, padding, d, dtype):
    x = RNG.normal(size=shape).astype(dtype)
    w = RNG.normal(size=k + (shape[3], 4)).astype(dtype)
    got = tf.nn.conv2d(x, w, s, padding, dilations=d)
    assert got.dtype == tf.as_dtype(dtype)
    want = naive_conv2d(x.astype(np.float64), w.astype(np.float64), s, padding.upper(), d)
    assert got.shape == want.shape
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5 if dtype == np.float32 else 1e-12,
                               atol=1e-5 if dtype == np.float32 else 1e-12)


def test_conv2d_tensorflow_values():
    x = np.sin(np.arange(40)).reshape(1, 5, 4, 2).astype(np.float32)
    w = np.cos(np.arange(12) * 0.7).reshape(2, 3, 2, 1).astype(np.float32)
    same = [[0.16793437, -0.10949251], [-0.80082625, 0.5517068], [3.1594164, -1.9201794]]
    valid = [[2.6838105, 2.8250005], [3.898434, -4.610274], [-3.8182547, -1.4834107]]  # TF 2.21
    np.testing.assert_allclose(tf.nn.conv2d(x, w, 2, "SAME").numpy()[0, ..., 0], same, rtol=1e-5)
    got = tf.nn.conv2d(x, w, 1, "VALID", dilations=[2, 1]).numpy()[0, ..., 0]
    np.testing.assert_allclose(got, valid, rtol=1e-5)


@pytest.mark.parametrize("size,k,s,d,padding,out", [
    (28, 3, 1, 1, "VALID", 26), (28, 3, 1, 1, "SAME", 28), (28, 3, 2, 1, "SAME", 14),
    (28, 3, 2, 1, "VALID", 13), (13, 3, 1, 2, "VALID", 9), (13, 3, 1, 2, "SAME", 13),
    (10, 4, 3, 1, "SAME", 4), (10, 4, 3, 1, "VALID", 3), (5, 5, 2, 1, "VALID", 1)])
def test_output_shapes(size, k, s, d, padding, out):
    y = tf.nn.conv2d(tf.ones([1, size, size + 1, 2]), tf.ones([k, k, 2, 3]), s, padding, dilations=d)
    want_w = math.ceil((size + 1) / s) if padding == "SAME" else (size + 1 - (k - 1) * d - 1) // s + 1
    assert y.shape == (1, out, want_w, 3)


def test_conv2d_argument_forms_agree():
    x, w = RNG.normal(size=(1, 6, 6, 2)), RNG.normal(size=(3, 3, 2, 2))
    ref = tf.nn.conv2d(x, w, 2, "SAME").numpy()
    for strides in ([2], [2, 2], [1, 2, 2, 1]):
        np.testing.assert_array_equal(tf.nn.conv2d(x, w, strides, "same").numpy(), ref)
    explicit = tf.nn.conv2d(x, w, 2, [[0, 0], [0, 1], [0, 1], [0, 0]]).numpy()
    np.testing.assert_allclose(explicit, ref, rtol=1e-12)  # SAME here pads (0, 1) each way


def test_conv2d_nchw_equals_nhwc():
    x, w = RNG.normal(size=(2, 5, 6, 3)), RNG.normal(size=(3, 2, 3, 4))
    nhwc = tf.nn.conv2d(x, w, [1, 2, 1, 1], "SAME").numpy()
    nchw = tf.nn.conv2d(x.transpose(0, 3, 1, 2), w, [1, 1, 2, 1], "SAME", data_format="NCHW")
    np.testing.assert_allclose(nchw.numpy(), nhwc.transpose(0, 3, 1, 2), rtol=1e-12)
    check_gradients(lambda a, b: tf.nn.conv2d(a, b, 2, "SAME", data_format="NCHW"),
                    [RNG.normal(size=(1, 2, 4, 3)), RNG.normal(size=(2, 2, 2, 2))])


# ---------------------------------------------------------------- conv2d gradients
@pytest.mark.parametrize("shape,k,s,padding,d", CONFIGS[:7])
def test_conv2d_gradcheck(shape, k, s, padding, d):
    x = RNG.normal(size=(1,) + shape[1:3] + (2,))
    w = RNG.normal(size=k + (2, 2))
    check_gradients(lambda a, b: tf.nn.conv2d(a, b, s, padding, dilations=d), [x, w])


@pytest.mark.parametrize("s,padding,d", [((1, 1), "SAME", (1, 1)), ((2, 1), "VALID", (1, 2))])
def test_conv2d_second_order(s, padding, d):
    # Exercises conv2d_backprop_input / _filter and their own VJPs.
    fn = lambda a, b: tf.square(tf.nn.conv2d(a, b, s, padding, dilations=d))  # noqa: E731
    check_gradients(fn, [RNG.normal(size=(1, 5, 4, 2)), RNG.normal(size=(2, 2, 2, 2))], order=2)


def test_conv2d_gradients_match_tensorflow_shapes_and_adjointness():
    # <conv(x, w), y> = <x, conv2d_transpose(y, w)>: the transpose is the adjoint.
    x, w = RNG.normal(size=(2, 7, 6, 3)), RNG.normal(size=(3, 3, 3, 4))
    y = RNG.normal(size=(2, 4, 3, 4))
    lhs = (tf.nn.conv2d(x, w, 2, "SAME").numpy() * y).sum()
    rhs = (x * tf.nn.conv2d_transpose(y, w, x.shape, 2, "SAME").numpy()).sum()
    np.testing.assert_allclose(lhs, rhs, rtol=1e-12)


# ---------------------------------------------------------------- other convolutions
def test_depthwise_conv2d():
    x, w = RNG.normal(size=(2, 6, 5, 3)), RNG.normal(size=(3, 2, 3, 2))
    got = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME")
    want = naive_conv2d(x, w, (2, 2), "SAME", depthwise=True)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
    fn = lambda a, b: tf.nn.depthwise_conv2d(a, b, [1, 1, 1, 1], "VALID")  # noqa: E731
    check_gradients(fn, [RNG.normal(size=(1, 4, 4, 2)), RNG.normal(size=(2, 2, 2, 2))])
    check_gradients(lambda a, b: tf.square(fn(a, b)),
                    [RNG.normal(size=(1, 3, 3, 2)), RNG.normal(size=(2, 2, 2, 1))], order=2)


@pytest.mark.parametrize("stride,padding,d", [(1, "VALID", 1), (2, "SAME", 1), (1, "SAME", 2)])
def test_conv1d(stride, padding, d):
    x, w = RNG.normal(size=(2, 9, 3)), RNG.normal(size=(3, 3, 4))
    got = tf.nn.conv1d(x, w, stride, padding, dilations=d)
    want = naive_conv2d(x[:, None], w[None], (1, stride), padding, (1, d))[:, 0]
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
    ncw = tf.nn.conv1d(x.transpose(0, 2, 1), w, stride, padding, "NCW", d).numpy()
    np.testing.assert_allclose(ncw, want.transpose(0, 2, 1), rtol=1e-12)
    check_gradients(lambda a, b: tf.nn.conv1d(a, b, stride, padding, dilations=d),
                    [RNG.normal(size=(1, 7, 2)), RNG.normal(size=(3, 2, 2))])


def test_conv2d_transpose():
    x = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)
    got = tf.nn.conv2d_transpose(x, tf.ones([3, 3, 1, 1]), [1, 4, 4, 1], 2, "SAME")
    want = [[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 6, 4], [2, 2, 5, 3]]  # TF 2.21
    np.testing.assert_array_equal(got.numpy()[0, ..., 0], want)
    fn = lambda a, b: tf.nn.conv2d_transpose(a, b, [1, 5, 4, 3], 2, "SAME")  # noqa: E731
    check_gradients(fn, [RNG.normal(size=(1, 3, 2, 2)), RNG.normal(size=(2, 3, 3, 2))])
    y = tf.nn.conv1d_transpose(RNG.normal(size=(1, 3, 2)), RNG.normal(size=(3, 4, 2)), [1, 6, 4], 2)
    assert y.shape == (1, 6, 4)
    with pytest.raises(InvalidArgumentError, match="output_shape=.*inconsistent with input"):
        tf.nn.conv2d_transpose(x, tf.ones([3, 3, 1, 1]), [1, 9, 9, 1], 2, "SAME")


def test_convolution_dispatches_on_rank():
    x, w = RNG.normal(size=(1, 5, 5, 2)), RNG.normal(size=(2, 2, 2, 3))
    np.testing.assert_array_equal(tf.nn.convolution(x, w).numpy(),
                                  tf.nn.conv2d(x, w, 1, "VALID").numpy())
    assert tf.nn.convolution(RNG.normal(size=(1, 5, 2)), RNG.normal(size=(2, 2, 3))).shape == (1, 4, 3)


# ---------------------------------------------------------------- pooling
POOLS = [((2, 2), (2, 2), "VALID"), ((3, 3), (2, 2), "SAME"), ((2, 3), (1, 2), "SAME"),
         ((3, 2), (3, 1), "VALID"), ((3, 3), (1, 1), "SAME")]


@pytest.mark.parametrize("k,s,padding", POOLS)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool_matches_naive(k, s, padding, kind):
    x = RNG.normal(size=(2, 7, 6, 3)).astype(np.float32)
    fn = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d
    got = fn(x, k, s, padding)
    want = naive_pool(x.astype(np.float64), k, s, padding, kind)
    assert got.shape == want.shape and got.dtype == tf.float32
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("k,s,padding", POOLS)
@pytest.mark.parametrize("fn", [tf.nn.max_pool2d, tf.nn.avg_pool2d])
def test_pool_gradcheck(k, s, padding, fn):
    x = RNG.permutation(60).reshape(1, 5, 4, 3) / 7.0  # distinct values: no ties to straddle
    check_gradients(lambda a: fn(a, k, s, padding), [x])
    check_gradients(lambda a: tf.square(fn(a, k, s, padding)), [x], order=2)


def test_pool_tensorflow_values_ties_and_same_averaging():
    x = np.array([[1, 3, 3, 0], [2, 3, 1, 3], [0, 1, 2, 2]], np.float32).reshape(1, 3, 4, 1)
    xt = tf.constant(x)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xt)
        mx = tf.nn.max_pool2d(xt, 2, 1, "SAME")
        av = tf.nn.avg_pool2d(xt, 3, 2, "SAME")
    # TF 2.21: ties send the gradient to the first maximum in each window.
    np.testing.assert_array_equal(mx.numpy()[0, ..., 0], [[3, 3, 3, 3], [3, 3, 3, 3], [1, 2, 2, 2]])
    np.testing.assert_array_equal(tape.gradient(mx, xt).numpy()[0, ..., 0],
                                  [[0, 2, 1, 0], [0, 2, 0, 3], [0, 1, 2, 1]])
    # TF 2.21: SAME windows average only the elements inside the input.
    np.testing.assert_allclose(av.numpy()[0, ..., 0], [[2.1666667, 1.75], [1.5, 2.0]], rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(av, xt).numpy()[0, ..., 0],
                               [[1 / 6, 1 / 6, 5 / 12, 1 / 4], [1 / 3, 1 / 3, 5 / 6, 1 / 2],
                                [1 / 6, 1 / 6, 5 / 12, 1 / 4]], rtol=1e-6)


def test_pool_1d_nchw_and_dispatch():
    x = RNG.normal(size=(2, 9, 3))
    want = naive_pool(x[:, None], (1, 3), (1, 2), "SAME", "max")[:, 0]
    np.testing.assert_array_equal(tf.nn.max_pool1d(x, 3, 2, "SAME").numpy(), want)
    np.testing.assert_array_equal(tf.nn.max_pool(x, 3, 2, "SAME").numpy(), want)
    want = naive_pool(x[:, None], (1, 2), (1, 2), "VALID", "avg")[:, 0]
    np.testing.assert_allclose(tf.nn.avg_pool1d(x, 2, 2, "VALID").numpy(), want, rtol=1e-12)
    x4 = RNG.normal(size=(1, 3, 5, 4))
    nchw = tf.nn.avg_pool(x4, 2, 2, "SAME", data_format="NCHW").numpy()
    nhwc = tf.nn.avg_pool2d(x4.transpose(0, 2, 3, 1), 2, 2, "SAME").numpy()
    np.testing.assert_allclose(nchw, nhwc.transpose(0, 3, 1, 2), rtol=1e-12)
    check_gradients(lambda a: tf.nn.max_pool1d(a, 2, 1, "VALID"),
                    [RNG.permutation(12).reshape(1, 4, 3) * 1.0])


# ---------------------------------------------------------------- errors
def test_conv2d_channel_mismatch_names_both_shapes():
    with pytest.raises(InvalidArgumentError,
                       match=r"conv2d: the input has 2 channels but the filters expect 1: input "
                             r"shape=\(1, 9, 9, 2\), filters shape=\(3, 3, 1, 1\)"):
        tf.nn.conv2d(tf.ones([1, 9, 9, 2]), tf.ones([3, 3, 1, 1]), 1, "SAME")


def test_argument_errors():
    x, w = tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 1])
    with pytest.raises(InvalidArgumentError, match="padding must be 'SAME' or 'VALID'.*'FULL'"):
        tf.nn.conv2d(x, w, 1, "FULL")
    with pytest.raises(InvalidArgumentError, match="rank 4.*shape=\\(4, 4\\)"):
        tf.nn.conv2d(tf.ones([4, 4]), w, 1, "SAME")
    with pytest.raises(InvalidArgumentError, match="does not fit .*size 4 with VALID"):
        tf.nn.conv2d(x, tf.ones([5, 5, 1, 1]), 1, "VALID")
    with pytest.raises(InvalidArgumentError, match="strides in the batch and channel"):
        tf.nn.conv2d(x, w, [2, 1, 1, 1], "SAME")
    with pytest.raises(InvalidArgumentError, match="strides must be positive"):
        tf.nn.conv2d(x, w, 0, "SAME")
    with pytest.raises(InvalidArgumentError, match="same dtype"):
        tf.nn.conv2d(x, tf.ones([3, 3, 1, 1], tf.float64), 1, "SAME")
    with pytest.raises(InvalidArgumentError, match="data_format must be one of"):
        tf.nn.conv2d(x, w, 1, "SAME", data_format="HWCN")
    with pytest.raises(InvalidArgumentError, match="max_pool2d: input must have rank 4"):
        tf.nn.max_pool2d(tf.ones([4, 4, 1]), 2, 2, "VALID")
    with pytest.raises(InvalidArgumentError, match="avg_pool2d: padding must be 'SAME' or 'VALID'"):
        tf.nn.avg_pool2d(x, 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])


# ---------------------------------------------------------------- saessak.function
def test_cnn_step_replays_like_eager():
    w1 = tf.Variable(RNG.normal(size=(3, 3, 1, 4)).astype(np.float32) * 0.3)
    w2 = tf.Variable(RNG.normal(size=(2, 2, 4, 3)).astype(np.float32) * 0.3)

    def step(x):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.nn.conv2d(x, w1, 1, "SAME"))
            h = tf.nn.max_pool2d(h, 2, 2, "VALID")
            h = tf.nn.avg_pool2d(tf.nn.conv2d(h, w2, 1, "VALID"), 2, 1, "SAME")
            loss = tf.reduce_sum(tf.square(h))
        return loss, tape.gradient(loss, [w1, w2])

    compiled = tf.function(step)
    for _ in range(3):
        x = tf.constant(RNG.normal(size=(2, 8, 8, 1)).astype(np.float32))
        (l1, g1), (l2, g2) = step(x), compiled(x)
        np.testing.assert_allclose(l2.numpy(), l1.numpy(), rtol=1e-6)
        for a, b in zip(g1, g2):
            np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-5)
    assert compiled.experimental_get_tracing_count() == 1

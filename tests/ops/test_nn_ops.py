"""tf.nn activations, softmax, losses on logits, dropout and normalization.

References are NumPy / ``math`` formulas; a few values were computed once with
TensorFlow 2.21 and are pasted as literals (marked "TF 2.21").
"""

import math

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError

RNG = np.random.default_rng(0)
SELU_A, SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
_erf = np.vectorize(math.erf)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


REFERENCES = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "selu": lambda x: SELU_S * np.where(x > 0, x, SELU_A * np.expm1(x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2))),
}


def _skew(shape):
    """A fixed non-uniform scale. Gradients of shift-invariant maps (softmax, cross-entropy
    in the logits) sum to zero along the class axis, which would blind the order-2 check
    (it differentiates the *sum* of the gradient); scaling the logits first avoids that."""
    return tf.constant(np.random.default_rng(1).uniform(0.5, 2.0, size=shape))


def _sq(fn):
    """fn squared: its backward pass feeds the op's VJP a gradient that depends on the input,
    so an order-2 check also covers the grad op's VJP with respect to that gradient."""
    return lambda *a: tf.square(fn(*a))


def _away_from_kinks(shape, kinks=(0.0, 6.0)):
    x = RNG.uniform(-3, 8, size=shape)
    for k in kinks:
        x = np.where(np.abs(x - k) < 0.1, x + 0.3, x)
    return x


# ---------------------------------------------------------------- activations
@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (7,), (2, 3, 4)])
def test_activation_forward(name, dtype, shape):
    x = RNG.uniform(-8, 8, size=shape).astype(dtype)
    got = getattr(tf.nn, name)(tf.constant(x))
    assert got.dtype == tf.as_dtype(dtype) and got.shape == shape
    want = REFERENCES[name](x.astype(np.float64))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6 if dtype == np.float32 else 1e-13,
                               atol=1e-7 if dtype == np.float32 else 1e-15)


def _grad(fn, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x).numpy()


def test_gradients_at_kinks_follow_tensorflow():
    # TF 2.21 on x = [-1, 0, 3, 6, 7]
    x = np.array([-1.0, 0.0, 3.0, 6.0, 7.0], np.float32)
    np.testing.assert_array_equal(_grad(tf.nn.relu, x), [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(_grad(tf.nn.relu6, x), [0, 0, 1, 0, 0])
    np.testing.assert_allclose(_grad(tf.nn.leaky_relu, x), [0.2, 0.2, 1, 1, 1])
    np.testing.assert_allclose(_grad(tf.nn.elu, x), [0.36787945, 1, 1, 1, 1], rtol=1e-6)
    np.testing.assert_allclose(_grad(tf.nn.selu, x), [0.64676857] + [1.050701] * 4, rtol=1e-6)
    np.testing.assert_allclose(_grad(tf.nn.gelu, x), [-0.08331549, 0.5, 1.0119456, 1, 1],
                               rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("fn", [
    tf.nn.relu, tf.nn.relu6, tf.nn.leaky_relu, tf.nn.elu, tf.nn.selu, tf.nn.softsign, tf.nn.silu,
    tf.nn.gelu, lambda x: tf.nn.gelu(x, approximate=True), lambda x: tf.nn.leaky_relu(x, 0.01),
    lambda x: tf.nn.silu(x, beta=0.5)], ids=lambda f: getattr(f, "__name__", "lambda"))
@pytest.mark.parametrize("order", [1, 2])
def test_activation_gradcheck(fn, order):
    check_gradients(fn if order == 1 else _sq(fn), [_away_from_kinks((2, 5))], order=order)


def test_silu_tensor_beta_gradient():
    check_gradients(lambda x, b: tf.nn.silu(x, beta=b), [RNG.normal(size=(4,)), np.array(1.3)])


def test_swish_is_silu():
    assert tf.nn.swish is tf.nn.silu


def test_relu_integers_and_leaky_relu_casts():
    assert tf.nn.relu(tf.constant([-2, 3])).numpy().tolist() == [0, 3]
    out = tf.nn.leaky_relu(tf.constant([-2, 3]))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), [-0.4, 3.0])


def test_activation_rejects_integers():
    with pytest.raises(InvalidArgumentError, match="elu: expected a floating input.*int32"):
        tf.nn.elu(tf.constant([1, 2]))


def test_gelu_exact_default_and_tensorflow_values():
    # TF 2.21, float64, approximate=False (the default)
    x = np.array([-3.0, -0.5, 0.1, 1.7])
    np.testing.assert_allclose(tf.nn.gelu(x).numpy(),
                               [-0.00404969, -0.15426877, 0.05398278, 1.62423871], atol=5e-9)
    approx = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    np.testing.assert_allclose(tf.nn.gelu(x, approximate=True).numpy(), approx, rtol=1e-14)


def test_erf_is_float64_accurate():
    from saessak.ops.nn_ops import erf

    x = np.concatenate([np.linspace(-7, 7, 20001), [0.4999999, 0.5, 0.5000001, 30.0, -30.0, 1e-300]])
    np.testing.assert_allclose(erf(x).numpy(), _erf(x), rtol=1e-15, atol=1e-16)
    edge = erf(np.array([np.inf, -np.inf, np.nan, -0.0])).numpy()
    assert edge[0] == 1 and edge[1] == -1 and np.isnan(edge[2]) and np.signbit(edge[3])
    check_gradients(erf, [RNG.normal(size=(5,))], order=2)


def test_log_sigmoid_is_stable():
    from saessak.ops.nn_ops import log_sigmoid

    x = np.array([-1000.0, -2.0, 0.0, 3.0, 1000.0])
    np.testing.assert_allclose(log_sigmoid(x).numpy(), -np.logaddexp(0, -x), rtol=1e-14)


# ---------------------------------------------------------------- softmax
def _np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [None, -1, 0, 1, -2])
def test_softmax_and_log_softmax_forward(axis):
    x = RNG.normal(size=(3, 4, 5)).astype(np.float32) * 5
    ax = -1 if axis is None else axis
    np.testing.assert_allclose(tf.nn.softmax(x, axis=axis).numpy(), _np_softmax(x, ax), rtol=1e-6)
    np.testing.assert_allclose(tf.nn.log_softmax(x, axis=axis).numpy(),
                               np.log(_np_softmax(x.astype(np.float64), ax)), rtol=1e-5, atol=1e-6)


def test_softmax_large_logits_stay_finite():
    x = np.array([[1e4, -1e4, 0.0], [3e38, 3e38, -3e38]], np.float32)
    p = tf.nn.softmax(x).numpy()
    np.testing.assert_allclose(p, [[1, 0, 0], [0.5, 0.5, 0]])
    lp = tf.nn.log_softmax(x).numpy()
    assert np.isfinite(lp[0]).all() and lp[0, 0] == 0 and lp[0, 1] == -2e4


@pytest.mark.parametrize("fn", [tf.nn.softmax, tf.nn.log_softmax])
@pytest.mark.parametrize("axis", [-1, 0])
@pytest.mark.parametrize("order", [1, 2])
def test_softmax_gradcheck(fn, axis, order):
    check_gradients(_sq(lambda x: fn(x * _skew((3, 4)), axis=axis)), [RNG.normal(size=(3, 4))],
                    order=order)


def test_softmax_errors():
    with pytest.raises(InvalidArgumentError, match="softmax: expected a floating input"):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match="softmax: logits must have rank >= 1"):
        tf.nn.softmax(tf.constant(1.0))
    with pytest.raises(InvalidArgumentError, match="axis=2 is out of range"):
        tf.nn.softmax(tf.ones([2, 2]), axis=2)


# ---------------------------------------------------------------- cross-entropies
def test_softmax_cross_entropy_forward_and_large_logits():
    labels = np.array([[0.1, 0.9, 0.0], [0.3, 0.3, 0.4]], np.float32)
    logits = np.array([[1e4, -1e4, 3.0], [-50.0, 20.0, 20.0]], np.float32)
    got = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
    np.testing.assert_allclose(got.numpy(), [18000.0, 21.69315], rtol=1e-6)  # TF 2.21
    x = RNG.normal(size=(4, 6))
    z = _np_softmax(RNG.normal(size=(4, 6)))
    want = -(z * np.log(_np_softmax(x))).sum(-1)
    np.testing.assert_allclose(tf.nn.softmax_cross_entropy_with_logits(z, x).numpy(), want,
                               rtol=1e-13)
    # axis=0 and broadcast labels
    np.testing.assert_allclose(
        tf.nn.softmax_cross_entropy_with_logits(z.T, x.T, axis=0).numpy(), want, rtol=1e-13)
    one = tf.nn.softmax_cross_entropy_with_logits(z[:1], x).numpy()
    np.testing.assert_allclose(one, -(z[:1] * np.log(_np_softmax(x))).sum(-1), rtol=1e-13)


def test_softmax_cross_entropy_gradients_are_finite_for_large_logits():
    logits = tf.constant([[1e4, -1e4, 3.0]])
    labels = tf.constant([[0.0, 1.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
    np.testing.assert_allclose(tape.gradient(loss, logits).numpy(), [[1, -1, 0]])


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_cross_entropy_gradcheck(order, axis):
    # Gradients reach both the logits and the (probability) labels, as in TF 2.
    fn = _sq(lambda z, x: tf.nn.softmax_cross_entropy_with_logits(z, x * _skew((3, 4)), axis=axis))
    check_gradients(fn, [_np_softmax(RNG.normal(size=(3, 4)), axis), RNG.normal(size=(3, 4))],
                    order=order)


@pytest.mark.parametrize("order", [1, 2])
def test_sparse_softmax_cross_entropy(order):
    labels = np.array([[0, 3], [2, 1]], np.int64)
    x = RNG.normal(size=(2, 2, 4))
    got = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, x).numpy()
    want = -np.log(np.take_along_axis(_np_softmax(x), labels[..., None], -1))[..., 0]
    np.testing.assert_allclose(got, want, rtol=1e-13)
    check_gradients(_sq(lambda t: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels, t * _skew(x.shape))), [x], order=order)


def test_sparse_softmax_cross_entropy_large_logits_and_errors():
    got = tf.nn.sparse_softmax_cross_entropy_with_logits(
        tf.constant([0, 2]), tf.constant([[1e4, -1e4, 3.0], [-50.0, 20.0, 20.0]]))
    np.testing.assert_allclose(got.numpy(), [0.0, 0.6931472], rtol=1e-6)  # TF 2.21
    assert got.dtype == tf.float32
    with pytest.raises(InvalidArgumentError, match=r"label value of 3 .*range of \[0, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([3], [[1.0, 2.0, 3.0]])
    with pytest.raises(InvalidArgumentError, match=r"shape of labels \(received \(2,\)\).*\(1, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1], [[1.0, 2.0, 3.0]])
    with pytest.raises(InvalidArgumentError, match="labels must be integer class ids"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([0.0], [[1.0, 2.0]])


def test_softmax_cross_entropy_errors():
    with pytest.raises(InvalidArgumentError, match="must be broadcastable.*sparse_softmax"):
        tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0, 1.0]], [[1.0, 2.0]])
    with pytest.raises(InvalidArgumentError, match="same dtype"):
        tf.nn.softmax_cross_entropy_with_logits(tf.constant([[1.0]], tf.float64), tf.constant([[1.0]]))


def test_sigmoid_cross_entropy():
    got = tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 0.5], logits=[-1e4, -1e4, 30.0])
    np.testing.assert_allclose(got.numpy(), [0.0, 1e4, 15.0])  # TF 2.21
    z, x = RNG.uniform(size=(3, 4)), RNG.normal(size=(3, 4)) * 3
    want = -z * np.log(_sigmoid(x)) - (1 - z) * np.log(1 - _sigmoid(x))
    np.testing.assert_allclose(tf.nn.sigmoid_cross_entropy_with_logits(z, x).numpy(), want,
                               rtol=1e-12)
    for order in (1, 2):
        check_gradients(_sq(tf.nn.sigmoid_cross_entropy_with_logits), [z, x], order=order)
    with pytest.raises(InvalidArgumentError, match=r"same shape, received \(\(2,\) vs \(3,\)\)"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 1.0], logits=[1.0, 2.0])


def test_weighted_cross_entropy():
    z, x = RNG.uniform(size=(5,)), RNG.normal(size=(5,)) * 3
    want = -2.5 * z * np.log(_sigmoid(x)) - (1 - z) * np.log(1 - _sigmoid(x))
    got = tf.nn.weighted_cross_entropy_with_logits(z, x, 2.5).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12)
    check_gradients(lambda a, b: tf.nn.weighted_cross_entropy_with_logits(a, b, 2.5), [z, x])


# ---------------------------------------------------------------- dropout
def test_dropout_statistics_and_scaling():
    x = tf.ones([200, 100])
    y = tf.nn.dropout(x, rate=0.3, seed=1).numpy()
    kept = y != 0
    assert abs(1 - kept.mean() - 0.3) < 0.015
    np.testing.assert_allclose(y[kept], 1 / 0.7, rtol=1e-6)
    assert y.dtype == np.float32


def test_dropout_rate_zero_is_identity_and_rate_errors():
    x = tf.constant([1.0, 2.0])
    assert tf.nn.dropout(x, 0.0) is x
    for rate in (1.0, -0.1, 1.5):
        with pytest.raises(InvalidArgumentError, match=r"dropout: rate must be .*\[0, 1\)"):
            tf.nn.dropout(x, rate)
    with pytest.raises(InvalidArgumentError, match="dropout: x must be a floating"):
        tf.nn.dropout(tf.constant([1, 2]), 0.5)
    with pytest.raises(InvalidArgumentError, match="noise_shape=.*not broadcastable"):
        tf.nn.dropout(tf.ones([2, 3]), 0.5, noise_shape=[2, 2])


def test_dropout_noise_shape_and_tensor_rate():
    y = tf.nn.dropout(tf.ones([50, 8]), rate=tf.constant(0.5), noise_shape=[1, 8], seed=3).numpy()
    assert (y == y[:1]).all()  # one decision per column
    assert set(np.unique(y)) <= {0.0, 2.0}
    y = tf.nn.dropout(tf.ones([4, 6]), 0.5, noise_shape=[None, 1]).numpy()
    assert (y == y[:, :1]).all()


def test_dropout_seeding_repeats():
    tf.random.set_seed(5)
    a = tf.nn.dropout(tf.ones([64]), 0.5, seed=2).numpy()
    tf.random.set_seed(5)
    b = tf.nn.dropout(tf.ones([64]), 0.5, seed=2).numpy()
    np.testing.assert_array_equal(a, b)


def test_dropout_gradient_reuses_the_forward_mask():
    x = tf.constant(RNG.normal(size=(6, 7)) + 3)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.dropout(x, 0.5)
    g = tape.gradient(y, x).numpy()
    np.testing.assert_allclose(g, y.numpy() / x.numpy(), rtol=1e-12)
    assert set(np.unique(g)) == {0.0, 2.0}


def test_dropout_draws_a_fresh_mask_on_each_replay():
    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.dropout(x, 0.5)
        return y, tape.gradient(y, x)

    x = tf.ones([256])
    outs = [step(x) for _ in range(3)]
    assert step.experimental_get_tracing_count() == 1
    masks = [y.numpy() for y, _ in outs]
    assert not np.array_equal(masks[1], masks[2]) and not np.array_equal(masks[0], masks[1])
    for y, g in outs:  # the backward pass used the mask of its own forward pass
        np.testing.assert_array_equal(g.numpy(), y.numpy())


# ---------------------------------------------------------------- normalization
def test_l2_loss():
    out = tf.nn.l2_loss(tf.constant([1.0, 2.0]))
    assert out.shape == () and out.dtype == tf.float32 and out.numpy() == 2.5
    check_gradients(tf.nn.l2_loss, [RNG.normal(size=(2, 3))], order=2)


@pytest.mark.parametrize("axes,keepdims", [([0], False), ([0, 2], True), ([-1], False), (1, True)])
def test_moments(axes, keepdims):
    x = RNG.normal(size=(3, 4, 5))
    mean, var = tf.nn.moments(tf.constant(x), axes, keepdims=keepdims)
    ax = tuple(np.atleast_1d(axes))
    np.testing.assert_allclose(mean.numpy(), x.mean(ax, keepdims=keepdims), rtol=1e-12)
    np.testing.assert_allclose(var.numpy(), x.var(ax, keepdims=keepdims), rtol=1e-12)
    check_gradients(lambda t: tf.stack([tf.reduce_sum(m) for m in tf.nn.moments(t, axes)]), [x])


def test_moments_float16_and_float32_values():
    mean, var = tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), [0])  # TF 2.21
    np.testing.assert_allclose(mean.numpy(), [2.0, 3.5])
    np.testing.assert_allclose(var.numpy(), [1.0, 2.25])
    m16, v16 = tf.nn.moments(tf.constant([1.0, 2.0, 4.0], tf.float16), [0])
    assert m16.dtype == tf.float16 and v16.dtype == tf.float16
    np.testing.assert_allclose(v16.numpy(), np.var([1.0, 2.0, 4.0]), rtol=1e-3)


def test_batch_normalization():
    x, m, v = RNG.normal(size=(4, 3)), RNG.normal(size=(3,)), RNG.uniform(0.5, 2, size=(3,))
    beta, gamma = RNG.normal(size=(3,)), RNG.normal(size=(3,))
    got = tf.nn.batch_normalization(x, m, v, beta, gamma, 1e-3).numpy()
    np.testing.assert_allclose(got, (x - m) / np.sqrt(v + 1e-3) * gamma + beta, rtol=1e-12)
    plain = tf.nn.batch_normalization(x, m, v, None, None, 1e-3).numpy()
    np.testing.assert_allclose(plain, (x - m) / np.sqrt(v + 1e-3), rtol=1e-12)
    check_gradients(lambda *a: tf.nn.batch_normalization(*a, 1e-3), [x, m, v, beta, gamma])


def test_bias_add():
    x, b = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(4,))
    np.testing.assert_allclose(tf.nn.bias_add(x, b).numpy(), x + b)
    bc = RNG.normal(size=(3,))
    np.testing.assert_allclose(tf.nn.bias_add(x, bc, data_format="NCHW").numpy(),
                               x + bc[:, None])
    check_gradients(tf.nn.bias_add, [x, b])
    with pytest.raises(InvalidArgumentError, match=r"bias_add: must provide as many biases.*"
                                                   r"\(2,\).*\(2, 3\)"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([2]))


@pytest.mark.parametrize("axis", [None, 0, -1, [0, 1]])
def test_l2_normalize(axis):
    x = RNG.normal(size=(3, 4))
    ax = None if axis is None else tuple(np.atleast_1d(axis))
    want = x / np.sqrt(np.maximum((x * x).sum(axis=ax, keepdims=True), 1e-12))
    np.testing.assert_allclose(tf.nn.l2_normalize(x, axis=axis).numpy(), want, rtol=1e-12)
    check_gradients(lambda t: tf.nn.l2_normalize(t, axis=axis), [x], order=2)
    assert (tf.nn.l2_normalize(tf.zeros([3])).numpy() == 0).all()


# ---------------------------------------------------------------- saessak.function
def test_classifier_step_replays_like_eager():
    w = tf.Variable(RNG.normal(size=(5, 3)).astype(np.float32))

    def step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.matmul(tf.nn.gelu(x), w)
            loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
            loss = loss + tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(
                tf.nn.softmax(logits), tf.nn.log_softmax(tf.nn.elu(logits))))
        return loss, tape.gradient(loss, w)

    compiled = tf.function(step)
    for _ in range(3):
        x = tf.constant(RNG.normal(size=(4, 5)).astype(np.float32))
        y = tf.constant(RNG.integers(0, 3, size=4))
        (l1, g1), (l2, g2) = step(x, y), compiled(x, y)
        np.testing.assert_allclose(l2.numpy(), l1.numpy(), rtol=1e-6)
        np.testing.assert_allclose(g2.numpy(), g1.numpy(), rtol=1e-5)
    assert compiled.experimental_get_tracing_count() == 1


def test_softmax_row_shift_equals_max_with_nan_inf_and_empty_rows():
    from saessak.ops.softmax_ops import _max_along

    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 5)).astype(np.float32)
    x[1, 3] = np.nan
    x[2] = -np.inf
    x[3, 0] = np.inf
    x[4, 1:] = x[4, 0]  # ties
    for a in (x, x[:0], x[:, :1], x.astype(np.float64)):
        got, want = _max_along(a, 1), a.max(axis=1, keepdims=True)
        np.testing.assert_array_equal(got, want)
        assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(_max_along(x, 0), x.max(axis=0, keepdims=True))


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint8", "uint64"])
def test_sparse_cross_entropy_rejects_labels_out_of_range_in_every_int_dtype(dtype):
    logits = tf.constant(np.zeros((3, 4), np.float32))
    ok = np.array([0, 3, 1], dtype)
    assert tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ok, logits=logits).shape == (3,)
    bad = [np.array([0, 4, 1], dtype)]
    if np.dtype(dtype).kind == "i":
        bad.append(np.array([0, -1, 1], dtype))
    for labels in bad:
        with pytest.raises(tf.errors.InvalidArgumentError, match="outside the valid range"):
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)

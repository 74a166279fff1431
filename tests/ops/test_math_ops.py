"""Elementwise math ops: forward against NumPy, numerical gradients, dtype rules."""

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError

rng = np.random.default_rng(0)


def pos(*shape):
    return rng.uniform(0.5, 2.0, shape)


def anyv(*shape):
    return rng.uniform(-2.0, 2.0, shape)


# name -> (saessak fn, numpy reference, input maker)
UNARY = {
    "negative": (tf.negative, np.negative, anyv),
    "square": (tf.square, np.square, anyv),
    "sqrt": (tf.sqrt, np.sqrt, pos),
    "rsqrt": (tf.math.rsqrt, lambda x: 1 / np.sqrt(x), pos),
    "exp": (tf.exp, np.exp, anyv),
    "expm1": (tf.math.expm1, np.expm1, anyv),
    "log": (tf.math.log, np.log, pos),
    "log1p": (tf.math.log1p, np.log1p, pos),
    "reciprocal": (tf.math.reciprocal, lambda x: 1 / x, pos),
    "abs": (tf.abs, np.abs, anyv),
    "sin": (tf.sin, np.sin, anyv),
    "cos": (tf.cos, np.cos, anyv),
    "tan": (tf.math.tan, np.tan, lambda *s: rng.uniform(-1, 1, s)),
    "tanh": (tf.tanh, np.tanh, anyv),
    "sigmoid": (tf.sigmoid, lambda x: 1 / (1 + np.exp(-x)), anyv),
    "softplus": (tf.math.softplus, lambda x: np.log1p(np.exp(x)), anyv),
}

BINARY = {
    "add": (tf.add, np.add, anyv, anyv),
    "subtract": (tf.subtract, np.subtract, anyv, anyv),
    "multiply": (tf.multiply, np.multiply, anyv, anyv),
    "divide": (tf.divide, np.divide, anyv, pos),
    "divide_no_nan": (tf.math.divide_no_nan, np.divide, anyv, pos),
    "pow": (tf.pow, np.power, pos, anyv),
    "maximum": (tf.maximum, np.maximum, anyv, anyv),
    "minimum": (tf.minimum, np.minimum, anyv, anyv),
    "squared_difference": (tf.math.squared_difference, lambda a, b: (a - b) ** 2, anyv, anyv),
    "floormod": (tf.math.floormod, np.mod, pos, pos),
}

SHAPES = [((), ()), ((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 2))]


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_forward_float32(name):
    fn, ref, make = UNARY[name]
    x = make(2, 3).astype(np.float32)
    np.testing.assert_allclose(fn(x).numpy(), ref(x.astype(np.float64)), rtol=1e-6, atol=1e-7)
    assert fn(tf.constant(x)).dtype == tf.float32


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("order", [1, 2])
def test_unary_gradients(name, order):
    fn, _, make = UNARY[name]
    check_gradients(fn, [make(2, 3)], order=order)


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_binary_forward_and_gradient(name, shapes):
    fn, ref, mx, my = BINARY[name]
    a, b = mx(*shapes[0]), my(*shapes[1])
    np.testing.assert_allclose(fn(a.astype(np.float32), b.astype(np.float32)).numpy(),
                               ref(a, b).astype(np.float32), rtol=1e-6, atol=1e-6)
    if name == "floormod":
        return  # gradient checked separately away from the discontinuities
    check_gradients(fn, [a, b], order=1)


@pytest.mark.parametrize("name", ["add", "multiply", "divide", "divide_no_nan", "pow", "maximum"])
def test_binary_second_order(name):
    fn, _, mx, my = BINARY[name]
    check_gradients(fn, [mx(2, 3), my(3)], order=2)


def test_divide_no_nan_is_zero_where_the_divisor_is_zero():
    x = tf.Variable([[1.0, -2.0, 0.0], [3.0, 4.0, 5.0]])
    y = tf.Variable([0.0, 2.0, 0.0])
    with tf.GradientTape() as tape:
        z = tf.math.divide_no_nan(x, y)
        loss = tf.reduce_sum(z * z)
    assert z.numpy().tolist() == [[0.0, -1.0, 0.0], [0.0, 2.0, 0.0]]
    gx, gy = tape.gradient(loss, [x, y])
    # d(x/y)^2/dx = 2x/y^2, d/dy = -2x^2/y^3 (summed over rows); 0 where y == 0, never nan
    np.testing.assert_allclose(gx.numpy(), [[0.0, -1.0, 0.0], [0.0, 2.0, 0.0]])
    np.testing.assert_allclose(gy.numpy(), [0.0, -(2 * 4 / 8 + 2 * 16 / 8), 0.0])
    for a, b in [(1.0, 0.0), (3.0, 7.0), (1e30, 1e-30), (np.nan, 2.0)]:  # scalars: same as arrays
        scalar = tf.math.divide_no_nan(np.float32(a), np.float32(b)).numpy()
        vector = tf.math.divide_no_nan(np.float32([a]), np.float32([b])).numpy()
        np.testing.assert_array_equal(scalar, vector[0])
    with pytest.raises(InvalidArgumentError, match="divide_no_nan"):
        tf.math.divide_no_nan(tf.constant([1]), tf.constant([0]))


def test_floormod_gradient_away_from_jumps():
    check_gradients(tf.math.floormod, [np.array([2.3, 5.5]), np.array([1.1, 2.0])])


def test_maximum_ties_send_gradient_to_x():
    x, y = tf.Variable([1.0, 2.0]), tf.Variable([1.0, 3.0])
    with tf.GradientTape() as tape:
        z = tf.reduce_sum(tf.maximum(x, y))
    gx, gy = tape.gradient(z, [x, y])
    assert gx.numpy().tolist() == [1.0, 0.0] and gy.numpy().tolist() == [0.0, 1.0]


def test_where_clip_cast():
    c = tf.constant([True, False, True])
    x, y = tf.constant([1.0, 2.0, 3.0]), tf.constant([9.0, 9.0, 9.0])
    assert tf.where(c, x, y).numpy().tolist() == [1.0, 9.0, 3.0]
    assert tf.where(c).numpy().tolist() == [[0], [2]] and tf.where(c).dtype == tf.int64
    check_gradients(lambda a, b: tf.where(c, a, b), [anyv(3), anyv(3)])
    assert tf.clip_by_value(x, 1.5, 2.5).numpy().tolist() == [1.5, 2.0, 2.5]
    check_gradients(lambda a: tf.clip_by_value(a, -0.5, 0.5), [np.array([-1.0, 0.1, 0.7, -0.2])])
    assert tf.cast(tf.constant([1.7, -1.7]), tf.int32).numpy().tolist() == [1, -1]
    check_gradients(lambda a: tf.cast(tf.cast(a, tf.float32), tf.float64) * 2, [anyv(3)], eps=1e-3, atol=1e-3)
    v = tf.Variable(1.5)
    with tf.GradientTape() as tape:
        i = tf.cast(v, tf.int32)
    assert tape.gradient(i, v) is None


def test_integer_semantics():
    a, b = tf.constant([7, -7]), tf.constant([2, 2])
    assert tf.math.floordiv(a, b).numpy().tolist() == [3, -4]
    assert tf.math.floormod(a, b).numpy().tolist() == [1, 1]
    assert tf.divide(a, b).dtype == tf.float64
    assert tf.pow(tf.constant(2), 3).numpy() == 8
    with pytest.raises(InvalidArgumentError, match="negative integer powers"):
        tf.pow(tf.constant(2), -1)


def test_comparisons_and_logic():
    a = tf.constant([1, 2, 3])
    assert tf.equal(a, 2).numpy().tolist() == [False, True, False]
    assert tf.greater_equal(a, 2).dtype == tf.bool
    assert tf.logical_xor(a > 1, a > 2).numpy().tolist() == [False, True, False]
    with pytest.raises(InvalidArgumentError, match="bool"):
        tf.logical_and(a, a)


def test_float_only_ops_reject_ints():
    with pytest.raises(InvalidArgumentError, match="sqrt.*floating.*int32"):
        tf.sqrt(tf.constant(4))


def test_division_by_zero_is_silent_inf():
    with np.errstate(all="raise"):
        assert np.isinf(tf.divide(tf.constant(1.0), 0.0).numpy())
        assert np.isneginf(tf.math.log(tf.constant(0.0)).numpy())


def test_sigmoid_is_stable_for_large_inputs():
    out = tf.sigmoid(tf.constant([-1000.0, 1000.0])).numpy()
    assert out.tolist() == [0.0, 1.0]


def test_ops_replay_inside_function():
    f = tf.function(lambda x, y: tf.maximum(tf.exp(x) / y, tf.sqrt(y)))
    for _ in range(3):
        x, y = anyv(4).astype(np.float32), pos(4).astype(np.float32)
        eager = tf.maximum(tf.exp(x) / y, tf.sqrt(y))
        np.testing.assert_array_equal(f(x, y).numpy(), eager.numpy())
    assert f.experimental_get_tracing_count() == 1

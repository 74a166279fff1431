"""tf.random: shapes, dtypes, distributions, seeding semantics, replay inside saessak.function."""

import subprocess
import sys

import numpy as np
import pytest

import saessak as tf
from saessak.backend import rng
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError


# ---------------------------------------------------------------- shapes and dtypes
@pytest.mark.parametrize("fn", [tf.random.normal, tf.random.uniform, tf.random.truncated_normal])
@pytest.mark.parametrize("shape", [[], [0], [3], (2, 3), tf.TensorShape([2, 1, 4]),
                                   tf.constant([2, 3]), np.array([4], np.int64)])
def test_shapes_and_default_dtype(fn, shape):
    out = fn(shape)
    expected = tuple(int(d) for d in (shape.as_list() if isinstance(shape, tf.TensorShape)
                                      else np.asarray(shape).reshape(-1)))
    assert out.shape == expected
    assert out.dtype == tf.float32
    assert out.numpy().dtype == np.float32


@pytest.mark.parametrize("fn", [tf.random.normal, tf.random.uniform, tf.random.truncated_normal])
@pytest.mark.parametrize("dtype", [tf.float16, tf.float64, "float64"])
def test_float_dtypes(fn, dtype):
    out = fn([5], dtype=dtype)
    assert out.dtype == tf.as_dtype(dtype)


def test_normal_matches_numpy_reference():
    # Float32 draws straight from the op's stream, then stddev * z + mean in float32.
    tf.random.set_seed(3)
    got = tf.random.normal([5, 2], mean=1.5, stddev=2.0, seed=7).numpy()
    tf.random.set_seed(3)
    z = rng.generator(7).standard_normal((5, 2), dtype=np.float32)
    np.testing.assert_allclose(got, z * np.float32(2) + np.float32(1.5), rtol=1e-6)


def test_uniform_matches_numpy_reference():
    tf.random.set_seed(3)
    got = tf.random.uniform([4], minval=-1.0, maxval=3.0).numpy()
    tf.random.set_seed(3)
    z = rng.generator(None).random((4,), dtype=np.float32)
    np.testing.assert_allclose(got, z * np.float32(4) - np.float32(1), rtol=1e-6)


# ---------------------------------------------------------------- distributions
def test_normal_statistics():
    x = tf.random.normal([20000], mean=3.0, stddev=0.5, seed=1).numpy()
    assert abs(x.mean() - 3.0) < 0.02
    assert abs(x.std() - 0.5) < 0.02


def test_truncated_normal_bounds_and_spread():
    x = tf.random.truncated_normal([20000], mean=-1.0, stddev=2.0, seed=2).numpy()
    assert x.min() >= -5.0 and x.max() <= 3.0
    # A normal cut at +-2 sigma has standard deviation ~0.8796 sigma.
    assert abs(x.std() - 0.8796 * 2.0) < 0.05


def test_uniform_float_range():
    x = tf.random.uniform([10000], minval=2.0, maxval=5.0, seed=3).numpy()
    assert x.min() >= 2.0 and x.max() < 5.0
    assert abs(x.mean() - 3.5) < 0.05
    y = tf.random.uniform([1000]).numpy()
    assert y.min() >= 0.0 and y.max() < 1.0


@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_uniform_int(dtype):
    x = tf.random.uniform([5000], minval=-3, maxval=4, dtype=dtype, seed=4)
    assert x.dtype == dtype
    values = x.numpy()
    assert set(np.unique(values).tolist()) == set(range(-3, 4))


def test_uniform_int_tensor_bounds():
    x = tf.random.uniform([100], minval=tf.constant(5), maxval=tf.constant(7), dtype=tf.int32)
    assert set(np.unique(x.numpy()).tolist()) <= {5, 6}


def test_uniform_with_tensor_bounds_broadcasts():
    lo = tf.constant([0.0, 10.0])
    x = tf.random.uniform([3, 2], minval=lo, maxval=lo + 1.0).numpy()
    assert x.shape == (3, 2)
    assert (x[:, 0] < 1).all() and (x[:, 1] >= 10).all() and (x[:, 1] < 11).all()


def test_shuffle_permutes_first_axis():
    value = tf.reshape(tf.range(12), [6, 2])
    out = tf.random.shuffle(value, seed=5).numpy()
    assert out.shape == (6, 2) and out.dtype == np.int32
    rows = sorted(map(tuple, out.tolist()))
    assert rows == [(2 * i, 2 * i + 1) for i in range(6)]
    assert tf.random.shuffle(tf.constant(3.0)).numpy() == 3.0
    assert tf.random.shuffle([1, 2, 3]).shape == (3,)


def test_categorical():
    logits = tf.constant([[0.0, float("-inf"), 0.0], [5.0, -5.0, -5.0]])
    out = tf.random.categorical(logits, 4000, seed=6)
    assert out.shape == (2, 4000) and out.dtype == tf.int64
    values = out.numpy()
    assert 1 not in values[0]  # probability zero is never drawn
    assert abs((values[0] == 0).mean() - 0.5) < 0.04
    assert (values[1] == 0).mean() > 0.99
    assert tf.random.categorical(logits, 3, dtype=tf.int32).dtype == tf.int32
    assert tf.random.categorical(logits, 0).shape == (2, 0)


def test_gamma_and_poisson():
    g = tf.random.gamma([4000], [1.0, 4.0], beta=[1.0, 2.0], seed=7)
    assert g.shape == (4000, 2) and g.dtype == tf.float32
    np.testing.assert_allclose(g.numpy().mean(axis=0), [1.0, 2.0], rtol=0.08)
    p = tf.random.poisson([4000], [2.0, 9.0], dtype=tf.int32, seed=8)
    assert p.shape == (4000, 2) and p.dtype == tf.int32
    np.testing.assert_allclose(p.numpy().mean(axis=0), [2.0, 9.0], rtol=0.08)


# ---------------------------------------------------------------- seeding
def test_set_seed_repeats_global_stream():
    tf.random.set_seed(11)
    a, b = tf.random.normal([3]).numpy(), tf.random.normal([3]).numpy()
    tf.random.set_seed(11)
    c, d = tf.random.normal([3]).numpy(), tf.random.normal([3]).numpy()
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(b, d)


def test_op_seed_gives_a_sequence_repeated_after_set_seed():
    tf.random.set_seed(12)
    a, b = tf.random.uniform([3], seed=1).numpy(), tf.random.uniform([3], seed=1).numpy()
    assert not np.array_equal(a, b)
    tf.random.set_seed(12)
    np.testing.assert_array_equal(tf.random.uniform([3], seed=1).numpy(), a)
    tf.random.set_seed(13)
    assert not np.array_equal(tf.random.uniform([3], seed=1).numpy(), a)


_SCRIPT = """
import saessak as tf
tf.random.set_seed(123)
print(tf.random.normal([4]).numpy().tobytes().hex())
print(tf.random.uniform([3], seed=9).numpy().tobytes().hex())
print(tf.random.uniform([3], 0, 100, dtype=tf.int64).numpy().tolist())
print(tf.random.shuffle(tf.constant([1, 2, 3, 4, 5])).numpy().tolist())
print(tf.random.categorical([[0.0, 1.0, 2.0]], 5).numpy().tolist())
"""


def test_same_seeds_bit_identical_across_processes():
    runs = [subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True)
            .stdout for _ in range(2)]
    assert runs[0] == runs[1]
    assert len(runs[0].splitlines()) == 5


def test_stateless_ops_depend_only_on_seed():
    a = tf.random.stateless_normal([4], seed=[1, 2])
    tf.random.normal([10])  # stateful draws do not disturb stateless ones
    np.testing.assert_array_equal(a.numpy(), tf.random.stateless_normal([4], seed=[1, 2]).numpy())
    assert not np.array_equal(a.numpy(), tf.random.stateless_normal([4], seed=[2, 1]).numpy())
    u = tf.random.stateless_uniform([50], seed=tf.constant([3, 4]), minval=0, maxval=5, dtype=tf.int32)
    assert u.dtype == tf.int32 and set(np.unique(u.numpy()).tolist()) <= set(range(5))
    full = tf.random.stateless_uniform([3], seed=[1, 1], minval=None, maxval=None, dtype=tf.int64)
    assert full.dtype == tf.int64
    t = tf.random.stateless_truncated_normal([500], seed=[5, 6]).numpy()
    assert np.abs(t).max() <= 2.0
    c = tf.random.stateless_categorical([[0.0, 0.0]], 6, seed=[7, 8])
    assert c.shape == (1, 6) and c.dtype == tf.int64
    np.testing.assert_array_equal(c.numpy(), tf.random.stateless_categorical(
        [[0.0, 0.0]], 6, seed=[7, 8]).numpy())


# ---------------------------------------------------------------- saessak.function
def test_function_replay_draws_fresh_numbers():
    @tf.function
    def f():
        return tf.random.normal([3])

    tf.random.set_seed(21)
    first = [f().numpy() for _ in range(3)]
    assert f.experimental_get_tracing_count() == 1
    assert not np.array_equal(first[0], first[1]) and not np.array_equal(first[1], first[2])
    tf.random.set_seed(21)
    again = [f().numpy() for _ in range(3)]
    for x, y in zip(first, again):
        np.testing.assert_array_equal(x, y)
    # Eager calls after the same seed give the same sequence as the replays.
    tf.random.set_seed(21)
    np.testing.assert_array_equal(tf.random.normal([3]).numpy(), first[0])


def test_function_with_tensor_inputs_and_op_seed():
    @tf.function
    def g(x):
        return x + tf.random.uniform(tf.shape(x), seed=4)

    tf.random.set_seed(22)
    a1, a2 = g(tf.constant([0.0, 0.0])).numpy(), g(tf.constant([10.0, 10.0])).numpy()
    tf.random.set_seed(22)
    e1 = tf.random.uniform([2], seed=4).numpy()
    e2 = tf.random.uniform([2], seed=4).numpy() + 10
    np.testing.assert_array_equal(a1, e1)
    np.testing.assert_allclose(a2, e2, rtol=1e-6)


# ---------------------------------------------------------------- gradients
def test_not_differentiable_through_the_draw():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.random.shuffle(x))
    assert tape.gradient(y, x) is None


def test_gradients_reach_tensor_mean_and_stddev():
    def fn(mean, stddev):
        return tf.random.stateless_normal([2, 3], seed=[1, 2], mean=mean, stddev=stddev,
                                          dtype=tf.float64)

    check_gradients(fn, [np.array([0.5, -1.0, 2.0]), np.array(1.5)])

    def fu(lo, hi):
        return tf.random.stateless_uniform([4], seed=[3, 3], minval=lo, maxval=hi, dtype=tf.float64)

    check_gradients(fu, [np.array(-1.0), np.array(2.0)])


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("shape, match", [
    (3, "shape must be a vector"),
    ([2, -1], "must be >= 0"),
    ([2.5], "must be an int"),
    (tf.TensorShape([None, 2]), "not fully defined"),
    (tf.constant([[2]]), "1-D int32/int64"),
])
def test_bad_shape(shape, match):
    with pytest.raises(InvalidArgumentError, match=match):
        tf.random.normal(shape)


def test_bad_dtypes():
    with pytest.raises(InvalidArgumentError, match="dtype=int32 is not supported"):
        tf.random.normal([2], dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="dtype=bool is not supported"):
        tf.random.uniform([2], dtype=tf.bool)
    with pytest.raises(InvalidArgumentError, match="dtype=float32 is not supported"):
        tf.random.categorical([[0.0, 1.0]], 2, dtype=tf.float32)
    with pytest.raises(TypeError):  # also a TypeError, as TF raises for normal(dtype=int32)
        tf.random.truncated_normal([2], dtype=tf.int64)


def test_uniform_int_errors():
    with pytest.raises(InvalidArgumentError, match="must specify maxval"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="need minval < maxval.*minval=5 and maxval=5"):
        tf.random.uniform([2], 5, 5, dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="minval < maxval"):
        tf.random.uniform([2], tf.constant(5), tf.constant(3), dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="minval must be a scalar"):
        tf.random.uniform([2], [0, 1], 5, dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="not an integer"):
        tf.random.uniform([2], 0, 5.5, dtype=tf.int32)


def test_other_errors():
    with pytest.raises(InvalidArgumentError, match="logits must be a floating matrix"):
        tf.random.categorical([0.0, 1.0], 2)
    with pytest.raises(InvalidArgumentError, match="num_samples must be >= 0"):
        tf.random.categorical([[0.0, 1.0]], -1)
    with pytest.raises(InvalidArgumentError, match="seed must be an int"):
        tf.random.normal([2], seed=1.5)
    with pytest.raises(InvalidArgumentError, match=r"seed must be a pair of ints"):
        tf.random.stateless_normal([2], seed=1)
    with pytest.raises(InvalidArgumentError, match="both None or both set"):
        tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="integer seed"):
        tf.random.set_seed("x")

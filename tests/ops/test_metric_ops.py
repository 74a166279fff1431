"""Fused metric kernels (ops/metric_ops.py) give exactly what the separate ops give."""

import numpy as np
import pytest

import saessak as tf
from saessak.ops import math_ops as M
from saessak.ops import metric_ops
from saessak.ops import reduce_ops as R


def _unfused_matches(labels, scores, dtype):
    return M.cast(M.equal(labels, M.cast(R.argmax(scores, axis=-1), labels.dtype)), dtype)


def _scores(seed, shape=(32, 10)):
    s = np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
    s[0, :] = 0.5  # a row of ties: argmax takes the first
    s[1, 3] = np.nan  # NaN counts as the maximum, as in argmax
    s[2, :] = -np.inf
    return s


@pytest.mark.parametrize("label_dtype", ["float32", "int64", "uint8", "float64"])
@pytest.mark.parametrize("dtype", ["float32", "float16", "float64"])
def test_argmax_matches_equals_the_unfused_ops(label_dtype, dtype):
    hits = 0
    for seed in range(3):
        scores = tf.constant(_scores(seed))
        labels = tf.constant(np.random.default_rng(seed + 10).integers(0, 10, 32).astype(label_dtype))
        got = metric_ops.argmax_matches(labels, scores, dtype)
        want = _unfused_matches(labels, scores, dtype)
        assert got.dtype == want.dtype == tf.as_dtype(dtype)
        np.testing.assert_array_equal(got.numpy(), want.numpy())
        hits += int(got.numpy().sum())
    assert 0 < hits < 96  # the data has both hits and misses


def test_argmax_matches_in_higher_rank_and_in_a_function():
    scores = np.random.default_rng(0).standard_normal((4, 5, 6)).astype(np.float32)
    labels = np.random.default_rng(1).integers(0, 6, (4, 5)).astype(np.float32)
    fn = tf.function(lambda a, b: metric_ops.argmax_matches(a, b, "float32"))
    fn(labels, scores)
    got = fn(labels, scores)
    np.testing.assert_array_equal(got.numpy(), _unfused_matches(tf.constant(labels), tf.constant(scores),
                                                                "float32").numpy())
    assert got.shape == (4, 5)


@pytest.mark.parametrize("values_shape", [(), (32,)])
def test_update_mean_equals_two_assign_adds(values_shape):
    rng = np.random.default_rng(0)
    fused = [tf.Variable(np.float32(0.0)), tf.Variable(np.float32(0.0))]
    plain = [tf.Variable(np.float32(0.0)), tf.Variable(np.float32(0.0))]
    for _ in range(50):
        values = tf.constant(rng.standard_normal(values_shape).astype(np.float32) * 1e3)
        n = tf.constant(np.float32(values_shape[0] if values_shape else 1))
        metric_ops.update_mean(*fused, values, n)
        plain[0].assign_add(R.reduce_sum(values))
        plain[1].assign_add(n)
        assert fused[0].numpy() == plain[0].numpy() and fused[1].numpy() == plain[1].numpy()
    assert fused[0].numpy().dtype == np.float32


def test_update_mean_in_a_function_updates_the_variables_each_call():
    total, count = tf.Variable(np.float32(0.0)), tf.Variable(np.float32(0.0))
    fn = tf.function(lambda v: metric_ops.update_mean(total, count, v, tf.constant(np.float32(3))))
    for i in range(4):
        fn(np.full(3, i, np.float32))
    assert total.numpy() == 3 * (0 + 1 + 2 + 3) and count.numpy() == 12


def test_accuracy_metrics_are_unchanged_by_the_fused_kernels():
    from saessak import keras

    rng = np.random.default_rng(5)
    scores = rng.standard_normal((64, 7)).astype(np.float32)
    labels = rng.integers(0, 7, 64)
    onehot = np.eye(7, dtype=np.float32)[labels]
    weights = rng.random(64).astype(np.float32)
    want = (scores.argmax(-1) == labels).astype(np.float32)
    sparse = keras.metrics.SparseCategoricalAccuracy()
    dense = keras.metrics.CategoricalAccuracy()
    sparse.update_state(labels, scores, sample_weight=weights)
    dense.update_state(onehot, scores, sample_weight=weights)
    expect = np.float32((want * weights).sum(dtype=np.float32) / weights.sum(dtype=np.float32))
    np.testing.assert_allclose(sparse.result().numpy(), expect, rtol=1e-6)
    np.testing.assert_allclose(dense.result().numpy(), expect, rtol=1e-6)
    # labels of shape (n, 1) and plain functions keep Keras's shapes
    np.testing.assert_array_equal(
        keras.metrics.sparse_categorical_accuracy(labels[:, None], scores).numpy(), want)
    np.testing.assert_array_equal(keras.metrics.categorical_accuracy(onehot, scores).numpy(), want)

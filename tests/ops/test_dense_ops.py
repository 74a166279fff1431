"""The fused Dense kernel: ``activation(x @ W + b)`` in one op, bit for bit the separate ops."""

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.ops import dense_ops


def _operands(dtype=np.float32, batch=7, fan_in=5, units=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, fan_in)).astype(dtype)
    w = rng.standard_normal((fan_in, units)).astype(dtype)
    b = rng.standard_normal(units).astype(dtype)
    x[0, :] = 0.0  # a row whose pre-activation is the bias alone, and ...
    b[0] = 0.0     # ... a unit exactly at relu's kink (0: no gradient, as TF)
    return x, w, b


def _separate(x, w, b, activation):
    y = tf.add(tf.matmul(x, w), b)
    return tf.nn.relu(y) if activation == "relu" else y


def _fused(x, w, b, activation):
    return dense_ops.dense(x, w, b, activation)


def _value_and_grads(fn, arrays, activation, upstream):
    tensors = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        tape.watch(tensors)
        y = fn(*tensors, activation)
        loss = tf.reduce_sum(y * upstream)
    return y.numpy(), [g.numpy() for g in tape.gradient(loss, tensors)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("activation", [None, "relu"])
def test_fused_equals_separate_ops_bit_for_bit(dtype, activation):
    arrays = _operands(dtype)
    upstream = np.random.default_rng(1).standard_normal((7, 4)).astype(dtype)
    y, grads = _value_and_grads(_fused, arrays, activation, upstream)
    want_y, want_grads = _value_and_grads(_separate, arrays, activation, upstream)
    np.testing.assert_array_equal(y, want_y)
    for got, want in zip(grads, want_grads):
        np.testing.assert_array_equal(got, want)
    if activation == "relu":
        assert (y == 0).any() and (y > 0).any()


@pytest.mark.parametrize("activation", [None, "relu"])
@pytest.mark.parametrize("order", [1, 2])
def test_gradients_match_finite_differences(activation, order):
    x, w, b = _operands(np.float64, batch=3, fan_in=4, units=3, seed=2)
    x[0, :] = 0.3  # keep every pre-activation away from the kink: finite differences need it
    check_gradients(lambda x, w, b: dense_ops.dense(x, w, b, activation), [x, w, b], order=order)


@pytest.mark.parametrize("shapes, dtypes", [
    (((7, 5), (5, 4), (4,)), ("float32",) * 3),
    (((7, 5), (5, 4), (4,)), ("float32", "float32", "float64")),  # mixed dtypes
    (((7, 5), (5, 4), (4,)), ("int32",) * 3),                     # not floating
    (((2, 7, 5), (5, 4), (4,)), ("float32",) * 3),                # a sequence: _dot_last
    (((7, 5), (5, 4), (1, 4)), ("float32",) * 3),                 # not a bias vector
])
def test_can_fuse(shapes, dtypes):
    x, w, b = (tf.zeros(s, d) for s, d in zip(shapes, dtypes))
    expected = dtypes == ("float32",) * 3 and len(shapes[0]) == 2 and len(shapes[2]) == 1
    assert dense_ops.can_fuse(x, w, b) is expected


def test_rejects_other_activations():
    x, w, b = (tf.constant(a) for a in _operands())
    with pytest.raises(ValueError, match="activation must be one of"):
        dense_ops.dense(x, w, b, "tanh")


@pytest.mark.parametrize("activation, fused_relu", [("relu", True), ("softmax", False),
                                                     (None, False), ("tanh", False)])
def test_dense_layer_runs_the_fused_kernel(activation, fused_relu):
    layer = keras.layers.Dense(4, activation=activation)
    x = tf.constant(_operands()[0])
    step = tf.function(lambda x: layer(x))
    got = step(x)
    (source,) = step.experimental_get_program_source()
    assert "dense(" in source and ("activation='relu'" in source) is fused_relu, source
    want = layer.activation(tf.add(tf.matmul(x, layer.kernel), layer.bias))
    np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_dense_layer_on_sequences_uses_the_separate_ops():
    layer = keras.layers.Dense(3, activation="relu")
    x = tf.constant(np.random.default_rng(0).standard_normal((2, 5, 4)).astype(np.float32))
    step = tf.function(lambda x: layer(x))
    got = step(x)
    (source,) = step.experimental_get_program_source()
    assert "dense(" not in source
    assert got.shape == (2, 5, 3) and float(tf.reduce_min(got)) >= 0.0

"""Fused optimizer kernels (ops/training_ops.py) give bit-for-bit the numbers of the unfused ops."""

import numpy as np
import pytest

import saessak as tf
from saessak.ops import math_ops as M
from saessak.ops import training_ops


def _unfused_adam(var, m, v, g, alpha, b1, b2, eps):
    """Keras 3's Adam update written op by op (what optimizers/adam.py does with amsgrad)."""
    m.assign_add(M.multiply(M.subtract(g, m), 1 - b1))
    v.assign_add(M.multiply(M.subtract(M.square(g), v), 1 - b2))
    var.assign_sub(M.divide(M.multiply(m, alpha), M.add(M.sqrt(v), eps)))


# (7, 5): updated whole; (700, 1001) and (263000,): large, updated block by block, with a last
# block shorter than the others.
@pytest.mark.parametrize("shape", [(7, 5), (700, 1001), (263000,)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_apply_adam_equals_the_unfused_ops_exactly(dtype, shape):
    rng = np.random.default_rng(0)
    start = [rng.standard_normal(shape).astype(dtype) for _ in range(3)]
    start[2] = np.abs(start[2])  # a velocity is never negative
    fused = [tf.Variable(a) for a in start]
    plain = [tf.Variable(a) for a in start]
    for step in range(5):
        g = tf.constant(rng.standard_normal(shape).astype(dtype) * 10 ** (step - 2))
        alpha = tf.constant(np.asarray(0.001 * (step + 1), dtype))
        training_ops.apply_adam(*fused, g, alpha, 0.9, 0.999, 1e-7)
        _unfused_adam(*plain, g, alpha, 0.9, 0.999, 1e-7)
        for a, b in zip(fused, plain):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
            assert a.numpy().dtype == np.dtype(dtype)


def test_large_apply_adam_with_a_strided_gradient_is_updated_whole_and_exactly():
    # A gradient that is a transposed view cannot be split into flat blocks: the update runs
    # on the whole arrays instead, with the same numbers.
    rng = np.random.default_rng(2)
    shape = (600, 500)
    start = [rng.standard_normal(shape).astype(np.float32) for _ in range(3)]
    start[2] = np.abs(start[2])
    g = tf.transpose(tf.constant(rng.standard_normal(shape[::-1]).astype(np.float32)))
    assert not g._value.flags.c_contiguous
    alpha = tf.constant(np.float32(0.01))
    fused = [tf.Variable(a) for a in start]
    plain = [tf.Variable(a) for a in start]
    training_ops.apply_adam(*fused, g, alpha, 0.9, 0.999, 1e-7)
    _unfused_adam(*plain, g, alpha, 0.9, 0.999, 1e-7)
    for a, b in zip(fused, plain):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(fused[0].numpy(), start[0])


def test_blocks_cover_every_element_once():
    from saessak.ops.training_ops import _BLOCK, _blocks

    n = 5 * _BLOCK + 123
    arrays = [np.zeros(n, np.float32), np.zeros(n, np.float32)]
    blocks = _blocks(*arrays)
    assert len(blocks) == 6 and blocks[-1][0].size == 123
    for a, b in blocks:
        a += 1
        b += 2
    assert (arrays[0] == 1).all() and (arrays[1] == 2).all()
    assert len(_blocks(np.zeros((3, 4)), np.zeros((3, 4)))) == 1
    # A strided array's flat view would be a copy, and writes to it lost: it stays whole.
    big = np.zeros((700, 1000), np.float32)
    (whole,) = _blocks(big.T, np.zeros((1000, 700), np.float32))
    assert whole[0] is not None and whole[0].base is big


def test_adam_step_size_equals_the_unfused_ops_exactly():
    lr = tf.Variable(np.float32(0.001))
    for it in [0, 1, 2, 9, 99, 12345, 10**7]:
        iterations = tf.Variable(np.int64(it))
        fused = training_ops.adam_step_size(lr, iterations, 0.9, 0.999)
        t = M.cast(M.add(iterations, 1), "float32")
        b1p, b2p = M.pow(tf.constant(np.float32(0.9)), t), M.pow(tf.constant(np.float32(0.999)), t)
        plain = M.divide(M.multiply(lr, M.sqrt(M.subtract(1.0, b2p))), M.subtract(1.0, b1p))
        assert fused.dtype == tf.float32 and fused.shape == ()
        assert fused.numpy() == plain.numpy(), it


def test_apply_adam_in_a_compiled_function_updates_in_place_and_survives_a_guard():
    var, m, v = (tf.Variable(np.ones(3, np.float32)) for _ in range(3))
    alpha = tf.constant(np.float32(0.1))

    @tf.function
    def step(g):
        training_ops.apply_adam(var, m, v, g, alpha, 0.9, 0.999, 1e-7)
        if tf.reduce_sum(g) > 0:  # a guard after the in-place update
            return g
        return -g

    ref = [tf.Variable(np.ones(3, np.float32)) for _ in range(3)]
    for g in [np.ones(3, np.float32), np.ones(3, np.float32), -np.ones(3, np.float32)]:
        step(g)
        training_ops.apply_adam(*ref, tf.constant(g), alpha, 0.9, 0.999, 1e-7)
        for a, b in zip([var, m, v], ref):
            # a failed guard on the third call restores the variables before tracing the new
            # path, so the update is applied exactly once per call
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert step.experimental_get_tracing_count() == 2
    assert any("apply_adam(" in s for s in step.experimental_get_program_source())


@pytest.mark.parametrize("momentum, nesterov", [(0.0, False), (0.9, False), (0.9, True)])
def test_sgd_kernels_equal_the_unfused_ops_exactly(momentum, nesterov):
    rng = np.random.default_rng(1)
    w0, m0 = rng.standard_normal((6, 4)).astype(np.float32), rng.standard_normal((6, 4)).astype(np.float32)
    fused_w, fused_m, plain_w, plain_m = (tf.Variable(a) for a in (w0, m0, w0, m0))
    lr = tf.constant(np.float32(0.01))
    for _ in range(4):
        g = tf.constant(rng.standard_normal((6, 4)).astype(np.float32))
        step = M.multiply(g, lr)  # Keras 3's SGD, op by op
        if momentum == 0:
            training_ops.apply_gradient_descent(fused_w, g, lr)
            plain_w.assign_sub(step)
        else:
            training_ops.apply_momentum(fused_w, fused_m, g, lr, momentum, nesterov)
            plain_m.assign(M.subtract(M.multiply(plain_m, momentum), step))
            plain_w.assign_add(M.subtract(M.multiply(plain_m, momentum), step) if nesterov else plain_m)
        np.testing.assert_array_equal(fused_w.numpy(), plain_w.numpy())
        np.testing.assert_array_equal(fused_m.numpy(), plain_m.numpy())

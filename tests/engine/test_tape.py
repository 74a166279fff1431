"""GradientTape semantics: watching, structures, persistence, nesting, jacobians."""

import numpy as np
import pytest

import saessak as tf


def test_variables_are_watched_automatically_constants_are_not():
    w = tf.Variable(3.0)
    c = tf.constant(2.0)
    with tf.GradientTape() as tape:
        y = w * w * c
    gw, gc = tape.gradient(y, [w, c])
    assert gw.numpy() == 12.0 and gc is None


def test_watch_constant_and_structures():
    x = tf.constant([1.0, 2.0])
    b = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x) + b
    g = tape.gradient(y, {"x": x, "pair": [b, b]})
    assert g["x"].numpy().tolist() == [2.0, 4.0]
    assert [t.numpy() for t in g["pair"]] == [1.0, 1.0]


def test_unconnected_and_zero():
    x, z = tf.Variable(1.0), tf.Variable([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * 2
    assert tape.gradient(y, z) is None
    assert tape.gradient(y, z, unconnected_gradients="zero").numpy().tolist() == [0.0, 0.0]
    assert tape.gradient(y, z, unconnected_gradients=tf.UnconnectedGradients.ZERO).shape == (2,)


def test_non_persistent_tape_is_single_use():
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="persistent"):
        tape.gradient(y, x)


def test_persistent_tape():
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.gradient(z, x).numpy() == 108.0  # 4x^3
    assert tape.gradient(y, x).numpy() == 6.0


def test_watch_accessed_variables_false():
    a, b = tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    ga, gb = tape.gradient(y, [a, b])
    assert ga.numpy() == 3.0 and gb is None
    assert tape.watched_variables() == (a,)


def test_stop_gradient_and_stop_recording():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = tf.stop_gradient(x * x) * x
        with tape.stop_recording():
            z = x * x
    assert tape.gradient(y, x).numpy() == 4.0
    assert tape.gradient(z, x) is None


def test_fan_out_accumulates():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x + x  # x used three times
    assert tape.gradient(y, x).numpy() == 7.0


def test_non_scalar_target_is_summed_and_output_gradients():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0]
    g = tape.gradient(y, x, output_gradients=tf.constant([10.0, 0.0]))
    assert g.numpy().tolist() == [20.0, 0.0]


def test_broadcast_gradients_reduce_to_input_shape():
    x = tf.Variable(np.ones((2, 3), np.float32))
    b = tf.Variable(np.ones((3,), np.float32))
    s = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = (x + b) * s
    gx, gb, gs = tape.gradient(y, [x, b, s])
    assert gx.shape == (2, 3) and gb.numpy().tolist() == [4.0] * 3 and gs.numpy() == 12.0


def test_second_derivative_with_nested_tapes():
    x = tf.Variable(2.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x * x * x
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x)
    assert dy.numpy() == 12.0 and d2y.numpy() == 12.0


def test_second_derivative_through_matmul():
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    x = tf.constant([[1.0, -1.0]])
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.reduce_sum(tf.square(x @ w))
        g = inner.gradient(y, w)
        gsum = tf.reduce_sum(g * g)
    h = outer.gradient(gsum, w)
    # y = sum((xw)^2); g = 2 x^T (x w); sum(g^2) is quadratic in w: check by finite differences.
    eps, base = 1e-3, w.numpy().astype(np.float64)

    def f(wv):
        gg = 2 * x.numpy().T @ (x.numpy() @ wv)
        return (gg ** 2).sum()

    num = np.zeros_like(base)
    for i in np.ndindex(base.shape):
        d = np.zeros_like(base)
        d[i] = eps
        num[i] = (f(base + d) - f(base - d)) / (2 * eps)
    np.testing.assert_allclose(h.numpy(), num, rtol=1e-3)


def test_jacobian_and_batch_jacobian():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    j = tape.jacobian(y, x)
    np.testing.assert_allclose(j.numpy(), np.diag([2.0, 4.0, 6.0]))
    xb = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(xb)
        yb = xb * xb
    bj = tape.batch_jacobian(yb, xb)
    assert bj.shape == (2, 2, 2)
    np.testing.assert_allclose(bj.numpy()[1], np.diag([6.0, 8.0]))


def test_integer_targets_have_no_gradient():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.cast(x * 3, tf.int32)
    assert tape.gradient(y, x) is None


def test_watch_rejects_non_tensors():
    with tf.GradientTape() as tape:
        with pytest.raises(ValueError, match="expected a Tensor"):
            tape.watch(3.0)

"""Sibling fusion in traces: softmax and the cross-entropy of the same logits become one kernel.

The fused kernel must give exactly the numbers of the two separate kernels (eager execution
runs those), and the trace must only fuse when moving a call cannot change what it reads.
"""

import numpy as np
import pytest

import saessak as tf
from saessak.backend import denormals

FUSED_DENSE = "softmax_with_cross_entropy("
FUSED_SPARSE = "softmax_with_sparse_cross_entropy("


def _eager(fn, *args):
    """``fn`` run eagerly in the floating-point mode of compiled programs (denormals flushed)."""
    env = denormals.enter()
    try:
        return fn(*[tf.constant(a) for a in args])
    finally:
        denormals.leave(env)


def _source(fn):
    (source,) = fn.experimental_get_program_source()
    return source


def _replay_source(step, *args):
    """Trace ``step``, replay it, check the replay equals eager execution; the program source."""
    fn = tf.function(step)
    fn(*args)
    got = fn(*args)
    want = _eager(step, *args)
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    return _source(fn)


def _logits(seed=0, shape=(32, 10), scale=4.0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def _one_hot(seed=1, n=32, k=10):
    return np.eye(k, dtype=np.float32)[np.random.default_rng(seed).integers(0, k, n)]


def _dense_step(x, z):
    p = tf.nn.softmax(x)
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=x)
    return p, loss


def _sparse_step(x, labels):
    p = tf.nn.softmax(x)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
    return p, loss


@pytest.mark.parametrize("scale", [1.0, 30.0, 300.0])
def test_dense_fusion_is_exactly_the_separate_kernels(scale):
    x, z = _logits(scale=scale), _one_hot()
    fn = tf.function(_dense_step)
    for seed in range(3):  # the first call traces (eagerly), the others replay the program
        x = _logits(seed, scale=scale)
        p, loss = fn(x, z)
        p_eager, loss_eager = _eager(_dense_step, x, z)
        np.testing.assert_array_equal(p.numpy(), p_eager.numpy())
        np.testing.assert_array_equal(loss.numpy(), loss_eager.numpy())
    assert FUSED_DENSE in _source(fn)
    assert "= softmax(" not in _source(fn)


def test_sparse_fusion_is_exactly_the_separate_kernels():
    fn = tf.function(_sparse_step)
    labels = np.random.default_rng(2).integers(0, 10, 32)
    for seed in range(3):
        x = _logits(seed, scale=10.0)
        p, loss = fn(x, labels)
        p_eager, loss_eager = _eager(_sparse_step, x, labels)
        np.testing.assert_array_equal(p.numpy(), p_eager.numpy())
        np.testing.assert_array_equal(loss.numpy(), loss_eager.numpy())
    assert FUSED_SPARSE in _source(fn)


def test_fused_sparse_kernel_still_checks_label_range():
    fn = tf.function(_sparse_step)
    fn(_logits(), np.zeros(32, np.int64))
    bad = np.zeros(32, np.int64)
    bad[3] = 10
    with pytest.raises(tf.errors.InvalidArgumentError, match="outside the valid range"):
        fn(_logits(), bad)


def test_gradients_through_the_fused_program_match_eager():
    w = tf.Variable(np.random.default_rng(3).standard_normal((5, 10)).astype(np.float32))
    x = np.random.default_rng(4).standard_normal((8, 5)).astype(np.float32)
    z = _one_hot(n=8)

    def step(x, z):
        with tf.GradientTape() as tape:
            logits = tf.matmul(x, w)
            p = tf.nn.softmax(logits)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=logits))
        return p, loss, tape.gradient(loss, w)

    assert FUSED_DENSE in _replay_source(step, x, z)


def test_labels_computed_after_the_softmax_fuse_at_the_loss():
    def step(x, z):
        p = tf.nn.softmax(x)
        zz = tf.cast(z, tf.float32) * 1.0  # computed after the softmax
        return p, tf.nn.softmax_cross_entropy_with_logits(labels=zz, logits=x)

    assert FUSED_DENSE in _replay_source(step, _logits(), _one_hot().astype(np.float64))


def test_no_fusion_when_the_softmax_is_used_before_the_loss_and_labels_come_later():
    def step(x, z):
        p = tf.nn.softmax(x)
        zz = tf.one_hot(tf.argmax(p, axis=1), 10) * 0.0 + tf.cast(z, tf.float32)  # reads p first
        return p, tf.nn.softmax_cross_entropy_with_logits(labels=zz, logits=x)

    assert FUSED_DENSE not in _replay_source(step, _logits(), _one_hot())


def test_no_fusion_across_a_variable_write():
    # Both calls read the variable itself: the softmax sees its value before the write and the
    # loss the value after it, so they must stay two calls.
    v = tf.Variable(_logits())

    def step(z):
        p = tf.nn.softmax(v)
        v.assign_add(tf.ones((32, 10)))
        return p, tf.nn.softmax_cross_entropy_with_logits(labels=z * 1.0, logits=v)

    fn = tf.function(step)
    z = _one_hot()
    fn(z)
    assert FUSED_DENSE not in _source(fn)
    v.assign(_logits())
    p, loss = fn(z)
    v.assign(_logits())
    p_e, loss_e = _eager(step, z)
    np.testing.assert_array_equal(p.numpy(), p_e.numpy())
    np.testing.assert_array_equal(loss.numpy(), loss_e.numpy())


def test_no_fusion_when_the_axes_differ():
    def step(x, z):
        return tf.nn.softmax(x, axis=0), tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=x)

    assert FUSED_DENSE not in _replay_source(step, _logits(), _one_hot())


def test_sparse_fusion_needs_the_softmax_on_the_last_axis():
    def step(x, labels):
        p = tf.nn.softmax(x, axis=0)
        return p, tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)

    labels = np.random.default_rng(2).integers(0, 10, 32)
    assert FUSED_SPARSE not in _replay_source(step, _logits(), labels)


def test_keras_classifier_step_uses_the_fused_kernel():
    from saessak import keras

    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).standard_normal((16, 6)).astype(np.float32)
    y = np.random.default_rng(1).integers(0, 4, 16)
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    (source,) = model.make_train_function().experimental_get_program_source()
    assert FUSED_SPARSE in source


def test_a_softmax_nobody_reads_is_dropped_not_fused():
    # A custom loop's loss on a softmax output uses the logits; the probabilities themselves
    # are dead code, and fusing must not bring their division back.
    def step(x, labels):
        p = tf.nn.softmax(x)  # noqa: F841 - computed, never used
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x))

    fn = tf.function(step)
    labels = np.random.default_rng(2).integers(0, 10, 32)
    fn(_logits(), labels)
    source = _source(fn)
    assert FUSED_SPARSE not in source and "softmax(" not in source.replace("cross_entropy", "")
    np.testing.assert_array_equal(fn(_logits(), labels).numpy(),
                                  _eager(step, _logits(), labels).numpy())

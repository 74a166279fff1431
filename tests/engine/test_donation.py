"""Buffer donation: optimizer kernels compute in the memory of a gradient nothing reads afterwards.

Donation must never change a number: a compiled step that donates gives exactly the
weights of the same step run eagerly (which never donates), and a gradient that is still
visible elsewhere -- read by a later line, returned, shared through a view -- is left intact.
"""

import sys

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.backend import denormals
from saessak.engine import donation, nest
from saessak.ops import training_ops

CPYTHON = sys.implementation.name == "cpython"


def _program(source, **namespace):
    exec(compile(source, "<test program>", "exec"), namespace)  # noqa: S102 - test source
    return namespace["program"]


def _kernel(array, donated=False):
    return donation.is_private(array)


@pytest.mark.skipif(not CPYTHON, reason="reference counts are CPython's")
def test_calibrated_on_cpython():
    assert donation.enabled()


@pytest.mark.skipif(not CPYTHON, reason="reference counts are CPython's")
@pytest.mark.parametrize("setup, private", [
    ("t0 = np.ones(8)", True),
    ("t0 = np.ones(8); t9 = t0.reshape(2, 4)", False),       # a view keeps the base alive
    ("t0 = np.ones(8); t9 = t0", False),                     # a second name for the same array
    ("t0 = np.ones(8); keep.append(t0)", False),             # held by a container
    ("t0 = np.ones((2, 8))[0]", False),                      # itself a view
    ("t0 = np.ones(8); t0.flags.writeable = False", False),  # read-only
])
def test_is_private_counts_every_holder(setup, private):
    program = _program(f"def program():\n    {setup}\n    return kernel(t0, donated=True)\n",
                       np=np, kernel=_kernel, keep=[])
    assert program() is private


def _mlp(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="relu"),
                             keras.layers.Dense(3)])


def _data(seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((16, 6)).astype(np.float32), rng.integers(0, 3, 16)


def _step_fn(model, opt, returns="loss"):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        opt.apply_gradients(zip(grads, model.trainable_weights))
        if returns == "grads":
            return loss, grads
        if returns == "grad norm":  # reads the gradients after the update
            return loss, tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads])
        return loss
    return step


def _train(make_opt, compiled, returns="loss", steps=4):
    model, opt = _mlp(), make_opt()
    step = _step_fn(model, opt, returns)
    if compiled:
        step = tf.function(step)
    x, y = _data()
    outs = []
    env = denormals.enter()  # eager steps compute in the compiled programs' floating-point mode
    try:
        for _ in range(steps):
            outs.append(step(tf.constant(x), tf.constant(y)))
    finally:
        denormals.leave(env)
    return model, step, outs


OPTIMIZERS = {
    "adam": lambda: keras.optimizers.Adam(0.01),
    "sgd": lambda: keras.optimizers.SGD(0.1),
    "momentum": lambda: keras.optimizers.SGD(0.1, momentum=0.9),
    "nesterov": lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("returns", ["loss", "grads", "grad norm"])
def test_compiled_step_equals_eager_step(name, returns):
    eager_model, _, eager_outs = _train(OPTIMIZERS[name], compiled=False, returns=returns)
    model, step, outs = _train(OPTIMIZERS[name], compiled=True, returns=returns)
    for got, want in zip(model.get_weights(), eager_model.get_weights()):
        np.testing.assert_array_equal(got, want)
    flat = lambda outs: [np.asarray(t) for o in outs for t in nest.flatten(o)]  # noqa: E731
    for got, want in zip(flat(outs), flat(eager_outs)):
        np.testing.assert_array_equal(got, want)
    (source,) = step.experimental_get_program_source()
    updates = [line for line in source.splitlines() if "apply_" in line and "step_size" not in line]
    assert len(updates) == 4
    donated = [line for line in updates if "donated=True" in line]
    # Only gradients that nothing reads after the update are donated.
    assert len(donated) == (4 if returns == "loss" else 0), source


def test_constant_gradients_are_never_donated():
    w = tf.Variable(np.ones((3, 4), np.float32))
    opt = keras.optimizers.SGD(0.5)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * 3.0)  # a linear loss: its gradient is folded to a constant
        opt.apply_gradients([(tape.gradient(loss, w), w)])
        return loss

    for _ in range(3):
        step()
    (source,) = step.experimental_get_program_source()
    assert "apply_gradient_descent(" in source and "donated" not in source
    np.testing.assert_array_equal(w.numpy(), np.full((3, 4), 1 - 3 * 0.5 * 3, np.float32))


def _view_step(w, opt):
    """An update whose gradient is still visible, through a view, to a line after it."""
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w * w))
        g = tape.gradient(loss, w)
        flat = tf.reshape(g, (-1,))  # a view of the gradient's array
        opt.apply_gradients([(g, w)])
        return tf.reduce_sum(flat)
    return step


def _run_view_step(compiled):
    w = tf.Variable(np.linspace(0.5, 1.5, 12, dtype=np.float32).reshape(3, 4))
    step = _view_step(w, keras.optimizers.Adam(0.1))
    step = tf.function(step) if compiled else step
    env = denormals.enter()
    try:
        outs = [float(step()) for _ in range(3)]
    finally:
        denormals.leave(env)
    return outs, w.numpy(), step


@pytest.mark.skipif(not CPYTHON, reason="reference counts are CPython's")
def test_a_gradient_seen_through_a_view_is_left_intact():
    outs, weights, step = _run_view_step(compiled=True)
    want_outs, want_weights, _ = _run_view_step(compiled=False)
    (source,) = step.experimental_get_program_source()
    assert "donated=True" in source  # statically dead: only the runtime check protects it
    assert outs == want_outs
    np.testing.assert_array_equal(weights, want_weights)


@pytest.mark.skipif(not CPYTHON, reason="reference counts are CPython's")
def test_without_the_runtime_check_the_view_would_be_overwritten(monkeypatch):
    # The test above can fail: skipping the reference-count check corrupts the view's values.
    want_outs, _, _ = _run_view_step(compiled=False)
    monkeypatch.setattr(training_ops, "is_private", lambda array: True)
    outs, _, _ = _run_view_step(compiled=True)
    assert outs[0] == want_outs[0]  # the tracing run executes eagerly
    assert outs[1:] != want_outs[1:]


def test_large_variables_donate_block_by_block():
    # Over 256K elements Adam works in 64K-element blocks; the donated gradient's blocks
    # must give the same weights as the eager, undonated update.
    rng = np.random.default_rng(3)
    start = rng.standard_normal((600, 500)).astype(np.float32)
    target = rng.standard_normal((600, 500)).astype(np.float32)

    def run(compiled):
        w = tf.Variable(start)
        opt = keras.optimizers.Adam(0.01)

        def step():
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(w - target))
            opt.apply_gradients([(tape.gradient(loss, w), w)])
            return loss

        fn = tf.function(step) if compiled else step
        env = denormals.enter()
        try:
            for _ in range(3):
                fn()
        finally:
            denormals.leave(env)
        return w.numpy(), fn

    weights, fn = run(True)
    (source,) = fn.experimental_get_program_source()
    assert "donated=True" in source
    np.testing.assert_array_equal(weights, run(False)[0])

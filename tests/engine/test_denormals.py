"""Compiled programs flush denormal floats to zero (as TensorFlow's CPU kernels do); eager ops and
the user's own NumPy code keep IEEE denormals."""

import os
import subprocess
import sys

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.backend import denormals

TINY = np.finfo(np.float32).tiny  # the smallest normal float32
needs_flush = pytest.mark.skipif(not denormals.available(),
                                 reason="flushing denormals is only wired up for glibc on x86-64/AArch64")


def _numpy_keeps_denormals():
    return np.float32(TINY) * np.float32(0.25) != 0


@needs_flush
def test_compiled_programs_flush_and_restore_the_callers_mode():
    f = tf.function(lambda x: x * 0.25)
    x = np.array([TINY, 1.0], np.float32)
    assert f(x).numpy().tolist() == [0.0, 0.25]  # the tracing run
    assert f(x).numpy().tolist() == [0.0, 0.25]  # a replay
    assert _numpy_keeps_denormals()  # NumPy after the call: IEEE again
    assert (tf.constant(x) * 0.25).numpy()[0] != 0  # eager ops keep denormals


@needs_flush
def test_mode_is_restored_when_the_program_raises():
    @tf.function
    def f(x):
        if tf.reduce_sum(x) > 0:  # a guard: a replay with a negative sum fails it and retraces
            return x * 0.25
        return x * 0.5

    x = np.array([TINY], np.float32)
    f(x)
    assert f(-x).numpy()[0] == 0.0
    assert _numpy_keeps_denormals()
    g = tf.function(lambda x: tf.math.log(x) / tf.reshape(x, (3,)))
    with pytest.raises(tf.errors.InvalidArgumentError):
        g(np.ones(2, np.float32))
    assert _numpy_keeps_denormals()


def test_switch_off_with_the_environment_variable():
    code = ("import numpy as np, saessak as tf; from saessak.backend import denormals;"
            "f = tf.function(lambda x: x * 0.25); x = np.array([np.finfo(np.float32).tiny], np.float32);"
            "f(x); print(denormals.available(), f(x).numpy()[0] != 0)")
    env = dict(os.environ, SAESSAK_FLUSH_DENORMALS="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@needs_flush
def test_adam_moments_of_an_input_that_went_quiet_become_zero_not_denormal():
    # An input that is non-zero once and zero afterwards (a rarely inked MNIST pixel): its
    # weights' first moments decay by beta_1 each step and would be denormal after ~800 steps.
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((1200 * 4, 3), dtype=np.float32)
    x[4:, 0] = 0.0
    y = rng.integers(0, 2, len(x))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    m = next(v.numpy() for v in model.optimizer.variables if v.shape == (3, 2) and "momentum" in v.path)
    # Unflushed, m[0] would be ~1e-55 / 1e-5 of TINY: denormal, or zero after ~1,000 steps more.
    # Flushed, it stops where (0 - m) * 0.1 underflows (as in TensorFlow): a normal float.
    assert (np.abs(m[0]) >= TINY).all() and (np.abs(m[0]) < 1e-36).all()
    assert (np.abs(m) >= TINY).all()  # no denormal anywhere

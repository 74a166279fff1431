"""Chain folding in traces: ``cast(cast(x, t1), t2)`` replays as ``cast(x, t2)`` only when exact."""

import numpy as np
import pytest

import saessak as tf
from saessak.ops.math_ops import _holds_exactly


def _compiled(fn, x):
    f = tf.function(fn)
    f(x)
    got = f(x)  # a replay
    (source,) = f.experimental_get_program_source()
    return got, source


def _casts(source):
    return [line for line in source.splitlines() if "= cast(" in line]


def test_integer_labels_cast_through_float_are_cast_once():
    labels = np.array([0, 3, 255, 7], np.uint8)
    got, source = _compiled(lambda y: tf.cast(tf.cast(y, tf.float32), tf.int64), labels)
    assert len(_casts(source)) == 1, source
    assert got.dtype == tf.int64
    np.testing.assert_array_equal(got.numpy(), labels.astype(np.int64))


@pytest.mark.parametrize("values, dtype, inner, outer", [
    # int32 values above 2**24 are rounded by float32: the two casts differ from one.
    (np.array([16_777_217, -3], np.int32), tf.int32, tf.float32, tf.int64),
    # float -> int truncates: going back to float does not restore the value.
    (np.array([1.5, -2.7], np.float32), tf.float32, tf.int32, tf.float32),
    # int64 -> int8 wraps around: not an exact step either.
    (np.array([300, 5], np.int64), tf.int64, tf.int8, tf.int32),
])
def test_lossy_chains_are_kept(values, dtype, inner, outer):
    def fn(x):
        return tf.cast(tf.cast(x, inner), outer)

    got, source = _compiled(fn, values)
    assert len(_casts(source)) == 2, source
    np.testing.assert_array_equal(got.numpy(), fn(tf.constant(values)).numpy())


def test_an_intermediate_read_elsewhere_stays():
    labels = np.array([1, 2, 3], np.uint8)

    def fn(y):
        f = tf.cast(y, tf.float32)
        return tf.cast(f, tf.int64), f * 2.0

    f = tf.function(fn)
    f(labels)
    ints, doubled = f(labels)
    (source,) = f.experimental_get_program_source()
    assert "cast(a0" in source and len(_casts(source)) == 2, source  # both read the input
    np.testing.assert_array_equal(ints.numpy(), [1, 2, 3])
    np.testing.assert_array_equal(doubled.numpy(), [2.0, 4.0, 6.0])


@pytest.mark.parametrize("source, target, exact", [
    ("uint8", "float32", True), ("int16", "float16", False), ("int8", "float16", True),
    ("int32", "float32", False), ("int32", "float64", True), ("int64", "float64", False),
    ("uint8", "int64", True), ("int64", "int32", False), ("uint32", "int64", True),
    ("float16", "float32", True), ("float64", "float32", False), ("float32", "int64", False),
    ("bool", "float32", True),
])
def test_holds_exactly(source, target, exact):
    assert _holds_exactly(np.dtype(source), np.dtype(target)) is exact
    if exact and np.dtype(source).kind in "iu":  # the extremes round-trip
        info = np.iinfo(source)
        extremes = np.array([info.min, info.max], source)
        np.testing.assert_array_equal(extremes.astype(target).astype(source), extremes)

"""Variables: creation, in-place assignment, reads seen by tapes."""

import numpy as np
import pytest

import saessak as tf
from saessak.errors import InvalidArgumentError


def test_variable_basics():
    v = tf.Variable([1.0, 2.0], name="w")
    assert v.name == "w:0" and v.trainable and v.dtype == tf.float32 and v.shape == (2,)
    assert tf.Variable(1).dtype == tf.int32
    assert not tf.Variable(1.0, trainable=False).trainable
    assert tf.Variable(lambda: tf.ones((2,))).numpy().tolist() == [1.0, 1.0]


def test_assignments_are_in_place():
    v = tf.Variable([1.0, 2.0])
    buffer = v._value
    v.assign([3, 4])
    v.assign_add([1.0, 1.0])
    v.assign_sub(tf.constant([0.5, 0.5]))
    assert v.numpy().tolist() == [3.5, 4.5]
    assert v._value is buffer


def test_value_is_a_snapshot():
    v = tf.Variable([1.0])
    snap = v.value()
    v.assign([5.0])
    assert snap.numpy().tolist() == [1.0]


def test_assign_errors():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(InvalidArgumentError, match="shape"):
        v.assign([1.0])
    with pytest.raises(InvalidArgumentError, match="dtype=int32"):
        v.assign(tf.constant([1, 2]))


def test_variable_in_ops_and_numpy():
    v = tf.Variable([[1.0, 2.0]])
    assert (v * 2).numpy().tolist() == [[2.0, 4.0]]
    assert np.asarray(v).tolist() == [[1.0, 2.0]]
    assert isinstance(v + 1, tf.Tensor) and not isinstance(v + 1, tf.Variable)

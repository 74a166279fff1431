"""``tf.math.confusion_matrix``: values and errors as TensorFlow 2.21 gives them."""

import numpy as np
import pytest

import saessak as tf


def test_counts_and_size_from_the_data():
    # TF 2.21: tf.math.confusion_matrix([1, 2, 4], [2, 2, 4])
    got = tf.math.confusion_matrix([1, 2, 4], [2, 2, 4])
    assert got.dtype == tf.int32
    np.testing.assert_array_equal(got.numpy(), [[0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0],
                                                [0, 0, 0, 0, 0], [0, 0, 0, 0, 1]])


def test_weights_num_classes_and_dtype():
    got = tf.math.confusion_matrix([1, 2, 4], [2, 2, 4], num_classes=6, dtype=tf.float32,
                                   weights=[0.5, 1.0, 2.0])
    want = np.zeros((6, 6), np.float32)
    want[1, 2], want[2, 2], want[4, 4] = 0.5, 1.0, 2.0
    assert got.dtype == tf.float32
    np.testing.assert_array_equal(got.numpy(), want)


def test_repeated_pairs_add_up():
    got = tf.math.confusion_matrix(np.array([0, 0, 1, 1, 1]), np.array([0, 0, 1, 0, 1]), num_classes=2)
    np.testing.assert_array_equal(got.numpy(), [[2, 0], [1, 2]])


@pytest.mark.parametrize("labels, predictions, num_classes, message", [
    ([1, -2], [0, 1], None, "`labels` contains negative values"),
    ([1, 2], [0, -1], None, "`predictions` contains negative values"),
    ([1, 7], [0, 1], 3, "`labels` out of bound"),
    ([1, 2], [1], None, "must be vectors of one length"),
])
def test_errors(labels, predictions, num_classes, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        tf.math.confusion_matrix(labels, predictions, num_classes=num_classes)


def test_in_a_compiled_function():
    f = tf.function(lambda y, p: tf.math.confusion_matrix(y, p, num_classes=3))
    f(tf.constant([0, 1]), tf.constant([0, 1]))
    got = f(tf.constant([2, 1]), tf.constant([0, 1]))  # a replay, new values
    np.testing.assert_array_equal(got.numpy(), [[0, 0, 0], [0, 1, 0], [1, 0, 0]])

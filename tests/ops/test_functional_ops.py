"""``tf.map_fn``: results, structure and dtype rules as TensorFlow 2.21 applies them."""

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients


def test_maps_over_the_first_axis():
    np.testing.assert_array_equal(tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3])).numpy(), [1, 4, 9])
    rows = tf.map_fn(lambda row: row[::-1], tf.constant([[1, 2], [3, 4]]))
    np.testing.assert_array_equal(rows.numpy(), [[2, 1], [4, 3]])


def test_nested_elems_and_outputs():
    a, b = tf.constant([1.0, 2.0]), tf.constant([10.0, 20.0])
    s, t = tf.map_fn(lambda p: (p[0] + p[1], p[1]), (a, b))
    np.testing.assert_array_equal(s.numpy(), [11.0, 22.0])
    np.testing.assert_array_equal(t.numpy(), [10.0, 20.0])
    pos, neg = tf.map_fn(lambda x: (x, -x), tf.constant([1, 2]), fn_output_signature=(tf.int32, tf.int32))
    np.testing.assert_array_equal(neg.numpy(), [-1, -2])


def test_signature_sets_the_output_dtype():
    got = tf.map_fn(lambda x: tf.cast(tf.reduce_sum(x), tf.float32), tf.constant([[1, 2], [3, 4]]),
                    fn_output_signature=tf.float32)
    assert got.dtype == tf.float32
    np.testing.assert_array_equal(got.numpy(), [3.0, 7.0])


@pytest.mark.parametrize("call, message", [
    # TF 2.21 raises too: the output must have elems' structure and dtypes unless a signature is given.
    (lambda: tf.map_fn(lambda x: (x, -x), tf.constant([1, 2])), "another structure"),
    (lambda: tf.map_fn(lambda d: d["a"] * 2, {"a": tf.constant([1, 2])}), "another structure"),
    (lambda: tf.map_fn(lambda x: tf.cast(x, tf.float32), tf.constant([1, 2])), "dtype float32 where int32"),
    (lambda: tf.map_fn(lambda x: tf.reduce_sum(x), tf.constant([[1, 2]]), fn_output_signature=tf.float32),
     "dtype int32 where float32"),
    (lambda: tf.map_fn(lambda p: p[0], (tf.constant([1, 2]), tf.constant([1]))), "same first dimension"),
])
def test_mismatches_raise(call, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        call()


def test_empty_elems_give_an_empty_vector():
    got = tf.map_fn(lambda x: x, tf.zeros((0, 2)))  # TF 2.21: shape (0,), float32
    assert got.shape == (0,) and got.dtype == tf.float32


def test_gradients_and_compiled_replay():
    check_gradients(lambda x: tf.map_fn(lambda r: tf.reduce_sum(r * r), x), [np.array([[1.0, 2.0], [3.0, -1.0]])])
    f = tf.function(lambda x: tf.map_fn(lambda r: r * 2.0, x))
    f(tf.constant([1.0, 2.0]))
    np.testing.assert_array_equal(f(tf.constant([5.0, 6.0])).numpy(), [10.0, 12.0])

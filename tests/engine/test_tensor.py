"""Tensor and Variable: dtypes, shapes, printing, NumPy interop, immutability."""

import numpy as np
import pytest

import saessak as tf
from saessak.errors import InvalidArgumentError


@pytest.mark.parametrize("value, dtype", [
    (5, tf.int32), (2.5, tf.float32), (True, tf.bool), ([1, 2], tf.int32), ([1.0, 2], tf.float32),
    (2**40, tf.int64), (np.arange(3.0), tf.float64), (np.arange(3), tf.int64),
    (np.float32(1), tf.float32), (np.uint8(1), tf.uint8), (1 + 2j, tf.complex128),
])
def test_constant_dtype_inference(value, dtype):
    assert tf.constant(value).dtype == dtype


def test_constant_requested_dtype_and_shape():
    assert tf.constant([1, 2], dtype=tf.float32).numpy().tolist() == [1.0, 2.0]
    assert tf.constant(3, shape=(2, 2)).numpy().tolist() == [[3, 3], [3, 3]]
    with pytest.raises(TypeError, match="not an integer"):
        tf.constant(1.5, dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="shape=\\(3,\\)"):
        tf.constant([1, 2], shape=(3,))


def test_shape_and_metadata():
    t = tf.ones((2, 3))
    assert t.shape == (2, 3) and t.shape == [2, 3]
    assert str(t.shape) == "(2, 3)" and repr(t.shape) == "TensorShape([2, 3])"
    assert str(tf.constant([1]).shape) == "(1,)" and str(tf.constant(1).shape) == "()"
    assert t.ndim == 2 and len(t) == 2 and t.shape[0] == 2 and t.shape.as_list() == [2, 3]
    assert tf.TensorShape([None, 3]).is_compatible_with((5, 3))
    assert str(tf.TensorShape([None, 3])) == "(None, 3)"


def test_str_and_repr_match_tensorflow():
    assert str(tf.constant(5)) == "tf.Tensor(5, shape=(), dtype=int32)"
    assert repr(tf.constant(5)) == "<tf.Tensor: shape=(), dtype=int32, numpy=5>"
    assert repr(tf.constant(2.5)) == "<tf.Tensor: shape=(), dtype=float32, numpy=2.5>"
    assert str(tf.constant([1, 2, 3])) == "tf.Tensor([1 2 3], shape=(3,), dtype=int32)"
    assert str(tf.constant([[1.0, 2.0], [3.0, 4.0]])) == (
        "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)")
    assert repr(tf.constant([[1.0, 2.0], [3.0, 4.0]])) == (
        "<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\n"
        "array([[1., 2.],\n       [3., 4.]], dtype=float32)>")
    assert repr(tf.Variable([1.0, 2.0])) == (
        "<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>")
    assert repr(tf.Variable(3.0, name="w")) == "<tf.Variable 'w:0' shape=() dtype=float32, numpy=3.0>"


def test_numpy_interop():
    t = tf.constant([1.0, 2.0])
    a = np.asarray(t)
    assert a.dtype == np.float32 and a.tolist() == [1.0, 2.0]
    assert np.mean(t) == 1.5
    assert isinstance(np.exp(t), np.ndarray)
    r = np.array([1.0, 1.0], dtype=np.float32) + t  # NumPy defers to the tensor, as with TF
    assert isinstance(r, tf.Tensor) and r.dtype == tf.float32
    assert isinstance(tf.constant(5).numpy(), np.int32)
    n = t.numpy()
    n[0] = 99  # .numpy() is a copy: the tensor stays immutable
    assert t.numpy()[0] == 1.0


def test_tensors_are_immutable_and_unhashable():
    t = tf.constant([1, 2])
    with pytest.raises(TypeError, match="immutable"):
        t[0] = 3
    with pytest.raises(TypeError):
        hash(t)
    assert {t.ref(): 1}[t.ref()] == 1


def test_python_conversions():
    assert float(tf.constant(2.5)) == 2.5 and int(tf.constant(3)) == 3
    assert bool(tf.constant(1) > 0) is True
    with pytest.raises(ValueError, match="ambiguous"):
        bool(tf.constant([1, 2]) > 0)
    assert [x.numpy().tolist() for x in tf.constant([[1, 2], [3, 4]])] == [[1, 2], [3, 4]]
    assert (tf.constant([1.0]) == None) is False  # noqa: E711 - TF's behaviour


def test_operators():
    a, b = tf.constant([6, -7]), tf.constant([4, 2])
    assert (a + b).numpy().tolist() == [10, -5]
    assert (a - b).numpy().tolist() == [2, -9]
    assert (a * b).numpy().tolist() == [24, -14]
    assert (a / b).dtype == tf.float64 and (a / b).numpy().tolist() == [1.5, -3.5]
    assert (a // b).numpy().tolist() == [1, -4] and (a % b).numpy().tolist() == [2, 1]
    assert (b ** 2).numpy().tolist() == [16, 4] and (-a).numpy().tolist() == [-6, 7]
    assert (2 - a).numpy().tolist() == [-4, 9] and (abs(a)).numpy().tolist() == [6, 7]
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose((m @ m).numpy(), np.array([[7, 10], [15, 22]]))
    assert ((a > 0) & (b > 3)).numpy().tolist() == [True, False]
    assert (~(a > 0)).numpy().tolist() == [False, True]


def test_dtype_strictness():
    with pytest.raises(InvalidArgumentError, match="int32.*float32"):
        tf.constant(1) + tf.constant(1.0)
    with pytest.raises(TypeError):
        tf.constant(1) + 1.5
    assert (tf.constant(1.0) + 1).dtype == tf.float32
    assert (tf.constant(1.0) + np.array([1.0])).dtype == tf.float32  # arrays adopt the tensor's dtype
    with pytest.raises(ValueError):
        tf.ones((2, 3)) + tf.ones((4,))


def test_dtypes_objects():
    assert repr(tf.float32) == "tf.float32" and str(tf.float32) == "<dtype: 'float32'>"
    assert tf.as_dtype("float32") == tf.float32 == np.float32
    assert tf.float32.is_floating and tf.int32.is_integer and tf.float32.size == 4
    with pytest.raises(TypeError, match="dtype"):
        tf.as_dtype("float31")

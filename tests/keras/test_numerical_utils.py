"""to_categorical and normalize against Keras 3 (tests/golden/text.json, tools/make_golden_text.py).

Keras returns NumPy float64 one-hot matrices for NumPy/list labels and float32
tensors for tensor labels; ``normalize`` keeps NumPy's dtype rules (int input
gives float64) and Keras's quirks (``axis=0``, 1-D input), and computes with
ops (epsilon instead of "a zero norm counts as 1") for tensors.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak.keras.utils.numerical_utils import normalize, to_categorical

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "text.json").read_text("utf-8"))
NUMERICAL = GOLDEN["numerical"]


def _order(order):
    return np.inf if order == "inf" else order


@pytest.mark.parametrize("case", NUMERICAL["to_categorical"], ids=lambda c: repr(c["x"]))
def test_to_categorical_numpy_matches_keras(case):
    y = to_categorical(case["x"], case["num_classes"])
    assert isinstance(y, np.ndarray)
    assert str(y.dtype) == case["dtype"] == "float64"
    assert list(y.shape) == case["shape"]
    assert y.tolist() == case["value"]
    y = to_categorical(np.array(case["x"]), case["num_classes"])
    assert y.tolist() == case["value"]


@pytest.mark.parametrize("case", NUMERICAL["to_categorical_tensor"], ids=lambda c: repr(c["x"]))
def test_to_categorical_tensor_matches_keras(case):
    y = to_categorical(tf.constant(case["x"]), case["num_classes"])
    assert isinstance(y, tf.Tensor)
    assert y.dtype.name == case["dtype"] == "float32"
    assert list(y.shape) == case["shape"]
    assert y.numpy().tolist() == case["value"]


def test_to_categorical_column_of_labels():
    labels = np.array([[1], [0], [3]])
    y = to_categorical(labels)
    assert y.shape == (3, 4)
    np.testing.assert_array_equal(y.argmax(axis=1), [1, 0, 3])
    assert to_categorical(tf.constant(labels)).shape == (3, 4)  # num_classes inferred too


def test_to_categorical_errors():
    with pytest.raises(IndexError, match=r"label 5 is out of range for num_classes=3"):
        to_categorical([0, 5], num_classes=3)
    with pytest.raises(ValueError, match="cannot infer `num_classes`"):
        to_categorical([])
    with pytest.raises(ValueError, match="integer class indices"):
        to_categorical(["cat", "dog"])


@pytest.mark.parametrize("case", NUMERICAL["normalize"],
                         ids=lambda c: f"{c['in_dtype']}-{c['x']!r}-{c['axis']}-{c['order']}")
def test_normalize_numpy_matches_keras(case):
    x = np.array(case["x"], dtype=case["in_dtype"])
    y = normalize(x, axis=case["axis"], order=_order(case["order"]))
    assert isinstance(y, np.ndarray)
    assert str(y.dtype) == case["dtype"]
    assert list(y.shape) == case["shape"]
    np.testing.assert_allclose(y.ravel(), case["value"], rtol=1e-6)


@pytest.mark.parametrize("case", NUMERICAL["normalize_tensor"],
                         ids=lambda c: f"{c['x']!r}-{c['axis']}-{c['order']}")
def test_normalize_tensor_matches_keras(case):
    y = normalize(tf.constant(case["x"], dtype=tf.float32), axis=case["axis"], order=case["order"])
    assert isinstance(y, tf.Tensor)
    assert y.dtype.name == case["dtype"]
    assert list(y.shape) == case["shape"]
    np.testing.assert_allclose(y.numpy().ravel(), case["value"], rtol=1e-6)


def test_normalize_list_and_int_tensor_give_float_tensors():
    y = normalize([[3.0, 4.0]])
    assert isinstance(y, tf.Tensor)
    np.testing.assert_allclose(y.numpy(), [[0.6, 0.8]], rtol=1e-6)
    y = normalize(tf.constant([[3, 4]]))
    assert y.dtype.name == "float32"
    np.testing.assert_allclose(y.numpy(), [[0.6, 0.8]], rtol=1e-6)


def test_normalize_tensor_order_must_be_a_positive_int():
    with pytest.raises(ValueError, match=r"`order` must be an int >= 1.*order=0.5"):
        normalize(tf.constant([1.0, 2.0]), order=0.5)
    with pytest.raises(ValueError, match="order=0"):
        normalize(tf.constant([1.0, 2.0]), order=0)


def test_normalize_tensor_inside_function():
    @tf.function
    def f(x):
        return normalize(x)

    for value in ([[3.0, 4.0], [1.0, 0.0]], [[6.0, 8.0], [0.0, 2.0]]):
        x = tf.constant(value)
        np.testing.assert_allclose(f(x).numpy(), normalize(x).numpy(), rtol=1e-6)

"""``tf.image.resize``: values, dtypes and shapes from real TensorFlow 2.21 (tools/make_golden_image_resize.py)."""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak.errors import InvalidArgumentError, UnsupportedAPIError

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "image_resize.json").read_text())


def _input(seed, shape, dtype):  # as the golden script builds it
    rng = np.random.default_rng(seed)
    if dtype == "uint8":
        return rng.integers(0, 256, size=shape).astype(np.uint8)
    return (rng.standard_normal(shape) * 10).astype(dtype)


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["name"] for c in GOLDEN["cases"]])
def test_equals_tensorflow(case):
    x = _input(case["seed"], case["shape"], case["dtype"])
    y = tf.image.resize(x, case["size"], method=case["method"],
                        preserve_aspect_ratio=case.get("preserve_aspect_ratio", False))
    assert list(y.shape) == case["out_shape"] and y.dtype.name == case["out_dtype"]
    np.testing.assert_allclose(y.numpy().astype(np.float64).reshape(-1), case["values"], rtol=1e-6, atol=1e-5)


def test_method_names_and_errors():
    x = np.zeros((1, 4, 4, 1), np.float32)
    assert tf.image.resize(x, [2, 2], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR).shape == (1, 2, 2, 1)
    with pytest.raises(UnsupportedAPIError, match="method='bicubic'"):
        tf.image.resize(x, [2, 2], method=tf.image.ResizeMethod.BICUBIC)
    with pytest.raises(UnsupportedAPIError, match="antialias=True"):
        tf.image.resize(x, [2, 2], antialias=True)
    with pytest.raises(InvalidArgumentError, match="unknown method 'cubic'"):
        tf.image.resize(x, [2, 2], method="cubic")
    with pytest.raises(InvalidArgumentError, match="4-D .* or 3-D"):
        tf.image.resize(np.zeros((4, 4)), [2, 2])
    with pytest.raises(InvalidArgumentError, match="two positive ints"):
        tf.image.resize(x, [2])


def test_gradient_flows_to_the_images():
    x = tf.constant(np.random.default_rng(0).standard_normal((1, 3, 3, 1)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.image.resize(x, [5, 5]))
    g = tape.gradient(y, x)
    assert g.shape == (1, 3, 3, 1) and abs(float(tf.reduce_sum(g)) - 25.0) < 1e-4  # weights sum to 1 per pixel

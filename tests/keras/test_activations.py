"""keras.activations: values against Keras 3, gradients of the composed ones, lookups.

Golden data: tests/golden/init_act.json, written by tools/make_golden_init_act.py.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.keras import activations

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "init_act.json").read_text())
G = GOLDEN["activations"]


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


INPUTS = {k: _array(v) for k, v in G["inputs"].items()}


@pytest.mark.parametrize("case", G["cases"], ids=lambda c: c["id"])
def test_values_match_keras(case):
    x = tf.constant(INPUTS[case["input"]])
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in case["kwargs"].items()}
    y = getattr(activations, case["name"])(x, **kwargs)
    want = _array(case)
    assert y.dtype == tf.as_dtype(case["dtype"])
    assert y.shape == want.shape
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-6, atol=1e-6)


def test_sparsemax_matches_keras_where_keras_is_exact():
    rec = G["sparsemax"]
    y = activations.sparsemax(_array(rec["input"]))
    np.testing.assert_allclose(y.numpy(), _array(rec["output"]), atol=1e-6)


def _sparsemax_reference(z):
    # Projection onto the simplex by sorting (Held et al., 1974), row by row.
    out = np.empty_like(z)
    for i, row in enumerate(z):
        s = np.sort(row)[::-1]
        css = np.cumsum(s)
        k = np.arange(1, len(row) + 1)
        support = s - (css - 1) / k > 0
        kk = k[support][-1]
        tau = (css[kk - 1] - 1) / kk
        out[i] = np.maximum(row - tau, 0)
    return out


@pytest.mark.parametrize("axis", [-1, 0])
def test_sparsemax_is_the_simplex_projection(axis):
    z = np.random.default_rng(3).standard_normal((5, 6)).astype(np.float32)
    y = activations.sparsemax(z, axis=axis).numpy()
    ref = _sparsemax_reference(z if axis == -1 else z.T)
    np.testing.assert_allclose(y if axis == -1 else y.T, ref, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(y.sum(axis=axis), 1.0, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(G["names"]))
def test_names_resolve_like_keras(name):
    assert activations.get(name).__name__ == G["names"][name]


def test_serialize_and_get():
    for name, want in G["serialize"].items():
        assert activations.serialize(activations.get(name)) == want
    assert activations.get(None) is activations.linear
    assert activations.get(activations.relu) is activations.relu
    assert activations.deserialize("swish") is activations.silu
    assert activations.get({"module": "builtins", "class_name": "function", "config": "relu",
                            "registered_name": "function"}) is activations.relu

    def custom(x):
        return x

    assert activations.get(custom) is custom
    assert activations.serialize(custom)["config"] == "custom"


def test_unknown_activation_suggests_the_closest():
    with pytest.raises(ValueError, match="Did you mean 'relu'"):
        activations.get("reluu")
    with pytest.raises(ValueError, match="Could not interpret activation function identifier"):
        activations.get(3)


def test_glu_needs_an_even_axis():
    with pytest.raises(ValueError, match="divisible by 2"):
        activations.glu(np.ones((2, 3), np.float32))


def test_softmax_warns_on_a_size_one_axis():
    with pytest.warns(UserWarning, match="size 1"):
        activations.softmax(np.ones((3, 1), np.float32))


def test_sigmoid_and_softmax_remember_their_logits():
    from saessak.keras.losses.loss import get_keras_logits

    x = tf.constant([[1.0, -2.0]])
    assert get_keras_logits(activations.softmax(x)) is x
    assert get_keras_logits(activations.sigmoid(x)) is x


# ---------------------------------------------------------------- gradients
# Inputs stay away from the kinks (0, +-1, +-3, thresholds) so finite differences are exact.
_X = np.array([-4.3, -2.2, -1.4, -0.7, -0.2, 0.3, 0.8, 1.6, 2.4, 3.7, 6.5])

GRAD_CASES = [
    ("hard_sigmoid", {}), ("hard_silu", {}), ("mish", {}), ("celu", {"alpha": 1.5}),
    ("squareplus", {"b": 2}), ("log_sigmoid", {}), ("tanh_shrink", {}), ("soft_shrink", {}),
    ("hard_shrink", {}), ("sparse_plus", {}), ("sparse_sigmoid", {}), ("hard_tanh", {}),
    ("exponential", {}), ("elu", {"alpha": 0.4}), ("softplus", {}),
    ("threshold", {"threshold": 0.5, "default_value": -1.0}),
    ("relu", {"negative_slope": 0.1, "max_value": 5.0}), ("relu", {"threshold": 1.0}),
    ("relu", {"negative_slope": 0.2, "threshold": -1.0, "max_value": 3.0}),
    ("relu", {"max_value": 6.0}),
]


@pytest.mark.parametrize("name,kwargs", GRAD_CASES, ids=lambda v: str(v))
def test_gradients(name, kwargs):
    fn = getattr(activations, name)
    check_gradients(lambda x: fn(x, **kwargs), [_X])


@pytest.mark.parametrize("name", ["mish", "celu", "squareplus", "hard_silu", "log_sigmoid"])
def test_second_order_gradients(name):
    check_gradients(getattr(activations, name), [_X], order=2)


def test_gradients_over_axes():
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    check_gradients(lambda t: activations.softmax(t, axis=(1, 2)), [x], order=2)
    check_gradients(lambda t: activations.log_softmax(t, axis=(0, 2)), [x])
    check_gradients(lambda t: activations.glu(t, axis=-1), [x], order=2)
    z = np.array([[0.3, 1.2, -0.4, 0.9], [2.0, -1.0, 0.1, 0.15]])
    check_gradients(activations.sparsemax, [z])


def test_works_inside_function():
    @tf.function
    def f(x):
        return activations.mish(x) + activations.hard_silu(x) + activations.softmax(x, axis=(0, 1))

    for seed in (0, 1):
        x = tf.constant(np.random.default_rng(seed).standard_normal((3, 4)).astype(np.float32))
        eager = activations.mish(x) + activations.hard_silu(x) + activations.softmax(x, axis=(0, 1))
        np.testing.assert_allclose(f(x).numpy(), eager.numpy(), rtol=1e-6)

"""keras.regularizers and keras.constraints: values and configs against Keras 3, gradients, lookups.

Golden data: tests/golden/init_act.json, written by tools/make_golden_init_act.py.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.keras import constraints, regularizers
from saessak.keras.variables import Variable

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "init_act.json").read_text())
G = GOLDEN["regularizers_constraints"]


def _array(rec):
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


W = _array(G["w"])


def _id(case):
    return f"{case['class_name']}-{case['args']}".replace(" ", "")


# ---------------------------------------------------------------- regularizers
@pytest.mark.parametrize("case", G["regularizers"], ids=_id)
def test_regularizer_values_and_configs(case):
    reg = getattr(regularizers, case["class_name"])(**case["args"])
    assert reg.get_config() == case["config"]
    out = reg(tf.constant(W))
    assert out.shape == () and out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), _array(case), rtol=1e-6)
    assert type(reg).from_config(reg.get_config()).get_config() == case["config"]


@pytest.mark.parametrize("reg", [regularizers.L1(0.3), regularizers.L2(0.05), regularizers.L1L2(0.1, 0.2),
                                 regularizers.OrthogonalRegularizer(0.5),
                                 regularizers.OrthogonalRegularizer(0.5, mode="columns")],
                         ids=lambda r: type(r).__name__ + str(r.get_config().get("mode", "")))
def test_regularizer_gradients(reg):
    check_gradients(reg, [W.astype(np.float64)])


def test_regularizer_on_a_variable_is_differentiable():
    v = Variable(W, name="kernel")
    with tf.GradientTape() as tape:
        penalty = regularizers.L2(0.5)(v)
    np.testing.assert_allclose(tape.gradient(penalty, v).numpy(), W, rtol=1e-6)


def test_regularizer_keeps_float64():
    assert regularizers.L1L2(0.1, 0.1)(W.astype(np.float64)).dtype == tf.float64
    assert regularizers.L1L2()(W).numpy() == 0.0


def test_regularizer_names_and_get():
    for name, cls in G["regularizer_names"].items():
        assert type(regularizers.get(name)).__name__ == cls
    assert isinstance(regularizers.get("l1_l2"), regularizers.L1L2)
    assert regularizers.get(None) is None
    reg = regularizers.L2(0.2)
    assert regularizers.get(reg) is reg
    assert regularizers.get({"class_name": "L1", "config": {"l1": 0.5}}).l1 == 0.5
    assert regularizers.serialize(regularizers.L2(0.1)) == G["serialize"][0]
    assert regularizers.deserialize(G["serialize"][0]).l2 == 0.1


def test_regularizer_errors():
    with pytest.raises(ValueError, match="Did you mean .*'l1'"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="non-negative"):
        regularizers.L2(-1.0)
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    with pytest.raises(ValueError, match="rank 2"):
        regularizers.OrthogonalRegularizer()(np.ones((2, 2, 2), np.float32))


# ---------------------------------------------------------------- constraints
@pytest.mark.parametrize("case", G["constraints"], ids=_id)
def test_constraint_values_and_configs(case):
    args = dict(case["args"])
    con = getattr(constraints, case["class_name"])(**args)
    assert con.get_config() == case["config"]
    out = con(tf.constant(W))
    assert out.dtype == tf.float32 and out.shape == W.shape
    np.testing.assert_allclose(out.numpy(), _array(case), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("con", [constraints.MaxNorm(1.0), constraints.UnitNorm(axis=1),
                                 constraints.MinMaxNorm(0.5, 1.5, 0.7), constraints.NonNeg()],
                         ids=lambda c: type(c).__name__)
def test_constraint_gradients(con):
    check_gradients(con, [W.astype(np.float64) + 0.05])


def test_constraint_names_and_get():
    for name, cls in G["constraint_names"].items():
        assert type(constraints.get(name)).__name__ == cls
    assert constraints.get(None) is None
    assert constraints.serialize(constraints.MaxNorm()) == G["serialize"][1]
    assert constraints.deserialize(G["serialize"][1]).max_value == 2
    with pytest.raises(ValueError, match="Did you mean 'max_norm'"):
        constraints.get("maxnorm")


def test_constraint_applied_to_a_variable():
    v = Variable(W, name="kernel", constraint=constraints.get("non_neg"))
    v.assign(v.constraint(v))
    assert v.numpy().min() >= 0.0


def test_works_inside_function():
    reg, con = regularizers.L1L2(0.1, 0.2), constraints.MaxNorm(0.7)

    @tf.function
    def f(w):
        return reg(w), con(w)

    for scale in (1.0, 3.0):
        w = tf.constant(W * scale)
        got_r, got_c = f(w)
        np.testing.assert_allclose(got_r.numpy(), reg(w).numpy(), rtol=1e-6)
        np.testing.assert_allclose(got_c.numpy(), con(w).numpy(), rtol=1e-6)

"""keras.initializers: configs, names, fans, exact values and draw statistics against Keras 3.

Golden data: tests/golden/init_act.json, written by tools/make_golden_init_act.py.
"""

import json
import math
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak.keras import config, initializers
from saessak.keras.variables import Variable

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "init_act.json").read_text())
G = GOLDEN["initializers"]


def _make(name, args):
    return getattr(initializers, name)(**args)


def _id(case):
    return f"{case['class_name']}-{case['args']}".replace(" ", "")


# ---------------------------------------------------------------- configs and names
@pytest.mark.parametrize("case", G["configs"], ids=_id)
def test_get_config_matches_keras(case):
    init = _make(case["class_name"], case["args"])
    assert init.get_config() == case["config"]
    clone = type(init).from_config(init.get_config())
    assert clone.get_config() == case["config"]


@pytest.mark.parametrize("name", sorted(G["names"]))
def test_names_resolve_like_keras(name):
    init = initializers.get(name)
    assert type(init).__name__ == G["names"][name]


def test_serialize_matches_keras():
    got = [initializers.serialize(initializers.HeNormal(seed=3)),
           initializers.serialize(initializers.Constant(2.0))]
    assert got == G["serialize"]
    assert initializers.serialize(None) is None
    back = initializers.deserialize(got[0])
    assert isinstance(back, initializers.HeNormal) and back.seed == 3


def test_get_accepts_every_identifier_kind():
    assert initializers.get(None) is None
    assert isinstance(initializers.get("GlorotUniform"), initializers.GlorotUniform)
    assert isinstance(initializers.get(initializers.Zeros), initializers.Zeros)
    inst = initializers.RandomNormal(stddev=3.0)
    assert initializers.get(inst) is inst
    rebuilt = initializers.get({"class_name": "RandomNormal", "config": {"stddev": 2.0}})
    assert rebuilt.stddev == 2.0

    def fn(shape, dtype=None):
        return tf.ones(shape, dtype=dtype)

    assert initializers.get(fn) is fn
    value = np.arange(6, dtype=np.float64).reshape(2, 3)
    out = initializers.get(value)((2, 3), dtype="float32")
    assert out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), value)
    with pytest.raises(ValueError, match=r"Expected `shape` to be \(2, 3\)"):
        initializers.get(value)((3, 2))


def test_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="Did you mean 'glorot_uniform'"):
        initializers.get("glorot_unifrom")
    with pytest.raises(ValueError, match="Could not interpret initializer identifier"):
        initializers.get(42)
    with pytest.raises(ValueError, match="HeNormall"):
        initializers.get({"class_name": "HeNormall", "config": {}})


def test_snake_case_aliases_are_the_classes():
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.he_normal is initializers.HeNormal
    assert initializers.IdentityInitializer is initializers.Identity


# ---------------------------------------------------------------- fans and exact values
@pytest.mark.parametrize("case", G["fans"], ids=lambda c: str(c["shape"]))
def test_compute_fans(case):
    assert list(initializers.compute_fans(tuple(case["shape"]))) == case["fans"]


def test_compute_fans_with_axes():
    assert initializers.compute_fans((3, 4, 5), input_axes=(0, 1), output_axes=(2,)) == (12, 5)


@pytest.mark.parametrize("case", G["values"], ids=lambda c: f"{_id(c)}-{c['shape']}-{c['dtype']}")
def test_deterministic_values(case):
    out = _make(case["class_name"], case["args"])(tuple(case["shape"]), dtype=case["dtype"])
    assert isinstance(out, tf.Tensor)
    assert out.dtype == tf.as_dtype(case["dtype"])
    assert out.shape == tuple(case["shape"])
    np.testing.assert_array_equal(out.numpy().reshape(-1), np.array(case["value"]))


def test_identity_and_orthogonal_need_matrices():
    with pytest.raises(ValueError, match="only be used for 2D matrices"):
        initializers.Identity()((2, 2, 2))
    with pytest.raises(ValueError, match="at least two-dimensional"):
        initializers.Orthogonal()((5,))


# ---------------------------------------------------------------- random draws
@pytest.mark.parametrize("case", G["stats"], ids=lambda c: f"{_id(c)}-{c['shape']}")
def test_draw_statistics_match_keras(case):
    init = _make(case["class_name"], {**case["args"], "seed": 11})
    v = init(tuple(case["shape"]), dtype="float32")
    assert v.dtype == tf.float32 and v.shape == tuple(case["shape"])
    v = v.numpy().astype(np.float64)
    # Both are samples of the same law: the std agrees with Keras's sample within 2%,
    # and the mean within a few standard errors.
    assert v.std() == pytest.approx(case["std"], rel=0.02)
    assert abs(v.mean() - case["mean"]) < 5 * case["std"] / math.sqrt(v.size) + 1e-7
    if "expected_std" in case:
        assert v.std() == pytest.approx(case["expected_std"], rel=0.02)
    if "limit" in case:  # uniform bound, or the truncation at two standard deviations
        assert np.abs(v).max() <= case["limit"] * (1 + 1e-6)
        assert np.abs(v).max() >= case["limit"] * 0.95
    lo, hi = case["min"], case["max"]
    span = hi - lo
    assert v.min() == pytest.approx(lo, abs=0.25 * span) and v.max() == pytest.approx(hi, abs=0.25 * span)


def test_glorot_uniform_limit_is_keras_formula():
    shape = (3, 3, 16, 32)
    fan_in, fan_out = 3 * 3 * 16, 3 * 3 * 32
    limit = math.sqrt(6 / (fan_in + fan_out))
    v = initializers.GlorotUniform(seed=0)(shape).numpy()
    assert np.abs(v).max() <= limit
    assert np.abs(v).max() > 0.99 * limit


def test_truncated_normal_resamples_beyond_two_stddev():
    v = initializers.TruncatedNormal(mean=1.0, stddev=0.5, seed=2)((200, 200)).numpy()
    assert v.min() >= 0.0 and v.max() <= 2.0
    assert v.std() == pytest.approx(0.5 * 0.87962566103423978, rel=0.02)


@pytest.mark.parametrize("case", G["orthogonal"], ids=lambda c: f"{c['gain']}-{c['shape']}")
def test_orthogonal_is_orthogonal(case):
    shape = tuple(case["shape"])
    q = initializers.Orthogonal(gain=case["gain"], seed=3)(shape).numpy().astype(np.float64)
    assert q.shape == shape
    flat = q.reshape(-1, shape[-1])
    gram = flat @ flat.T if flat.shape[0] < flat.shape[1] else flat.T @ flat
    np.testing.assert_allclose(gram, np.array(case["gram"]), atol=1e-5)


def test_repeatability_matches_keras():
    rep = G["repeatable"]
    seeded, unseeded = initializers.RandomNormal(seed=1), initializers.GlorotUniform()
    assert np.array_equal(seeded((4, 4)).numpy(), seeded((4, 4)).numpy()) == rep["seeded_same_each_call"]
    assert np.array_equal(unseeded((4, 4)).numpy(),
                          unseeded((4, 4)).numpy()) == rep["unseeded_same_each_call"]
    differ = not np.array_equal(initializers.GlorotUniform()((4, 4)).numpy(),
                                initializers.GlorotUniform()((4, 4)).numpy())
    assert differ == rep["two_unseeded_differ"]
    # one seed, one stream: two initializers with the same seed agree
    np.testing.assert_array_equal(initializers.HeNormal(seed=5)((3, 3)).numpy(),
                                  initializers.HeNormal(seed=5)((3, 3)).numpy())


def test_global_seed_makes_unseeded_initializers_repeatable():
    tf.random.set_seed(123)
    a = initializers.get("glorot_uniform")((5, 5)).numpy()
    tf.random.set_seed(123)
    b = initializers.get("glorot_uniform")((5, 5)).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", ["random_normal", "random_uniform", "truncated_normal", "he_normal",
                                  "glorot_uniform", "orthogonal"])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", None])
def test_random_dtypes(name, dtype):
    out = initializers.get(name)((6, 4), dtype=dtype)
    expected = tf.as_dtype(dtype or config.floatx())
    assert out.dtype == expected and out.numpy().dtype == expected.as_numpy_dtype
    assert np.all(np.isfinite(out.numpy()))


def test_random_initializers_reject_integer_dtypes():
    with pytest.raises(TypeError, match="int32"):
        initializers.RandomNormal()((2, 2), dtype="int32")


def test_bad_arguments():
    with pytest.raises(ValueError, match="scale"):
        initializers.VarianceScaling(scale=0.0)
    with pytest.raises(ValueError, match="mode"):
        initializers.VarianceScaling(mode="fan_sum")
    with pytest.raises(ValueError, match="distribution"):
        initializers.VarianceScaling(distribution="cauchy")
    with pytest.raises(ValueError, match="seed"):
        initializers.RandomNormal(seed="abc")
    with pytest.raises(ValueError, match="shape"):
        initializers.Zeros()((None, 3))


def test_variable_from_initializer():
    v = Variable(initializers.get("he_uniform"), shape=(4, 3), name="kernel")
    assert v.shape == (4, 3) and v.dtype == tf.float32
    assert np.abs(v.numpy()).max() <= math.sqrt(6 / 4)

"""saessak.keras.losses against Keras 3 (tests/golden/losses.json) and its own promises.

The golden file was written by tools/make_golden_losses_metrics.py with the real
Keras; each case is replayed here with ``keras.losses`` bound to saessak's module.
Values are compared to the file's tolerances, configs and names exactly, and an
expected error must be raised with the same base classes (ValueError...).
"""

import builtins
import json
import pathlib
import types
import warnings

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError, UnsupportedAPIError
from saessak.keras import losses, metrics, naming

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "losses.json").read_text("utf-8"))
INPUTS = {k: np.array(v["value"], dtype=v["dtype"]).reshape(v["shape"])
          for k, v in GOLDEN["inputs"].items()}
KERAS = types.SimpleNamespace(losses=losses, metrics=metrics,
                              backend=types.SimpleNamespace(clear_session=naming.reset))


def _plain(obj):
    if isinstance(obj, tf.Tensor):
        return np.asarray(obj).tolist()
    return repr(obj)


def _evaluate(case):
    ns = {"keras": KERAS, "np": np, **{k: v.copy() for k, v in INPUTS.items()}}
    if "code" in case:
        exec(case["code"], ns)  # noqa: S102 - the golden file's own statements
        return ns["result"]
    return eval(case["expr"], ns)  # noqa: S307 - the golden file's own expression


def compare(got, expected, where, rtol, atol):
    if "shape" in expected:
        arr = np.asarray(got)
        assert list(arr.shape) == expected["shape"], f"{where}: shape {arr.shape} != {expected['shape']}"
        want = np.array([np.nan if v is None else v for v in expected["value"]], dtype=np.float64)
        np.testing.assert_allclose(arr.reshape(-1).astype(np.float64), want, rtol=rtol, atol=atol,
                                   err_msg=where)
    elif "list" in expected:
        assert len(got) == len(expected["list"]), where
        for i, (g, e) in enumerate(zip(got, expected["list"])):
            compare(g, e, f"{where}[{i}]", rtol, atol)
    else:
        plain = json.loads(json.dumps(got, default=_plain))
        assert plain == expected["py"], f"{where}: {plain!r} != {expected['py']!r}"


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["id"] for c in GOLDEN["cases"]])
def test_golden(case):
    naming.reset()
    expected = case["result"]
    if "error" in expected:
        with pytest.raises(Exception) as info:  # noqa: PT011 - checked against Keras's bases
            _evaluate(case)
        for base in expected["bases"]:
            assert isinstance(info.value, getattr(builtins, base)), (
                f"{case['id']}: raised {type(info.value).__name__}, Keras raised a {base}")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = _evaluate(case)
    compare(got, expected, case["id"], GOLDEN["rtol"], GOLDEN["atol"])


# ---------------------------------------------------------------- clear errors
def test_sparse_given_one_hot_labels_suggests_categorical():
    with pytest.raises(InvalidArgumentError, match=r"\(4, 5\).*one-hot.*categorical_crossentropy"):
        losses.sparse_categorical_crossentropy(INPUTS["ct"], INPUTS["cp"])


def test_sparse_label_out_of_range_raises_eagerly():
    labels = np.array([1, 0, 5, 2], np.int32)
    with pytest.raises(InvalidArgumentError, match=r"\[0, 5\).*label value of 5"):
        losses.SparseCategoricalCrossentropy(from_logits=True)(labels, INPUTS["clog"])
    with pytest.raises(InvalidArgumentError, match="-1"):
        losses.sparse_categorical_crossentropy(np.array([1, -1, 0, 2]), INPUTS["cp"])


def test_sparse_label_out_of_range_raises_inside_function():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    step = tf.function(lambda y, p: loss(y, p))
    step(tf.constant([1, 0, 4, 2]), tf.constant(INPUTS["clog"]))  # traced with valid labels
    with pytest.raises(InvalidArgumentError, match="outside the valid range"):
        step(tf.constant([1, 0, 7, 2]), tf.constant(INPUTS["clog"]))  # replayed


def test_categorical_given_sparse_labels_suggests_sparse():
    with pytest.raises(InvalidArgumentError, match=r"\(4,\).*\(4, 5\).*sparse_categorical"):
        losses.categorical_crossentropy(INPUTS["st"], INPUTS["cp"])


def test_binary_shape_mismatch_names_shapes():
    with pytest.raises(InvalidArgumentError, match=r"\(4,\).*\(4, 3\)"):
        losses.binary_crossentropy(INPUTS["bt1"], INPUTS["bp"])


def test_bad_sample_weight_shape():
    with pytest.raises(InvalidArgumentError, match="sample_weight"):
        losses.MeanSquaredError()(INPUTS["rt"], INPUTS["rp"], sample_weight=np.ones(3, "float32"))


def test_unknown_identifier_suggests_close_names():
    with pytest.raises(ValueError, match="Did you mean 'mean_squared_error'"):
        losses.get("mean_sqared_error")


def test_unimplemented_keras_loss_is_named():
    with pytest.raises(UnsupportedAPIError, match="CTC"):
        losses.get("CTC")


# ---------------------------------------------------------------- behaviour
def test_loss_inside_function_equals_eager():
    loss = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    step = tf.function(lambda y, p, w: loss(y, p, sample_weight=w))
    rng = np.random.default_rng(0)
    for _ in range(3):
        y = np.eye(5, dtype="float32")[rng.integers(0, 5, 4)]
        p = rng.normal(size=(4, 5)).astype("float32")
        w = rng.uniform(size=4).astype("float32")
        np.testing.assert_allclose(step(y, p, w).numpy(), loss(y, p, sample_weight=w).numpy(),
                                   rtol=1e-6)
    assert step.experimental_get_tracing_count() == 1


def test_softmax_output_with_recorded_logits_uses_logits():
    logits = tf.constant([[30.0, -30.0, 0.0]])
    probs = tf.nn.softmax(logits)
    y = tf.constant([[0.0, 1.0, 0.0]])
    clipped = losses.categorical_crossentropy(y, probs).numpy()
    losses.set_keras_logits(probs, logits)
    exact = losses.categorical_crossentropy(y, probs).numpy()
    assert clipped[0] == pytest.approx(16.118095, rel=1e-5)  # log(1e-7) clip
    assert exact[0] == pytest.approx(60.0, rel=1e-5)  # the logits formula (Keras in fit)


def test_ignore_class_mask_and_reduction():
    y = np.array([[1, 0, 3], [3, 2, 4]], np.int32)
    per = losses.sparse_categorical_crossentropy(y, INPUTS["seqp"], from_logits=True,
                                                 ignore_class=3)
    mask = losses.get_keras_mask(per)
    np.testing.assert_array_equal(np.asarray(mask), y != 3)
    total = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3)(
        y, INPUTS["seqp"])
    np.testing.assert_allclose(total.numpy(), np.asarray(per).sum() / 4, rtol=1e-6)


def test_sparse_non_last_axis():
    p = np.moveaxis(INPUTS["seqp"], -1, 1)  # classes on axis 1
    got = losses.sparse_categorical_crossentropy(INPUTS["seqt"], p, from_logits=True, axis=1)
    want = losses.sparse_categorical_crossentropy(INPUTS["seqt"], INPUTS["seqp"], from_logits=True)
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-6)


@pytest.mark.parametrize("fn,yt,kwargs", [
    (losses.mean_squared_error, "rt", {}),
    (losses.huber, "rt", {"delta": 0.7}),
    (losses.log_cosh, "rt", {}),
    (losses.cosine_similarity, "rt", {}),
    (losses.binary_crossentropy, "bt", {"label_smoothing": 0.1}),
    (losses.binary_crossentropy, "bt", {"from_logits": True}),
    (losses.categorical_crossentropy, "ct", {}),
    (losses.categorical_crossentropy, "cts", {"from_logits": True}),
    (losses.sparse_categorical_crossentropy, "st", {}),
    (losses.sparse_categorical_crossentropy, "st", {"from_logits": True}),
    (losses.binary_focal_crossentropy, "bt", {"from_logits": True}),
    (losses.kl_divergence, "cts", {}),
])
def test_gradients(fn, yt, kwargs):
    rng = np.random.default_rng(1)
    y = INPUTS[yt].astype("float64") if yt != "st" else INPUTS[yt]
    if yt in ("bt", "ct", "cts", "st") and not kwargs.get("from_logits"):
        shape = (4, 3) if yt == "bt" else (4, 5)
        p = rng.uniform(0.2, 0.8, shape)
        if yt != "bt":
            p = p / p.sum(-1, keepdims=True)
    else:
        p = rng.normal(size=(4, 3 if yt in ("rt", "bt") else 5))
    loss = losses.LossFunctionWrapper(fn, dtype="float64", **kwargs)
    check_gradients(lambda q: loss(y, q), [p], order=1)


def test_training_step_with_tape_inside_function_equals_eager():
    loss_fn = losses.SparseCategoricalCrossentropy(from_logits=True)
    acc = metrics.SparseCategoricalAccuracy()
    w = tf.Variable(np.random.default_rng(2).normal(size=(3, 5)).astype("float32"))

    def step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.matmul(x, w)
            loss = loss_fn(y, logits)
        grad = tape.gradient(loss, w)
        w.assign_sub(grad * 0.1)
        acc.update_state(y, logits)
        return loss

    compiled = tf.function(step)
    rng = np.random.default_rng(5)
    batches = [(rng.normal(size=(4, 3)).astype("float32"), rng.integers(0, 5, 4).astype("int32"))
               for _ in range(3)]
    got = [float(compiled(tf.constant(x), tf.constant(y))) for x, y in batches]
    w_compiled, acc_compiled = w.numpy().copy(), float(acc.result())
    w.assign(np.random.default_rng(2).normal(size=(3, 5)).astype("float32"))
    acc.reset_state()
    want = [float(step(x, y)) for x, y in batches]
    np.testing.assert_allclose(got, want, rtol=1e-6)
    np.testing.assert_allclose(w_compiled, w.numpy(), rtol=1e-6)
    assert acc_compiled == float(acc.result())
    assert compiled.experimental_get_tracing_count() == 1

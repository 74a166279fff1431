"""saessak.keras.metrics against Keras 3 (tests/golden/metrics.json) and its own promises.

Each golden metric case builds the metric, calls ``update_state`` several times
(with and without sample weights) recording ``result()`` after each, then
``reset_state()`` and one more update; its name and ``get_config()`` are compared
too.  Other cases are expressions (functions, configs, ``get``, errors).
"""

import builtins
import json
import pathlib
import types
import warnings

import numpy as np
import pytest

import saessak as tf
from saessak.errors import UnsupportedAPIError
from saessak.keras import losses, metrics, naming

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "metrics.json").read_text("utf-8"))
INPUTS = {k: np.array(v["value"], dtype=v["dtype"]).reshape(v["shape"])
          for k, v in GOLDEN["inputs"].items()}
KERAS = types.SimpleNamespace(losses=losses, metrics=metrics,
                              backend=types.SimpleNamespace(clear_session=naming.reset))
RTOL, ATOL = GOLDEN["rtol"], GOLDEN["atol"]


def _plain(obj):
    if isinstance(obj, tf.Tensor):
        return np.asarray(obj).tolist()
    return repr(obj)


def _json(value):
    return json.loads(json.dumps(value, default=_plain))


def compare(got, expected, where):
    if "shape" in expected:
        arr = np.asarray(got)
        assert list(arr.shape) == expected["shape"], f"{where}: shape {arr.shape} != {expected['shape']}"
        want = np.array([np.nan if v is None else v for v in expected["value"]], dtype=np.float64)
        np.testing.assert_allclose(arr.reshape(-1).astype(np.float64), want, rtol=RTOL, atol=ATOL,
                                   err_msg=where)
    elif "list" in expected:
        assert len(got) == len(expected["list"]), where
        for i, (g, e) in enumerate(zip(got, expected["list"])):
            compare(g, e, f"{where}[{i}]")
    else:
        assert _json(got) == expected["py"], f"{where}: {_json(got)!r} != {expected['py']!r}"


def _namespace():
    return {"keras": KERAS, "np": np, **{k: v.copy() for k, v in INPUTS.items()}}


def _update(m, ns, call):
    args = [ns[a] if a is not None else None for a in call]
    m.update_state(*args[:-1], sample_weight=args[-1])


def _run(case):
    ns = _namespace()
    if "metric" in case:
        m = eval(case["metric"], ns)  # noqa: S307 - the golden file's own expression
        results = []
        for call in case["calls"]:
            _update(m, ns, call)
            results.append(m.result())
        m.reset_state()
        results.append(m.result())
        _update(m, ns, case["calls"][0])
        results.append(m.result())
        return m, results
    if "code" in case:
        exec(case["code"], ns)  # noqa: S102
        return None, ns["result"]
    return None, eval(case["expr"], ns)  # noqa: S307


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["id"] for c in GOLDEN["cases"]])
def test_golden(case):
    naming.reset()
    expected = case["result"]
    if "error" in expected:
        with pytest.raises(Exception) as info:  # noqa: PT011 - checked against Keras's bases
            _run(case)
        for base in expected["bases"]:
            assert isinstance(info.value, getattr(builtins, base)), (
                f"{case['id']}: raised {type(info.value).__name__}, Keras raised a {base}")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m, got = _run(case)
    if m is None:
        compare(got, expected, case["id"])
        return
    for i, (g, e) in enumerate(zip(got, expected["results"])):
        compare(g, e, f"{case['id']} result {i}")
    assert m.name == expected["name"]
    assert _json(m.get_config()) == expected["config"]


# ---------------------------------------------------------------- compiled updates
METRIC_FACTORIES = {
    "mean": (lambda: metrics.Mean(), ("rt",)),
    "binary_accuracy": (lambda: metrics.BinaryAccuracy(), ("bt", "bp")),
    "sparse_top_k": (lambda: metrics.SparseTopKCategoricalAccuracy(k=2), ("st", "cp")),
    "auc": (lambda: metrics.AUC(), ("mt", "mp")),
    "auc_pr_multi": (lambda: metrics.AUC(curve="PR", multi_label=True), ("mlt", "mlp")),
    "precision_topk": (lambda: metrics.Precision(top_k=2), ("mlt", "mlp")),
    "recall_thr": (lambda: metrics.Recall(thresholds=[0.3, 0.6]), ("mt", "mp")),
    "f1": (lambda: metrics.F1Score(average="weighted"), ("mlt", "mlp")),
    "r2": (lambda: metrics.R2Score(num_regressors=1), ("rt", "rp")),
    "rmse": (lambda: metrics.RootMeanSquaredError(), ("rt", "rp")),
    "scce_ignore": (lambda: metrics.SparseCategoricalCrossentropy(from_logits=True,
                                                                  ignore_class=3),
                    ("seqt", "seqp")),
}


@pytest.mark.parametrize("key", sorted(METRIC_FACTORIES))
def test_update_inside_function_equals_eager(key):
    factory, names = METRIC_FACTORIES[key]
    compiled, eager = factory(), factory()
    rng = np.random.default_rng(3)

    @tf.function
    def step(*args):
        compiled.update_state(*args)
        return compiled.result()

    for i in range(3):
        args = [INPUTS[n] for n in names]
        if args[-1].dtype.kind == "f" and i:  # new values of the same shape: no retrace
            args[-1] = np.clip(args[-1] + rng.normal(0, 0.1, args[-1].shape), 0, 1).astype("float32")
        got = step(*[tf.constant(a) for a in args])
        eager.update_state(*args)
        np.testing.assert_allclose(np.asarray(got), np.asarray(eager.result()), rtol=1e-6,
                                   atol=1e-7)
    assert step.experimental_get_tracing_count() == 1
    for a, b in zip(compiled.variables, eager.variables):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6, atol=1e-7)


def test_reset_inside_function():
    m = metrics.Mean()
    m.update_state([1.0, 3.0])

    @tf.function
    def reset_and_update(x):
        m.reset_state()
        m.update_state(x)
        return m.result()

    assert float(reset_and_update(tf.constant([5.0, 7.0]))) == 6.0
    assert float(reset_and_update(tf.constant([1.0, 2.0]))) == 1.5


# ---------------------------------------------------------------- the Metric protocol
def test_variables_are_non_trainable_keras_variables():
    m = metrics.Precision(name="p")
    assert [v.path for v in m.variables] == ["p/true_positives", "p/false_positives"]
    assert all(not v.trainable for v in m.variables)
    assert [v.dtype.name for v in m.variables] == ["float32", "float32"]


def test_result_is_a_snapshot():
    m = metrics.Sum()
    m.update_state([1.0, 2.0])
    r = m.result()
    m.update_state([10.0])
    assert float(r) == 3.0 and float(m.result()) == 13.0


def test_custom_metric_and_nested_tracking():
    class Both(metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.a = metrics.Mean(name="a")
            self.hits = self.add_weight(shape=(), initializer="zeros", name="hits")

        def update_state(self, values):
            self.a.update_state(values)
            self.hits.assign_add(tf.reduce_sum(tf.cast(tf.greater(values, 0.0), "float32")))

        def result(self):
            return self.a.result() + self.hits

    m = Both()
    assert m.name == "both"
    assert [v.name for v in m.variables] == ["hits", "total", "count"]
    np.testing.assert_allclose(float(m([1.0, -1.0, 3.0])), 1.0 + 2.0)
    m.reset_state()
    assert float(m.result()) == 0.0


def test_forgetting_super_init_is_explained():
    class Broken(metrics.Metric):
        def __init__(self):
            self.add_variable((), "zeros", name="x")

    with pytest.raises(RuntimeError, match="super\\(\\).__init__"):
        Broken()


def test_stateless_api_leaves_state_alone():
    m = metrics.Mean()
    m.update_state([1.0, 2.0])
    state = [tf.constant(10.0), tf.constant(2.0)]
    new_state = m.stateless_update_state(state, [4.0, 6.0])
    assert [float(v) for v in new_state] == [20.0, 4.0]
    assert float(m.stateless_result(new_state)) == 5.0
    assert [float(v) for v in m.stateless_reset_state()] == [0.0, 0.0]
    assert float(m.result()) == 1.5  # the metric's own state is untouched
    with pytest.raises(ValueError, match="1:1"):
        m.stateless_result([tf.constant(1.0)])


def test_mean_metric_wrapper_of_loss_function_is_direction_down():
    m = metrics.MeanMetricWrapper(losses.mean_squared_error)
    assert m._direction == "down"
    assert metrics.get("mse").name == "mean_squared_error"


def test_unknown_metric_suggests_close_names():
    with pytest.raises(ValueError, match="Did you mean 'binary_accuracy'"):
        metrics.get("binary_acuracy")


def test_unimplemented_keras_metric_is_named():
    with pytest.raises(UnsupportedAPIError, match="MeanIoU"):
        metrics.get("MeanIoU")


def test_confusion_metric_shape_mismatch_is_explained():
    with pytest.raises(ValueError, match=r"y_true.shape=\(4,\).*y_pred.shape=\(4, 5\)"):
        metrics.Precision().update_state(INPUTS["st"], INPUTS["cp"])

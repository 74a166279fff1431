"""Record Keras 3's answers for losses and metrics in tests/golden/{losses,metrics}.json.

saessak.keras.losses and saessak.keras.metrics promise Keras 3's names,
defaults, configs and numerics.  This tool runs each case with the real Keras
(TensorFlow backend) on fixed inputs and writes down what it returned;
tests/keras/test_losses.py and tests/keras/test_metrics.py replay the same cases
with ``keras`` bound to saessak's modules and compare.

A case is one of

- ``expr``: an expression (``keras.losses.Huber(delta=2.0)(rt, rp)``);
- ``code``: statements that leave their answer in ``result``;
- ``metric`` (metrics.json): a constructor expression plus ``calls``, a list of
  ``update_state`` argument lists (input names, ``None`` for no sample weight).
  The record holds the result after each call, after ``reset_state()``, and
  after one more call, plus the metric's ``name`` and ``get_config()``.

Inputs are small fixed arrays, stored in the file by name.  Answers are recorded
as ``{"shape", "value"}`` for tensors, ``{"py"}`` for plain values (configs,
names), ``{"list"}`` for lists, and ``{"error", "bases"}`` when Keras raises.

Run it with TensorFlow 2.21 / Keras 3.15 in a scratch virtualenv (never a
saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_losses_metrics.py
"""

import json
import os
import pathlib
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "tensorflow"
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden"
F = "float32"


def _inputs():
    rng = np.random.default_rng(20240607)
    x = {}
    # binary: labels, probabilities (with exact 0 and 1 to exercise clipping), logits
    x["bt"] = np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1]], F)
    x["bp"] = np.array([[0.1, 0.9, 0.6], [0.8, 0.0, 0.3], [1.0, 0.55, 0.2], [0.4, 0.5, 0.7]], F)
    x["blog"] = np.array([[-2.0, 3.0, 0.5], [30.0, -30.0, -1.0], [1.5, 0.2, -0.7],
                          [0.0, -4.0, 2.5]], F)
    x["bt1"] = np.array([0, 1, 1, 0], F)
    x["bp1"] = np.array([[0.3], [0.7], [0.45], [0.2]], F)
    # categorical: one-hot, soft labels, probabilities (one row unnormalised, one with a 0)
    x["ct"] = np.eye(5, dtype=F)[[1, 0, 4, 2]]
    x["cts"] = np.array([[0.1, 0.6, 0.1, 0.1, 0.1], [0.5, 0.5, 0, 0, 0], [0, 0, 0.2, 0.3, 0.5],
                         [0.2, 0.2, 0.2, 0.2, 0.2]], F)
    x["clog"] = rng.normal(0, 2, (4, 5)).astype(F)
    x["clog"][1, 0] = 25.0
    p = np.exp(x["clog"]) / np.exp(x["clog"]).sum(-1, keepdims=True)
    p[2] *= 1.7  # not normalised: Keras renormalises
    p[3, 2] = 0.0
    x["cp"] = p.astype(F)
    x["st"] = np.array([1, 0, 4, 2], np.int32)
    x["stf"] = np.array([[1], [0], [4], [2]], F)
    x["seqt"] = np.array([[1, 0, 3], [3, 2, 4]], np.int32)
    x["seqp"] = rng.normal(0, 1, (2, 3, 5)).astype(F)
    # regression
    x["rt"] = rng.normal(0, 1, (4, 3)).astype(F)
    x["rp"] = rng.normal(0, 1.5, (4, 3)).astype(F)
    x["rp"][0, 0] = x["rt"][0, 0] + 3.0  # a large error for Huber / log-cosh
    x["rtp"] = rng.uniform(0.0, 2.0, (4, 3)).astype(F)
    x["rpp"] = rng.uniform(0.0, 2.0, (4, 3)).astype(F)
    x["rtp"][1, 1] = 0.0
    x["ht"] = np.array([[-1, 1, 1], [1, -1, -1], [1, 1, -1], [-1, -1, 1]], F)
    # weights
    x["w"] = np.array([1.0, 0.5, 2.0, 0.0], F)
    x["w2"] = np.array([[1.0], [0.5], [2.0], [0.0]], F)
    x["wf"] = np.array([[1, 0, 2], [0.5, 1, 1], [2, 2, 0], [1, 1, 1]], F)
    x["wz"] = np.zeros(4, F)
    # metrics: a longer binary problem with ties and predictions on thresholds
    x["mt"] = np.array([0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0], F)
    x["mp"] = np.array([0.1, 0.9, 0.5, 0.5, 0.0, 1.0, 0.7, 0.3, 0.65, 0.2, 0.8, 0.45], F)
    x["mw"] = np.array([1, 2, 0.5, 1, 1, 3, 1, 0, 1, 2, 1, 1], F)
    x["mlog"] = np.array([-2, 3, 0.1, -0.4, -5, 4, 1, -1, 0.6, -1.5, 2, -0.2], F)
    x["mlt"] = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]], F)
    x["mlp"] = np.array([[0.2, 0.7, 0.6], [0.9, 0.4, 0.5], [0.6, 0.8, 0.1], [0.3, 0.2, 0.9],
                         [0.55, 0.35, 0.25], [0.1, 0.6, 0.4]], F)
    x["mlw"] = np.array([1, 2, 1, 0.5, 1, 3], F)
    return x


LOSS_CASES = []


def L(case_id, expr=None, code=None):
    LOSS_CASES.append({"id": case_id, **({"expr": expr} if expr else {"code": code})})


# -- function forms
for fn, pairs in {
    "mean_squared_error": [("rt", "rp"), ("rtp", "rpp"), ("bt1", "bp1")],
    "mean_absolute_error": [("rt", "rp"), ("rtp", "rpp")],
    "mean_absolute_percentage_error": [("rt", "rp"), ("rtp", "rpp")],
    "mean_squared_logarithmic_error": [("rtp", "rpp"), ("rt", "rp")],
    "cosine_similarity": [("rt", "rp"), ("rtp", "rpp")],
    "huber": [("rt", "rp")],
    "log_cosh": [("rt", "rp"), ("rtp", "rpp")],
    "kl_divergence": [("cts", "cp"), ("ct", "cp")],
    "poisson": [("rtp", "rpp")],
    "hinge": [("bt", "rp"), ("ht", "rp"), ("rt", "rp")],
    "squared_hinge": [("bt", "rp"), ("ht", "rp")],
    "categorical_hinge": [("ct", "clog"), ("cts", "cp")],
    "binary_crossentropy": [("bt", "bp"), ("bt", "blog")],
    "binary_focal_crossentropy": [("bt", "bp")],
    "categorical_crossentropy": [("ct", "cp"), ("cts", "cp")],
    "categorical_focal_crossentropy": [("ct", "cp"), ("cts", "cp")],
    "sparse_categorical_crossentropy": [("st", "cp"), ("stf", "cp")],
    "dice": [("bt", "bp")],
    "tversky": [("bt", "bp")],
}.items():
    for t, p in pairs:
        L(f"fn_{fn}_{t}_{p}", f"keras.losses.{fn}({t}, {p})")
for case_id, expr in [
    ("huber_delta", "keras.losses.huber(rt, rp, delta=0.5)"),
    ("cosine_axis0", "keras.losses.cosine_similarity(rt, rp, axis=0)"),
    ("bce_logits", "keras.losses.binary_crossentropy(bt, blog, from_logits=True)"),
    ("bce_smooth", "keras.losses.binary_crossentropy(bt, bp, label_smoothing=0.2)"),
    ("bce_logits_smooth", "keras.losses.binary_crossentropy(bt, blog, from_logits=True, "
                          "label_smoothing=0.1)"),
    ("bce_axis0", "keras.losses.binary_crossentropy(bt, bp, axis=0)"),
    ("bfce_logits", "keras.losses.binary_focal_crossentropy(bt, blog, from_logits=True)"),
    ("bfce_balanced", "keras.losses.binary_focal_crossentropy(bt, bp, apply_class_balancing=True, "
                      "alpha=0.3, gamma=1.5)"),
    ("bfce_smooth", "keras.losses.binary_focal_crossentropy(bt, blog, from_logits=True, "
                    "label_smoothing=0.2, gamma=3.0)"),
    ("cce_logits", "keras.losses.categorical_crossentropy(ct, clog, from_logits=True)"),
    ("cce_soft_logits", "keras.losses.categorical_crossentropy(cts, clog, from_logits=True)"),
    ("cce_smooth", "keras.losses.categorical_crossentropy(ct, cp, label_smoothing=0.1)"),
    ("cce_logits_smooth", "keras.losses.categorical_crossentropy(ct, clog, from_logits=True, "
                          "label_smoothing=0.3)"),
    ("cce_axis0", "keras.losses.categorical_crossentropy(ct, cp, axis=0)"),
    ("cce_axis0_logits", "keras.losses.categorical_crossentropy(ct, clog, from_logits=True, "
                         "axis=0)"),
    ("cfce_logits", "keras.losses.categorical_focal_crossentropy(ct, clog, from_logits=True, "
                    "alpha=0.5, gamma=1.0, label_smoothing=0.1)"),
    ("scce_logits", "keras.losses.sparse_categorical_crossentropy(st, clog, from_logits=True)"),
    ("scce_float_labels", "keras.losses.sparse_categorical_crossentropy(stf, clog, "
                          "from_logits=True)"),
    ("scce_seq", "keras.losses.sparse_categorical_crossentropy(seqt, seqp, from_logits=True)"),
    ("scce_ignore", "keras.losses.sparse_categorical_crossentropy(seqt, seqp, from_logits=True, "
                    "ignore_class=3)"),
    ("scce_ignore_probs", "keras.losses.sparse_categorical_crossentropy(st, cp, "
                          "ignore_class=0)"),
    ("dice_axis", "keras.losses.dice(bt, bp, axis=-1)"),
    ("tversky_axis", "keras.losses.tversky(bt, bp, alpha=0.7, beta=0.3, axis=-1)"),
]:
    L(case_id, expr)

# -- Loss classes, reductions and sample weights
CLASS_INPUTS = {
    "MeanSquaredError": ("rt", "rp"), "MeanAbsoluteError": ("rt", "rp"),
    "MeanAbsolutePercentageError": ("rt", "rp"), "MeanSquaredLogarithmicError": ("rtp", "rpp"),
    "CosineSimilarity": ("rt", "rp"), "Huber": ("rt", "rp"), "LogCosh": ("rt", "rp"),
    "KLDivergence": ("cts", "cp"), "Poisson": ("rtp", "rpp"), "Hinge": ("bt", "rp"),
    "SquaredHinge": ("ht", "rp"), "CategoricalHinge": ("ct", "clog"),
    "BinaryCrossentropy": ("bt", "bp"), "BinaryFocalCrossentropy": ("bt", "bp"),
    "CategoricalCrossentropy": ("ct", "cp"), "CategoricalFocalCrossentropy": ("ct", "cp"),
    "SparseCategoricalCrossentropy": ("st", "cp"), "Dice": ("bt", "bp"),
    "Tversky": ("bt", "bp"),
}
for cls, (t, p) in CLASS_INPUTS.items():
    L(f"cls_{cls}", f"keras.losses.{cls}()({t}, {p})")
    L(f"cls_{cls}_w", f"keras.losses.{cls}()({t}, {p}, sample_weight=w)")
    L(f"config_{cls}", f"keras.losses.{cls}().get_config()")
    L(f"serialize_{cls}", f"keras.losses.serialize(keras.losses.{cls}())")
for red in ["sum", "none", None, "mean", "mean_with_sample_weight", "sum_over_batch_size"]:
    r = repr(red)
    L(f"red_{red}_mse", f"keras.losses.MeanSquaredError(reduction={r})(rt, rp)")
    L(f"red_{red}_mse_w", f"keras.losses.MeanSquaredError(reduction={r})(rt, rp, sample_weight=w)")
    L(f"red_{red}_mse_w2", f"keras.losses.MeanSquaredError(reduction={r})(rt, rp, "
                           "sample_weight=w2)")
    L(f"red_{red}_mse_scalar_w", f"keras.losses.MeanSquaredError(reduction={r})(rt, rp, "
                                 "sample_weight=2.0)")
    L(f"red_{red}_bce_wf", f"keras.losses.BinaryCrossentropy(reduction={r}, axis=0)(bt, bp, "
                           "sample_weight=w[:3])")
    L(f"red_{red}_scce_ignore", f"keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
                                f"ignore_class=3, reduction={r})(seqt, seqp)")
    L(f"red_{red}_scce_ignore_w", f"keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
                                  f"ignore_class=3, reduction={r})(seqt, seqp, "
                                  "sample_weight=np.array([[1.0], [2.0]], 'float32'))")
for case_id, expr in [
    ("mse_zero_weights", "keras.losses.MeanSquaredError()(rt, rp, sample_weight=wz)"),
    ("mse_mws_zero", "keras.losses.MeanSquaredError(reduction='mean_with_sample_weight')(rt, rp, "
                     "sample_weight=wz)"),
    ("mse_full_weights_none", "keras.losses.MeanSquaredError(reduction='none')(rt[:, 0], "
                              "rp[:, 0], sample_weight=w)"),
    ("mse_rank1_vs_col", "keras.losses.MeanSquaredError()(bt1, bp1)"),
    ("bce_rank1_vs_col", "keras.losses.BinaryCrossentropy()(bt1, bp1)"),
    ("bce_cls_logits_smooth", "keras.losses.BinaryCrossentropy(from_logits=True, "
                              "label_smoothing=0.2)(bt, blog, sample_weight=w2)"),
    ("cce_cls_logits", "keras.losses.CategoricalCrossentropy(from_logits=True, "
                       "label_smoothing=0.1)(ct, clog, sample_weight=w)"),
    ("scce_cls_logits", "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(st, clog)"),
    ("scce_cls_col_labels", "keras.losses.SparseCategoricalCrossentropy()(stf, cp, "
                            "sample_weight=w)"),
    ("huber_cls_delta", "keras.losses.Huber(delta=0.3, reduction='sum')(rt, rp)"),
    ("cosine_cls_axis0", "keras.losses.CosineSimilarity(axis=0)(rt, rp)"),
    ("bfce_cls", "keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, "
                 "from_logits=True, gamma=1.0)(bt, blog)"),
    ("loss_dtype_f64", "keras.losses.MeanSquaredError(dtype='float64')(rt, rp)"),
    ("config_bce_args", "keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, "
                        "axis=0, reduction='sum', name='b').get_config()"),
    ("config_scce_args", "keras.losses.SparseCategoricalCrossentropy(ignore_class=-1, "
                         "reduction=None).get_config()"),
    ("config_huber_delta", "keras.losses.Huber(delta=3.0).get_config()"),
    ("config_tversky", "keras.losses.Tversky(alpha=0.2, beta=0.8, axis=1).get_config()"),
    ("from_config_bce", "keras.losses.BinaryCrossentropy.from_config(keras.losses."
                        "BinaryCrossentropy(from_logits=True, name='q').get_config())"
                        ".get_config()"),
    ("serialize_fn", "keras.losses.serialize(keras.losses.mean_squared_error)"),
    ("get_mse", "keras.losses.get('mse').__name__"),
    ("get_MSE", "keras.losses.get('MSE').__name__"),
    ("get_bce", "keras.losses.get('bce').__name__"),
    ("get_kld", "keras.losses.get('kld').__name__"),
    ("get_fn_name", "keras.losses.get('categorical_crossentropy').__name__"),
    ("get_class_name", "type(keras.losses.get('CategoricalCrossentropy')).__name__"),
    ("get_class_instance_name", "keras.losses.get('Huber').name"),
    ("get_dict", "keras.losses.get({'class_name': 'CategoricalCrossentropy', "
                 "'config': {'from_logits': True, 'name': 'cc'}}).get_config()"),
    ("get_none", "keras.losses.get(None)"),
    ("deserialize_roundtrip", "keras.losses.deserialize(keras.losses.serialize(keras.losses."
                              "Huber(reduction='sum'))).get_config()"),
    ("err_reduction", "keras.losses.MeanSquaredError(reduction='avg')"),
    ("err_unknown", "keras.losses.get('mean_sqared_error')"),
    ("err_cce_sparse_labels", "keras.losses.categorical_crossentropy(st, cp)"),
    ("err_cce_axis_bool", "keras.losses.categorical_crossentropy(ct, cp, axis=True)"),
]:
    L(case_id, expr)
L("names_default", code=(
    "keras.backend.clear_session()\n"
    "result = [keras.losses.MeanSquaredError().name, keras.losses.Huber().name, "
    "keras.losses.LogCosh().name, keras.losses.KLDivergence().name, "
    "keras.losses.BinaryFocalCrossentropy().name, keras.losses.Dice().name]"))


METRIC_CASES = []


def Mc(case_id, make, calls):
    METRIC_CASES.append({"id": case_id, "metric": make, "calls": calls})


def Me(case_id, expr=None, code=None):
    METRIC_CASES.append({"id": case_id, **({"expr": expr} if expr else {"code": code})})


BIN = [["bt", "bp", None], ["bt", "bp", "w"], ["bt", "bp", "w2"]]
CAT = [["ct", "cp", None], ["ct", "clog", "w"]]
SPARSE = [["st", "cp", None], ["st", "clog", "w"], ["stf", "cp", "w2"]]
REG = [["rt", "rp", None], ["rtp", "rpp", "w"], ["rt", "rp", "w2"]]
CONF = [["mt", "mp", None], ["mt", "mp", "mw"], ["bt", "bp", "w"]]
for case_id, make, calls in [
    ("mean", "keras.metrics.Mean()", [["rt", None], ["rp", "w"], ["rt", "wf"], ["rp", "w2"]]),
    ("sum", "keras.metrics.Sum()", [["rt", None], ["rp", "w"], ["rt", "wf"]]),
    ("mean_zero_weights", "keras.metrics.Mean()", [["rt", "wz"]]),
    ("accuracy", "keras.metrics.Accuracy()", [["bt", "bt", None], ["bt", "ht", "w"]]),
    ("binary_accuracy", "keras.metrics.BinaryAccuracy()", BIN + [["bt1", "bp1", None]]),
    ("binary_accuracy_thr", "keras.metrics.BinaryAccuracy(threshold=0.7)", BIN),
    ("categorical_accuracy", "keras.metrics.CategoricalAccuracy()", CAT + [["cts", "cp", "w"]]),
    ("sparse_categorical_accuracy", "keras.metrics.SparseCategoricalAccuracy()", SPARSE),
    ("top_k", "keras.metrics.TopKCategoricalAccuracy()", CAT),
    ("top_k2", "keras.metrics.TopKCategoricalAccuracy(k=2)", CAT),
    ("sparse_top_k1", "keras.metrics.SparseTopKCategoricalAccuracy(k=1)", SPARSE),
    ("sparse_top_k3", "keras.metrics.SparseTopKCategoricalAccuracy(k=3)", SPARSE),
    ("mse", "keras.metrics.MeanSquaredError()", REG),
    ("rmse", "keras.metrics.RootMeanSquaredError()", REG),
    ("mae", "keras.metrics.MeanAbsoluteError()", REG),
    ("mape", "keras.metrics.MeanAbsolutePercentageError()", REG),
    ("msle", "keras.metrics.MeanSquaredLogarithmicError()", REG),
    ("cosine", "keras.metrics.CosineSimilarity()", REG),
    ("cosine_axis0", "keras.metrics.CosineSimilarity(axis=0)", REG[:1]),
    ("logcosh", "keras.metrics.LogCoshError()", REG),
    ("r2", "keras.metrics.R2Score()", REG),
    ("r2_vw", "keras.metrics.R2Score(class_aggregation='variance_weighted_average')", REG),
    ("r2_none", "keras.metrics.R2Score(class_aggregation=None)", REG),
    ("r2_adjusted", "keras.metrics.R2Score(num_regressors=2)", REG),
    ("r2_adjusted_fallback", "keras.metrics.R2Score(num_regressors=20)", REG[:1]),
    ("bce", "keras.metrics.BinaryCrossentropy()", BIN),
    ("bce_logits", "keras.metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)",
     [["bt", "blog", None], ["bt", "blog", "w"]]),
    ("cce", "keras.metrics.CategoricalCrossentropy()", [["ct", "cp", None], ["cts", "cp", "w"]]),
    ("cce_logits", "keras.metrics.CategoricalCrossentropy(from_logits=True)",
     [["ct", "clog", None], ["ct", "clog", "w"]]),
    ("scce", "keras.metrics.SparseCategoricalCrossentropy()", [["st", "cp", None],
                                                               ["stf", "cp", "w"]]),
    ("scce_ignore", "keras.metrics.SparseCategoricalCrossentropy(from_logits=True, "
                    "ignore_class=3)", [["seqt", "seqp", None]]),
    ("kld", "keras.metrics.KLDivergence()", [["cts", "cp", None], ["ct", "cp", "w"]]),
    ("poisson", "keras.metrics.Poisson()", [["rtp", "rpp", None], ["rtp", "rpp", "w"]]),
    ("hinge", "keras.metrics.Hinge()", [["bt", "rp", None], ["ht", "rp", "w"]]),
    ("squared_hinge", "keras.metrics.SquaredHinge()", [["ht", "rp", None], ["bt", "rp", "w"]]),
    ("categorical_hinge", "keras.metrics.CategoricalHinge()", [["ct", "clog", "w"]]),
    ("mmw_mse", "keras.metrics.MeanMetricWrapper(keras.losses.mean_squared_error, name='m')",
     REG),
    ("tp", "keras.metrics.TruePositives()", CONF),
    ("fp", "keras.metrics.FalsePositives()", CONF),
    ("tn", "keras.metrics.TrueNegatives()", CONF),
    ("fn", "keras.metrics.FalseNegatives()", CONF),
    ("tp_thresholds", "keras.metrics.TruePositives(thresholds=[0.15, 0.5, 0.85])", CONF),
    ("fn_even_thresholds", "keras.metrics.FalseNegatives(thresholds=[0.0, 0.5, 1.0])", CONF),
    ("tn_even_thresholds", "keras.metrics.TrueNegatives(thresholds=[0.0, 0.25, 0.5, 0.75, 1.0])",
     CONF),
    ("precision", "keras.metrics.Precision()", CONF),
    ("precision_thr", "keras.metrics.Precision(thresholds=[0.3, 0.6])", CONF),
    ("precision_topk", "keras.metrics.Precision(top_k=2)", [["mlt", "mlp", None],
                                                           ["mlt", "mlp", "mlw"]]),
    ("precision_class", "keras.metrics.Precision(class_id=1)", [["mlt", "mlp", None],
                                                               ["mlt", "mlp", "mlw"]]),
    ("precision_class_topk", "keras.metrics.Precision(class_id=2, top_k=1)",
     [["mlt", "mlp", None]]),
    ("recall", "keras.metrics.Recall()", CONF),
    ("recall_thr", "keras.metrics.Recall(thresholds=[0.0, 0.5, 1.0])", CONF),
    ("recall_topk", "keras.metrics.Recall(top_k=1)", [["mlt", "mlp", "mlw"]]),
    ("recall_class", "keras.metrics.Recall(class_id=0, thresholds=0.4)", [["mlt", "mlp", "mlw"]]),
    ("auc", "keras.metrics.AUC()", CONF),
    ("auc_pr", "keras.metrics.AUC(curve='PR')", CONF),
    ("auc_pr_minoring", "keras.metrics.AUC(curve='PR', summation_method='minoring')", CONF),
    ("auc_roc_majoring", "keras.metrics.AUC(summation_method='majoring', num_thresholds=11)",
     CONF),
    ("auc_prgain", "keras.metrics.AUC(curve='PRGAIN', num_thresholds=50)", CONF),
    ("auc_thresholds", "keras.metrics.AUC(thresholds=[0.3, 0.1, 0.6, 0.9])", CONF),
    ("auc_logits", "keras.metrics.AUC(from_logits=True)", [["mt", "mlog", None],
                                                           ["mt", "mlog", "mw"]]),
    ("auc_multi", "keras.metrics.AUC(multi_label=True)", [["mlt", "mlp", None],
                                                          ["mlt", "mlp", "mlw"]]),
    ("auc_multi_pr", "keras.metrics.AUC(multi_label=True, curve='PR', num_labels=3, "
                     "label_weights=[1.0, 2.0, 0.5])", [["mlt", "mlp", "mlw"]]),
    ("auc_multi_thresholds", "keras.metrics.AUC(multi_label=True, thresholds=[0.25, 0.5])",
     [["mlt", "mlp", "mlw"]]),
    ("auc_label_weights", "keras.metrics.AUC(label_weights=[1.0, 0.0, 2.0])",
     [["mlt", "mlp", None], ["mlt", "mlp", "mlw"]]),
    ("sens_at_spec", "keras.metrics.SensitivityAtSpecificity(0.6)", CONF),
    ("spec_at_sens", "keras.metrics.SpecificityAtSensitivity(0.7, num_thresholds=20)", CONF),
    ("prec_at_recall", "keras.metrics.PrecisionAtRecall(0.5)", CONF),
    ("recall_at_prec", "keras.metrics.RecallAtPrecision(0.8, num_thresholds=1)", CONF),
    ("f1_none", "keras.metrics.F1Score()", [["mlt", "mlp", None], ["mlt", "mlp", "mlw"]]),
    ("f1_micro", "keras.metrics.F1Score(average='micro', threshold=0.5)",
     [["mlt", "mlp", None], ["mlt", "mlp", "mlw"]]),
    ("f1_macro", "keras.metrics.F1Score(average='macro')", [["ct", "cp", None], ["ct", "cp", "w"]]),
    ("f1_weighted", "keras.metrics.F1Score(average='weighted', threshold=0.4)",
     [["mlt", "mlp", "mlw"]]),
    ("fbeta", "keras.metrics.FBetaScore(beta=2.0, average='macro', threshold=0.5)",
     [["mlt", "mlp", None], ["mlt", "mlp", "mlw"]]),
]:
    Mc(case_id, make, calls)

for case_id, expr in [
    ("call_returns_result", "keras.metrics.MeanSquaredError()(rt, rp)"),
    ("call_weighted", "keras.metrics.BinaryAccuracy()(bt, bp, sample_weight=w)"),
    ("fn_binary_accuracy", "keras.metrics.binary_accuracy(bt, bp)"),
    ("fn_binary_accuracy_thr", "keras.metrics.binary_accuracy(bt, bp, threshold=0.3)"),
    ("fn_categorical_accuracy", "keras.metrics.categorical_accuracy(ct, cp)"),
    ("fn_sparse_categorical_accuracy", "keras.metrics.sparse_categorical_accuracy(st, cp)"),
    ("fn_sparse_categorical_accuracy_col", "keras.metrics.sparse_categorical_accuracy(stf, cp)"),
    ("fn_top_k", "keras.metrics.top_k_categorical_accuracy(ct, cp, k=2)"),
    ("fn_sparse_top_k", "keras.metrics.sparse_top_k_categorical_accuracy(st, cp, k=2)"),
    ("fn_sparse_top_k_seq", "keras.metrics.sparse_top_k_categorical_accuracy(seqt, seqp, k=2)"),
    ("config_mean", "keras.metrics.Mean(name='m').get_config()"),
    ("config_binary_accuracy", "keras.metrics.BinaryAccuracy(threshold=0.3).get_config()"),
    ("config_top_k", "keras.metrics.TopKCategoricalAccuracy(k=3).get_config()"),
    ("config_sparse_top_k", "keras.metrics.SparseTopKCategoricalAccuracy().get_config()"),
    ("config_precision", "keras.metrics.Precision(thresholds=[0.2, 0.4], class_id=1, "
                         "name='p').get_config()"),
    ("config_recall", "keras.metrics.Recall(top_k=3, name='r').get_config()"),
    ("config_tp", "keras.metrics.TruePositives(name='t').get_config()"),
    ("config_auc", "keras.metrics.AUC(name='a', curve='PR', num_thresholds=7).get_config()"),
    ("config_auc_thresholds", "keras.metrics.AUC(name='a', thresholds=[0.5, 0.2])"
                              ".get_config()"),
    ("auc_thresholds_attr", "keras.metrics.AUC(num_thresholds=5).thresholds"),
    ("config_f1", "keras.metrics.F1Score(average='micro').get_config()"),
    ("config_fbeta", "keras.metrics.FBetaScore(beta=0.5).get_config()"),
    ("config_r2", "keras.metrics.R2Score(num_regressors=1).get_config()"),
    ("config_bce", "keras.metrics.BinaryCrossentropy(from_logits=True).get_config()"),
    ("config_cce", "keras.metrics.CategoricalCrossentropy(label_smoothing=0.2).get_config()"),
    ("config_scce", "keras.metrics.SparseCategoricalCrossentropy(ignore_class=0).get_config()"),
    ("config_cosine", "keras.metrics.CosineSimilarity(axis=0).get_config()"),
    ("config_sens", "keras.metrics.SensitivityAtSpecificity(0.3, num_thresholds=9, class_id=1)"
                    ".get_config()"),
    ("config_mmw", "keras.metrics.MeanMetricWrapper(keras.losses.mean_squared_error, name='w')"
                   ".get_config()"),
    ("serialize_precision", "keras.metrics.serialize(keras.metrics.Precision(name='p'))"),
    ("serialize_fn", "keras.metrics.serialize(keras.metrics.binary_accuracy)"),
    ("get_mse", "keras.metrics.get('mse').name"),
    ("get_auc_type", "type(keras.metrics.get('auc')).__name__"),
    ("get_AUC_type", "type(keras.metrics.get('AUC')).__name__"),
    ("get_binary_accuracy", "type(keras.metrics.get('binary_accuracy')).__name__"),
    ("get_accuracy", "type(keras.metrics.get('accuracy')).__name__"),
    ("get_f1", "type(keras.metrics.get('f1_score')).__name__"),
    ("get_precision_type", "type(keras.metrics.get('precision')).__name__"),
    ("get_logcosh", "keras.metrics.get('log_cosh_error').name"),
    ("get_dict", "keras.metrics.get({'class_name': 'BinaryAccuracy', 'config': "
                 "{'threshold': 0.2, 'name': 'x'}}).get_config()"),
    ("deserialize_roundtrip", "keras.metrics.deserialize(keras.metrics.serialize(keras.metrics."
                              "AUC(curve='PR', name='q'))).get_config()"),
    ("variable_paths", "[v.path for v in keras.metrics.Precision(name='p').variables]"),
    ("variable_paths_auc", "[v.path for v in keras.metrics.AUC(name='a').variables]"),
    ("variable_shapes_auc_multi", "[tuple(v.shape) for v in keras.metrics.AUC(multi_label=True, "
                                  "num_labels=3, num_thresholds=5).variables]"),
    ("err_unknown", "keras.metrics.get('binary_acuracy')"),
    ("err_fbeta_average", "keras.metrics.FBetaScore(average='samples')"),
    ("err_fbeta_beta_int", "keras.metrics.FBetaScore(beta=2)"),
    ("err_threshold_range", "keras.metrics.Precision(thresholds=[0.5, 1.5])"),
    ("err_auc_curve", "keras.metrics.AUC(curve='XY')"),
    ("err_auc_num_thresholds", "keras.metrics.AUC(num_thresholds=1)"),
    ("err_r2_rank", "keras.metrics.R2Score().update_state(bt1, bt1)"),
]:
    Me(case_id, expr)
Me("names_default", code=(
    "keras.backend.clear_session()\n"
    "result = [keras.metrics.Precision().name, keras.metrics.Precision().name, "
    "keras.metrics.Recall().name, keras.metrics.AUC().name, keras.metrics.AUC().name, "
    "keras.metrics.TruePositives().name, keras.metrics.Mean().name, keras.metrics.Mean().name, "
    "keras.metrics.MeanMetricWrapper(keras.losses.mean_squared_error).name, "
    "keras.metrics.BinaryAccuracy().name, keras.metrics.SparseCategoricalAccuracy().name, "
    "keras.metrics.LogCoshError().name, keras.metrics.F1Score().name, "
    "keras.metrics.FBetaScore().name, keras.metrics.R2Score().name, "
    "keras.metrics.SensitivityAtSpecificity(0.5).name]"))
Me("reset_then_call", code=(
    "m = keras.metrics.AUC(num_thresholds=7)\n"
    "a = m(mt, mp)\nm.reset_state()\nb = m.result()\nc = m(mt, mp, sample_weight=mw)\n"
    "result = [a, b, c]"))


# ---------------------------------------------------------------- recording
def _sig(v):
    return float(f"{v:.8g}")


def _plain(obj):
    """JSON form of a config value that is not plain Python (a tensor: its values)."""
    if hasattr(obj, "numpy") or isinstance(obj, np.ndarray):
        return np.asarray(obj).tolist()
    return repr(obj)


def encode(value):
    if hasattr(value, "numpy") or isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.asarray(value)
        if arr.dtype.kind in "fc":
            flat = [None if not np.isfinite(v) else _sig(v) for v in arr.reshape(-1).tolist()]
        else:
            flat = arr.reshape(-1).tolist()
        return {"shape": list(arr.shape), "value": flat}
    if isinstance(value, (list, tuple)) and any(
            hasattr(v, "numpy") or isinstance(v, np.ndarray) for v in value):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, float):
        return {"py": _sig(value)}
    return {"py": json.loads(json.dumps(value, default=_plain))}


def run(case, inputs):
    ns = {"keras": keras, "np": np, **{k: v.copy() for k, v in inputs.items()}}
    try:
        if "metric" in case:
            m = eval(case["metric"], ns)  # noqa: S307 - this file's own cases
            results = []
            for call in case["calls"]:
                args = [ns[a] if a is not None else None for a in call]
                if len(args) == 3:
                    m.update_state(args[0], args[1], sample_weight=args[2])
                else:
                    m.update_state(args[0], sample_weight=args[1])
                results.append(encode(m.result()))
            m.reset_state()
            results.append(encode(m.result()))
            first = [ns[a] if a is not None else None for a in case["calls"][0]]
            m.update_state(*first[:-1], sample_weight=first[-1])
            results.append(encode(m.result()))
            return {"results": results, "name": m.name,
                    "config": json.loads(json.dumps(m.get_config(), default=_plain))}
        if "code" in case:
            exec(case["code"], ns)  # noqa: S102
            return encode(ns["result"])
        return encode(eval(case["expr"], ns))  # noqa: S307
    except Exception as exc:  # noqa: BLE001 - recorded as the expected outcome
        bases = [b.__name__ for b in (ValueError, TypeError, IndexError, KeyError, RuntimeError)
                 if isinstance(exc, b)]
        return {"error": type(exc).__name__, "bases": bases}


def _write(path, cases, inputs, what):
    encoded = {k: {"dtype": str(v.dtype), "shape": list(v.shape), "value": v.reshape(-1).tolist()}
               for k, v in inputs.items()}
    out = []
    for case in cases:
        keras.backend.clear_session()
        out.append({**case, "result": run(case, inputs)})
    doc = {"about": f"Keras {keras.__version__} answers for saessak's {what} "
                    "(tools/make_golden_losses_metrics.py)",
           "rtol": 1e-5, "atol": 1e-6, "inputs": encoded, "cases": out}
    path.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    errors = [c["id"] for c in out if "error" in c["result"]]
    print(f"{path.name}: {len(out)} cases, errors recorded for {errors}")


def main():
    inputs = _inputs()
    _write(ROOT / "losses.json", LOSS_CASES, inputs, "losses")
    _write(ROOT / "metrics.json", METRIC_CASES, inputs, "metrics")


if __name__ == "__main__":
    main()

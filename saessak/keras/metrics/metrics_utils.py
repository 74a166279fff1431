"""Confusion-matrix counting at many thresholds, shared by Precision, Recall, AUC and friends.

For thresholds ``t_j`` a prediction counts as positive at ``t_j`` when
``y_pred > t_j`` (strictly); labels are positive when non-zero.  Each update adds,
per threshold, the (weighted) number of true positives, false positives, true
negatives and false negatives to the requested variables.

Two algorithms, chosen as Keras chooses them:

* general thresholds: compare every prediction with every threshold, a
  ``(thresholds, predictions)`` boolean table, and sum the weights where label
  and decision agree;
* evenly spaced thresholds ``j / (T - 1)`` (AUC's default): each prediction
  (clipped to [0, 1]) falls in bucket ``b = ceil(p (T - 1)) - 1`` and is
  positive exactly at thresholds ``j <= b``; the counts are then one matrix
  product ``[b >= j] @ weights`` (Keras uses a segment sum and a reversed
  cumulative sum; the result is the same).  ``fn = sum(positives) - tp`` and
  ``tn = sum(negatives) - fp``.
"""

import enum

from ...ops import array_ops as A
from ...ops import linalg_ops as L
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config
from ..losses.loss import convert, squeeze_or_expand_to_same_rank

NEG_INF = -1e10


class ConfusionMatrix(enum.Enum):
    TRUE_POSITIVES = "tp"
    FALSE_POSITIVES = "fp"
    TRUE_NEGATIVES = "tn"
    FALSE_NEGATIVES = "fn"


class AUCCurve(enum.Enum):
    ROC = "ROC"
    PR = "PR"
    PRGAIN = "PRGAIN"

    @staticmethod
    def from_str(key):
        for curve in AUCCurve:
            if key in (curve.value, curve.value.lower()):
                return curve
        raise ValueError(f'Invalid AUC curve value: "{key}". Expected values are ["PR", "ROC", "PRGAIN"]')


class AUCSummationMethod(enum.Enum):
    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"

    @staticmethod
    def from_str(key):
        for method in AUCSummationMethod:
            if key in (method.value, method.value.capitalize()):
                return method
        raise ValueError(
            f'Invalid AUC summation method value: "{key}". Expected values are '
            '["interpolation", "majoring", "minoring"]')


def to_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def parse_init_thresholds(thresholds, default_threshold=0.5):
    if thresholds is not None:
        bad = [t for t in to_list(thresholds) if t is None or t < 0 or t > 1]
        if bad:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {bad}")
    return to_list(default_threshold if thresholds is None else thresholds)


def is_evenly_distributed_thresholds(thresholds):
    """True when ``thresholds`` are ``j / (T - 1)`` for ``j = 0..T-1`` (T >= 3), within eps."""
    n = len(thresholds)
    if n < 3:
        return False
    eps = config.epsilon()
    return all(abs(float(t) - j / (n - 1)) <= eps + 1e-5 * (j / (n - 1))
               for j, t in enumerate(thresholds))


def _filter_top_k(x, k):
    """Keep each row's ``k`` largest entries; set the others to ``NEG_INF``."""
    _, idx = R.top_k(x, k)
    mask = R.reduce_sum(A.one_hot(idx, x._value.shape[-1], axis=-1, dtype=x.dtype), -2)
    return M.add(M.multiply(x, mask), M.multiply(M.subtract(1.0, mask), NEG_INF))


def update_confusion_matrix_variables(variables_to_update, y_true, y_pred, thresholds, top_k=None,
                                      class_id=None, sample_weight=None, multi_label=False,
                                      label_weights=None, thresholds_distributed_evenly=False):
    """Add this batch's confusion counts at each threshold to ``variables_to_update``.

    ``variables_to_update`` maps :class:`ConfusionMatrix` keys to variables of
    shape ``(T,)`` (or ``(T, num_labels)`` with ``multi_label``).
    """
    if multi_label and label_weights is not None:
        raise ValueError("`label_weights` for multilabel data should be handled outside of "
                         "`update_confusion_matrix_variables` when `multi_label` is True.")
    if not variables_to_update:
        return
    invalid = [k for k in variables_to_update if not isinstance(k, ConfusionMatrix)]
    if invalid:
        raise ValueError(f'Invalid keys: "{invalid}". Valid variable key options are: '
                         f'"{list(ConfusionMatrix)}"')
    dtype = next(iter(variables_to_update.values())).dtype
    y_true = convert(y_true, dtype)
    y_pred = convert(y_pred, dtype)
    thresholds = [float(t) for t in thresholds]
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if tuple(y_pred.shape) != tuple(y_true.shape):
        raise ValueError(
            f"Confusion-matrix metrics need y_true and y_pred of the same shape, received "
            f"y_true.shape={tuple(y_true.shape)} and y_pred.shape={tuple(y_pred.shape)}. For "
            "integer class labels with multi-class scores, one-hot encode the labels.")
    if sample_weight is not None:
        sample_weight = A.expand_dims(convert(sample_weight, dtype), -1)
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred._value.ndim == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array with shape "
                f"(num_samples, num_classes), found shape: {tuple(y_pred.shape)}")
        y_true = A.expand_dims(y_true[..., class_id], -1)
        y_pred = A.expand_dims(y_pred[..., class_id], -1)
    if label_weights is not None:
        label_weights = convert(label_weights, dtype)
    if thresholds_distributed_evenly:
        with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
        return _update_evenly(variables_to_update, y_true, y_pred, len(thresholds), multi_label,
                              sample_weight, label_weights, with_epsilon)
    return _update_general(variables_to_update, y_true, y_pred, thresholds, multi_label,
                           sample_weight, label_weights)


def _weights(sample_weight, label_weights, y_pred, flatten):
    """Sample weights times label weights, broadcast to ``y_pred`` (None when both absent)."""
    shape = tuple(y_pred._value.shape)
    weights = None
    if sample_weight is not None:
        weights = A.broadcast_to(sample_weight, shape)
    if label_weights is not None:
        lw = A.broadcast_to(A.expand_dims(label_weights, 0), shape)
        weights = lw if weights is None else M.multiply(weights, lw)
    if weights is not None and flatten:
        weights = A.reshape(weights, [-1])
    return weights


def _update_general(variables, y_true, y_pred, thresholds, multi_label, sample_weight,
                    label_weights):
    dtype = y_pred.dtype
    flat = not multi_label
    thr = A.constant(thresholds, dtype=dtype)
    if flat:
        preds = A.reshape(y_pred, [1, -1])
        labels = A.reshape(M.cast(y_true, "bool"), [1, -1])
        thr = A.reshape(thr, [-1, 1])
    else:
        preds = A.expand_dims(y_pred, 0)
        labels = A.expand_dims(M.cast(y_true, "bool"), 0)
        thr = A.reshape(thr, [-1, 1, 1])
    pred_pos = M.greater(preds, thr)  # (T, N) or (T, N, L)
    weights = _weights(sample_weight, label_weights if flat else None, y_pred, flat)
    if weights is not None:
        weights = A.expand_dims(weights, 0)

    def add(var, label, pred):
        hit = M.logical_and(label, pred)
        if weights is None:
            counts = M.cast(hit, var.dtype)
        else:
            counts = M.where(hit, M.cast(A.broadcast_to(weights, tuple(hit.shape)), var.dtype),
                             A.zeros(tuple(hit.shape), var.dtype))
        var.assign_add(R.reduce_sum(counts, 1))

    pred_neg = label_neg = None
    if ConfusionMatrix.TRUE_POSITIVES in variables:
        add(variables[ConfusionMatrix.TRUE_POSITIVES], labels, pred_pos)
    if ConfusionMatrix.FALSE_NEGATIVES in variables or ConfusionMatrix.TRUE_NEGATIVES in variables:
        pred_neg = M.logical_not(pred_pos)
    if ConfusionMatrix.FALSE_POSITIVES in variables or ConfusionMatrix.TRUE_NEGATIVES in variables:
        label_neg = M.logical_not(labels)
    if ConfusionMatrix.FALSE_NEGATIVES in variables:
        add(variables[ConfusionMatrix.FALSE_NEGATIVES], labels, pred_neg)
    if ConfusionMatrix.FALSE_POSITIVES in variables:
        add(variables[ConfusionMatrix.FALSE_POSITIVES], label_neg, pred_pos)
    if ConfusionMatrix.TRUE_NEGATIVES in variables:
        add(variables[ConfusionMatrix.TRUE_NEGATIVES], label_neg, pred_neg)


def _update_evenly(variables, y_true, y_pred, num_thresholds, multi_label, sample_weight,
                   label_weights, with_epsilon):
    dtype = y_pred.dtype
    flat = not multi_label
    weights = _weights(sample_weight, label_weights, y_pred, flat)
    y_pred = M.clip_by_value(y_pred, 0.0, 1.0)
    y_true = M.cast(M.cast(y_true, "bool"), dtype)
    if flat:
        y_true = A.reshape(y_true, [-1])
        y_pred = A.reshape(y_pred, [-1])
    true_labels = y_true if weights is None else M.multiply(y_true, weights)
    false_labels = M.subtract(1.0, y_true)
    if weights is not None:
        false_labels = M.multiply(false_labels, weights)
    bucket = M.subtract(M.ceil(M.multiply(y_pred, float(num_thresholds - 1))), 1.0)
    if with_epsilon:  # the first threshold is below 0: every prediction passes it
        bucket = M.maximum(bucket, 0.0)
    index = A.range(num_thresholds, dtype=dtype)
    if flat:
        # [bucket_n >= j] as a (T, N) matrix; one product gives tp and fp for all thresholds.
        passes = M.cast(M.greater_equal(A.expand_dims(bucket, 0), A.expand_dims(index, 1)), dtype)
        both = L.matmul(passes, A.stack([true_labels, false_labels], axis=1))
        tp, fp = both[:, 0], both[:, 1]
        total_true, total_false = R.reduce_sum(true_labels), R.reduce_sum(false_labels)
    else:
        passes = M.cast(M.greater_equal(A.expand_dims(bucket, 0),
                                        A.reshape(index, [-1, 1, 1])), dtype)  # (T, N, L)
        tp = R.reduce_sum(M.multiply(passes, A.expand_dims(true_labels, 0)), 1)
        fp = R.reduce_sum(M.multiply(passes, A.expand_dims(false_labels, 0)), 1)
        total_true, total_false = R.reduce_sum(true_labels, 0), R.reduce_sum(false_labels, 0)
    if ConfusionMatrix.TRUE_POSITIVES in variables:
        variables[ConfusionMatrix.TRUE_POSITIVES].assign_add(tp)
    if ConfusionMatrix.FALSE_POSITIVES in variables:
        variables[ConfusionMatrix.FALSE_POSITIVES].assign_add(fp)
    if ConfusionMatrix.TRUE_NEGATIVES in variables:
        variables[ConfusionMatrix.TRUE_NEGATIVES].assign_add(M.subtract(total_false, fp))
    if ConfusionMatrix.FALSE_NEGATIVES in variables:
        variables[ConfusionMatrix.FALSE_NEGATIVES].assign_add(M.subtract(total_true, tp))

"""AUC: the area under the ROC or precision-recall curve, approximated on a threshold grid.

The metric counts tp/fp/tn/fn at ``T = num_thresholds`` thresholds
``[-eps, 1/(T-1), ..., (T-2)/(T-1), 1 + eps]`` (the end points sit just outside
[0, 1] so every prediction is above the first and below the last).  Each
threshold gives one point of the curve:

* ROC: ``x = fp / (fp + tn)`` (false-positive rate), ``y = tp / (tp + fn)`` (recall);
* PR: ``x = recall``, ``y = tp / (tp + fp)`` (precision);
* PRGAIN: precision gain against recall gain (Flach and Kull).

The area is ``sum_j (x_j - x_{j+1}) h_j`` with heights ``h_j`` the mean of the
two end points ("interpolation"), their minimum ("minoring") or maximum
("majoring").  PR with interpolation instead integrates precision exactly
along the straight line between two thresholds in (tp, tp + fp) space (Davis
and Goadrich 2006): with slope ``s = dtp / dp`` and intercept
``c = tp_{j+1} - s p_{j+1}``, the piece is ``s (dtp + c log(p_j / p_{j+1})) / (tp_{j+1} + fn_{j+1})``.

With ``multi_label=True`` each column of a ``(batch, labels)`` prediction gets
its own curve and the AUCs are averaged (weighted by ``label_weights``).
"""

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config
from ..losses.loss import convert, divide_no_nan
from . import metrics_utils as U
from .metric import Metric

_CM = U.ConfusionMatrix


class AUC(Metric):
    """Approximate area under the ROC or PR curve (``keras.metrics.AUC``).

    Args:
        num_thresholds: number of thresholds (> 1); default 200.
        curve: "ROC" (default), "PR" or "PRGAIN".
        summation_method: "interpolation" (default), "minoring" or "majoring".
        thresholds: explicit thresholds in [0, 1] (then ``num_thresholds`` is ignored).
        multi_label: one curve per label column, averaged.
        num_labels: the number of label columns, to create the state up front.
        label_weights: per-label weights for the average (or for the counts when
            ``multi_label`` is False).
        from_logits: apply a sigmoid to the predictions first.
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        self._direction = "up"
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(float(t) for t in thresholds)
            self._thresholds_distributed_evenly = U.is_evenly_distributed_thresholds(
                [0.0] + thresholds + [1.0])
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        eps = config.epsilon()
        self._thresholds = [0.0 - eps] + thresholds + [1.0 + eps]
        self.curve = curve if isinstance(curve, U.AUCCurve) else U.AUCCurve.from_str(curve)
        self.summation_method = (summation_method if isinstance(summation_method,
                                                                U.AUCSummationMethod)
                                 else U.AUCSummationMethod.from_str(summation_method))
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = (None if label_weights is None
                              else convert(A.convert_to_tensor(label_weights), self.dtype))
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build([None, num_labels])
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self):
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    f"`y_pred` must have rank 2 when `multi_label=True`. Found rank {len(shape)}. "
                    f"Full shape received for `y_pred`: {shape}")
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        for cell in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, cell, self.add_variable(shape=variable_shape, initializer="zeros",
                                                  name=cell))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = convert(y_pred)
        if not self._built:
            self._build(tuple(y_pred.shape))
        label_weights = None if self.multi_label else self.label_weights
        if self._from_logits:
            y_pred = M.sigmoid(y_pred)
        U.update_confusion_matrix_variables(
            {_CM.TRUE_POSITIVES: self.true_positives, _CM.TRUE_NEGATIVES: self.true_negatives,
             _CM.FALSE_POSITIVES: self.false_positives,
             _CM.FALSE_NEGATIVES: self.false_negatives},
            y_true, y_pred, self._thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight, multi_label=self.multi_label,
            label_weights=label_weights)

    def _average(self, by_label):
        if self.label_weights is None:
            return R.reduce_mean(by_label)
        return divide_no_nan(R.reduce_sum(M.multiply(by_label, self.label_weights)),
                             R.reduce_sum(self.label_weights))

    def _finish(self, terms):
        if self.multi_label:
            return self._average(R.reduce_sum(terms, 0))
        return R.reduce_sum(terms)

    def interpolate_pr_auc(self):
        """The PR AUC by Davis and Goadrich's interpolation between thresholds."""
        n = self.num_thresholds
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = M.subtract(tp[: n - 1], tp[1:])
        p = M.add(tp, fp)
        p_lo, p_hi = p[: n - 1], p[1:]
        dp = M.subtract(p_lo, p_hi)
        slope = divide_no_nan(dtp, M.maximum(dp, 0.0))
        intercept = M.subtract(tp[1:], M.multiply(slope, p_hi))
        both_positive = M.logical_and(M.greater(p_lo, 0.0), M.greater(p_hi, 0.0))
        ratio = M.where(both_positive, divide_no_nan(p_lo, M.maximum(p_hi, 0.0)),
                        A.ones_like(p_hi))
        increment = divide_no_nan(
            M.multiply(slope, M.add(dtp, M.multiply(intercept, M.log(ratio)))),
            M.maximum(M.add(tp[1:], fn[1:]), 0.0))
        return self._finish(increment)

    def result(self):
        if (self.curve == U.AUCCurve.PR
                and self.summation_method == U.AUCSummationMethod.INTERPOLATION):
            return self.interpolate_pr_auc()
        tp, fp = self.true_positives, self.false_positives
        tn, fn = self.true_negatives, self.false_negatives
        recall = divide_no_nan(tp, M.add(tp, fn))
        if self.curve == U.AUCCurve.ROC:
            x, y = divide_no_nan(fp, M.add(fp, tn)), recall
        elif self.curve == U.AUCCurve.PR:
            x, y = recall, divide_no_nan(tp, M.add(tp, fp))
        else:  # PRGAIN; no true positives: recall gain 0, precision gain 1; negative gains: 0
            scale = divide_no_nan(M.add(tp, fn), M.add(tn, fp))
            recall_gain = M.subtract(1.0, M.multiply(scale, divide_no_nan(fn, tp)))
            precision_gain = M.subtract(1.0, M.multiply(scale, divide_no_nan(fp, tp)))
            no_tp = M.equal(tp, 0.0)
            recall_gain = M.where(no_tp, A.zeros_like(recall_gain), recall_gain)
            precision_gain = M.where(no_tp, A.ones_like(precision_gain), precision_gain)
            x, y = M.maximum(recall_gain, 0.0), precision_gain
        n = self.num_thresholds
        y_lo, y_hi = y[: n - 1], y[1:]
        if self.summation_method == U.AUCSummationMethod.INTERPOLATION:
            heights = M.divide(M.add(y_lo, y_hi), 2.0)
        elif self.summation_method == U.AUCSummationMethod.MINORING:
            heights = M.minimum(y_lo, y_hi)
        else:
            heights = M.maximum(y_lo, y_hi)
        return self._finish(M.multiply(M.subtract(x[: n - 1], x[1:]), heights))

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        config_ = {
            "num_thresholds": self.num_thresholds, "curve": self.curve.value,
            "summation_method": self.summation_method.value, "multi_label": self.multi_label,
            "num_labels": self.num_labels, "label_weights": self.label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config_["thresholds"] = self.thresholds[1:-1]
        return {**super().get_config(), **config_}

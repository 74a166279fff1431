"""Metrics from confusion-matrix counts: TP/FP/TN/FN, precision, recall, AUC, and the
"X at fixed Y" family.

All of them count, per decision threshold, the weighted true/false
positives/negatives over every batch seen (``metrics_utils``), then combine the
counts in ``result()`` (divisions are "no nan": 0 where the denominator is 0):

* precision ``tp / (tp + fp)``; recall ``tp / (tp + fn)``;
* AUC: the area under the ROC curve (x = fp rate, y = recall) or the PR curve
  (x = recall, y = precision) by a Riemann sum over ``num_thresholds`` points
  (trapezoids for "interpolation", with the PR curve integrated as Davis and
  Goadrich's interpolation, which is exact between two thresholds);
* sensitivity at specificity >= s (and the three sister metrics): the best value
  of one rate among thresholds where the other reaches the target.

``top_k`` (Precision/Recall) keeps only each row's k largest scores;
``class_id`` restricts a multi-class prediction to one column.
"""

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from ..losses.loss import divide_no_nan
from . import metrics_utils as U
from .metric import Metric

_CM = U.ConfusionMatrix


class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion-matrix cell at each threshold."""

    _condition = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = U.parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = U.is_evenly_distributed_thresholds(self.thresholds)
        self.accumulator = self.add_variable(shape=(len(self.thresholds),), initializer="zeros",
                                             name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        U.update_confusion_matrix_variables(
            {self._condition: self.accumulator}, y_true, y_pred, thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight)

    def result(self):
        value = self.accumulator.read_value()
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """Weighted count of label 1 predicted above the threshold(s)."""

    _condition = _CM.TRUE_POSITIVES


class FalsePositives(_ConfusionMatrixConditionCount):
    """Weighted count of label 0 predicted above the threshold(s)."""

    _condition = _CM.FALSE_POSITIVES


class TrueNegatives(_ConfusionMatrixConditionCount):
    """Weighted count of label 0 predicted at or below the threshold(s)."""

    _condition = _CM.TRUE_NEGATIVES


class FalseNegatives(_ConfusionMatrixConditionCount):
    """Weighted count of label 1 predicted at or below the threshold(s)."""

    _condition = _CM.FALSE_NEGATIVES


class _PrecisionRecall(Metric):
    _other = None  # FALSE_POSITIVES for precision, FALSE_NEGATIVES for recall

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else U.NEG_INF
        self.thresholds = U.parse_init_thresholds(thresholds, default_threshold=default)
        self._thresholds_distributed_evenly = U.is_evenly_distributed_thresholds(self.thresholds)
        n = len(self.thresholds)
        self.true_positives = self.add_variable(shape=(n,), initializer="zeros",
                                                name="true_positives")
        self._other_var = self.add_variable(shape=(n,), initializer="zeros",
                                            name=self._other.name.lower())

    def update_state(self, y_true, y_pred, sample_weight=None):
        U.update_confusion_matrix_variables(
            {_CM.TRUE_POSITIVES: self.true_positives, self._other: self._other_var},
            y_true, y_pred, thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k, class_id=self.class_id, sample_weight=sample_weight)

    def result(self):
        value = divide_no_nan(self.true_positives, M.add(self.true_positives, self._other_var))
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_PrecisionRecall):
    """``tp / (tp + fp)``: how many predicted positives are right (``keras.metrics.Precision``)."""

    _other = _CM.FALSE_POSITIVES

    @property
    def false_positives(self):
        return self._other_var


class Recall(_PrecisionRecall):
    """``tp / (tp + fn)``: how many actual positives are found (``keras.metrics.Recall``)."""

    _other = _CM.FALSE_NEGATIVES

    @property
    def false_negatives(self):
        return self._other_var


def _rates(m):
    tp, fp, tn, fn = m.true_positives, m.false_positives, m.true_negatives, m.false_negatives
    return {"sensitivity": divide_no_nan(tp, M.add(tp, fn)),
            "specificity": divide_no_nan(tn, M.add(tn, fp)),
            "precision": divide_no_nan(tp, M.add(tp, fp))}


class SensitivitySpecificityBase(Metric):
    """Counts all four cells at ``num_thresholds`` evenly spaced thresholds."""

    _constrained = _dependent = None  # names of the rates (see _rates)

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if num_thresholds <= 0:
            raise ValueError("Argument `num_thresholds` must be an integer > 0. "
                             f"Received: num_thresholds={num_thresholds}")
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds, self._thresholds_distributed_evenly = [0.5], False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds, self._thresholds_distributed_evenly = [0.0] + inner + [1.0], True
        n = len(self.thresholds)
        for cell in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, cell, self.add_variable(shape=(n,), initializer="zeros", name=cell))

    def update_state(self, y_true, y_pred, sample_weight=None):
        U.update_confusion_matrix_variables(
            {_CM.TRUE_POSITIVES: self.true_positives, _CM.TRUE_NEGATIVES: self.true_negatives,
             _CM.FALSE_POSITIVES: self.false_positives,
             _CM.FALSE_NEGATIVES: self.false_negatives},
            y_true, y_pred, thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id, sample_weight=sample_weight)

    def result(self):
        rates = _rates(self)
        feasible = M.greater_equal(rates[self._constrained], float(self.value))
        dependent = rates[self._dependent]
        best = R.reduce_max(M.where(feasible, dependent, A.zeros_like(dependent)))
        return M.maximum(best, 0.0)

    def get_config(self):
        return {**super().get_config(), "class_id": self.class_id}


def _check_rate(arg, value):
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{arg}` must be in the range [0, 1]. Received: {arg}={value}")


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """Best sensitivity (recall) among thresholds where specificity >= ``specificity``."""

    _constrained, _dependent = "specificity", "sensitivity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("specificity", specificity)
        self.specificity = specificity
        self.num_thresholds = num_thresholds
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "specificity": self.specificity}


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """Best specificity among thresholds where sensitivity >= ``sensitivity``."""

    _constrained, _dependent = "sensitivity", "specificity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("sensitivity", sensitivity)
        self.sensitivity = sensitivity
        self.num_thresholds = num_thresholds
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "sensitivity": self.sensitivity}


class PrecisionAtRecall(SensitivitySpecificityBase):
    """Best precision among thresholds where recall >= ``recall``."""

    _constrained, _dependent = "sensitivity", "precision"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("recall", recall)
        self.recall = recall
        self.num_thresholds = num_thresholds
        super().__init__(value=recall, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "recall": self.recall}


class RecallAtPrecision(SensitivitySpecificityBase):
    """Best recall among thresholds where precision >= ``precision``."""

    _constrained, _dependent = "precision", "sensitivity"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("precision", precision)
        self.precision = precision
        self.num_thresholds = num_thresholds
        super().__init__(value=precision, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "precision": self.precision}


CLASSES = [TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision, Recall,
           SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall,
           RecallAtPrecision]

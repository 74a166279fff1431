"""F-scores: the weighted harmonic mean of precision and recall.

``F_beta = (1 + beta^2) P R / (beta^2 P + R)``, with ``P = tp / (tp + fp)`` and
``R = tp / (tp + fn)`` (each denominator plus ``eps`` so empty classes give 0).
Predictions become 0/1 decisions first: ``y_pred > threshold``, or, with no
threshold, the row's maximum (non-zero) entries.

The counts are kept per class (``average`` None, "macro", "weighted") or pooled
over classes ("micro"); the result is one score per class (None), their mean
("macro"; for "micro" the single pooled score), or their mean weighted by the
number of true labels per class ("weighted").
"""

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config
from ..losses.loss import convert
from .metric import Metric


class FBetaScore(Metric):
    """F-beta score for multi-class / multi-label 2-D inputs (``keras.metrics.FBetaScore``).

    Args:
        average: None (one score per class), "micro", "macro" or "weighted".
        beta: weight of recall relative to precision (a positive float).
        threshold: decisions are ``y_pred > threshold``; None picks each row's maximum.
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError("Invalid `average` argument value. Expected one of: "
                             f"{{None, 'micro', 'macro', 'weighted'}}. Received: average={average!r}")
        if not isinstance(beta, float):
            raise ValueError("Invalid `beta` argument value. It should be a Python float. "
                             f"Received: beta={beta!r} of type '{type(beta)}'")
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError("Invalid `threshold` argument value. It should be a Python float. "
                                 f"Received: threshold={threshold!r} of type '{type(threshold)}'")
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError("Invalid `threshold` argument value. It should verify "
                                 f"0 < threshold <= 1. Received: threshold={threshold}")
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input "
                f"shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}. For binary "
                "labels of shape (batch_size,), reshape them (and the predictions) to "
                "(batch_size, 1).")
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for cell in ("true_positives", "false_positives", "false_negatives",
                     "intermediate_weights"):
            setattr(self, cell, self.add_variable(shape=shape, initializer="zeros",
                                                  dtype=self.dtype, name=cell))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = convert(y_true, self.dtype)
        y_pred = convert(y_pred, self.dtype)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        if self.threshold is None:
            # The row maximum is the decision; |x| > 1e-9 keeps an all-zero row all negative.
            top = R.reduce_max(y_pred, -1, keepdims=True)
            decided = M.logical_and(M.greater_equal(y_pred, top), M.greater(M.abs(y_pred), 1e-9))
        else:
            decided = M.greater(y_pred, self.threshold)
        y_pred = M.cast(decided, self.dtype)
        if sample_weight is not None:
            sample_weight = A.expand_dims(convert(sample_weight, self.dtype), 1)

        def weighted_sum(value):
            if sample_weight is not None:
                value = M.multiply(value, sample_weight)
            return R.reduce_sum(value, self.axis)

        not_pred, not_true = M.subtract(1.0, y_pred), M.subtract(1.0, y_true)
        self.true_positives.assign_add(weighted_sum(M.multiply(y_pred, y_true)))
        self.false_positives.assign_add(weighted_sum(M.multiply(y_pred, not_true)))
        self.false_negatives.assign_add(weighted_sum(M.multiply(not_pred, y_true)))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        eps = config.epsilon()
        tp = self.true_positives
        precision = M.divide(tp, M.add(M.add(tp, self.false_positives), eps))
        recall = M.divide(tp, M.add(M.add(tp, self.false_negatives), eps))
        beta2 = self.beta ** 2
        mean = M.divide(M.multiply(precision, recall),
                        M.add(M.add(M.multiply(precision, beta2), recall), eps))
        score = M.multiply(mean, 1.0 + beta2)
        if self.average == "weighted":
            w = self.intermediate_weights
            weights = M.divide(w, M.add(R.reduce_sum(w), eps))
            score = R.reduce_sum(M.multiply(score, weights))
        elif self.average is not None:  # micro, macro
            score = R.reduce_mean(score)
        return score

    def reset_state(self):
        for v in self.variables:
            v.assign(A.zeros(tuple(v._value.shape), v.dtype))

    def get_config(self):
        return {**super().get_config(), "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


class F1Score(FBetaScore):
    """F-1 score: precision and recall weighted equally (``keras.metrics.F1Score``)."""

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config_ = super().get_config()
        del config_["beta"]
        return config_


CLASSES = [FBetaScore, F1Score]

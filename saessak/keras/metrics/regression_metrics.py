"""Regression metrics: running means of the regression losses, RMSE, cosine similarity, R^2.

``MeanSquaredError`` and friends are the running means of the loss functions
of the same name (``keras.losses``).  ``RootMeanSquaredError`` is
``sqrt(mean(e^2))`` over all values seen (the root is taken at the end, not per
batch).  ``CosineSimilarity`` is the mean cosine (positive, unlike the loss).

``R2Score`` keeps per-output sums over all batches, ``S = sum w y``,
``Q = sum w y^2``, ``E = sum w (y - y_pred)^2`` and ``N = sum w``; then
``R^2 = 1 - E / (Q - S^2 / N)`` per output (0 where that is infinite),
averaged uniformly or by variance, and optionally adjusted for
``num_regressors`` ``p`` over ``n`` samples: ``1 - (1 - R^2)(n - 1) / (n - p - 1)``.
"""

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from ..losses.loss import convert, squeeze_or_expand_to_same_rank
from ..losses.regression import (
    l2_normalize,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from .metric import Metric
from .reduction_metrics import Mean, MeanMetricWrapper


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle between ``y_true`` and ``y_pred`` along ``axis`` (the metric form)."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return R.reduce_sum(M.multiply(l2_normalize(y_true, axis), l2_normalize(y_pred, axis)), axis)


class _LossMean(MeanMetricWrapper):
    """A running mean of a regression loss; config is just name and dtype."""

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class MeanSquaredError(_LossMean):
    """Running mean of the squared error (``keras.metrics.MeanSquaredError``)."""

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(fn=mean_squared_error, name=name, dtype=dtype)
        self._direction = "down"


class MeanAbsoluteError(_LossMean):
    """Running mean of the absolute error."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name, dtype=dtype)
        self._direction = "down"


class MeanAbsolutePercentageError(_LossMean):
    """Running mean of the absolute percentage error."""

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name, dtype=dtype)
        self._direction = "down"


class MeanSquaredLogarithmicError(_LossMean):
    """Running mean of the squared logarithmic error."""

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name, dtype=dtype)
        self._direction = "down"


class CosineSimilarity(_LossMean):
    """Running mean of the cosine similarity along ``axis`` (config omits ``axis``, as Keras)."""

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name, dtype=dtype, axis=axis)
        self._direction = "up"


class LogCoshError(_LossMean):
    """Running mean of ``log(cosh(y_pred - y_true))``."""

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(log_cosh, name, dtype=dtype)
        self._direction = "down"


class RootMeanSquaredError(Mean):
    """``sqrt`` of the running mean of the squared error."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = convert(y_true, self.dtype)
        y_pred = convert(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return super().update_state(M.squared_difference(y_pred, y_true), sample_weight)

    def result(self):
        return M.sqrt(super().result())


class R2Score(Metric):
    """Coefficient of determination over all samples seen (``keras.metrics.R2Score``).

    Args:
        class_aggregation: "uniform_average" (default), "variance_weighted_average"
            or None (one score per output).
        num_regressors: number of independent variables, for the adjusted R^2.
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score",
                 dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        valid = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in valid:
            raise ValueError(
                f"Invalid value for argument `class_aggregation`. Expected one of {valid}. "
                f"Received: class_aggregation={class_aggregation!r}")
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}")
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input "
                f"shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}. "
                "Reshape 1-D targets to (batch_size, 1).")
        n = y_pred_shape[-1]
        self.squared_sum = self.add_variable(shape=(n,), initializer="zeros", name="squared_sum")
        self.sum = self.add_variable(shape=(n,), initializer="zeros", name="sum")
        self.total_mse = self.add_variable(shape=(n,), initializer="zeros", name="residual")
        self.count = self.add_variable(shape=(n,), initializer="zeros", name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = convert(y_true, self.dtype)
        y_pred = convert(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        sample_weight = convert(1.0 if sample_weight is None else sample_weight, self.dtype)
        if sample_weight._value.ndim == 1:
            sample_weight = A.expand_dims(sample_weight, 1)
        sample_weight = A.broadcast_to(sample_weight, tuple(y_true._value.shape))
        weighted_y_true = M.multiply(y_true, sample_weight)
        self.sum.assign_add(R.reduce_sum(weighted_y_true, 0))
        self.squared_sum.assign_add(R.reduce_sum(M.multiply(y_true, weighted_y_true), 0))
        self.total_mse.assign_add(R.reduce_sum(
            M.multiply(M.square(M.subtract(y_true, y_pred)), sample_weight), 0))
        self.count.assign_add(R.reduce_sum(sample_weight, 0))
        self.num_samples.assign_add(float(y_true._value.size))

    def result(self):
        mean = M.divide(self.sum, self.count)
        total = M.subtract(self.squared_sum, M.multiply(self.sum, mean))
        raw = M.subtract(1.0, M.divide(self.total_mse, total))
        raw = M.where(M.is_inf(raw), A.zeros_like(raw), raw)
        if self.class_aggregation == "uniform_average":
            score = R.reduce_mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = M.divide(R.reduce_sum(M.multiply(total, raw)), R.reduce_sum(total))
        else:
            score = raw
        if self.num_regressors != 0:
            # Keras falls back to the plain R^2 (with a warning) unless p < n - 1; decided
            # by ops here so that result() never reads a value in Python.
            n = self.num_samples
            p = float(self.num_regressors)
            usable = M.less(p, M.subtract(n, 1.0))
            safe_den = M.where(usable, M.subtract(M.subtract(n, p), 1.0), A.ones_like(n))
            adjusted = M.subtract(1.0, M.divide(
                M.multiply(M.subtract(1.0, score), M.subtract(n, 1.0)), safe_den))
            score = M.where(usable, adjusted, score)
        return score

    def reset_state(self):
        for v in self.variables:
            v.assign(A.zeros(tuple(v._value.shape), v.dtype))

    def get_config(self):
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}


CLASSES = [MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError,
           MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity,
           LogCoshError, R2Score]

"""Regression losses: squared, absolute, percentage, logarithmic, Huber, log-cosh, cosine.

With ``e = y_pred - y_true`` and the mean taken over the last axis:

* mean squared error ``mean(e^2)``; mean absolute error ``mean(|e|)``;
* mean absolute percentage error ``100 mean(|e| / max(|y_true|, eps))``;
* mean squared logarithmic error ``mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2)``;
* Huber ``mean(e^2 / 2 if |e| <= delta else delta |e| - delta^2 / 2)``;
* log-cosh ``mean(log(cosh(e)))``, computed as ``e + softplus(-2e) - log 2`` so
  that large errors cannot overflow ``cosh``;
* cosine similarity ``-sum(l2_normalize(y_true) * l2_normalize(y_pred))`` along
  ``axis`` (a loss, so perfectly aligned vectors give -1).

``eps`` is ``keras.config.epsilon()`` (1e-7).  Gradients come from the ops.
"""

import math

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config
from .loss import Loss, LossFunctionWrapper, convert, squeeze_or_expand_to_same_rank


def _pair(y_true, y_pred):
    """y_pred as a Tensor, y_true cast to its dtype, ranks matched."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def l2_normalize(x, axis=-1):
    """``x / ||x||`` along ``axis`` as Keras computes it: ``x * min(rsqrt(sum(x^2)), 1/eps)``."""
    x = convert(x)
    if x._value.ndim == 0:
        x = A.expand_dims(x, 0)
    inv_norm = M.rsqrt(R.reduce_sum(M.square(x), axis, keepdims=True))
    return M.multiply(x, M.minimum(inv_norm, 1.0 / config.epsilon()))


# ---------------------------------------------------------------- functions
def mean_squared_error(y_true, y_pred):
    """``mean(square(y_true - y_pred), axis=-1)``."""
    y_true, y_pred = _pair(y_true, y_pred)
    return R.reduce_mean(M.squared_difference(y_true, y_pred), -1)


def mean_absolute_error(y_true, y_pred):
    """``mean(abs(y_true - y_pred), axis=-1)``."""
    y_true, y_pred = _pair(y_true, y_pred)
    return R.reduce_mean(M.abs(M.subtract(y_true, y_pred)), -1)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(abs((y_true - y_pred) / max(abs(y_true), eps)), axis=-1)``."""
    y_true, y_pred = _pair(y_true, y_pred)
    diff = M.abs(M.divide(M.subtract(y_true, y_pred), M.maximum(M.abs(y_true), config.epsilon())))
    return M.multiply(R.reduce_mean(diff, -1), 100.0)


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)``."""
    y_true, y_pred = _pair(y_true, y_pred)
    eps = config.epsilon()
    first = M.log(M.add(M.maximum(y_pred, eps), 1.0))
    second = M.log(M.add(M.maximum(y_true, eps), 1.0))
    return R.reduce_mean(M.squared_difference(first, second), -1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """``-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``: -1 when aligned."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_pred = l2_normalize(y_pred, axis)
    y_true = l2_normalize(y_true, axis)
    return M.negative(R.reduce_sum(M.multiply(y_true, y_pred), axis))


def huber(y_true, y_pred, delta=1.0):
    """Quadratic for errors up to ``delta``, linear beyond (mean over the last axis)."""
    y_true, y_pred = _pair(y_true, y_pred)
    delta = convert(delta, y_pred.dtype)
    error = M.subtract(y_pred, y_true)
    abs_error = M.abs(error)
    quadratic = M.multiply(M.square(error), 0.5)
    linear = M.subtract(M.multiply(abs_error, delta), M.multiply(M.square(delta), 0.5))
    return R.reduce_mean(M.where(M.less_equal(abs_error, delta), quadratic, linear), -1)


def log_cosh(y_true, y_pred):
    """``mean(log(cosh(y_pred - y_true)), axis=-1)``, without overflow."""
    y_true, y_pred = _pair(y_true, y_pred)
    x = M.subtract(y_pred, y_true)
    value = M.subtract(M.add(x, M.softplus(M.multiply(x, -2.0))), math.log(2.0))
    return R.reduce_mean(value, -1)


# ---------------------------------------------------------------- classes
class MeanSquaredError(LossFunctionWrapper):
    """Mean of the squared errors (``keras.losses.MeanSquaredError``)."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of the absolute errors (``keras.losses.MeanAbsoluteError``)."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute error relative to ``|y_true|``, in percent."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error",
                 dtype=None):
        super().__init__(mean_absolute_percentage_error, name=name, reduction=reduction,
                         dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Mean squared error between ``log(1 + y)`` values."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error",
                 dtype=None):
        super().__init__(mean_squared_logarithmic_error, name=name, reduction=reduction,
                         dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along ``axis`` (Keras's config omits ``axis``)."""

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity",
                 dtype=None):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype,
                         axis=axis)

    def get_config(self):
        return Loss.get_config(self)


class Huber(LossFunctionWrapper):
    """Huber loss with threshold ``delta`` (Keras's config omits ``delta``)."""

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)

    def get_config(self):
        return Loss.get_config(self)


class LogCosh(LossFunctionWrapper):
    """Logarithm of the hyperbolic cosine of the error."""

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


FUNCTIONS = [mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
             mean_squared_logarithmic_error, cosine_similarity, huber, log_cosh]
CLASSES = [MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
           MeanSquaredLogarithmicError, CosineSimilarity, Huber, LogCosh]

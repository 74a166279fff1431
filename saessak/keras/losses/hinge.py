"""Margin losses (hinge family) and overlap losses (Dice, Tversky).

Hinge losses want ``y_true * y_pred >= 1`` for labels in {-1, 1}; labels given
as {0, 1} are mapped to {-1, 1} first (when *every* label is 0 or 1, decided by
ops, not by Python, so the rule also holds inside a compiled step):

* hinge ``mean(max(1 - y y_pred, 0))``, squared hinge ``mean(max(1 - y y_pred, 0)^2)``;
* categorical hinge ``max(max((1 - y) y_pred) - sum(y y_pred) + 1, 0)``.

Overlap losses for segmentation, reduced over ``axis`` (all axes by default):

* Dice ``1 - 2 sum(y p) / (sum(y) + sum(p) + eps)``;
* Tversky ``1 - TP / (TP + alpha FP + beta FN + eps)`` with ``TP = sum(y p)``,
  ``FP = sum((1 - p) y)``, ``FN = sum(p (1 - y))`` (Keras's naming).
"""

from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config
from .loss import Loss, LossFunctionWrapper, convert


def _binary_to_signed(y_true):
    """{0, 1} labels to {-1, 1}; other labels unchanged (Keras's ``convert_binary_labels_to_hinge``)."""
    is_binary = R.reduce_all(M.logical_or(M.equal(y_true, 0.0), M.equal(y_true, 1.0)))
    return M.where(is_binary, M.subtract(M.multiply(y_true, 2.0), 1.0), y_true)


def _margin(y_true, y_pred):
    y_pred = convert(y_pred)
    y_true = _binary_to_signed(convert(y_true, y_pred.dtype))
    return M.maximum(M.subtract(1.0, M.multiply(y_true, y_pred)), 0.0)


def hinge(y_true, y_pred):
    """``mean(max(1 - y_true * y_pred, 0), axis=-1)`` (labels in {-1, 1} or {0, 1})."""
    return R.reduce_mean(_margin(y_true, y_pred), -1)


def squared_hinge(y_true, y_pred):
    """``mean(square(max(1 - y_true * y_pred, 0)), axis=-1)``."""
    return R.reduce_mean(M.square(_margin(y_true, y_pred)), -1)


def categorical_hinge(y_true, y_pred):
    """``max(neg - pos + 1, 0)`` with ``pos = sum(y_true y_pred)``, ``neg = max((1 - y_true) y_pred)``."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    pos = R.reduce_sum(M.multiply(y_true, y_pred), -1)
    neg = R.reduce_max(M.multiply(M.subtract(1.0, y_true), y_pred), -1)
    return M.maximum(M.add(M.subtract(neg, pos), 1.0), 0.0)


def dice(y_true, y_pred, axis=None):
    """``1 - 2 sum(y_true y_pred) / (sum(y_true) + sum(y_pred) + eps)`` over ``axis``."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    intersection = R.reduce_sum(M.multiply(y_true, y_pred), axis)
    total = M.add(M.add(R.reduce_sum(y_true, axis), R.reduce_sum(y_pred, axis)), config.epsilon())
    return M.subtract(1.0, M.divide(M.multiply(intersection, 2.0), total))


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """``1 - TP / (TP + alpha FP + beta FN + eps)`` over ``axis``."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    intersection = R.reduce_sum(M.multiply(y_true, y_pred), axis)
    fp = R.reduce_sum(M.multiply(M.subtract(1.0, y_pred), y_true), axis)
    fn = R.reduce_sum(M.multiply(y_pred, M.subtract(1.0, y_true)), axis)
    denom = M.add(M.add(M.add(intersection, M.multiply(fp, float(alpha))),
                        M.multiply(fn, float(beta))), config.epsilon())
    return M.subtract(1.0, M.divide(intersection, denom))


class Hinge(LossFunctionWrapper):
    """Hinge loss (``keras.losses.Hinge``)."""

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss (``keras.losses.SquaredHinge``)."""

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CategoricalHinge(LossFunctionWrapper):
    """Categorical hinge loss (``keras.losses.CategoricalHinge``)."""

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class Dice(LossFunctionWrapper):
    """Dice loss (``keras.losses.Dice``)."""

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}


class Tversky(LossFunctionWrapper):
    """Tversky loss (``keras.losses.Tversky``)."""

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name="tversky",
                 axis=None, dtype=None):
        super().__init__(tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha,
                         beta=beta, axis=axis)
        self.alpha, self.beta, self.axis = alpha, beta, axis

    def get_config(self):
        return {**Loss.get_config(self), "alpha": self.alpha, "beta": self.beta,
                "axis": self.axis}


FUNCTIONS = [hinge, squared_hinge, categorical_hinge, dice, tversky]
CLASSES = [Hinge, SquaredHinge, CategoricalHinge, Dice, Tversky]

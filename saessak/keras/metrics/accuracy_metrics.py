"""Accuracy metrics: the fraction of predictions that match the labels.

Each function returns 1.0 or 0.0 per sample (in ``keras.config.floatx()``) and
the classes are the running (weighted) mean of it:

* ``accuracy``: ``y_true == y_pred`` exactly;
* ``binary_accuracy``: ``y_true == (y_pred > threshold)``;
* ``categorical_accuracy``: ``argmax(y_true) == argmax(y_pred)`` (one-hot labels);
* ``sparse_categorical_accuracy``: ``y_true == argmax(y_pred)`` (class ids);
* ``top_k_categorical_accuracy`` / ``sparse_top_k_categorical_accuracy``: the
  true class is among the ``k`` highest scores (``in_top_k``: ties at the
  boundary count as in; a row with a non-finite score counts as a miss).
"""

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import metric_ops
from ...ops import reduce_ops as R
from .. import config
from ..losses.loss import convert, squeeze_or_expand_to_same_rank
from .reduction_metrics import MeanMetricWrapper


def _shape(x):
    return tuple(x._value.shape)


def _as_float(matches):
    return M.cast(matches, config.floatx())


def _argmax_matches(y_true, y_pred):
    """``cast(equal(y_true, cast(argmax(y_pred, -1), y_true.dtype)), floatx)``, as one kernel."""
    if _shape(y_true) != _shape(y_pred)[:-1]:  # broadcasting: the general ops say what is wrong
        return _as_float(M.equal(y_true, M.cast(R.argmax(y_pred, axis=-1), y_true.dtype)))
    return metric_ops.argmax_matches(y_true, y_pred, config.floatx())


def in_top_k(targets, predictions, k):
    """Whether ``predictions[i, targets[i]]`` is among the ``k`` largest of row ``i`` (``tf.math.in_top_k``)."""
    predictions = convert(predictions)
    targets = convert(targets)
    num_classes = _shape(predictions)[-1]
    hot = M.equal(A.expand_dims(targets, -1), A.range(num_classes, dtype=targets.dtype))
    target_score = R.reduce_sum(M.where(hot, predictions, A.zeros_like(predictions)), -1)
    higher = R.reduce_sum(M.cast(M.greater(predictions, A.expand_dims(target_score, -1)), "int32"), -1)
    valid = M.logical_and(M.greater_equal(targets, 0), M.less(targets, num_classes))
    finite = R.reduce_all(M.is_finite(predictions), -1)
    return M.logical_and(M.logical_and(valid, finite), M.less(higher, int(k)))


# ---------------------------------------------------------------- functions
def accuracy(y_true, y_pred):
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _as_float(M.equal(y_true, y_pred))


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``y_true`` equals ``y_pred > threshold``."""
    y_pred = convert(y_pred)
    y_true = convert(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = M.cast(M.greater(y_pred, float(threshold)), y_true.dtype)
    return _as_float(M.equal(y_true, y_pred))


def categorical_accuracy(y_true, y_pred):
    """1.0 where ``argmax(y_true, -1) == argmax(y_pred, -1)``."""
    y_true = R.argmax(convert(y_true), axis=-1)
    y_pred = convert(y_pred)
    y_true = M.cast(y_true, y_pred.dtype)
    original_shape = _shape(y_true)
    reshape = False
    if y_true._value.ndim == y_pred._value.ndim:
        y_true = A.squeeze(y_true, -1)
        reshape = True
    matches = _argmax_matches(y_true, y_pred)
    return A.reshape(matches, original_shape) if reshape else matches


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the class id ``y_true`` equals ``argmax(y_pred, -1)``."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    original_shape = _shape(y_true)
    reshape = False
    if y_true._value.ndim == y_pred._value.ndim and original_shape[-1:] == (1,):
        y_true = A.squeeze(y_true, -1)
        reshape = True
    matches = _argmax_matches(y_true, y_pred)
    if reshape:
        matches = A.reshape(matches, original_shape)
    if matches._value.ndim > 1 and _shape(matches)[-1] == 1:
        matches = A.squeeze(matches, -1)
    return matches


def _flatten_for_top_k(y_true, y_pred):
    original_shape = _shape(y_true)
    if y_pred._value.ndim > 2:
        y_pred = A.reshape(y_pred, [-1, _shape(y_pred)[-1]])
    reshape = y_true._value.ndim > 1
    if reshape:
        y_true = A.reshape(y_true, [-1])
    return y_true, y_pred, (original_shape if reshape else None)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label's class is among the ``k`` top-scored classes."""
    y_pred = convert(y_pred)
    y_true = R.argmax(convert(y_true, y_pred.dtype), axis=-1)
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    matches = _as_float(in_top_k(M.cast(y_true, "int32"), y_pred, k))
    return A.reshape(matches, shape) if shape is not None else matches


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the class id is among the ``k`` top-scored classes.

    With ``from_sorted_ids=True``, ``y_pred`` already holds class ids sorted by
    score (e.g. from ``top_k``) and only its first ``k`` columns are searched.
    """
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype if from_sorted_ids else "int32")
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    if from_sorted_ids:
        matches = R.reduce_any(M.equal(A.expand_dims(y_true, 1), y_pred[:, :k]), 1)
    else:
        matches = in_top_k(y_true, y_pred, k)
    matches = _as_float(matches)
    return A.reshape(matches, shape) if shape is not None else matches


# ---------------------------------------------------------------- classes
class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly (``keras.metrics.Accuracy``)."""

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` equals the binary label."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of the prediction matches the one-hot label."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of the prediction equals the integer label."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the ``k`` top predictions."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the ``k`` top predictions."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        super().__init__(fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self):
        config_ = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config_["from_sorted_ids"] = True
        return config_


FUNCTIONS = [accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
             top_k_categorical_accuracy, sparse_top_k_categorical_accuracy]
CLASSES = [Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
           TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy]

"""Probabilistic losses: the cross-entropies, their focal variants, KL divergence, Poisson.

With ``z`` the labels and ``p`` the predicted probabilities (``eps`` = 1e-7):

* binary: ``-(z log p + (1 - z) log(1 - p))`` with ``p`` clipped to ``[eps, 1 - eps]``,
  averaged over ``axis``; from logits ``x`` it is the stable
  ``max(x, 0) - x z + log(1 + e^-|x|)`` (``sigmoid_cross_entropy_with_logits``);
* categorical: ``-sum(z log q)`` with ``q = clip(p / sum(p), eps, 1 - eps)``;
  from logits, the fused ``softmax_cross_entropy_with_logits``;
* sparse categorical: the same with integer class ids; from probabilities Keras
  feeds ``log(clip(p))`` to the fused sparse op, i.e. ``-log(q_k / sum(q))``;
* focal: the cross-entropy scaled by ``(1 - p_t)^gamma`` (and ``alpha``);
* KL divergence ``sum(z log(z / p))`` and Poisson ``mean(p - z log(p + eps))``.

Label smoothing replaces ``z`` by ``z (1 - s) + s / 2`` (binary) or
``z (1 - s) + s / num_classes`` (categorical).

When ``y_pred`` is a softmax or sigmoid output whose logits were recorded
(``set_keras_logits``, done by the activations), the logits formula is used,
as Keras does for the outputs of its activations inside ``fit``.
"""

import warnings

from ... import nn
from ...errors import InvalidArgumentError
from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config
from .loss import (
    Loss,
    LossFunctionWrapper,
    convert,
    get_keras_logits,
    set_keras_logits,
    set_keras_mask,
)


def _labels_like(y_true, y_pred):
    y_pred = convert(y_pred)
    return convert(y_true, y_pred.dtype), y_pred


def _logits_of(output, from_logits):
    """Keras's ``_get_logits``: use recorded logits of a softmax/sigmoid output."""
    logits = get_keras_logits(output)
    if logits is None:
        return output, from_logits
    if from_logits:
        warnings.warn("A cross-entropy received from_logits=True, but y_pred was produced by a "
                      "softmax/sigmoid activation and thus is not logits. Was this intended?",
                      stacklevel=3)
    return logits, True


def _shape(x):
    return tuple(x._value.shape)


# ---------------------------------------------------------------- binary
def _binary_ce(target, output, from_logits, fn_name):
    if _shape(target) != _shape(output):
        raise InvalidArgumentError(
            f"{fn_name}: y_true and y_pred must have the same shape, received y_true.shape="
            f"{_shape(target)} and y_pred.shape={_shape(output)}. Give one label per prediction "
            f"(reshape the labels, e.g. to {_shape(output)}).")
    output, from_logits = _logits_of(output, from_logits)
    if from_logits:
        return nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = config.epsilon()
    output = M.clip_by_value(output, eps, 1.0 - eps)
    bce = M.multiply(target, M.log(output))
    bce = M.add(bce, M.multiply(M.subtract(1.0, target), M.log(M.subtract(1.0, output))))
    return M.negative(bce)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy, averaged over ``axis``: one value per sample."""
    y_true, y_pred = _labels_like(y_true, y_pred)
    if label_smoothing:
        y_true = M.add(M.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    return R.reduce_mean(_binary_ce(y_true, y_pred, from_logits, "binary_crossentropy"), axis)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy down-weighted on easy examples by ``(1 - p_t)^gamma``."""
    y_true, y_pred = _labels_like(y_true, y_pred)
    if label_smoothing:
        y_true = M.add(M.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    if from_logits:
        logits, y_pred = y_pred, M.sigmoid(y_pred)
        set_keras_logits(y_pred, logits)  # Keras's sigmoid records its logits: bce uses them
    bce = _binary_ce(y_true, y_pred, False, "binary_focal_crossentropy")
    p_t = M.add(M.multiply(y_true, y_pred),
                M.multiply(M.subtract(1.0, y_true), M.subtract(1.0, y_pred)))
    focal_bce = M.multiply(M.pow(M.subtract(1.0, p_t), float(gamma)), bce)
    if apply_class_balancing:
        weight = M.add(M.multiply(y_true, float(alpha)),
                       M.multiply(M.subtract(1.0, y_true), 1.0 - alpha))
        focal_bce = M.multiply(weight, focal_bce)
    return R.reduce_mean(focal_bce, axis)


# ---------------------------------------------------------------- categorical
def _check_categorical(target, output, fn_name):
    ts, ps = _shape(target), _shape(output)
    if len(ts) >= 1 and ts == ps:
        return
    hint = ""
    if len(ts) == len(ps) - 1 or (len(ts) == len(ps) and ts[-1:] == (1,)):
        hint = (" y_true looks like integer class ids: use sparse_categorical_crossentropy "
                "(SparseCategoricalCrossentropy), or one-hot encode the labels.")
    raise InvalidArgumentError(
        f"{fn_name}: y_true and y_pred must have the same shape (one probability per class), "
        f"received y_true.shape={ts} and y_pred.shape={ps}.{hint}")


def _smooth_categorical(y_true, label_smoothing):
    if not label_smoothing:
        return y_true
    num_classes = float(_shape(y_true)[-1])
    return M.add(M.multiply(y_true, 1.0 - label_smoothing), label_smoothing / num_classes)


def _warn_one_class(y_pred, fn_name):
    if _shape(y_pred)[-1:] == (1,):
        warnings.warn(
            f"In loss {fn_name}, expected y_pred.shape to be (batch_size, num_classes) with "
            f"num_classes > 1. Received: y_pred.shape={_shape(y_pred)}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=3)


def _check_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis!r} of type {type(axis)}")


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Cross-entropy between one-hot (or probability) labels and predictions along ``axis``."""
    _check_axis(axis)
    y_true, y_pred = _labels_like(y_true, y_pred)
    _warn_one_class(y_pred, "categorical_crossentropy")
    y_true = _smooth_categorical(y_true, label_smoothing)
    _check_categorical(y_true, y_pred, "categorical_crossentropy")
    output, from_logits = _logits_of(y_pred, from_logits)
    if from_logits:
        return nn.softmax_cross_entropy_with_logits(labels=y_true, logits=output, axis=axis)
    eps = config.epsilon()
    output = M.divide(output, R.reduce_sum(output, axis, keepdims=True))
    output = M.clip_by_value(output, eps, 1.0 - eps)
    return M.negative(R.reduce_sum(M.multiply(y_true, M.log(output)), axis))


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy scaled per class by ``alpha (1 - p)^gamma``."""
    _check_axis(axis)
    y_true, y_pred = _labels_like(y_true, y_pred)
    _warn_one_class(y_pred, "categorical_focal_crossentropy")
    y_true = _smooth_categorical(y_true, label_smoothing)
    _check_categorical(y_true, y_pred, "categorical_focal_crossentropy")
    if from_logits:
        y_pred = nn.softmax(y_pred, axis=axis)
    eps = config.epsilon()
    output = M.divide(y_pred, R.reduce_sum(y_pred, axis, keepdims=True))
    output = M.clip_by_value(output, eps, 1.0 - eps)
    cce = M.multiply(M.negative(y_true), M.log(output))
    weighting = M.multiply(M.pow(M.subtract(1.0, output), float(gamma)), float(alpha))
    return R.reduce_sum(M.multiply(weighting, cce), axis)


# ---------------------------------------------------------------- sparse categorical
def _sparse_ce(target, output, from_logits, axis):
    rank = output._value.ndim
    if rank < 1:
        raise InvalidArgumentError(
            f"sparse_categorical_crossentropy: y_pred must have rank >= 1 (a score per class), "
            f"received y_pred.shape={_shape(output)}.")
    class_axis = axis % rank
    if class_axis != rank - 1:  # move the class axis last, where the fused op wants it
        perm = [i for i in range(rank) if i != class_axis] + [class_axis]
        output = A.transpose(output, perm)
    output, from_logits = _logits_of(output, from_logits)
    if target._value.dtype.kind != "i":
        target = M.cast(target, "int64")
    if target._value.ndim == rank and _shape(target)[-1:] == (1,):
        target = A.squeeze(target, -1)
    ts, ps = _shape(target), _shape(output)
    if ts != ps[:-1]:
        hint = ""
        if ts == ps:
            hint = (" y_true looks one-hot encoded: use categorical_crossentropy "
                    "(CategoricalCrossentropy), or pass saessak.argmax(y_true, axis=-1).")
        raise InvalidArgumentError(
            f"sparse_categorical_crossentropy: y_true must hold one integer class id per "
            f"sample, with shape {ps[:-1]} (or {ps[:-1] + (1,)}), received y_true.shape={ts} "
            f"for y_pred.shape={ps}.{hint}")
    if not from_logits:
        eps = config.epsilon()
        output = M.log(M.clip_by_value(output, eps, 1.0 - eps))
    try:
        return nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(
            f"sparse_categorical_crossentropy: every label must be a class id in [0, {ps[-1]}) "
            f"for y_pred with {ps[-1]} classes ({exc.message}). If the labels start at 1, "
            "subtract 1; to skip a padding label, pass ignore_class=<that label>.") from None


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Cross-entropy against integer class ids; ``ignore_class`` entries count as 0 and are masked.

    Labels outside ``[0, num_classes)`` raise ``InvalidArgumentError``; the check
    lives in the kernel, so it also fires inside a compiled (``saessak.function``)
    training step.
    """
    y_pred = convert(y_pred)
    y_true = convert(y_true)
    rank = y_pred._value.ndim
    if y_true._value.ndim == rank and rank and _shape(y_true)[axis] == 1:
        y_true = A.squeeze(y_true, axis)
    if ignore_class is None:
        return _sparse_ce(y_true, y_pred, from_logits, axis)
    class_axis = axis % rank
    res_shape = tuple(d for i, d in enumerate(_shape(y_pred)) if i != class_axis)
    valid = M.not_equal(y_true, convert(ignore_class, y_true.dtype))
    y_true = M.where(valid, y_true, A.zeros_like(y_true))
    y_pred = M.where(A.expand_dims(valid, class_axis), y_pred, A.zeros_like(y_pred))
    res = _sparse_ce(y_true, y_pred, from_logits, axis)
    valid = A.reshape(valid, res_shape)
    res = M.where(valid, res, A.zeros_like(res))
    set_keras_mask(res, valid)
    return res


# ---------------------------------------------------------------- KL divergence, Poisson
def kl_divergence(y_true, y_pred):
    """``sum(z log(z / p), axis=-1)`` with both clipped to ``[eps, 1]``."""
    y_true, y_pred = _labels_like(y_true, y_pred)
    eps = config.epsilon()
    y_true = M.clip_by_value(y_true, eps, 1.0)
    y_pred = M.clip_by_value(y_pred, eps, 1.0)
    return R.reduce_sum(M.multiply(y_true, M.log(M.divide(y_true, y_pred))), -1)


def poisson(y_true, y_pred):
    """``mean(p - z log(p + eps), axis=-1)``."""
    y_true, y_pred = _labels_like(y_true, y_pred)
    log_p = M.log(M.add(y_pred, config.epsilon()))
    return R.reduce_mean(M.subtract(y_pred, M.multiply(y_true, log_p)), -1)


# ---------------------------------------------------------------- classes
class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy (``keras.losses.BinaryCrossentropy``)."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Focal binary cross-entropy (``keras.losses.BinaryFocalCrossentropy``)."""

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="binary_focal_crossentropy", dtype=None):
        super().__init__(binary_focal_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis
        self.apply_class_balancing, self.alpha, self.gamma = apply_class_balancing, alpha, gamma

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis,
                "apply_class_balancing": self.apply_class_balancing, "alpha": self.alpha,
                "gamma": self.gamma}


class CategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy (``keras.losses.CategoricalCrossentropy``)."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Focal categorical cross-entropy (``keras.losses.CategoricalFocalCrossentropy``)."""

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_focal_crossentropy",
                 dtype=None):
        super().__init__(categorical_focal_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, alpha=alpha, gamma=gamma, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis
        self.alpha, self.gamma = alpha, gamma

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis,
                "alpha": self.alpha, "gamma": self.gamma}


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy against integer labels (``keras.losses.SparseCategoricalCrossentropy``)."""

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 axis=-1, name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class,
                         axis=axis)
        self.from_logits, self.ignore_class = from_logits, ignore_class

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "ignore_class": self.ignore_class}


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence (``keras.losses.KLDivergence``)."""

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class Poisson(LossFunctionWrapper):
    """Poisson negative log-likelihood (``keras.losses.Poisson``)."""

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


FUNCTIONS = [binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy,
             categorical_focal_crossentropy, sparse_categorical_crossentropy, kl_divergence,
             poisson]
CLASSES = [BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
           CategoricalFocalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson]

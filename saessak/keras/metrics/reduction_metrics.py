"""Reduction metrics: Sum, Mean, and MeanMetricWrapper (the mean of a per-sample function).

``Mean`` keeps ``total`` and ``count``.  A batch of values ``v`` (reduced to one
value per sample by averaging the trailing axes) with weights ``w`` adds
``sum(w v)`` to ``total`` and ``sum(w)`` to ``count`` (the number of samples when
unweighted); the result is ``total / count`` (0 while ``count`` is 0).

Weights of lower rank than the values act per sample: the values are first
averaged down to the weights' rank (``reduce_to_samplewise_values``), exactly
as Keras does, so ``sample_weight`` of shape ``(batch,)`` weighs each sample's
mean value.

``MeanMetricWrapper(fn)`` is the Mean of ``fn(y_true, y_pred)``; it is how a
loss function such as ``mean_squared_error`` becomes a metric.
"""

from ...engine.convert import convert_to_tensor
from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import metric_ops
from ...ops import reduce_ops as R
from ..losses.loss import (
    apply_mask,
    convert,
    divide_no_nan,
    get_keras_mask,
    squeeze_or_expand_to_same_rank,
)
from ..losses.serialization import serialize_keras_object
from .metric import Metric


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Values (weighted when ``sample_weight`` is given) reduced to one per sample, and the weights."""
    mask = get_keras_mask(values)
    values = convert(values, dtype)
    if sample_weight is not None:
        sample_weight = convert(sample_weight, dtype)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype=dtype, reduction="sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim = sample_weight._value.ndim
        values_ndim = values._value.ndim
        if values_ndim > weight_ndim:
            values = reduce_fn(values, list(range(weight_ndim, values_ndim)))
        sample_weight = A.broadcast_to(sample_weight, tuple(values._value.shape))
        values = M.multiply(values, sample_weight)
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, list(range(1, weight_ndim)))
    values_ndim = values._value.ndim
    if values_ndim > 1:
        values = reduce_fn(values, list(range(1, values_ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of all values seen (``keras.metrics.Sum``)."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, R.reduce_sum, self.dtype)
        self.total.assign_add(R.reduce_sum(values))

    def reset_state(self):
        self.total.assign(A.zeros((), self.dtype))

    def result(self):
        return self.total.read_value()


class Mean(Metric):
    """The (weighted) mean of all values seen (``keras.metrics.Mean``)."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="count")

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, R.reduce_mean, self.dtype)
        if sample_weight is not None:
            num_samples = M.cast(R.reduce_sum(sample_weight), self.dtype)
        elif values._value.ndim >= 1:
            num_samples = float(values._value.shape[0])  # static: the batch size
        else:
            num_samples = 1.0
        # total += reduce_sum(values); count += num_samples -- as one kernel (ops/metric_ops.py)
        metric_ops.update_mean(self.total, self.count, values, convert_to_tensor(num_samples, self.dtype))

    def reset_state(self):
        self.total.assign(A.zeros((), self.dtype))
        self.count.assign(A.zeros((), self.dtype))

    def result(self):
        return divide_no_nan(self.total, self.count)


class MeanMetricWrapper(Mean):
    """The mean of ``fn(y_true, y_pred, **kwargs)`` over all samples seen.

    Any function of ``(y_true, y_pred)`` returning per-sample values works,
    e.g. ``MeanMetricWrapper(keras.losses.mean_squared_error)``.  A mask on the
    values (``ignore_class``) removes the masked entries from the mean.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)  # name=None: "mean_metric_wrapper", made unique
        self._fn = fn
        self._fn_kwargs = kwargs
        from .. import losses  # noqa: PLC0415

        if fn in losses.ALL_OBJECTS or type(fn) in losses.ALL_OBJECTS:
            self._direction = "down"  # a loss: smaller is better

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = get_keras_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, dtype=self.dtype, reduction="sum")
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = {"fn": serialize_keras_object(self._fn)}
        config.update(serialize_keras_object(self._fn_kwargs))
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config and not callable(config["fn"]):
            from . import deserialize  # noqa: PLC0415

            config["fn"] = deserialize(config["fn"])
        return cls(**config)


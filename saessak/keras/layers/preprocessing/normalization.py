"""Normalization: ``(x - mean) / max(sqrt(variance), epsilon)`` per feature.

The mean and variance are given, or learned by ``adapt(data)``: over a NumPy
array or tensor they are the plain moments along the reduced axes; over a
dataset (or any iterable of batches) they are merged batch by batch with the
parallel update (Chan et al.), as Keras does: with ``n`` values seen and a batch
of ``m``, ``w = m / (n + m)``,

    mean' = (1 - w) mean + w mean_b
    var'  = (1 - w) (var + (mean - mean')^2) + w (var_b + (mean_b - mean')^2).

The learned moments are non-trainable weights (``mean``, ``variance`` and
Keras's unused ``count``), so a saved model keeps them.
"""

import math

from ....backend import xp
from ....engine.tensor import Tensor
from ....ops import array_ops, math_ops, reduce_ops
from ... import config
from ..keras_tensor import KerasTensor
from ..layer import Layer
from ._adapt import is_stream, peek


class Normalization(Layer):
    """Shift and scale inputs to zero mean and unit variance along ``axis``.

    Args:
        axis: the axis or axes that keep a separate mean and variance (default -1: one
            per feature of the last axis); None: one scalar mean and variance.
        mean, variance: the statistics, given together (numbers or arrays broadcastable
            to the kept axes); otherwise call ``adapt(data)`` before using the layer.
        invert: apply the inverse, ``mean + x * sqrt(variance)``.
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        self._given_stats = None
        if (mean is not None) != (variance is not None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` must be set. Received: "
                f"mean={mean} and variance={variance}")
        if mean is not None:
            if xp.shape(mean) != xp.shape(variance):
                raise ValueError(
                    "When setting values directly, `mean` and `variance` must have the same shape. "
                    f"Received: mean shape {xp.shape(mean)} and variance shape {xp.shape(variance)}")
            if len(xp.shape(mean)) > len(self.axis):
                raise ValueError(
                    f"The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(self.axis)}). Received: mean shape {xp.shape(mean)} for axis {self.axis}")

    def build(self, input_shape):
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        self._build_input_shape = input_shape
        self._build_shapes = input_shape
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"All `axis` values must be in the range [-ndim, ndim). Received inputs with "
                f"ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    f"All `axis` values to be kept must have a known shape. Received axis={self.axis}, "
                    f"inputs.shape={input_shape}, with unknown axis at index {d}")
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = tuple(input_shape[d] if d in self._keep_axis else 1 for d in range(ndim))
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=self._mean_and_var_shape,
                                              initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=self._mean_and_var_shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64", initializer="zeros",
                                         trainable=False)
        else:
            self._given_stats = (self._given(self.input_mean, ndim), self._given(self.input_variance, ndim))
        self.built = True

    @property
    def mean(self):
        """The mean, broadcastable against the inputs (None before the layer is built)."""
        return self._statistics()[0] if self.built else None

    @property
    def variance(self):
        return self._statistics()[1] if self.built else None

    def _given(self, value, ndim):
        """A given mean/variance, aligned with the kept axes and broadcast to them."""
        v = xp.asarray(value, dtype=xp.float64)
        if v.ndim:
            shape = [1] * ndim
            for i in range(1, v.ndim + 1):
                shape[self._keep_axis[-i]] = v.shape[-i]
            try:
                v = v.reshape(shape)
            except ValueError:
                raise ValueError(
                    f"Normalization: `mean`/`variance` of shape {xp.shape(value)} do not fit the kept "
                    f"axes {self._keep_axis} of inputs with shape {self._build_input_shape}.") from None
        try:
            v = xp.broadcast_to(v, self._broadcast_shape)
        except ValueError:
            raise ValueError(
                f"Normalization: `mean`/`variance` of shape {xp.shape(value)} cannot be broadcast to "
                f"{self._broadcast_shape} (the kept axes {self._keep_axis} of inputs with shape "
                f"{self._build_input_shape}).") from None
        return array_ops.constant(v.astype(self.compute_dtype))

    # ------------------------------------------------------------------ adapt
    def adapt(self, data):
        """Learn the mean and variance of ``data`` (array, tensor, Dataset or iterable of batches)."""
        if isinstance(data, list) and data and all(getattr(b, "ndim", 0) >= 1 for b in data):
            data = iter(data)  # a list of arrays is a list of batches (Keras)
        whole = not is_stream(data)
        if whole:
            data = data if isinstance(data, Tensor) else xp.asarray(data)
            input_shape = tuple(data.shape)
        else:
            input_shape, data = peek(data, rank1_batch=128)
        if not self.built:
            self.build(input_shape)
        else:
            for d in self._keep_axis:
                if input_shape[d] != self._build_input_shape[d]:
                    raise ValueError(
                        f"The layer was built with input_shape={self._build_input_shape}, but adapt() is "
                        f"being called with data with an incompatible shape, data.shape={input_shape}")
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization layer '{self.name}' was given `mean` and `variance`; it cannot be "
                "adapted. Create it without them to learn the statistics.")
        if whole:
            x = self._float(data, wide=True)
            total_mean = reduce_ops.reduce_mean(x, axis=self._reduce_axis)
            total_var = reduce_ops.reduce_variance(x, axis=self._reduce_axis)
        else:
            total_mean = array_ops.zeros(self._mean_and_var_shape, self.compute_dtype)
            total_var = array_ops.zeros(self._mean_and_var_shape, self.compute_dtype)
            total_count = 0
            for batch in data:
                x = self._float(batch)
                for d in self._keep_axis:
                    if tuple(x.shape)[d] != self._build_input_shape[d]:
                        raise ValueError(
                            f"adapt() yielded a batch with incompatible shape. Expected "
                            f"{self._build_input_shape}, got {tuple(x.shape)}.")
                batch_mean = reduce_ops.reduce_mean(x, axis=self._reduce_axis)
                batch_var = reduce_ops.reduce_variance(x, axis=self._reduce_axis)
                count = math.prod(tuple(x.shape)[d] for d in self._reduce_axis) if self._reduce_axis else 1
                total_count += count
                w = float(count) / total_count
                new_mean = math_ops.add(math_ops.multiply(total_mean, 1.0 - w),
                                        math_ops.multiply(batch_mean, w))
                total_var = math_ops.add(
                    math_ops.multiply(math_ops.add(total_var, math_ops.square(
                        math_ops.subtract(total_mean, new_mean))), 1.0 - w),
                    math_ops.multiply(math_ops.add(batch_var, math_ops.square(
                        math_ops.subtract(batch_mean, new_mean))), w))
                total_mean = new_mean
        self.adapt_mean.assign(math_ops.cast(total_mean, self.adapt_mean.dtype))
        self.adapt_variance.assign(math_ops.cast(total_var, self.adapt_variance.dtype))

    def _float(self, data, wide=False):
        # A whole NumPy array is reduced in its own precision (float64 unless float32/16), as
        # Keras reduces it with NumPy; tensors and batches in the layer's dtype.
        if isinstance(data, Tensor):
            x = data
            dtype = self.compute_dtype
        else:
            a = xp.asarray(data)
            x = array_ops.convert_to_tensor(a)
            dtype = a.dtype.name if wide and a.dtype.kind == "f" else "float64" if wide else self.compute_dtype
        return x if x.dtype.name == dtype else math_ops.cast(x, dtype)

    def finalize_state(self):
        """Kept for Keras compatibility: the weights are read at every call."""

    # ------------------------------------------------------------------ call
    def _statistics(self):
        if self._given_stats is not None:
            return self._given_stats
        dtype = self.compute_dtype
        mean = array_ops.reshape(self.adapt_mean, self._broadcast_shape)
        var = array_ops.reshape(self.adapt_variance, self._broadcast_shape)
        if mean.dtype.name != dtype:
            mean, var = math_ops.cast(mean, dtype), math_ops.cast(var, dtype)
        return mean, var

    def call(self, inputs):
        if not self.built:
            raise ValueError("You must call `.build(input_shape)` on the layer before using it.")
        x = inputs if inputs.dtype.name == self.compute_dtype else math_ops.cast(inputs, self.compute_dtype)
        mean, var = self._statistics()
        std = math_ops.maximum(math_ops.sqrt(var), config.epsilon())
        if self.invert:
            return math_ops.add(mean, math_ops.multiply(x, std))
        return math_ops.divide(math_ops.subtract(x, mean), std)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def compute_output_spec(self, inputs):
        return KerasTensor(tuple(inputs.shape), dtype=self.compute_dtype)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "axis": self.axis,
            "invert": self.invert,
            "mean": xp.array(self.input_mean).tolist(),
            "variance": xp.array(self.input_variance).tolist(),
        })
        return config_

    def get_build_config(self):
        if self._build_input_shape:
            return {"input_shape": self._build_input_shape}
        return None

    def build_from_config(self, config_):
        if config_:
            self.build(tuple(config_["input_shape"]))

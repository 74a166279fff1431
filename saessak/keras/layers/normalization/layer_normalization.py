"""LayerNormalization: normalize each sample over its feature axes (no batch statistics).

For every sample, with ``mu`` and ``var`` the mean and (biased) variance over
``axis``: ``y = gamma * (x - mu) / sqrt(var + epsilon) + beta``; ``gamma`` and
``beta`` have the shape of the normalized axes.  Computed as
``x * inv + (beta - mu * inv)`` with ``inv = gamma * rsqrt(var + epsilon)``,
the order of operations of Keras's ``ops.layer_normalization``.  Training and
inference behave the same.  Gradients flow through ``mu`` and ``var``.
"""

import warnings

from ....ops import array_ops, math_ops, nn_ops, reduce_ops
from ... import constraints, initializers, regularizers
from ..layer import Layer
from .batch_normalization import axes_out_of_bounds


class LayerNormalization(Layer):
    """Normalize over ``axis`` (an int or a list of ints, default the last axis) per sample.

    Args:
        axis, epsilon (1e-3), center (learn ``beta``), scale (learn ``gamma``), and the
        initializers, regularizers and constraints of ``beta`` and ``gamma``.
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated. This argument incorrectly "
                "scales the input by the variance, not the root mean square. To correctly use RMS "
                "Normalization, please use `keras.layers.RMSNormalization` instead.", stacklevel=2)
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError("Expected an int or a list/tuple of ints for the argument 'axis', but "
                            f"received: {axis!r}")
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.autocast = False

    def build(self, input_shape):
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[dim] for dim in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        self.gamma = None
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(name="gamma", shape=shape, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        self.beta = None
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(name="beta", shape=shape, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.built = True

    def call(self, inputs):
        original = inputs.dtype.name
        dtype = "float64" if original == "float64" else "float32"
        x = math_ops.cast(inputs, dtype) if original != dtype else inputs
        ndim = x._value.ndim
        axes = sorted(self.axis if isinstance(self.axis, list) else [self.axis])
        shape = [1] * ndim
        for dim in axes:
            shape[dim] = x._value.shape[dim]

        def broadcast(v):
            if v is None:
                return None
            v = math_ops.cast(v, dtype) if v.dtype.name != dtype else v
            if v._value.ndim != ndim and axes != [ndim - 1]:
                return array_ops.reshape(v, shape)
            return v

        if self.rms_scaling:
            mean = reduce_ops.reduce_mean(x, axes, keepdims=True)
            variance = reduce_ops.reduce_mean(math_ops.square(math_ops.subtract(x, mean)), axes,
                                              keepdims=True)
            outputs = math_ops.multiply(x, math_ops.rsqrt(math_ops.add(variance, self.epsilon)))
            if self.gamma is not None:
                outputs = math_ops.multiply(outputs, broadcast(self.gamma))
        else:
            mean, variance = nn_ops.moments(x, axes, keepdims=True)
            inv = math_ops.rsqrt(math_ops.add(variance, self.epsilon))
            if self.gamma is not None:
                inv = math_ops.multiply(inv, broadcast(self.gamma))
            res = math_ops.multiply(math_ops.negative(mean), inv)
            if self.beta is not None:
                res = math_ops.add(res, broadcast(self.beta))
            outputs = math_ops.add(math_ops.multiply(x, inv), res)
        if outputs.dtype.name != original:
            outputs = math_ops.cast(outputs, original)
        if outputs.dtype.name != self.compute_dtype:
            outputs = math_ops.cast(outputs, self.compute_dtype)
        return outputs

    def compute_output_shape(self, input_shape):
        axes = [self.axis] if isinstance(self.axis, int) else self.axis
        axes_out_of_bounds(axes, self.axis, input_shape)
        return input_shape

    def get_config(self):
        config = {
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
        return {**super().get_config(), **config}

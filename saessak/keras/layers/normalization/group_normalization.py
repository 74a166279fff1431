"""GroupNormalization: normalize each sample over groups of channels (Wu & He, 2018).

The C channels of ``axis`` are split into ``groups`` groups of ``C / groups``
consecutive channels; each sample is normalized over each group together with
all its other non-batch axes: with ``mu``, ``var`` those statistics,
``y = gamma * (x - mu) / sqrt(var + epsilon) + beta`` (``gamma``, ``beta`` per
channel).  ``groups = 1`` is layer normalization over all axes, ``groups = C``
(or -1) instance normalization.  No batch statistics: training and inference agree.
"""

from ....ops import array_ops, math_ops, nn_ops
from ... import constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer
from .batch_normalization import axes_out_of_bounds


class GroupNormalization(Layer):
    """Normalize ``groups`` groups of channels of ``axis`` (default 32 groups, last axis)."""

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        if not isinstance(groups, int) or isinstance(groups, bool) or (groups <= 0 and groups != -1):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive integer (or "
                f"`-1` for instance normalization). Received: groups={groups}")
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but "
                             f"the layer received an input with shape {input_shape}.")
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(f"Number of groups ({self.groups}) cannot be more than the number of "
                             f"channels ({dim}).")
        if dim % self.groups != 0:
            raise ValueError(f"Number of groups ({self.groups}) must be a multiple of the number of "
                             f"channels ({dim}).")
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        self.gamma = None
        if self.scale:
            self.gamma = self.add_weight(shape=(dim,), name="gamma", initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        self.beta = None
        if self.center:
            self.beta = self.add_weight(shape=(dim,), name="beta", initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.built = True

    def call(self, inputs):
        shape = tuple(inputs._value.shape)
        ndim = len(shape)
        axis = self.axis % ndim
        # (..., C, ...) -> (..., groups, C / groups, ...): the group axis sits where the channels were.
        grouped = shape[:axis] + (self.groups, shape[axis] // self.groups) + shape[axis + 1:]
        original = inputs.dtype.name
        dtype = "float64" if original == "float64" else "float32"
        x = array_ops.reshape(inputs, grouped)
        if original != dtype:
            x = math_ops.cast(x, dtype)
        reduce_axes = [a for a in range(1, ndim + 1) if a != axis]
        mean, variance = nn_ops.moments(x, reduce_axes, keepdims=True)
        inv = math_ops.rsqrt(math_ops.add(variance, self.epsilon))
        params = [1] * (ndim + 1)
        params[axis], params[axis + 1] = self.groups, shape[axis] // self.groups
        if self.scale:
            inv = math_ops.multiply(inv, self._param(self.gamma, params, dtype))
        res = math_ops.multiply(math_ops.negative(mean), inv)
        if self.center:
            res = math_ops.add(res, self._param(self.beta, params, dtype))
        out = math_ops.add(math_ops.multiply(x, inv), res)
        if out.dtype.name != original:
            out = math_ops.cast(out, original)
        out = array_ops.reshape(out, shape)
        return math_ops.cast(out, self.compute_dtype) if out.dtype.name != self.compute_dtype else out

    @staticmethod
    def _param(var, shape, dtype):
        v = array_ops.reshape(var, shape)
        return math_ops.cast(v, dtype) if v.dtype.name != dtype else v

    def compute_output_shape(self, input_shape):
        axes = [self.axis] if isinstance(self.axis, int) else self.axis
        axes_out_of_bounds(axes, self.axis, input_shape)
        return input_shape

    def get_config(self):
        config = {
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
        return {**super().get_config(), **config}

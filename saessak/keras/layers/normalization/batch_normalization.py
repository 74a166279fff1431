"""BatchNormalization: normalize each channel with batch statistics while training.

For a channel with batch mean ``mu`` and (biased) variance ``var`` over all
other axes, ``y = gamma * (x - mu) / sqrt(var + epsilon) + beta``.

Training (``training=True`` and the layer trainable) uses the batch's
statistics and updates the running estimates kept in two non-trainable
weights, Keras's exponential moving average::

    moving_mean     <- moving_mean     * momentum + mu  * (1 - momentum)
    moving_variance <- moving_variance * momentum + var * (1 - momentum)

The updates are ``Variable.assign`` calls on tensors, so a compiled training
step (``saessak.function``) replays them at every step.  Inference -- and a
frozen layer (``trainable=False``), as in Keras 3 -- uses the moving
statistics instead, so the output no longer depends on the rest of the batch.

Gradients: ``mu`` and ``var`` depend on the inputs, so ``dy/dx`` includes the
paths through them (``nn.moments`` keeps them; TF's convention of a
stop-gradient on the mean inside the variance changes nothing, since
``d var / d mu = 0`` at the mean).

Batch renormalization (``renorm=True``, Ioffe 2017) corrects the batch
statistics towards the moving ones during training: ``x_hat * r + d`` with
``r = sigma_batch / sigma_moving`` and ``d = (mu_batch - mu_moving) / sigma_moving``
(clipped by ``renorm_clipping``, and treated as constants for the gradient).
"""

from ....ops import array_ops, math_ops, nn_ops, reduce_ops
from ... import config, constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer


def _compute_dtype(dtype_name):
    """Keras's ``result_type(dtype, 'float32')``: half precision computes in float32."""
    return "float64" if dtype_name == "float64" else "float32"


def axes_out_of_bounds(axes, axis_arg, input_shape):
    for axis in axes:
        if axis >= len(input_shape) or axis < -len(input_shape):
            raise ValueError(f"Axis {axis} is out of bounds for input shape {input_shape}. "
                             f"Received: axis={axis_arg}")


class _SqrtOf:
    """Initializer: the square root of another initializer's values (the moving stddev's start)."""

    def __init__(self, initializer):
        self.initializer = initializer

    def __call__(self, shape, dtype=None):
        from ....backend import xp  # noqa: PLC0415 - host-side initial value

        return xp.sqrt(xp.asarray(self.initializer(shape, dtype=dtype)))


class BatchNormalization(Layer):
    """Normalize inputs per channel (``axis``) with batch statistics in training, moving ones after.

    Args:
        axis: the channel axis (-1 for channels_last, 1 for channels_first).
        momentum: weight of the old value in the moving averages (0.99).
        epsilon: added to the variance before the square root (1e-3).
        center / scale: learn the offset ``beta`` / the factor ``gamma``.
        renorm, renorm_clipping, renorm_momentum: batch renormalization.
        synchronized: accepted for compatibility (one device: nothing to synchronize).
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99,
                 synchronized=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.synchronized = synchronized
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.renorm = renorm
        if renorm:
            renorm_clipping = renorm_clipping or {}
            keys = ["rmax", "rmin", "dmax"]
            if set(renorm_clipping) - set(keys):
                raise ValueError(f"Received invalid keys for `renorm_clipping` argument: "
                                 f"{renorm_clipping}. Supported values: {keys}.")
            rmax, rmin = renorm_clipping.get("rmax"), renorm_clipping.get("rmin")
            dmax = renorm_clipping.get("dmax")
            if rmax is not None and rmin is not None and rmax < rmin:
                raise ValueError("rmax should be greater than rmin in the `renorm_clipping` "
                                 f"argument. Received: rmax={rmax}, rmin={rmin}.")
            if dmax is not None and dmax < 0:
                raise ValueError("dmax should be non-negative in the `renorm_clipping` argument. "
                                 f"Received: dmax={dmax}.")
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes = None

    def build(self, input_shape):
        axes_out_of_bounds([self.axis], self.axis, input_shape)
        shape = (input_shape[self.axis],)
        if self.scale:
            self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean",
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        if self.renorm:
            stddev_init = _SqrtOf(self.moving_variance_initializer)
            self.moving_stddev = self.add_weight(shape=shape, name="moving_stddev",
                                                 initializer=stddev_init, trainable=False)
            self.renorm_mean = self.add_weight(shape=shape, name="renorm_mean",
                                               initializer=self.moving_mean_initializer,
                                               trainable=False)
            self.renorm_stddev = self.add_weight(shape=shape, name="renorm_stddev",
                                                 initializer=stddev_init, trainable=False)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: input_shape[self.axis]})
        axes = list(range(len(input_shape)))
        del axes[self.axis]
        self._reduction_axes = axes
        self.built = True

    def compute_output_shape(self, input_shape):
        axes_out_of_bounds([self.axis], self.axis, input_shape)
        return input_shape

    # ------------------------------------------------------------------ forward
    def call(self, inputs, training=None, mask=None):
        if mask is not None and len(mask.shape) != inputs._value.ndim - 1:
            raise ValueError("The mask provided should be one dimension less than the inputs. "
                             f"Received: mask.shape={tuple(mask.shape)}, "
                             f"inputs.shape={tuple(inputs.shape)}")
        dtype = _compute_dtype(inputs.dtype.name)
        x = math_ops.cast(inputs, dtype) if inputs.dtype.name != dtype else inputs
        moving_mean = self._as(self.moving_mean, dtype)
        moving_variance = self._as(self.moving_variance, dtype)
        gamma = self._as(self.gamma, dtype) if self.scale else None
        beta = self._as(self.beta, dtype) if self.center else None
        if training and self.trainable:
            mean, variance = self._moments(x, mask)
            if self.renorm:
                r, d = self._renorm_correction(mean, variance)
                gamma, beta = self._compose_transforms(r, d, gamma, beta, dtype)
                self._update_renorm_statistics(mean, variance)
            else:
                self._assign(self.moving_mean, self._ema(moving_mean, mean, self.momentum))
                self._assign(self.moving_variance,
                             self._ema(moving_variance, variance, self.momentum))
        else:
            mean, variance = moving_mean, moving_variance
        ndim = x._value.ndim
        if self.axis != -1 and self.axis != ndim - 1:
            shape = [1] * ndim
            shape[self.axis] = x._value.shape[self.axis]
            mean, variance, gamma, beta = (None if t is None else array_ops.reshape(t, shape)
                                           for t in (mean, variance, gamma, beta))
        outputs = nn_ops.batch_normalization(x, mean, variance, beta, gamma, self.epsilon)
        if outputs.dtype.name != self.compute_dtype:
            outputs = math_ops.cast(outputs, self.compute_dtype)
        return outputs

    @staticmethod
    def _as(var, dtype):
        return math_ops.cast(var, dtype) if var.dtype.name != dtype else var

    @staticmethod
    def _ema(old, new, momentum):
        return math_ops.add(math_ops.multiply(old, momentum), math_ops.multiply(new, 1.0 - momentum))

    @staticmethod
    def _assign(var, value):
        var.assign(math_ops.cast(value, var.dtype) if value.dtype != var.dtype else value)

    def _moments(self, x, mask):
        if mask is None:
            return nn_ops.moments(x, self._reduction_axes)
        keep = math_ops.cast(array_ops.broadcast_to(array_ops.expand_dims(mask, -1),
                                                         tuple(x._value.shape)), "bool")
        zero = array_ops.zeros_like(x)
        axes = self._reduction_axes
        weights = reduce_ops.reduce_sum(math_ops.cast(keep, x.dtype), axes, keepdims=True)
        weights = math_ops.add(weights, config.epsilon())
        total = reduce_ops.reduce_sum(math_ops.where(keep, x, zero), axes, keepdims=True)
        mean = math_ops.divide(total, weights)
        diff = math_ops.where(keep, math_ops.subtract(x, mean), zero)
        variance = math_ops.divide(reduce_ops.reduce_sum(math_ops.square(diff), axes, keepdims=True),
                                   weights)
        channels = (x._value.shape[self.axis],)
        return array_ops.reshape(mean, channels), array_ops.reshape(variance, channels)

    # ------------------------------------------------------------------ batch renormalization
    def _renorm_correction(self, mean, variance):
        dtype = mean.dtype.name
        stddev = math_ops.sqrt(math_ops.add(variance, self.epsilon))
        renorm_mean = self._as(self.renorm_mean, dtype)
        renorm_stddev = math_ops.maximum(self._as(self.renorm_stddev, dtype),
                                         math_ops.sqrt(array_ops.constant(self.epsilon, dtype)))
        r = math_ops.divide(stddev, renorm_stddev)
        d = math_ops.divide(math_ops.subtract(mean, renorm_mean), renorm_stddev)
        rmin, rmax = self.renorm_clipping.get("rmin"), self.renorm_clipping.get("rmax")
        dmax = self.renorm_clipping.get("dmax")
        if rmin is not None:
            r = math_ops.maximum(r, float(rmin))
        if rmax is not None:
            r = math_ops.minimum(r, float(rmax))
        if dmax is not None:
            d = math_ops.clip_by_value(d, -float(dmax), float(dmax))
        return r, d

    @staticmethod
    def _compose_transforms(r, d, gamma, beta, dtype):
        # (x_hat * r + d) * gamma + beta = x_hat * (r * gamma) + (d * gamma + beta)
        r, d = array_ops.stop_gradient(r), array_ops.stop_gradient(d)
        if gamma is not None:
            new_gamma, new_beta = math_ops.multiply(r, gamma), math_ops.multiply(d, gamma)
        else:
            new_gamma, new_beta = r, d
        if beta is not None:
            new_beta = math_ops.add(new_beta, beta)
        return new_gamma, new_beta

    def _update_renorm_statistics(self, mean, variance):
        dtype = mean.dtype.name
        stddev = math_ops.sqrt(math_ops.add(variance, self.epsilon))
        self._assign(self.renorm_mean, self._ema(self._as(self.renorm_mean, dtype), mean,
                                                 self.renorm_momentum))
        self._assign(self.renorm_stddev, self._ema(self._as(self.renorm_stddev, dtype), stddev,
                                                   self.renorm_momentum))
        self._assign(self.moving_mean, self._ema(self._as(self.moving_mean, dtype), mean,
                                                 self.momentum))
        new_stddev = self._ema(self._as(self.moving_stddev, dtype), stddev, self.momentum)
        self._assign(self.moving_stddev, new_stddev)
        # The variance follows from the stddev; relu guards against a tiny negative from rounding.
        self._assign(self.moving_variance,
                     nn_ops.relu(math_ops.subtract(math_ops.multiply(new_stddev, new_stddev),
                                                   self.epsilon)))

    def get_config(self):
        base = super().get_config()
        config_ = {
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }
        return {**base, **config_}

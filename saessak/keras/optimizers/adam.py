"""Adam (``keras.optimizers.Adam``): momentum over a per-coordinate RMS scale, bias-corrected.

At step ``t`` (1-based) with first and second moments ``m``, ``v``::

    alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)      (once per step, for all variables)
    m += (g - m) * (1 - beta_1)
    v += (g^2 - v) * (1 - beta_2)
    w -= m * alpha / (sqrt(v) + eps)          (amsgrad: v_hat = max(v_hat, v) replaces v)
"""

from ...ops import math_ops, training_ops
from .. import config as _config
from .base_optimizer import Optimizer


def step_powers(optimizer, *betas):
    """``beta ** t`` for each beta at this step, ``t = iterations + 1`` (float32)."""
    t = math_ops.cast(math_ops.add(optimizer.iterations, 1), _config.floatx())
    return [math_ops.pow(math_ops.cast(beta, _config.floatx()), t) for beta in betas]


class Adam(Optimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, weight_decay=weight_decay,
                         clipnorm=clipnorm, clipvalue=clipvalue, global_clipnorm=global_clipnorm,
                         use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def _prepare_step(self, learning_rate):
        if learning_rate.dtype.name == _config.floatx():  # one fused kernel, the same arithmetic
            return training_ops.adam_step_size(learning_rate, self.iterations, self.beta_1,
                                               self.beta_2)
        beta_1_power, beta_2_power = step_powers(self, self.beta_1, self.beta_2)
        return math_ops.divide(
            math_ops.multiply(learning_rate, math_ops.sqrt(math_ops.subtract(1.0, beta_2_power))),
            math_ops.subtract(1.0, beta_1_power))

    def update_step(self, gradient, variable, learning_rate):
        alpha = math_ops.cast(self._step, variable.dtype)
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        if self._update_mask is None and not self.amsgrad:
            # The common case as one in-place kernel (ops/training_ops.py); same numbers.
            training_ops.apply_adam(variable, m, v, gradient, alpha, self.beta_1, self.beta_2,
                                    self.epsilon)
            return
        self.assign_add(m, math_ops.multiply(math_ops.subtract(gradient, m), 1 - self.beta_1))
        self.assign_add(v, math_ops.multiply(math_ops.subtract(math_ops.square(gradient), v),
                                             1 - self.beta_2))
        if self.amsgrad:
            v_hat = self._velocity_hats[i]
            self.assign(v_hat, math_ops.maximum(v_hat, v))
            v = v_hat
        self.assign_sub(variable, math_ops.divide(math_ops.multiply(m, alpha),
                                                  math_ops.add(math_ops.sqrt(v), self.epsilon)))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                       "amsgrad": self.amsgrad})
        return config

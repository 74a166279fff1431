"""Adamax (``keras.optimizers.Adamax``): Adam with the infinity norm in place of the RMS.

At step ``t`` with the momentum ``m`` and the norm ``u``::

    m += (g - m) * (1 - beta_1)
    u = max(beta_2 * u, |g|)
    w -= lr / (1 - beta_1^t) * m / (u + eps)       (the scalar factor once per step)
"""

from ...ops import math_ops
from .adam import step_powers
from .base_optimizer import Optimizer


class Adamax(Optimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, weight_decay=weight_decay,
                         clipnorm=clipnorm, clipvalue=clipvalue, global_clipnorm=global_clipnorm,
                         use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def _prepare_step(self, learning_rate):
        (beta_1_power,) = step_powers(self, self.beta_1)
        return math_ops.divide(learning_rate, math_ops.subtract(1.0, beta_1_power))

    def update_step(self, gradient, variable, learning_rate):
        scale = math_ops.cast(self._step, variable.dtype)
        i = self._get_variable_index(variable)
        m, u = self._m[i], self._u[i]
        self.assign_add(m, math_ops.multiply(math_ops.subtract(gradient, m), 1 - self.beta_1))
        self.assign(u, math_ops.maximum(math_ops.multiply(self.beta_2, u), math_ops.abs(gradient)))
        self.assign_sub(variable, math_ops.divide(math_ops.multiply(m, scale),
                                                  math_ops.add(u, self.epsilon)))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config

"""Adadelta (``keras.optimizers.Adadelta``): steps scaled by RMS(past steps) / RMS(past gradients).

With decay ``rho``, the gradient average ``a_g`` and the step average ``a_d``::

    a_g = rho * a_g + (1 - rho) * g^2
    d = sqrt(a_d + eps) / sqrt(a_g + eps) * g
    a_d = rho * a_d + (1 - rho) * d^2
    w -= lr * d
"""

from ...ops import math_ops
from .base_optimizer import Optimizer


class Adadelta(Optimizer):
    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
                         clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
                         ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])

    def update_step(self, grad, variable, learning_rate):
        lr = math_ops.cast(learning_rate, variable.dtype)
        i = self._get_variable_index(variable)
        acc_grad, acc_delta = self._accumulated_grads[i], self._accumulated_delta_vars[i]
        rho, rest, eps = self.rho, 1 - self.rho, self.epsilon
        self.assign(acc_grad, math_ops.add(math_ops.multiply(acc_grad, rho),
                                           math_ops.multiply(rest, math_ops.square(grad))))
        # Keras's delta is the negative of this; the sign cancels in d^2 and in w += lr * delta.
        delta = math_ops.divide(math_ops.multiply(math_ops.sqrt(math_ops.add(acc_delta, eps)), grad),
                                math_ops.sqrt(math_ops.add(acc_grad, eps)))
        self.assign(acc_delta, math_ops.add(math_ops.multiply(rho, acc_delta),
                                            math_ops.multiply(rest, math_ops.square(delta))))
        self.assign_sub(variable, math_ops.multiply(lr, delta))

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config

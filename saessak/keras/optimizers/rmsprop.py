"""RMSprop (``keras.optimizers.RMSprop``): divide the gradient by a running RMS of its history.

With decay ``rho`` and slot ``v`` (the mean square)::

    v = rho * v + (1 - rho) * g^2
    step = lr * g / sqrt(v + eps)                  (centered: sqrt(v - a^2 + eps),
                                                   with a = rho * a + (1 - rho) * g)
    w -= step                                      (or m = momentum * m + step; w -= m)
"""

from ...ops import math_ops
from .base_optimizer import Optimizer


class RMSprop(Optimizer):
    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
                         clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
                         ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def update_step(self, gradient, variable, learning_rate):
        lr = math_ops.cast(learning_rate, variable.dtype)
        i = self._get_variable_index(variable)
        rho, rest = self.rho, 1 - self.rho
        velocity = self._velocities[i]
        self.assign(velocity, math_ops.add(math_ops.multiply(rho, velocity),
                                           math_ops.multiply(rest, math_ops.square(gradient))))
        if self.centered:
            average = self._average_gradients[i]
            self.assign(average, math_ops.add(math_ops.multiply(rho, average),
                                              math_ops.multiply(rest, gradient)))
            denominator = math_ops.add(math_ops.subtract(velocity, math_ops.square(average)),
                                       self.epsilon)
        else:
            denominator = math_ops.add(velocity, self.epsilon)
        increment = math_ops.divide(math_ops.multiply(lr, gradient), math_ops.sqrt(denominator))
        if self.momentum > 0:
            m = self._momentums[i]
            self.assign(m, math_ops.add(math_ops.multiply(self.momentum, m), increment))
            self.assign_sub(variable, m)
        else:
            self.assign_sub(variable, increment)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                       "centered": self.centered})
        return config

"""SGD (``keras.optimizers.SGD``): gradient descent, optionally with (Nesterov) momentum.

Without momentum ``w -= lr * g``.  With momentum ``m`` (a velocity slot)::

    m = momentum * m - lr * g
    w = w + m                              (classic)
    w = w + momentum * m - lr * g          (nesterov, with the updated m)
"""

from ...ops import math_ops, training_ops
from .base_optimizer import Optimizer


class SGD(Optimizer):
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, weight_decay=weight_decay,
                         clipnorm=clipnorm, clipvalue=clipvalue, global_clipnorm=global_clipnorm,
                         use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: momentum={momentum!r}"
                             + (f" (write {float(momentum)!r})" if isinstance(momentum, int) else ""))
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        lr = math_ops.cast(learning_rate, variable.dtype)
        if self._update_mask is None:  # one in-place kernel (ops/training_ops.py); same numbers
            if self.momentum == 0:
                training_ops.apply_gradient_descent(variable, gradient, lr)
            else:
                m = self.momentums[self._get_variable_index(variable)]
                training_ops.apply_momentum(variable, m, gradient, lr, self.momentum, self.nesterov)
            return
        step = math_ops.multiply(gradient, lr)
        if self.momentum == 0:
            self.assign_sub(variable, step)
            return
        m = self.momentums[self._get_variable_index(variable)]
        self.assign(m, math_ops.subtract(math_ops.multiply(m, self.momentum), step))
        if self.nesterov:
            self.assign_add(variable, math_ops.subtract(math_ops.multiply(m, self.momentum), step))
        else:
            self.assign_add(variable, m)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config

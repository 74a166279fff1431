"""Lion (``keras.optimizers.Lion``): a signed momentum step (Chen et al., 2023).

With the momentum ``m``::

    w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
    m = beta_2 * m + (1 - beta_2) * g
"""

from ...ops import math_ops
from .base_optimizer import Optimizer, f32_sub


class Lion(Optimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
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
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError("Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
                             f"degenerates to SignSGD. Received: beta_1={beta_1}.")

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        lr = math_ops.cast(learning_rate, variable.dtype)
        m = self._momentums[self._get_variable_index(variable)]
        # Keras forms 1 - beta in float32 (beta is cast to a tensor first).
        b1, b2 = self.beta_1, self.beta_2
        direction = math_ops.sign(math_ops.add(math_ops.multiply(m, b1),
                                               math_ops.multiply(gradient, f32_sub(1.0, b1))))
        self.assign_sub(variable, math_ops.multiply(lr, direction))
        self.assign(m, math_ops.add(math_ops.multiply(m, b2),
                                    math_ops.multiply(gradient, f32_sub(1.0, b2))))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config

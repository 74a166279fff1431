"""Adagrad (``keras.optimizers.Adagrad``): per-coordinate rates shrinking with the squared-gradient sum.

With the accumulator ``a`` (starting at ``initial_accumulator_value``)::

    a += g^2
    w -= lr * g / sqrt(a + eps)
"""

from ...backend import xp
from ...ops import math_ops
from .base_optimizer import Optimizer


class Adagrad(Optimizer):
    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
                         clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
                         ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        start = self.initial_accumulator_value

        def constant(shape, dtype=None):
            return xp.full(shape, start, dtype=dtype)

        self._accumulators = self.add_optimizer_variables(var_list, "accumulator", initializer=constant)

    def update_step(self, gradient, variable, learning_rate):
        lr = math_ops.cast(learning_rate, variable.dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        self.assign_add(accumulator, math_ops.square(gradient))
        self.assign_sub(variable, math_ops.divide(
            math_ops.multiply(lr, gradient),
            math_ops.sqrt(math_ops.add(accumulator, self.epsilon))))

    def get_config(self):
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config

"""Nadam (``keras.optimizers.Nadam``): Adam with Nesterov momentum and a momentum schedule.

The momentum coefficient warms up as ``u_t = beta_1 * (1 - 0.5 * 0.96^t)``; the running
product ``U_t = u_1 ... u_t`` is an optimizer variable.  At step ``t``::

    m += (g - m) * (1 - beta_1);   v += (g^2 - v) * (1 - beta_2)
    m_hat = u_{t+1} * m / (1 - U_t * u_{t+1}) + (1 - u_t) * g / (1 - U_t)
    w -= lr * m_hat / (sqrt(v / (1 - beta_2^t)) + eps)

The scalar coefficients (with ``lr`` folded in) are computed once per step.
"""

from ...backend import xp
from ...ops import math_ops
from .. import config as _config
from .. import naming
from ..variables import Variable
from .base_optimizer import Optimizer, f32_sub


class Nadam(Optimizer):
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
        var_list = list(var_list)
        dtype = var_list[0].dtype.name if var_list else _config.floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        # Keras makes the product a plain (trainable) variable, under the optimizer's name scope
        # only when build runs inside apply.
        name = naming.auto_name("Variable")
        self._u_product = Variable(xp.ones((), dtype=dtype), name=name)
        if self._building_in_apply:
            self._u_product.path = f"{self.name}/{name}"
        self._variables.append(self._u_product)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # factor(t) = 1 - 0.5 * 0.96^t, so u_t = beta_1 * factor(t) and U_t = U_{t-1} * u_t.
        t = math_ops.cast(math_ops.add(self.iterations, 1), _config.floatx())
        factor = math_ops.subtract(1.0, math_ops.multiply(0.5, math_ops.pow(0.96, t)))
        factor_next = math_ops.subtract(
            1.0, math_ops.multiply(0.5, math_ops.pow(0.96, math_ops.add(t, 1.0))))
        u = self._u_product
        self.assign(u, math_ops.multiply(math_ops.multiply(u, self.beta_1),
                                         math_ops.cast(factor, u.dtype)))
        self._terms = (t, math_ops.multiply(self.beta_1, factor),
                       math_ops.multiply(self.beta_1, factor_next))
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def _prepare_step(self, learning_rate):
        t, u_t, u_next = self._terms
        u_product = math_ops.cast(self._u_product, t.dtype)
        u_product_next = math_ops.multiply(u_product, u_next)
        beta_2_power = math_ops.pow(self.beta_2, t)
        lr = learning_rate
        c_m = math_ops.multiply(math_ops.divide(u_next, math_ops.subtract(1.0, u_product_next)), lr)
        c_g = math_ops.multiply(math_ops.divide(math_ops.subtract(1.0, u_t),
                                                math_ops.subtract(1.0, u_product)), lr)
        return c_m, c_g, math_ops.subtract(1.0, beta_2_power)

    def update_step(self, gradient, variable, learning_rate):
        c_m, c_g, v_scale = (math_ops.cast(c, variable.dtype) for c in self._step)
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        self.assign_add(m, math_ops.multiply(math_ops.subtract(gradient, m),
                                             f32_sub(1.0, self.beta_1)))
        self.assign_add(v, math_ops.multiply(math_ops.subtract(math_ops.square(gradient), v),
                                             f32_sub(1.0, self.beta_2)))
        step = math_ops.add(math_ops.multiply(m, c_m), math_ops.multiply(gradient, c_g))
        denominator = math_ops.add(math_ops.sqrt(math_ops.divide(v, v_scale)), self.epsilon)
        self.assign_sub(variable, math_ops.divide(step, denominator))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config

"""Fused optimizer updates: one kernel per variable instead of a dozen small ops.

Written with separate ops, an Adam step allocates a fresh array for every
intermediate (``g - m``, ``(g - m) * (1 - b1)``, ``g^2``, ``sqrt(v)``, ...) and
costs a dozen kernel calls per variable.  The kernels here do the same
arithmetic, in the same order and in the variable's dtype, with one scratch
buffer and in-place writes, so the results are bit-for-bit those of the
unfused ops (the optimizer tests compare both).  Like TensorFlow's
``ResourceApplyAdam``, they are not differentiable; they update their
Variable inputs in place (``Op(writes=...)``) and return nothing useful.
"""

from ..backend import xp
from ..engine.op import Op, execute

_DONE = xp.zeros((), dtype=bool)  # the output of an update op: nothing reads it


def _adam_step_size_kernel(learning_rate, iterations, beta_1, beta_2):
    # alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t), t = iterations + 1, in float32 as Keras.
    dtype = learning_rate.dtype
    t = xp.add(iterations, 1).astype(dtype)
    b1_power = xp.power(xp.asarray(beta_1, dtype), t)
    b2_power = xp.power(xp.asarray(beta_2, dtype), t)
    one = xp.asarray(1.0, dtype)
    return xp.asarray(xp.multiply(learning_rate, xp.sqrt(xp.subtract(one, b2_power)))
                      / xp.subtract(one, b1_power))


def _apply_adam_kernel(var, m, v, grad, alpha, beta_1, beta_2, epsilon):
    scratch = xp.subtract(grad, m)
    scratch *= 1 - beta_1                  # m += (g - m) * (1 - b1)
    m += scratch
    xp.square(grad, out=scratch)
    scratch -= v
    scratch *= 1 - beta_2                  # v += (g^2 - v) * (1 - b2)
    v += scratch
    xp.sqrt(v, out=scratch)
    scratch += epsilon
    step = xp.multiply(m, alpha)
    step /= scratch                        # w -= m * alpha / (sqrt(v) + eps)
    var -= step
    return _DONE


def _apply_gradient_descent_kernel(var, grad, learning_rate):
    step = xp.multiply(grad, learning_rate)  # w -= g * lr
    var -= step
    return _DONE


def _apply_momentum_kernel(var, m, grad, learning_rate, momentum, nesterov):
    step = xp.multiply(grad, learning_rate)
    m *= momentum                          # m = m * momentum - g * lr
    m -= step
    if nesterov:                           # w += m * momentum - g * lr
        step = xp.subtract(xp.multiply(m, momentum), step)
        var += step
    else:                                  # w += m
        var += m
    return _DONE


ADAM_STEP_SIZE = Op("adam_step_size", _adam_step_size_kernel)
APPLY_ADAM = Op("apply_adam", _apply_adam_kernel, writes=(0, 1, 2))
APPLY_GRADIENT_DESCENT = Op("apply_gradient_descent", _apply_gradient_descent_kernel, writes=(0,))
APPLY_MOMENTUM = Op("apply_momentum", _apply_momentum_kernel, writes=(0, 1))


def adam_step_size(learning_rate, iterations, beta_1, beta_2):
    """Adam's bias-corrected step size for the coming step (``iterations`` steps done so far)."""
    return execute(ADAM_STEP_SIZE, [learning_rate, iterations], {"beta_1": beta_1, "beta_2": beta_2})


def apply_adam(variable, m, v, gradient, alpha, beta_1, beta_2, epsilon):
    """One in-place Adam update of ``variable`` and its moments ``m``, ``v``."""
    execute(APPLY_ADAM, [variable, m, v, gradient, alpha],
            {"beta_1": beta_1, "beta_2": beta_2, "epsilon": epsilon})


def apply_gradient_descent(variable, gradient, learning_rate):
    """``variable -= gradient * learning_rate``, in place."""
    execute(APPLY_GRADIENT_DESCENT, [variable, gradient, learning_rate])


def apply_momentum(variable, m, gradient, learning_rate, momentum, nesterov=False):
    """Keras's SGD-with-momentum update of ``variable`` and its velocity ``m``, in place."""
    execute(APPLY_MOMENTUM, [variable, m, gradient, learning_rate],
            {"momentum": momentum, "nesterov": bool(nesterov)})

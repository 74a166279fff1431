"""Fused optimizer updates: one kernel per variable instead of a dozen small ops.

Written with separate ops, an Adam step allocates a fresh array for every
intermediate (``g - m``, ``(g - m) * (1 - b1)``, ``g^2``, ``sqrt(v)``, ...) and
costs a dozen kernel calls per variable.  The kernels here do the same
arithmetic, in the same order and in the variable's dtype, with one scratch
buffer and in-place writes, so the results are bit-for-bit those of the
unfused ops (the optimizer tests compare both).

A large variable is updated block by block (:func:`_blocks`): an Adam step makes
twelve passes over its arrays, and when those arrays are megabytes long every
pass streams them through main memory; a block of each (64K elements) stays in
the CPU's cache for all twelve passes.  Elementwise arithmetic gives the same
numbers in any order of elements, so blocking changes only the speed.  In a compiled step
the gradient, which nothing reads after the update, serves as scratch space
(``Op(donates=...)``, ``engine/donation.py``).  Like TensorFlow's
``ResourceApplyAdam``, they are not differentiable; they update their
Variable inputs in place (``Op(writes=...)``) and return nothing useful.
"""

from ..backend import xp
from ..engine.donation import is_private
from ..engine.op import Op, execute

_DONE = xp.zeros((), dtype=bool)  # the output of an update op: nothing reads it
_BLOCK = 1 << 16  # elements per block: a block of every operand fits in a CPU's L2 cache
_BLOCKED_ABOVE = 4 * _BLOCK  # smaller variables fit in the cache whole


def _blocks(*arrays):
    """The arrays as a sequence of aligned blocks: ``[(a[0:B], b[0:B], ...), (a[B:2B], ...)]``.

    Only large, C-contiguous arrays of one shape are split (their flat views are writable
    views); anything else comes back whole, as one block.
    """
    first = arrays[0]
    n = first.size
    if n <= _BLOCKED_ABOVE or not all(a.shape == first.shape and a.flags.c_contiguous for a in arrays):
        return (arrays,)
    flat = [a.reshape(-1) for a in arrays]
    return [tuple(f[lo:lo + _BLOCK] for f in flat) for lo in range(0, n, _BLOCK)]


def _adam_step_size_kernel(learning_rate, iterations, beta_1, beta_2):
    # alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t), t = iterations + 1, in float32 as Keras.
    # NumPy scalars (lr[()] is one) do this arithmetic in their own type, like 0-d arrays,
    # at a tenth of the cost of a ufunc call.
    real = learning_rate.dtype.type
    t = real(iterations[()] + 1)
    one = real(1.0)
    alpha = learning_rate[()] * xp.sqrt(one - real(beta_2) ** t) / (one - real(beta_1) ** t)
    return xp.asarray(alpha)


def _adam(var, m, v, grad, alpha, beta_1, beta_2, epsilon, scratch=None, work=None):
    # ``work`` holds g - m and then the step; it may be ``grad`` itself (a donated gradient).
    scratch = xp.square(grad, out=scratch)
    scratch -= v
    scratch *= 1 - beta_2                  # v += (g^2 - v) * (1 - b2)
    v += scratch
    work = xp.subtract(grad, m, out=work)
    work *= 1 - beta_1                     # m += (g - m) * (1 - b1)
    m += work
    xp.sqrt(v, out=scratch)
    scratch += epsilon
    xp.multiply(m, alpha, out=work)
    work /= scratch                        # w -= m * alpha / (sqrt(v) + eps)
    var -= work


def _apply_adam_kernel(var, m, v, grad, alpha, beta_1, beta_2, epsilon, donated=False):
    # A donated gradient (engine/donation.py) is the kernel's work buffer: one array less
    # to allocate and to stream through the cache.
    own = (donated and is_private(grad) and grad.shape == var.shape
           and grad.dtype == var.dtype == alpha.dtype)
    blocks = _blocks(var, m, v, grad) if var.size > _BLOCKED_ABOVE else None
    if blocks is None or len(blocks) == 1:
        _adam(var, m, v, grad, alpha, beta_1, beta_2, epsilon, None, grad if own else None)
        return _DONE
    scratch = xp.empty(_BLOCK, var.dtype)
    work = None if own else xp.empty(_BLOCK, var.dtype)
    for block in blocks:
        n = block[0].size
        _adam(*block, alpha, beta_1, beta_2, epsilon, scratch[:n], block[3] if own else work[:n])
    return _DONE


def _apply_gradient_descent_kernel(var, grad, learning_rate, donated=False):
    own = donated and is_private(grad) and grad.dtype == var.dtype == learning_rate.dtype
    step = xp.multiply(grad, learning_rate, out=grad if own else None)  # w -= g * lr
    var -= step
    return _DONE


def _apply_momentum_kernel(var, m, grad, learning_rate, momentum, nesterov, donated=False):
    own = donated and is_private(grad) and grad.dtype == var.dtype == learning_rate.dtype
    step = xp.multiply(grad, learning_rate, out=grad if own else None)
    m *= momentum                          # m = m * momentum - g * lr
    m -= step
    if nesterov:                           # w += m * momentum - g * lr
        step = xp.subtract(xp.multiply(m, momentum), step)
        var += step
    else:                                  # w += m
        var += m
    return _DONE


ADAM_STEP_SIZE = Op("adam_step_size", _adam_step_size_kernel)
APPLY_ADAM = Op("apply_adam", _apply_adam_kernel, writes=(0, 1, 2), donates=(3,))
APPLY_GRADIENT_DESCENT = Op("apply_gradient_descent", _apply_gradient_descent_kernel, writes=(0,),
                            donates=(1,))
APPLY_MOMENTUM = Op("apply_momentum", _apply_momentum_kernel, writes=(0, 1), donates=(2,))


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

"""Activation functions (``keras.activations``): Tensor -> Tensor maps applied after a layer.

Where ``tf.nn`` has the function as a fused op (relu, relu6, leaky_relu, elu,
selu, softsign, silu, gelu, softmax, log_softmax) it is used, so its gradient
is the op's own VJP.  The others are compositions of elementwise ops and
differentiate through them; their formulas are Keras 3's:

* hard_sigmoid(x) = relu6(x + 3) / 6 and hard_silu(x) = x * hard_sigmoid(x);
* mish(x) = x * tanh(softplus(x)); squareplus(x) = (x + sqrt(x^2 + b)) / 2;
* celu(x) = max(x, 0) + alpha * expm1(min(x, 0) / alpha);
* glu(x) = a * sigmoid(b) with a, b the two halves of x along ``axis``;
* sparsemax: the Euclidean projection of x onto the probability simplex,
  ``max(x - tau, 0)`` with ``tau`` chosen so the result sums to one.
"""

import warnings

from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import nn_ops as N
from ...ops import reduce_ops as R


def _t(x):
    return A.convert_to_tensor(x)


def _remember_logits(out, x):
    """Tag a sigmoid/softmax output with its logits (Keras's ``_keras_logits``).

    The cross-entropy losses look the tag up and use the stable formula on the logits.
    """
    from ..tensor_tags import set_keras_logits  # noqa: PLC0415

    set_keras_logits(out, x)
    return out


def linear(x):
    """The identity, ``f(x) = x`` (what ``activation=None`` means)."""
    return x


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with Keras's options.

    ``max(x, 0)`` by default.  Values below ``threshold`` become 0 (or, with
    ``negative_slope``, ``negative_slope * (x - threshold)``), and the result is
    capped at ``max_value`` when given.
    """
    x = _t(x)
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return N.leaky_relu(x, alpha=negative_slope)
        shifted = M.negative(x) if threshold == 0 else M.add(M.negative(x), threshold)
        negative_part = N.relu(shifted)
    clip_max = max_value is not None
    if threshold != 0:
        out = M.where(M.greater(x, threshold), x, 0)
    elif max_value == 6:
        out, clip_max = N.relu6(x), False
    else:
        out = N.relu(x)
    if clip_max:
        out = M.clip_by_value(out, 0, max_value)
    if negative_slope != 0.0:
        out = M.subtract(out, M.multiply(negative_part, negative_slope))
    return out


def leaky_relu(x, negative_slope=0.2):
    """``x`` for positive ``x``, ``negative_slope * x`` otherwise."""
    return N.leaky_relu(x, alpha=negative_slope)


def relu6(x):
    """``min(max(x, 0), 6)``."""
    return N.relu6(x)


def _all_axes_softmax(x, axis, log):
    """(log-)softmax over several axes at once: ``x - logsumexp(x, axes)``."""
    axes = tuple(range(x.ndim)) if axis is None else tuple(axis)
    logp = M.subtract(x, R.reduce_logsumexp(x, axis=axes, keepdims=True))
    return logp if log else M.exp(logp)


def softmax(x, axis=-1):
    """``exp(x) / sum(exp(x))`` along ``axis`` (an int, a tuple of ints, or None for all)."""
    x = _t(x)
    if isinstance(axis, int):
        if -x.ndim <= axis < x.ndim and x.shape[axis] == 1:
            warnings.warn(
                f"You are using a softmax over axis {axis} of a tensor of shape {tuple(x.shape)}. "
                "This axis has size 1: the softmax will always return 1. Did you mean a sigmoid?",
                stacklevel=2)
        out = N.softmax(x, axis=axis)
    else:
        out = _all_axes_softmax(x, axis, log=False)
    return _remember_logits(out, x)


def log_softmax(x, axis=-1):
    """``x - log(sum(exp(x)))`` along ``axis`` (an int, a tuple of ints, or None for all)."""
    x = _t(x)
    if isinstance(axis, int):
        return N.log_softmax(x, axis=axis)
    return _all_axes_softmax(x, axis, log=True)


def elu(x, alpha=1.0):
    """``x`` for positive ``x``, ``alpha * (exp(x) - 1)`` otherwise."""
    out = N.elu(x)
    if alpha == 1:
        return out
    x = _t(x)
    return M.where(M.greater(x, 0), out, M.multiply(out, alpha))


def selu(x):
    """Scaled elu with the self-normalizing constants (use with ``lecun_normal``)."""
    return N.selu(x)


def softplus(x):
    """``log(exp(x) + 1)``."""
    return M.softplus(_t(x))


def softsign(x):
    """``x / (|x| + 1)``."""
    return N.softsign(x)


def soft_shrink(x, threshold=0.5):
    """``x - threshold`` above ``threshold``, ``x + threshold`` below ``-threshold``, else 0."""
    x = _t(x)
    inner = M.where(M.less(x, -threshold), M.add(x, threshold), A.zeros_like(x))
    return M.where(M.greater(x, threshold), M.subtract(x, threshold), inner)


def sparse_plus(x):
    """0 for ``x <= -1``, ``(x + 1)^2 / 4`` for ``-1 < x < 1``, ``x`` beyond."""
    x = _t(x)
    inner = M.where(M.less(x, 1), M.multiply(M.square(M.add(x, 1)), 0.25), x)
    return M.where(M.less_equal(x, -1), A.zeros_like(x), inner)


def silu(x):
    """``x * sigmoid(x)`` (also called swish)."""
    return N.silu(x)


def squareplus(x, b=4):
    """``(x + sqrt(x^2 + b)) / 2``: a smooth relu."""
    x = _t(x)
    return M.divide(M.add(x, M.sqrt(M.add(M.square(x), b))), 2)


def gelu(x, approximate=False):
    """Gaussian error linear unit ``x * Phi(x)``; ``approximate=True`` uses the tanh formula."""
    return N.gelu(x, approximate=approximate)


def celu(x, alpha=1.0):
    """Continuously differentiable elu: ``max(x, 0) + alpha * expm1(min(x, 0) / alpha)``."""
    x = _t(x)
    return M.add(M.maximum(x, 0), M.multiply(M.expm1(M.divide(M.minimum(x, 0), alpha)), alpha))


def glu(x, axis=-1):
    """Gated linear unit: split ``x`` in halves ``a, b`` along ``axis``, return ``a * sigmoid(b)``."""
    x = _t(x)
    if x.shape[axis] % 2 != 0:
        raise ValueError(
            f"glu: axis size must be divisible by 2. Received: x.shape={tuple(x.shape)} with "
            f"axis={axis}.")
    a, b = A.split(x, 2, axis=axis)
    return M.multiply(a, M.sigmoid(b))


def tanh(x):
    """Hyperbolic tangent."""
    return M.tanh(_t(x))


def tanh_shrink(x):
    """``x - tanh(x)``."""
    x = _t(x)
    return M.subtract(x, M.tanh(x))


def hard_tanh(x):
    """``x`` clipped to ``[-1, 1]``."""
    return M.clip_by_value(_t(x), -1, 1)


def hard_shrink(x, threshold=0.5):
    """``x`` where ``|x| > threshold``, else 0."""
    x = _t(x)
    return M.where(M.greater(M.abs(x), threshold), x, A.zeros_like(x))


def threshold(x, threshold, default_value):
    """``x`` where ``x > threshold``, else ``default_value``."""
    x = _t(x)
    return M.where(M.greater(x, threshold), x, default_value)


def sigmoid(x):
    """``1 / (1 + exp(-x))``."""
    x = _t(x)
    return _remember_logits(M.sigmoid(x), x)


def sparse_sigmoid(x):
    """0 for ``x <= -1``, 1 for ``x >= 1``, ``(x + 1) / 2`` between."""
    x = _t(x)
    inner = M.where(M.greater_equal(x, 1), A.ones_like(x), M.multiply(M.add(x, 1), 0.5))
    return M.where(M.less_equal(x, -1), A.zeros_like(x), inner)


def exponential(x):
    """``exp(x)``."""
    return M.exp(_t(x))


def hard_sigmoid(x):
    """Piecewise-linear sigmoid ``relu6(x + 3) / 6``: 0 below -3, 1 above 3."""
    x = _t(x)
    return M.divide(N.relu6(M.add(x, 3)), 6)


def log_sigmoid(x):
    """``log(sigmoid(x)) = -softplus(-x)``."""
    x = _t(x)
    return M.negative(M.softplus(M.negative(x)))


def hard_silu(x):
    """``x * hard_sigmoid(x)`` (also called hard_swish)."""
    x = _t(x)
    return M.multiply(x, hard_sigmoid(x))


def mish(x):
    """``x * tanh(softplus(x))`` (Misra, 2019)."""
    x = _t(x)
    return M.multiply(x, M.tanh(M.softplus(x)))


def sparsemax(x, axis=-1):
    """Project ``x`` onto the probability simplex along ``axis`` (Martins & Astudillo, 2016).

    Sort descending as ``z``; the support is the ``k`` largest entries, those with
    ``z_j > (cumsum(z)_j - 1) / j``; then ``tau = (sum of the support - 1) / k``
    and the result is ``max(x - tau, 0)``, which sums to one.
    """
    x = _t(x)
    ndim = x.ndim
    axis = axis % ndim
    z = R.sort(x, axis=axis, direction="DESCENDING")
    cumsum = R.cumsum(z, axis=axis)
    n = x.shape[axis]
    r = A.reshape(A.range(1, n + 1, dtype=x.dtype), [n if i == axis else 1 for i in range(ndim)])
    support = M.greater(z, M.divide(M.subtract(cumsum, 1), r))
    k = R.reduce_sum(M.cast(support, x.dtype), axis=axis, keepdims=True)
    top = R.reduce_sum(M.where(support, z, A.zeros_like(z)), axis=axis, keepdims=True)
    tau = M.divide(M.subtract(top, 1), k)
    return M.maximum(M.subtract(x, tau), 0)

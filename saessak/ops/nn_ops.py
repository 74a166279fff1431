"""Neural-network activations, softmax, dropout and normalization (``tf.nn``).

Activations are elementwise, ``y = f(x)``, so ``dL/dx = g * f'(x)``.  Where
``f'`` is piecewise (relu, relu6, leaky_relu, elu, selu) the VJP is its own
"grad" op, as in TensorFlow (``ReluGrad``...): one pass over the data, and the
grad op has a VJP of its own, so nested tapes give second derivatives.  For elu
and selu ``f'`` is read off the output: on the negative side ``y = s a (e^x - 1)``,
so ``f'(x) = s a e^x = y + s a`` (``s = 1, a = 1`` for elu).

Dropout keeps its mask as the op's residual, so the backward pass multiplies the
gradient by exactly the mask the forward pass drew.  Softmax and the losses on
logits live in :mod:`saessak.ops.softmax_ops` and are re-exported here.
"""

import math
import numbers

from ..backend import rng, xp
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import array_ops as A
from . import math_ops as M
from . import reduce_ops as R
from ._helpers import binary_operands, normalize_axis, require, tensor
from .softmax_ops import *  # noqa: F403 - softmax and the losses on logits are part of tf.nn
from .softmax_ops import __all__ as _softmax_all


def _floating(x, op_name):
    x = tensor(x)
    require(x, "f", op_name, "a floating")
    return x


# ---------------------------------------------------------------- piecewise activations
# The grad kernels multiply by a 0/1 mask, as TF's ReluGrad does; NumPy's masked
# `where` is several times slower on unpredictable masks.
def _mask(cond, like):
    return cond.astype(like.dtype, copy=False)


RELU_GRAD = Op("relu_grad", lambda g, x: g * _mask(x > 0, g),
               lambda gg, out, g, x: (execute(RELU_GRAD, [gg, x]), None))
RELU = Op("relu", lambda x: xp.maximum(x, x.dtype.type(0)),
          lambda g, out, x: (execute(RELU_GRAD, [g, x]),))
# relu6 = min(max(x, 0), 6): the gradient passes strictly inside (0, 6), as TF's Relu6Grad.
RELU6_GRAD = Op("relu6_grad", lambda g, x: g * _mask((x > 0) & (x < 6), g),
                lambda gg, out, g, x: (execute(RELU6_GRAD, [gg, x]), None))
RELU6 = Op("relu6", lambda x: xp.clip(x, x.dtype.type(0), x.dtype.type(6)),
           lambda g, out, x: (execute(RELU6_GRAD, [g, x]),))


def _leaky_factor(x, alpha):
    # 1 where x > 0, alpha elsewhere
    f = _mask(x > 0, x) * x.dtype.type(1 - alpha)
    f += x.dtype.type(alpha)
    return f


LEAKY_GRAD = Op("leaky_relu_grad", lambda g, x, alpha: g * _leaky_factor(x, alpha),
                lambda gg, out, g, x, alpha: (execute(LEAKY_GRAD, [gg, x], {"alpha": alpha}), None))
LEAKY = Op("leaky_relu", lambda x, alpha: x * _leaky_factor(x, alpha),
           lambda g, out, x, alpha: (execute(LEAKY_GRAD, [g, x], {"alpha": alpha}),))

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _elu_grad_kernel(g, y, scale, alpha):
    # Negative side: y = scale*alpha*(e^x - 1), so dy/dx = scale*alpha*e^x = y + scale*alpha.
    t = g.dtype.type
    f = _mask(y < 0, g) * (xp.minimum(y, t(0)) + t(scale * alpha - scale))
    f += t(scale)
    return g * f


def _elu_grad_vjp(gg, out, g, y, scale, alpha):
    # out = g * (y + c) on the negative side, g * scale elsewhere: linear in g, slope g in y.
    neg = M.cast(M.less(y, 0), g.dtype)
    return (execute(ELU_GRAD, [gg, y], {"scale": scale, "alpha": alpha}),
            M.multiply(M.multiply(gg, g), neg))


def _elu_kernel(x, scale, alpha):
    # scale * max(x, 0) + scale*alpha*(e^min(x, 0) - 1): one of the two terms is always 0.
    t = x.dtype.type
    y = xp.expm1(xp.minimum(x, t(0)))
    y *= t(scale * alpha)
    y += xp.maximum(x, t(0)) * t(scale)
    return y


ELU_GRAD = Op("elu_grad", _elu_grad_kernel, _elu_grad_vjp)
ELU = Op("elu", _elu_kernel, lambda g, out, x, scale, alpha: (
    execute(ELU_GRAD, [g, out], {"scale": scale, "alpha": alpha}),))


def _floating_or_int(x, op_name):
    x = tensor(x)
    require(x, "fiu", op_name, "a real")
    return x


def relu(features, name=None):
    """max(features, 0); the gradient at 0 is 0, as in TensorFlow."""
    return execute(RELU, [_floating_or_int(features, "relu")])


def relu6(features, name=None):
    """min(max(features, 0), 6)."""
    return execute(RELU6, [_floating_or_int(features, "relu6")])


def leaky_relu(features, alpha=0.2, name=None):
    """features where features > 0, else alpha * features (integers are cast to float32, as TF)."""
    x = _floating_or_int(features, "leaky_relu")
    if x._value.dtype.kind != "f":
        x = M.cast(x, "float32")
    return execute(LEAKY, [x], {"alpha": float(alpha)})


def elu(features, name=None):
    """features where features > 0, else exp(features) - 1."""
    return execute(ELU, [_floating(features, "elu")], {"scale": 1.0, "alpha": 1.0})


def selu(features, name=None):
    """scale * elu with alpha (the self-normalizing constants of Klambauer et al., 2017)."""
    return execute(ELU, [_floating(features, "selu")], {"scale": _SELU_SCALE, "alpha": _SELU_ALPHA})


# ---------------------------------------------------------------- smooth activations
SOFTSIGN = Op("softsign", lambda x: x / (1 + xp.abs(x)),
              lambda g, out, x: (M.divide(g, M.square(M.add(M.abs(x), 1))),))


def softsign(features, name=None):
    """features / (1 + |features|); its derivative is 1 / (1 + |x|)^2."""
    return execute(SOFTSIGN, [_floating(features, "softsign")])


def _silu_vjp(g, out, x, beta):
    # y = x s(bx):  dy/dx = s + b x s (1 - s).
    s = M.sigmoid(M.multiply(x, beta))
    return (M.multiply(g, M.add(s, M.multiply(M.multiply(x, beta), M.multiply(s, M.subtract(1, s))))),)


SILU = Op("silu", lambda x, beta: x * M._sigmoid_kernel(x * x.dtype.type(beta)), _silu_vjp)


def silu(features, beta=1.0, name=None):
    """features * sigmoid(beta * features) (``tf.nn.silu``, also ``tf.nn.swish``)."""
    x = _floating(features, "silu")
    if isinstance(beta, (int, float)):
        return execute(SILU, [x], {"beta": float(beta)})
    # A tensor beta (trainable swish) gets its gradient through the composition.
    _, b = binary_operands(x, beta, "silu")
    return M.multiply(x, M.sigmoid(M.multiply(b, x)))


swish = silu

# erf by rational approximations (Hart et al., Computer Approximations, 1968): on
# |x| < 0.5, erf(x) = x P(x^2) / Q(x^2); beyond, erfc(x) = e^(-x^2) P(x) / Q(x).
# Both evaluated in float64; the error is below 5e-16 everywhere.
_ERF_P = (8.04373630960840172832162e4, 7.40407142710151470082064e3, 3.01782788536507577809226e3,
          3.80140318123903008244444e1, 1.43383842191748205576712e1, -2.88805137207594084924010e-1,
          7.547728033418631287834e-3)
_ERF_Q = (8.04373630960840172826266e4, 3.42165257924628539769006e4, 6.37960017324428279487120e3,
          6.58070155459240506326937e2, 3.80190713951939403753468e1, 1.0)
_ERFC_P = (1.8263348842295112592168999e3, 2.8980293292167655611275846e3,
           2.320439590251635247384768711e3, 1.143262070703886173606073338e3,
           3.685196154710010637133875746e2, 7.708161730368428609781633646e1,
           9.675807882987265400604202961e0, 5.641877825507397413087057563e-1)
_ERFC_Q = (1.8263348842295112595576438e3, 4.95882756472114071495438422e3,
           6.0895424232724435504633068e3, 4.429612803883682726711528526e3,
           2.094384367789539593790281779e3, 6.617361207107653469211984771e2,
           1.371255960500622202878443578e2, 1.714980943627607849376131193e1, 1.0)
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)


def _horner(coefs, t):
    r = t * coefs[-1]
    r += coefs[-2]
    for c in reversed(coefs[:-2]):
        r *= t
        r += c
    return r


def _erf_block(x, out):
    """erf of a 1-D block ``x`` into the float64 array ``out``."""
    a = xp.abs(x, dtype=xp.float64)
    small = a < 0.5
    # Integer take/put: much faster than boolean-mask indexing on unpredictable masks.
    idx = xp.flatnonzero(small)
    s = a.take(idx)
    s2 = s * s
    out.put(idx, _TWO_OVER_SQRT_PI * s * _horner(_ERF_P, s2) / _horner(_ERF_Q, s2))
    idx = xp.flatnonzero(~small)
    b = xp.minimum(a.take(idx), 10.0)  # erfc(10) < 1e-44: erf is 1 in float64 beyond
    tail = xp.exp(-b * b)
    tail *= _horner(_ERFC_P, b)
    tail /= _horner(_ERFC_Q, b)
    out.put(idx, 1 - tail)
    xp.copysign(out, x, out=out)


def _erf_kernel(x):
    flat = x.reshape(-1)
    out = xp.empty(flat.shape, xp.float64)
    step = 1 << 15  # blocks small enough for the temporaries to stay in cache
    for i in range(0, flat.size, step):
        _erf_block(flat[i:i + step], out[i:i + step])
    return out.reshape(x.shape).astype(x.dtype, copy=False)


ERF = Op("erf", _erf_kernel, lambda g, out, x: (
    M.multiply(g, M.multiply(M.exp(M.negative(M.square(x))), _TWO_OVER_SQRT_PI)),))


def erf(x, name=None):
    """The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt (``tf.math.erf``)."""
    return execute(ERF, [_floating(x, "erf")])


_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)


def _gelu_kernel(x):
    return x * (0.5 + 0.5 * _erf_kernel(x * x.dtype.type(_SQRT_HALF)))


def _gelu_vjp(g, out, x):
    # y = x Phi(x):  dy/dx = Phi(x) + x phi(x), with phi the standard normal density.
    cdf = M.add(M.multiply(erf(M.multiply(x, _SQRT_HALF)), 0.5), 0.5)
    pdf = M.multiply(M.exp(M.multiply(M.square(x), -0.5)), _INV_SQRT_2PI)
    return (M.multiply(g, M.add(cdf, M.multiply(x, pdf))),)


GELU = Op("gelu", _gelu_kernel, _gelu_vjp)


def gelu(features, approximate=False, name=None):
    """x * Phi(x) with Phi the normal CDF; ``approximate=True`` uses the tanh formula."""
    x = _floating(features, "gelu")
    if not approximate:
        return execute(GELU, [x])
    inner = M.multiply(M.add(x, M.multiply(M.pow(x, 3), 0.044715)), 0.7978845608028654)
    return M.multiply(M.multiply(x, 0.5), M.add(M.tanh(inner), 1))


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), computed without overflow (``tf.math.log_sigmoid``)."""
    x = _floating(x, "log_sigmoid")
    return M.negative(M.softplus(M.negative(x)))


# ---------------------------------------------------------------- dropout
def _dropout_kernel(x, rate, noise_shape, seed):
    # The draw happens here, at run time: a replayed saessak.function draws a fresh mask.
    gen = rng.generator(seed)
    u = gen.random(noise_shape, dtype=x.dtype if x.dtype != xp.float16 else xp.float32)
    with xp.errstate(divide="ignore"):
        scale = (1 / (1 - rate)).astype(x.dtype)
    mask = (u >= rate).astype(x.dtype)
    mask *= scale
    return x * mask, mask


DROPOUT = Op("dropout", _dropout_kernel,
             lambda g, out, x, rate, noise_shape, seed, res: (M.multiply(g, res), None),
             residual=True, stateful=True)


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zero each element with probability ``rate`` and scale the rest by 1 / (1 - rate).

    ``noise_shape`` (broadcastable to ``x``'s shape) shares one keep/drop decision
    along its size-1 dimensions, e.g. ``[batch, 1, 1, channels]`` drops whole channels.
    """
    is_number = isinstance(rate, numbers.Real) and not isinstance(rate, bool)
    if is_number and not 0 <= rate < 1:
        raise InvalidArgumentError(
            f"dropout: rate must be a scalar tensor or a float in the range [0, 1), received "
            f"rate={rate}. rate is the fraction to DROP (keep_prob = 1 - rate).", op="dropout")
    x = tensor(x)
    if x._value.dtype.kind != "f":
        raise InvalidArgumentError(
            f"dropout: x must be a floating point tensor, as it is scaled; received "
            f"dtype={x.dtype.name}. Cast it first, e.g. saessak.cast(x, saessak.float32).",
            op="dropout")
    if is_number and rate == 0:
        return x  # TF's fast path: the very same tensor
    if isinstance(rate, Tensor):
        require(rate, "f", "dropout", "a floating rate")
        rate = M.cast(rate, x.dtype)
    else:
        rate = tensor(float(rate) if is_number else rate, dtype=x.dtype)
    if rate._value.ndim != 0:
        raise InvalidArgumentError(f"dropout: rate must be a scalar, received shape="
                                   f"{rate._value.shape}.", op="dropout")
    shape = x._value.shape
    if noise_shape is None:
        ns = shape
    else:
        ns = tuple(None if d is None else int(d) for d in (noise_shape._concrete("int").tolist()
                                    if isinstance(noise_shape, Tensor) else noise_shape))
        if len(ns) == len(shape):
            ns = tuple(s if d is None else d for d, s in zip(ns, shape))
        try:
            ok = xp.broadcast_shapes(ns, shape) == shape
        except ValueError:
            ok = False
        if not ok:
            raise InvalidArgumentError(
                f"dropout: noise_shape={list(ns)} is not broadcastable to x's shape={list(shape)}; "
                f"each entry must be 1 or the size of x's dimension.", op="dropout")
    if seed is not None and not isinstance(seed, int):
        raise InvalidArgumentError(f"dropout: seed must be an int or None, received {seed!r}.",
                                   op="dropout")
    return execute(DROPOUT, [x, rate], {"noise_shape": ns, "seed": seed})


# ---------------------------------------------------------------- normalization
def l2_loss(t, name=None):
    """sum(t ** 2) / 2, a scalar of t's dtype."""
    t = _floating(t, "l2_loss")
    return M.multiply(R.reduce_sum(M.square(t)), 0.5)


def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and (biased) variance of ``x`` over ``axes``; returns ``(mean, variance)``."""
    x = _floating(x, "moments")
    if axes is None:
        raise InvalidArgumentError("moments: axes is required, e.g. axes=[0] for per-feature "
                                   "statistics over a batch.", op="moments")
    axes = normalize_axis(axes, x._value.ndim, "moments")
    y = M.cast(x, "float32") if x._value.dtype == xp.float16 else x
    count = 1
    for a in axes:
        count *= x._value.shape[a]
    inv = 1.0 / count if count else float("nan")
    mean = M.multiply(R.reduce_sum(y, axes, keepdims=True), inv)
    # As in TF, the variance uses stop_gradient(mean): d var / d mean is 0 at the mean anyway.
    dev = M.squared_difference(y, A.stop_gradient(mean))
    variance = M.multiply(R.reduce_sum(dev, axes, keepdims=True), inv)
    if not keepdims:
        shape = [d for i, d in enumerate(x._value.shape) if i not in axes]
        mean, variance = A.reshape(mean, shape), A.reshape(variance, shape)
    if x._value.dtype == xp.float16:
        mean, variance = M.cast(mean, "float16"), M.cast(variance, "float16")
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + eps) + offset; offset and scale may be None."""
    x = _floating(x, "batch_normalization")
    inv = M.rsqrt(M.add(binary_operands(x, variance, "batch_normalization")[1], variance_epsilon))
    if scale is not None:
        inv = M.multiply(inv, binary_operands(x, scale, "batch_normalization")[1])
    shift = M.negative(M.multiply(binary_operands(x, mean, "batch_normalization")[1], inv))
    if offset is not None:
        shift = M.add(shift, binary_operands(x, offset, "batch_normalization")[1])
    return M.add(M.multiply(x, inv), shift)


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, with the 1-D bias added along the channel dimension."""
    value, bias = binary_operands(value, bias, "bias_add")
    nd = value._value.ndim
    channels_first = data_format is not None and str(data_format).upper().startswith("NC")
    if nd < 2 or bias._value.ndim != 1:
        raise InvalidArgumentError(
            f"bias_add: expected value of rank >= 2 and a 1-D bias, received value shape="
            f"{value._value.shape} and bias shape={bias._value.shape}.", op="bias_add")
    axis = 1 if channels_first else nd - 1
    if bias._value.shape[0] != value._value.shape[axis]:
        raise InvalidArgumentError(
            f"bias_add: must provide as many biases as the {'channel' if channels_first else 'last'}"
            f" dimension of value: bias shape={bias._value.shape} vs. value shape="
            f"{value._value.shape}.", op="bias_add")
    if channels_first:
        bias = A.reshape(bias, (-1,) + (1,) * (nd - 2))
    return M.add(value, bias)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    x = _floating(x, "l2_normalize")
    axis = normalize_axis(dim if axis is None else axis, x._value.ndim, "l2_normalize")
    square_sum = R.reduce_sum(M.square(x), axis, keepdims=True)
    return M.multiply(x, M.rsqrt(M.maximum(square_sum, epsilon)))


__all__ = [
    "relu", "relu6", "leaky_relu", "elu", "selu", "softsign", "silu", "swish", "gelu",
    "dropout", "l2_loss", "moments", "batch_normalization", "bias_add",
    "l2_normalize",
] + list(_softmax_all)

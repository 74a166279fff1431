"""Softmax and the losses on logits: softmax, log-softmax and the cross-entropies.

Softmax ``p = e^x / sum(e^x)`` has the VJP ``p * (g - sum(g * p))`` (a fused
``softmax_grad`` op); log-softmax ``y = x - logsumexp(x)`` has ``g - e^y sum(g)``.

Cross-entropy ``L = -sum(z * log_softmax(x))`` is one kernel that also keeps
``log_softmax(x)`` as its residual.  Its VJPs are the textbook ones,
``dL/dx = g * (softmax(x) - z)`` and ``dL/dz = -g * log_softmax(x)``, each a
fused grad op reading the residual (one pass, no recomputation).  The grad ops
have VJPs of their own written with differentiable ops, so second derivatives
(Hessian-vector products through a classifier loss) are exact too.  The sparse
variant takes integer class ids, ``z = one_hot(labels)``.  The sigmoid
cross-entropy is ``max(x, 0) - x z + log(1 + e^-|x|)``, stable for any ``x``;
``dL/dx = g * (sigmoid(x) - z)``, ``dL/dz = -g x``.
"""

import functools

from ..backend import xp
from ..engine.op import Op, execute
from ..engine.trace import fuse_siblings
from ..errors import InvalidArgumentError
from . import array_ops as A
from . import math_ops as M
from . import reduce_ops as R
from ._helpers import binary_operands, normalize_axis, quiet, require, tensor


def _floating(x, op_name):
    x = tensor(x)
    require(x, "f", op_name, "a floating")
    return x


# ---------------------------------------------------------------- softmax
def _max_along(x, axis):
    """``x.max(axis, keepdims=True)``: the shift that keeps ``exp`` from overflowing.

    For the rows of a matrix (a batch of logits) it is read at ``argmax``: NumPy's max over
    a short last axis costs twice an argmax plus a gather.  Same values, NaN included
    (argmax points at the first NaN, as max returns NaN).
    """
    if x.ndim == 2 and axis in (1, -1) and x.shape[1]:
        return x[_row_numbers(x.shape[0]), x.argmax(axis=1)][:, None]
    return x.max(axis=axis, keepdims=True)


@functools.lru_cache(maxsize=16)
def _row_numbers(n):
    """``arange(n)``, read-only and made once per batch size: the row half of a batch's picks."""
    rows = xp.arange(n)
    rows.flags.writeable = False
    return rows


def _softmax_kernel(x, axis):
    e = x - _max_along(x, axis)
    xp.exp(e, out=e)
    e /= e.sum(axis=axis, keepdims=True)
    return e


def _softmax_grad_vjp(gg, out, g, p, axis):
    # out = p (g - s), s = sum(g p).  d/dg: softmax_grad(gg, p);  d/dp: gg (g - s) - g sum(gg p).
    s = R.reduce_sum(M.multiply(g, p), axis, keepdims=True)
    t = R.reduce_sum(M.multiply(gg, p), axis, keepdims=True)
    gp = M.subtract(M.multiply(gg, M.subtract(g, s)), M.multiply(g, t))
    return _softmax_grad(gg, p, axis), gp


SOFTMAX_GRAD = Op("softmax_grad", lambda g, p, axis: p * (g - (g * p).sum(axis=axis, keepdims=True)),
                  _softmax_grad_vjp)
SOFTMAX = Op("softmax", quiet(_softmax_kernel),
             lambda g, out, x, axis: (_softmax_grad(g, out, axis),))


def _softmax_grad(g, p, axis):
    return execute(SOFTMAX_GRAD, [g, p], {"axis": axis})


def _log_softmax_kernel(x, axis):
    s = x - _max_along(x, axis)
    s -= xp.log(xp.exp(s).sum(axis=axis, keepdims=True))
    return s


def _log_softmax_vjp_of(g, logp, axis):
    return M.subtract(g, M.multiply(M.exp(logp), R.reduce_sum(g, axis, keepdims=True)))


LOG_SOFTMAX = Op("log_softmax", quiet(_log_softmax_kernel),
                 lambda g, out, x, axis: (_log_softmax_vjp_of(g, out, axis),))


def _softmax_axis(x, axis, op_name):
    if x._value.ndim == 0:
        raise InvalidArgumentError(
            f"{op_name}: logits must have rank >= 1, received a scalar. Reshape it to [1] or "
            f"pass the class scores along an axis.", op=op_name)
    return normalize_axis(-1 if axis is None else axis, x._value.ndim, op_name)[0]


def softmax(logits, axis=None, name=None):
    """exp(logits) / sum(exp(logits), axis); ``axis=None`` means the last axis."""
    x = _floating(logits, "softmax")
    return execute(SOFTMAX, [x], {"axis": _softmax_axis(x, axis, "softmax")})


def log_softmax(logits, axis=None, name=None):
    """logits - log(sum(exp(logits), axis)), computed stably."""
    x = _floating(logits, "log_softmax")
    return execute(LOG_SOFTMAX, [x], {"axis": _softmax_axis(x, axis, "log_softmax")})


# ---------------------------------------------------------------- softmax cross-entropy
def _expand(g, axis):
    shape = list(g._value.shape)
    shape.insert(axis, 1)
    return A.reshape(g, shape)


def _xent_from_log_softmax(labels, logp, axis):
    return -(labels * logp).sum(axis=axis)


def _xent_kernel(logits, labels, axis):
    logp = _log_softmax_kernel(logits, axis)
    return _xent_from_log_softmax(labels, logp, axis), logp


def _with_axis(g, axis):
    """``g`` with a length-1 axis inserted at ``axis`` (a cheap ``expand_dims``)."""
    return g.reshape(g.shape[:axis] + (1,) + g.shape[axis:])


def _xent_grad_vjp(gg, out, g, logits, labels, logp, axis):
    # out = g (p - z):  d/dg = sum(gg (p - z)),  d/dx = softmax VJP of gg g,  d/dz = -gg g.
    p = execute(SOFTMAX, [logits], {"axis": axis})
    a = M.multiply(gg, _expand(g, axis))
    dg = R.reduce_sum(M.multiply(gg, M.subtract(p, labels)), axis)
    return dg, _softmax_grad(a, p, axis), M.negative(a), None


def _xent_labels_grad_vjp(gg, out, g, logits, logp, axis):
    # out = -g log_softmax(x):  d/dg = -sum(gg log_softmax(x)),  d/dx = log-softmax VJP of -gg g.
    y = execute(LOG_SOFTMAX, [logits], {"axis": axis})
    c = M.negative(M.multiply(gg, _expand(g, axis)))
    dg = M.negative(R.reduce_sum(M.multiply(gg, y), axis))
    return dg, _log_softmax_vjp_of(c, y, axis), None


XENT_GRAD = Op("softmax_cross_entropy_grad",
               lambda g, x, z, logp, axis: _with_axis(g, axis) * (xp.exp(logp) - z),
               _xent_grad_vjp)
XENT_LABELS_GRAD = Op("softmax_cross_entropy_labels_grad",
                      lambda g, x, logp, axis: _with_axis(-g, axis) * logp,
                      _xent_labels_grad_vjp)
XENT = Op("softmax_cross_entropy_with_logits", quiet(_xent_kernel),
          lambda g, out, x, z, axis, res: (execute(XENT_GRAD, [g, x, z, res], {"axis": axis}),
                                           execute(XENT_LABELS_GRAD, [g, x, res], {"axis": axis})),
          residual=True)


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits), axis): one loss per example, stable for large logits.

    ``labels`` holds a probability distribution along ``axis`` (e.g. one-hot rows)
    and must broadcast to ``logits``' shape.  Gradients flow to both arguments.
    """
    op_name = "softmax_cross_entropy_with_logits"
    logits = _floating(logits, op_name)
    logits, labels = binary_operands(logits, labels, op_name)
    ax = _softmax_axis(logits, axis, op_name)
    if labels._value.shape != logits._value.shape:
        try:
            xp.broadcast_shapes(labels._value.shape, logits._value.shape)
            ok = len(labels._value.shape) <= len(logits._value.shape)
        except ValueError:
            ok = False
        if not ok:
            raise InvalidArgumentError(
                f"{op_name}: logits and labels must be broadcastable: logits shape="
                f"{logits._value.shape} labels shape={labels._value.shape}. Labels need one "
                f"entry per class (one-hot); for integer class ids use "
                f"sparse_softmax_cross_entropy_with_logits.", op=op_name)
        labels = A.broadcast_to(labels, logits._value.shape)
    return execute(XENT, [logits, labels], {"axis": ax})


# ---------------------------------------------------------------- sparse softmax cross-entropy
def _check_labels(labels, classes):
    # Read as unsigned, a negative id is a huge one: one max finds both kinds of bad label.
    if labels.size and labels.view(f"u{labels.dtype.itemsize}").max() >= classes:
        bad = (labels < 0) | (labels >= classes)
        raise InvalidArgumentError(
            f"sparse_softmax_cross_entropy_with_logits: received a label value of "
            f"{labels[bad].reshape(-1)[0]} which is outside the valid range of [0, {classes}). "
            f"Labels are class ids, one per example.", op="sparse_softmax_cross_entropy_with_logits")


def _label_index(labels):
    """Row and column indices that pick each example's class from a (rows, classes) view."""
    flat = labels.reshape(-1)
    return _row_numbers(flat.shape[0]), flat


def _as_rows(a):
    """``a`` as a (rows, classes) matrix: itself for a batch of examples (no reshape call)."""
    return a if a.ndim == 2 else a.reshape(-1, a.shape[-1])


def _sparse_xent_from_log_softmax(labels, logp):
    """``-logp[..., labels]``: each example's negative log-probability of its class."""
    rows, cols = _label_index(labels)
    picked = -_as_rows(logp)[rows, cols]
    return picked if labels.ndim == 1 else picked.reshape(labels.shape)


def _sparse_kernel(logits, labels):
    _check_labels(labels, logits.shape[-1])
    logp = _log_softmax_kernel(logits, -1)
    return _sparse_xent_from_log_softmax(labels, logp), logp


def _sparse_grad_kernel(g, logits, labels, logp):
    d = xp.exp(logp)  # softmax(x) - one_hot(labels), times the incoming gradient
    rows, cols = _label_index(labels)
    _as_rows(d)[rows, cols] -= 1
    d *= g[..., None]
    return d


ONE_HOT = Op("sparse_cross_entropy_one_hot",
             lambda labels, depth, dtype: (xp.arange(depth) == labels[..., None]).astype(dtype))


def _sparse_grad_vjp(gg, out, g, logits, labels, logp):
    p = execute(SOFTMAX, [logits], {"axis": -1})
    z = execute(ONE_HOT, [labels], {"depth": logits._value.shape[-1], "dtype": logits._value.dtype})
    dg = R.reduce_sum(M.multiply(gg, M.subtract(p, z)), -1)
    return dg, _softmax_grad(M.multiply(gg, _expand(g, g._value.ndim)), p, -1), None, None


SPARSE_GRAD = Op("sparse_softmax_cross_entropy_grad", _sparse_grad_kernel, _sparse_grad_vjp)
SPARSE_XENT = Op("sparse_softmax_cross_entropy_with_logits", _sparse_kernel,
                 lambda g, out, x, labels, res: (execute(SPARSE_GRAD, [g, x, labels, res]), None),
                 residual=True)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """-log_softmax(logits)[..., labels]: the cross-entropy against integer class ids.

    ``labels`` (int32/int64) has the shape of ``logits`` without its last axis;
    each value must lie in ``[0, num_classes)``.  No gradient flows to labels.
    """
    op_name = "sparse_softmax_cross_entropy_with_logits"
    logits = _floating(logits, op_name)
    labels = tensor(labels)
    if labels._value.dtype.kind not in "iu":
        raise InvalidArgumentError(
            f"{op_name}: labels must be integer class ids (int32 or int64), received dtype="
            f"{labels.dtype.name}. For one-hot or probability labels use "
            f"softmax_cross_entropy_with_logits.", op=op_name)
    ls, xs = labels._value.shape, logits._value.shape
    if len(xs) == 0 or ls != xs[:-1]:
        raise InvalidArgumentError(
            f"{op_name}: the shape of labels (received {ls}) should equal the shape of logits "
            f"except for the last dimension (received {xs}).", op=op_name)
    return execute(SPARSE_XENT, [logits, labels])


# ---------------------------------------------------------------- sigmoid cross-entropy
def _sigmoid_xent_kernel(x, z):
    with xp.errstate(over="ignore"):
        return xp.maximum(x, x.dtype.type(0)) - x * z + xp.log1p(xp.exp(-xp.abs(x)))


def _sigmoid_xent_grad_vjp(gg, out, g, x, z):
    # out = g (s - z), s = sigmoid(x):  d/dg = gg (s - z),  d/dx = gg g s (1 - s),  d/dz = -gg g.
    s = M.sigmoid(x)
    a = M.multiply(gg, g)
    return (M.multiply(gg, M.subtract(s, z)), M.multiply(a, M.multiply(s, M.subtract(1, s))),
            M.negative(a))


SIGMOID_XENT_GRAD = Op("sigmoid_cross_entropy_grad",
                       lambda g, x, z: g * (M._sigmoid_kernel(x) - z), _sigmoid_xent_grad_vjp)
SIGMOID_XENT = Op("sigmoid_cross_entropy_with_logits", _sigmoid_xent_kernel,
                  lambda g, out, x, z: (execute(SIGMOID_XENT_GRAD, [g, x, z]),
                                        M.multiply(M.negative(g), x)))


def _same_shape(labels, logits, op_name):
    logits = _floating(logits, op_name)
    logits, labels = binary_operands(logits, labels, op_name)
    if labels._value.shape != logits._value.shape:
        raise InvalidArgumentError(
            f"{op_name}: logits and labels must have the same shape, received "
            f"({logits._value.shape} vs {labels._value.shape}).", op=op_name)
    return labels, logits


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Elementwise -z log(sigmoid(x)) - (1 - z) log(1 - sigmoid(x)), without overflow."""
    labels, logits = _same_shape(labels, logits, "sigmoid_cross_entropy_with_logits")
    return execute(SIGMOID_XENT, [logits, labels])


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy whose positive term is weighted by ``pos_weight``."""
    op_name = "weighted_cross_entropy_with_logits"
    labels, logits = _same_shape(labels, logits, op_name)
    pos_weight = binary_operands(logits, pos_weight, op_name)[1]
    # (1 - z) x + (1 + (q - 1) z) (log1p(e^-|x|) + max(-x, 0)), as TF computes it.
    weight = M.add(M.multiply(M.subtract(pos_weight, 1), labels), 1)
    soft = M.add(M.log1p(M.exp(M.negative(M.abs(logits)))), M.maximum(M.negative(logits), 0))
    return M.add(M.multiply(M.subtract(1, labels), logits), M.multiply(weight, soft))


__all__ = [
    "softmax", "log_softmax", "softmax_cross_entropy_with_logits",
    "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
    "weighted_cross_entropy_with_logits",
]


# ---------------------------------------------------------------- softmax + cross-entropy in a trace
# A Keras classifier computes softmax(logits) for its output and the cross-entropy of the same
# logits for its loss.  Both start with exp(logits - max): in a compiled step they run as one
# kernel that computes the exponentials once.  Each output is computed exactly as the separate
# kernels compute it (same operations, same order), so the fused program's numbers are the
# unfused ones bit for bit.
def _softmax_and_log_softmax(x, axis):
    s = x - _max_along(x, axis)
    e = xp.exp(s)
    total = e.sum(axis=axis, keepdims=True)
    e /= total                  # softmax, as _softmax_kernel
    s -= xp.log(total)          # log-softmax, as _log_softmax_kernel
    return e, s


def _softmax_with_cross_entropy(x, labels, axis):
    p, logp = _softmax_and_log_softmax(x, axis)
    return p, _xent_from_log_softmax(labels, logp, axis), logp


def _softmax_with_sparse_cross_entropy(x, labels, axis):
    _check_labels(labels, x.shape[-1])
    p, logp = _softmax_and_log_softmax(x, axis)
    return p, _sparse_xent_from_log_softmax(labels, logp), logp


def _same_axis(softmax_attrs, xent_attrs, x):
    return softmax_attrs if softmax_attrs["axis"] == xent_attrs["axis"] else None


def _last_axis(softmax_attrs, xent_attrs, x):
    return softmax_attrs if softmax_attrs["axis"] == x.ndim - 1 else None


fuse_siblings(SOFTMAX, XENT, _softmax_with_cross_entropy, _same_axis)
fuse_siblings(SOFTMAX, SPARSE_XENT, _softmax_with_sparse_cross_entropy, _last_axis)

"""Reductions over axes: sums, means, extrema, products, and friends.

Every reduction ``y = R(x, axis)`` maps a block of elements to one value, so
its VJP first re-inserts the reduced axes into ``g`` (``_restore_reduced``) and
then spreads ``g`` over each block:

* sum: ``dx = g`` broadcast;  mean: ``dx = g / n`` (``n`` elements per block);
* max/min: ``dx = g * [x == y] / count(x == y)``, so ties share the gradient
  evenly, as TensorFlow does;
* logsumexp: ``dx = g * exp(x - y)`` (the softmax of the block);
* euclidean norm: ``dx = g * x / y``;
* prod along one axis: ``dx_i = g * prod_{j<i} x_j * prod_{j>i} x_j``, the two
  exclusive cumulative products, which stays exact when some ``x_j`` is zero
  (a multi-axis product is a chain of one-axis products).

Variance and standard deviation are compositions of means and need no VJP of
their own.  Cumulative sums, sorting and top-k live in ``scan_ops``.
"""

from ..backend import as_dtype, xp
from ..engine.op import Op, execute
from ..errors import InvalidArgumentError
from . import array_ops as A
from . import math_ops as M
from ._helpers import normalize_axis, require, tensor
from .scan_ops import __all__ as _scan_all
from .scan_ops import argsort, cumprod, cumsum, sort, top_k  # noqa: F401

_NUMERIC = "fciu"
_REAL = "fiu"


def _axes(x, axis, op_name):
    """Normalise ``axis`` as TF does: unique, in range, and no axes at all for a scalar."""
    ndim = x._value.ndim
    if axis is not None and ndim == 0 and not (isinstance(axis, (list, tuple)) and not axis):
        raise InvalidArgumentError(
            f"{op_name}: axis={axis!r} is invalid for a scalar (rank 0) input; a scalar has no "
            "axes to reduce. Pass axis=None.", op=op_name)
    axes = normalize_axis(axis, ndim, op_name)
    if axes is not None and len(set(axes)) != len(axes):
        raise InvalidArgumentError(
            f"{op_name}: axis={axis!r} names the same dimension twice (rank {ndim} input); each "
            "axis may appear only once.", op=op_name)
    return axes


def _restore_reduced(g, x, axis, keepdims):
    """Reshape ``g`` so it broadcasts against ``x`` again (re-insert reduced axes)."""
    if keepdims or axis is None and g._value.ndim == x._value.ndim:
        return g
    shape = list(x._value.shape)
    for a in (range(x._value.ndim) if axis is None else axis):
        shape[a] = 1
    return A.reshape(g, shape)


def _block_size(x, axis):
    shape = x._value.shape
    n = 1
    for a in (range(len(shape)) if axis is None else axis):
        n *= shape[a]
    return n


def _check_dtype(x, kinds, op_name, what):
    if x._value.dtype.kind == "b" and "b" not in kinds:
        raise InvalidArgumentError(
            f"{op_name}: bool tensors are not supported (as in TensorFlow). Cast first, e.g. "
            f"{op_name}(saessak.cast(x, saessak.int32)), or use saessak.math.count_nonzero / "
            "saessak.reduce_any for counting and testing.", op=op_name)
    require(x, kinds, op_name, what)


def _reduction(op, input_tensor, axis, keepdims, kinds, what):
    x = tensor(input_tensor)
    _check_dtype(x, kinds, op.name, what)
    return execute(op, [x], {"axis": _axes(x, axis, op.name), "keepdims": bool(keepdims)})


# ---------------------------------------------------------------- sum and mean
def _sum_kernel(x, axis=None, keepdims=False):
    if x.ndim == 0 and x.dtype.kind in "iufc":  # a scalar (a loss being tracked): 0 + x, as sum does
        return x + x.dtype.type(0)
    return x.sum(axis=axis, keepdims=keepdims, dtype=x.dtype if x.dtype.kind != "b" else None)


SUM = Op("reduce_sum", _sum_kernel, lambda g, out, x, axis=None, keepdims=False: (
    A.broadcast_to(_restore_reduced(g, x, axis, keepdims), x._value.shape),))


def _mean_kernel(x, axis=None, keepdims=False):
    if x.dtype.kind in "iu":
        # Accumulate wide, then divide truncating toward zero and return the input dtype (TF).
        s = xp.sum(x, axis=axis, keepdims=keepdims, dtype=xp.uint64 if x.dtype.kind == "u" else xp.int64)
        n = max(x.size // s.size, 1) if s.size else 1
        q = xp.where(s < 0, -((-s) // n), s // n) if x.dtype.kind == "i" else s // n
        return q.astype(x.dtype)
    with xp.errstate(all="ignore"):  # float16 may overflow, as in TF; an empty block gives nan
        s = xp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
        n = x.size // s.size if s.size else 1
        return s / x.dtype.type(n)


def _mean_vjp(g, out, x, axis=None, keepdims=False):
    n = max(_block_size(x, axis), 1)
    g = A.broadcast_to(_restore_reduced(g, x, axis, keepdims), x._value.shape)
    return (M.multiply(g, 1.0 / n),)


MEAN = Op("reduce_mean", _mean_kernel, _mean_vjp)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across ``axis`` (all axes when None); integers wrap as in TF."""
    return _reduction(SUM, input_tensor, axis, keepdims, _NUMERIC, "a numeric")


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean across ``axis``; an integer tensor gives an integer mean, truncated toward zero."""
    return _reduction(MEAN, input_tensor, axis, keepdims, _NUMERIC, "a numeric")


# ---------------------------------------------------------------- max and min
def _extremum_kernel(fn, lowest):
    def kernel(x, axis=None, keepdims=False):
        # `initial` gives TF's result on empty blocks (-inf / the dtype's minimum for max).
        info = xp.finfo(x.dtype) if x.dtype.kind == "f" else xp.iinfo(x.dtype)
        start = (-xp.inf if lowest else xp.inf) if x.dtype.kind == "f" else (info.min if lowest else info.max)
        return fn(x, axis=axis, keepdims=keepdims, initial=start)
    return kernel


def _extremum_vjp(g, out, x, axis=None, keepdims=False):
    # Every element equal to the extremum gets an equal share of g.
    hit = M.cast(M.equal(x, _restore_reduced(out, x, axis, keepdims)), x._value.dtype)
    count = reduce_sum(hit, axis, keepdims=True)
    return (M.multiply(hit, M.divide(_restore_reduced(g, x, axis, keepdims), count)),)


MAX = Op("reduce_max", _extremum_kernel(xp.max, True), _extremum_vjp)
MIN = Op("reduce_min", _extremum_kernel(xp.min, False), _extremum_vjp)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum across ``axis``; an empty block gives -inf (floats) or the dtype's minimum."""
    return _reduction(MAX, input_tensor, axis, keepdims, _REAL, "a real numeric")


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum across ``axis``; an empty block gives +inf (floats) or the dtype's maximum."""
    return _reduction(MIN, input_tensor, axis, keepdims, _REAL, "a real numeric")


# ---------------------------------------------------------------- product
def _prod_vjp(g, out, x, axis=None, keepdims=False):
    # Only ever called with one axis: reduce_prod chains one-axis products.
    (a,) = axis
    left = cumprod(x, a, exclusive=True)
    right = cumprod(x, a, exclusive=True, reverse=True)
    return (M.multiply(_restore_reduced(g, x, axis, keepdims), M.multiply(left, right)),)


PROD = Op("reduce_prod", lambda x, axis=None, keepdims=False: xp.prod(
    x, axis=axis, keepdims=keepdims, dtype=x.dtype), _prod_vjp)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product of elements across ``axis``."""
    x = tensor(input_tensor)
    _check_dtype(x, _NUMERIC, "reduce_prod", "a numeric")
    axes = _axes(x, axis, "reduce_prod")
    keepdims = bool(keepdims)
    if axes is None:
        if x._value.ndim == 0:
            return execute(PROD, [x], {"axis": None, "keepdims": keepdims})
        # Flatten (a free view) and take one product, so the VJP is one pair of cumprods.
        y = execute(PROD, [A.reshape(x, [-1])], {"axis": (0,), "keepdims": False})
        return A.reshape(y, [1] * x._value.ndim) if keepdims else y
    if len(axes) == 1:
        return execute(PROD, [x], {"axis": axes, "keepdims": keepdims})
    y = x
    for a in axes:  # keep the reduced axes so the remaining indices stay valid
        y = execute(PROD, [y], {"axis": (a,), "keepdims": True})
    if not keepdims:
        y = A.reshape(y, [d for i, d in enumerate(x._value.shape) if i not in axes])
    return y


# ---------------------------------------------------------------- logsumexp, norm
def _logsumexp_kernel(x, axis=None, keepdims=False):
    with xp.errstate(all="ignore"):
        # Subtract the block maximum (0 where it is infinite) so exp cannot overflow.
        m = xp.max(x, axis=axis, keepdims=True, initial=-xp.inf)
        m = xp.where(xp.isfinite(m), m, 0).astype(x.dtype)
        out = xp.log(xp.sum(xp.exp(x - m), axis=axis, keepdims=True)) + m
    if not keepdims:
        out = xp.squeeze(out, axis=axis)
    return out.astype(x.dtype, copy=False)


LOGSUMEXP = Op("reduce_logsumexp", _logsumexp_kernel, lambda g, out, x, axis=None, keepdims=False: (
    M.multiply(_restore_reduced(g, x, axis, keepdims),
               M.exp(M.subtract(x, _restore_reduced(out, x, axis, keepdims)))),))


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """``log(sum(exp(x)))`` across ``axis``, computed stably by subtracting the maximum."""
    return _reduction(LOGSUMEXP, input_tensor, axis, keepdims, "f", "a floating")


def _euclidean_kernel(x, axis=None, keepdims=False):
    if x.dtype.kind in "iu":  # integer norm: sqrt of the exact sum of squares, truncated (TF)
        s = xp.sum(xp.square(x.astype(xp.float64)), axis=axis, keepdims=keepdims)
        return xp.trunc(xp.sqrt(s)).astype(x.dtype)
    return xp.sqrt(xp.sum(xp.square(x), axis=axis, keepdims=keepdims, dtype=x.dtype))


EUCLIDEAN_NORM = Op("reduce_euclidean_norm", _euclidean_kernel,
                    lambda g, out, x, axis=None, keepdims=False: (M.multiply(
                        x, M.divide(_restore_reduced(g, x, axis, keepdims),
                                    _restore_reduced(out, x, axis, keepdims))),))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """``sqrt(sum(x**2))`` across ``axis`` (integers: truncated, as TF)."""
    return _reduction(EUCLIDEAN_NORM, input_tensor, axis, keepdims, _REAL, "a real numeric")


# ---------------------------------------------------------------- variance and std (composites)
def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Population variance ``mean((x - mean(x))**2)`` across ``axis`` (``tf.math``)."""
    x = tensor(input_tensor)
    _check_dtype(x, "f", "reduce_variance", "a floating")
    axes = _axes(x, axis, "reduce_variance")
    centred = M.subtract(x, reduce_mean(x, axes, keepdims=True))
    return reduce_mean(M.square(centred), axes, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Population standard deviation across ``axis`` (``tf.math``)."""
    x = tensor(input_tensor)
    _check_dtype(x, "f", "reduce_std", "a floating")
    return M.sqrt(reduce_variance(x, axis, keepdims))


# ---------------------------------------------------------------- logical reductions
ANY = Op("reduce_any", lambda x, axis=None, keepdims=False: xp.any(x, axis=axis, keepdims=keepdims))
ALL = Op("reduce_all", lambda x, axis=None, keepdims=False: xp.all(x, axis=axis, keepdims=keepdims))


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical or across ``axis`` (bool input only)."""
    return _reduction(ANY, input_tensor, axis, keepdims, "b", "a bool")


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical and across ``axis`` (bool input only)."""
    return _reduction(ALL, input_tensor, axis, keepdims, "b", "a bool")


# ---------------------------------------------------------------- counting and arg-extrema
COUNT_NONZERO = Op("count_nonzero", lambda x, axis=None, keepdims=False, dtype=None: xp.asarray(
    xp.count_nonzero(x, axis=axis, keepdims=keepdims)).astype(dtype))


def count_nonzero(input, axis=None, keepdims=None, dtype="int64", name=None):  # noqa: A002
    """Number of non-zero (or True) elements across ``axis``, as ``dtype`` (int64)."""
    x = tensor(input)
    return execute(COUNT_NONZERO, [x], {"axis": _axes(x, axis, "count_nonzero"),
                                        "keepdims": bool(keepdims), "dtype": as_dtype(dtype)._np})


_ARG_TYPES = ("int16", "uint16", "int32", "int64")
ARGMAX = Op("argmax", lambda x, axis=0, dtype=None: x.argmax(axis=axis).astype(dtype, copy=False))
ARGMIN = Op("argmin", lambda x, axis=0, dtype=None: xp.argmin(x, axis=axis).astype(dtype))


def _arg_extremum(op, x, axis, output_type):
    x = tensor(x)
    name = op.name
    _check_dtype(x, "fiub", name, "a real numeric or bool")
    out_dtype = as_dtype(output_type)
    if out_dtype.name not in _ARG_TYPES:
        raise InvalidArgumentError(
            f"{name}: output_type must be one of {', '.join(_ARG_TYPES)}, received "
            f"{out_dtype.name}.", op=name)
    if x._value.ndim == 0:
        raise InvalidArgumentError(
            f"{name}: input must have rank >= 1, received a scalar. Reshape it first.", op=name)
    if axis is None:
        axis = 0
    if isinstance(axis, (list, tuple)) or getattr(axis, "ndim", 0):
        raise InvalidArgumentError(
            f"{name}: axis must be a single int, received axis={axis!r}. Reduce one axis at a "
            "time.", op=name)
    (a,) = _axes(x, axis, name)
    if x._value.shape[a] == 0:
        raise InvalidArgumentError(
            f"{name}: reduction axis {a} is empty in shape={x._value.shape}.", op=name)
    return execute(op, [x], {"axis": a, "dtype": out_dtype._np})


def argmax(input, axis=None, output_type="int64", name=None):  # noqa: A002
    """Index of the largest value along ``axis`` (default 0); the first one on ties."""
    return _arg_extremum(ARGMAX, input, axis, output_type)


def argmin(input, axis=None, output_type="int64", name=None):  # noqa: A002
    """Index of the smallest value along ``axis`` (default 0); the first one on ties."""
    return _arg_extremum(ARGMIN, input, axis, output_type)


__all__ = [
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_logsumexp",
    "reduce_euclidean_norm", "reduce_variance", "reduce_std", "reduce_any", "reduce_all",
    "count_nonzero", "argmax", "argmin",
] + list(_scan_all)

# TensorFlow has these in tf.math only (not at the top level of tf).
_MATH_ONLY = ("reduce_std", "reduce_variance", "reduce_euclidean_norm", "count_nonzero", "cumprod",
              "top_k")

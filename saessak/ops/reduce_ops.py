"""Reductions over axes: sums, means, extrema, products, and friends.

The VJP of a sum broadcasts the gradient back over the reduced axes; a mean
also divides by the count; max/min send it to the elements that attained the
extremum (split evenly between ties, as TF does).
"""

from ..backend import xp
from ..engine.op import Op, execute
from . import array_ops as A
from ._helpers import normalize_axis, tensor


def _restore_reduced(g, x, axis, keepdims):
    """Reshape ``g`` so it broadcasts against ``x`` again (re-insert reduced axes)."""
    if keepdims or axis is None and g._value.ndim == x._value.ndim:
        return g
    shape = list(x._value.shape)
    for a in (range(x._value.ndim) if axis is None else axis):
        shape[a] = 1
    return A.reshape(g, shape)


def _sum_kernel(x, axis=None, keepdims=False):
    return xp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype if x.dtype.kind != "b" else None)


SUM = Op("reduce_sum", _sum_kernel, lambda g, out, x, axis=None, keepdims=False: (
    A.broadcast_to(_restore_reduced(g, x, axis, keepdims), x._value.shape),))


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    x = tensor(input_tensor)
    axis = normalize_axis(axis, x._value.ndim, "reduce_sum")
    return execute(SUM, [x], {"axis": axis, "keepdims": bool(keepdims)})


__all__ = ["reduce_sum"]

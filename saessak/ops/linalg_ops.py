"""Linear algebra: matmul (batched), tensordot, einsum.

For ``C = A @ B`` the VJPs are ``dA = G @ B^T`` and ``dB = A^T @ G``; batch
dimensions that were broadcast are summed back with ``sum_to``.
"""

from ..backend import xp
from ..engine.op import Op, execute
from ..errors import InvalidArgumentError
from . import array_ops as A
from ._helpers import binary_operands


def _mt(x):
    return xp.swapaxes(x, -1, -2)


def _matmul_kernel(a, b, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = _mt(a)
    if transpose_b:
        b = _mt(b)
    return xp.matmul(a, b)


def _matmul_vjp(g, out, a, b, transpose_a=False, transpose_b=False):
    # Work out dA and dB for C = op(A) @ op(B), then undo the transposes.
    if not transpose_a:
        ga = matmul(g, b, transpose_b=not transpose_b)
    else:
        ga = matmul(b, g, transpose_a=transpose_b, transpose_b=True)
    if not transpose_b:
        gb = matmul(a, g, transpose_a=not transpose_a)
    else:
        gb = matmul(g, a, transpose_a=True, transpose_b=transpose_a)
    if ga._value.shape != a._value.shape:
        ga = A.sum_to(ga, a._value.shape)
    if gb._value.shape != b._value.shape:
        gb = A.sum_to(gb, b._value.shape)
    return ga, gb


MATMUL = Op("matmul", _matmul_kernel, _matmul_vjp)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """Matrix product of the last two axes, batched over the leading axes."""
    a, b = binary_operands(a, b, "matmul")
    ta, tb = bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b)
    sa, sb = a._value.shape, b._value.shape
    if len(sa) < 2 or len(sb) < 2:
        raise InvalidArgumentError(
            f"matmul: both inputs must have rank >= 2, received a with shape={sa} and b with "
            f"shape={sb}. Use saessak.expand_dims or saessak.tensordot for vectors.", op="matmul")
    k_a = sa[-2] if ta else sa[-1]
    k_b = sb[-1] if tb else sb[-2]
    if k_a != k_b:
        raise InvalidArgumentError(
            f"matmul: inner dimensions differ: a has shape={sa}{' (transposed)' if ta else ''} and b has "
            f"shape={sb}{' (transposed)' if tb else ''}; {k_a} != {k_b}.", op="matmul")
    attrs = None
    if ta or tb:
        attrs = {"transpose_a": ta, "transpose_b": tb}
    return execute(MATMUL, [a, b], attrs)

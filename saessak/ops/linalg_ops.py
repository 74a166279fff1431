"""Linear algebra: matmul (batched), tensordot, matvec, einsum, norms, trace, diag, inv, det.

For ``C = A @ B`` the VJPs are ``dA = G @ B^T`` and ``dB = A^T @ G``; batch
dimensions that were broadcast are summed back with ``sum_to``.

``tensordot`` is a transpose, a reshape to two matrices and one matmul, so its
gradient is the chain of theirs.  Trace, diagonals and ``diag`` are einsums
(``'...ii->...'``, ``'...ii->...i'``, ``'...i,ij->...ij'``), norms are reductions:
none of them needs a VJP of its own.

For the inverse ``Y = X^-1``: ``dX = -Y^T G Y^T`` (differentiate ``X Y = I``).
For the determinant: ``d det(X) / dX = det(X) X^-T`` (Jacobi's formula).
The spectral norm (``ord=2`` over a matrix) has ``d sigma_max = u v^T`` for the top
singular vectors; that VJP is first-order only.
"""

from ..backend import as_dtype, xp
from ..backend.blas import threads_for
from ..engine.op import Op, execute
from ..errors import InvalidArgumentError, UnsupportedAPIError
from . import array_ops as A
from . import math_ops as M
from . import reduce_ops as R
from ._helpers import binary_operands, normalize_axis, require
from ._helpers import tensor as _t
from .einsum_ops import einsum

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _mt(x):
    return x.swapaxes(-1, -2)


# ---------------------------------------------------------------- matmul
def _matmul_kernel(a, b, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = _mt(a)
    if transpose_b:
        b = _mt(b)
    threads_for(a.size * b.shape[-1])  # small products run on one BLAS thread (see backend.blas)
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
_MATMUL_DTYPES = ("float16", "float32", "float64", "int32", "int64", "uint8", "uint16", "uint32",
                  "uint64", "complex64", "complex128")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None):
    """Matrix product of the last two axes, batched (and broadcast) over the leading axes."""
    a, b = binary_operands(a, b, "matmul")
    if output_type is not None and as_dtype(output_type) != a.dtype:
        a, b = M.cast(a, output_type), M.cast(b, output_type)  # e.g. int8 x int8 -> int32
    if a.dtype.name not in _MATMUL_DTYPES:
        raise InvalidArgumentError(
            f"matmul: dtype {a.dtype.name} is not supported (supported: {', '.join(_MATMUL_DTYPES)}). "
            "Cast the inputs, or pass output_type=saessak.int32 for small integer types.", op="matmul")
    if (adjoint_a or adjoint_b) and a.dtype.is_complex:
        raise UnsupportedAPIError("saessak.matmul with adjoint_a/adjoint_b on complex inputs")
    ta, tb = bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b)  # adjoint = transpose (real)
    sa, sb = a._value.shape, b._value.shape
    if len(sa) < 2 or len(sb) < 2:
        raise InvalidArgumentError(
            f"matmul: both inputs must have rank >= 2, received a with shape={sa} and b with "
            f"shape={sb}. Use saessak.linalg.matvec, saessak.expand_dims or saessak.tensordot "
            "for vectors.", op="matmul")
    k_a = sa[-2] if ta else sa[-1]
    k_b = sb[-1] if tb else sb[-2]
    if k_a != k_b:
        raise InvalidArgumentError(
            f"matmul: inner dimensions differ: a has shape={sa}{' (transposed)' if ta else ''} and b has "
            f"shape={sb}{' (transposed)' if tb else ''}; {k_a} != {k_b}.", op="matmul")
    for da, db in zip(reversed(sa[:-2]), reversed(sb[:-2])):
        if da != db and 1 not in (da, db):
            raise InvalidArgumentError(
                f"matmul: batch dimensions of a (shape={sa}) and b (shape={sb}) do not broadcast: "
                f"{sa[:-2]} vs {sb[:-2]}.", op="matmul")
    attrs = None
    if ta or tb:
        attrs = {"transpose_a": ta, "transpose_b": tb}
    return execute(MATMUL, [a, b], attrs)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix times vector over the last axes: ``(..., m, n) x (..., n) -> (..., m)``."""
    a, b = binary_operands(a, b, "matvec")
    if b._value.ndim < 1:
        raise InvalidArgumentError(
            f"matvec: b must have rank >= 1, received shape={b._value.shape}.", op="matvec")
    out = matmul(a, A.reshape(b, b._value.shape + (1,)), transpose_a=transpose_a, adjoint_a=adjoint_a)
    return A.reshape(out, out._value.shape[:-1])


# ---------------------------------------------------------------- tensordot
def _permute(x, perm):
    """``transpose(x, perm)``, skipped when ``perm`` is the identity."""
    if list(perm) == sorted(perm):
        return x
    return A.transpose(x, list(perm))


def _tensordot_axes(axes, ra, rb):
    if hasattr(axes, "_concrete"):
        axes = axes._concrete("int").tolist()
    elif hasattr(axes, "tolist"):
        axes = axes.tolist()
    if isinstance(axes, int):
        if not 0 <= axes <= min(ra, rb):
            raise InvalidArgumentError(
                f"tensordot: axes={axes} must be between 0 and the rank of each input "
                f"(a has rank {ra}, b has rank {rb}).", op="tensordot")
        return list(range(ra - axes, ra)), list(range(axes))
    if not isinstance(axes, (list, tuple)) or len(axes) != 2:
        raise InvalidArgumentError(
            f"tensordot: axes must be an int or a pair [axes_a, axes_b], received {axes!r}.",
            op="tensordot")
    pa, pb = ([int(p)] if xp.ndim(p) == 0 else [int(i) for i in p] for p in axes)
    if len(pa) != len(pb):
        raise InvalidArgumentError(
            f"tensordot: axes_a={pa} and axes_b={pb} must have the same length.", op="tensordot")
    return list(normalize_axis(pa, ra, "tensordot")), list(normalize_axis(pb, rb, "tensordot"))


def tensordot(a, b, axes, name=None):
    """Sum products of ``a`` and ``b`` over the paired axes ``axes`` (``tf.tensordot``).

    ``axes=N`` pairs the last N axes of ``a`` with the first N of ``b``; ``axes=[[1], [0]]``
    names them.  The result has a's free axes then b's free axes.
    """
    a, b = binary_operands(a, b, "tensordot")
    sa, sb = a._value.shape, b._value.shape
    ca, cb = _tensordot_axes(axes, len(sa), len(sb))
    if len(set(ca)) != len(ca) or len(set(cb)) != len(cb):
        raise InvalidArgumentError(
            f"tensordot: an axis is repeated in axes_a={ca} or axes_b={cb}.", op="tensordot")
    for i, j in zip(ca, cb):
        if sa[i] != sb[j]:
            raise InvalidArgumentError(
                f"tensordot: a has shape={sa} and b has shape={sb}; axis {i} of a (size {sa[i]}) "
                f"cannot be contracted with axis {j} of b (size {sb[j]}).", op="tensordot")
    fa = [i for i in range(len(sa)) if i not in ca]
    fb = [j for j in range(len(sb)) if j not in cb]
    k = 1
    for i in ca:
        k *= sa[i]
    m = 1
    for i in fa:
        m *= sa[i]
    n = 1
    for j in fb:
        n *= sb[j]
    a2 = A.reshape(_permute(a, fa + ca), (m, k))
    b2 = A.reshape(_permute(b, cb + fb), (k, n))
    return A.reshape(matmul(a2, b2), [sa[i] for i in fa] + [sb[j] for j in fb])


# ---------------------------------------------------------------- trace and diagonals
def _matrix_arg(x, op_name, kinds="fciu"):
    x = _t(x)
    require(x, kinds, op_name, "a floating" if kinds == "f" else "a numeric")
    if x._value.ndim < 2:
        raise InvalidArgumentError(
            f"{op_name}: input must be at least 2-dim (a matrix or a batch of matrices), received "
            f"shape={x._value.shape}.", op=op_name)
    return x


def _square_block(x):
    m = min(x._value.shape[-2:])
    if x._value.shape[-2:] != (m, m):
        x = A.getitem(x, (Ellipsis, slice(0, m), slice(0, m)))
    return x


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    """The main diagonal of each matrix in the last two axes: shape ``(..., min(M, N))``."""
    if k != 0:
        raise UnsupportedAPIError("saessak.linalg.diag_part with k != 0")
    return einsum("...ii->...i", _square_block(_matrix_arg(input, "diag_part")))


def trace(x, name=None):
    """Sum of the main diagonal of each matrix in the last two axes."""
    x = _square_block(_matrix_arg(x, "trace"))
    return einsum("...ii->...", x)


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Square matrices with ``diagonal`` (last axis) on the main diagonal: ``(..., N) -> (..., N, N)``."""
    if k != 0 or num_rows != -1 or num_cols != -1:
        raise UnsupportedAPIError("saessak.linalg.diag with k, num_rows or num_cols")
    v = _t(diagonal)
    if v._value.ndim < 1:
        raise InvalidArgumentError(
            f"diag: diagonal must be at least 1-dim, received shape={v._value.shape}.", op="diag")
    n = v._value.shape[-1]
    eye = A.eye(n, dtype=v.dtype)
    return einsum("...i,ij->...ij", v, eye)


# ---------------------------------------------------------------- inverse and determinant
def _matrix_transpose(x):
    n = x._value.ndim
    return A.transpose(x, list(range(n - 2)) + [n - 1, n - 2])


def _inv_kernel(x):
    try:
        return xp.linalg.inv(x)
    except xp.linalg.LinAlgError:
        raise InvalidArgumentError(
            f"inv: input is not invertible (a matrix of the batch of shape={x.shape} is singular).",
            op="inv") from None


INV = Op("inv", _inv_kernel, lambda g, out, x: (M.negative(
    matmul(out, matmul(g, out, transpose_b=True), transpose_a=True)),))


def _square_float(x, op_name):
    x = _matrix_arg(x, op_name, "f")
    if x._value.shape[-1] != x._value.shape[-2]:
        raise InvalidArgumentError(
            f"{op_name}: input must be square in its last two axes, received shape={x._value.shape}.",
            op=op_name)
    return x


def inv(input, adjoint=False, name=None):  # noqa: A002
    """Inverse of each square matrix in the last two axes (``adjoint=True``: of its transpose)."""
    x = _square_float(input, "inv")
    out = execute(INV, [x])
    return _matrix_transpose(out) if adjoint else out


def _det_vjp(g, out, x):
    # Jacobi: d det / dX = det * X^-T.  inv raises on singular X, as TF does.
    scale = A.reshape(M.multiply(g, out), out._value.shape + (1, 1))
    xinv = execute(INV, [x])
    return (M.multiply(scale, _matrix_transpose(xinv)),)


DET = Op("det", lambda x: xp.asarray(xp.linalg.det(x)), _det_vjp)


def det(input, name=None):  # noqa: A002
    """Determinant of each square matrix in the last two axes."""
    return execute(DET, [_square_float(input, "det")])


# ---------------------------------------------------------------- norms
def _spectral_kernel(x, axes):
    m = xp.moveaxis(x, axes, (-2, -1))
    s = xp.linalg.svd(m, compute_uv=False)[..., 0]
    return xp.expand_dims(s, tuple(sorted(axes))).astype(x.dtype, copy=False)


def _top_singular_kernel(x, axes):
    u, _, vt = xp.linalg.svd(xp.moveaxis(x, axes, (-2, -1)))
    uv = u[..., :, :1] * vt[..., :1, :]  # u1 v1^T
    return xp.moveaxis(uv, (-2, -1), axes).astype(x.dtype, copy=False)


TOP_SINGULAR = Op("top_singular_outer", _top_singular_kernel)
SPECTRAL_NORM = Op("spectral_norm", _spectral_kernel, lambda g, out, x, axes: (
    M.multiply(g, execute(TOP_SINGULAR, [x], {"axes": axes})),))

_VECTOR_ORDS = ("euclidean", 1, 2, xp.inf)
_MATRIX_ORDS = ("euclidean", "fro", 1, 2, xp.inf)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    """Vector or matrix norm (``tf.norm``).

    ``axis=None`` or an int: a vector norm, ``ord`` in 'euclidean', 1, 2, inf or any p > 0.
    ``axis`` a pair of ints: a matrix norm per batch element, ``ord`` in 'euclidean'/'fro'
    (Frobenius), 1 (max column sum), inf (max row sum) or 2 (largest singular value).
    """
    x = _t(tensor)
    require(x, "f", "norm", "a floating")
    ndim = x._value.ndim
    is_matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if is_matrix:
        axes = normalize_axis(axis, ndim, "norm")
        if axes[0] == axes[1] or not all(isinstance(a, int) for a in axis):
            raise InvalidArgumentError(
                f"norm: 'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis!r}.",
                op="norm")
        if not any(ord == o and type(ord) is not bool for o in _MATRIX_ORDS):
            raise InvalidArgumentError(
                f"norm: 'ord' must be a supported matrix norm ('euclidean', 'fro', 1, 2, inf), got "
                f"{ord!r}.", op="norm")
    else:
        if not (axis is None or isinstance(axis, int)):
            raise InvalidArgumentError(
                f"norm: 'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis!r}.",
                op="norm")
        ok = ord in _VECTOR_ORDS or (isinstance(ord, (int, float)) and not isinstance(ord, bool)
                                     and ord > 0)
        if not ok or isinstance(ord, str) and ord != "euclidean":
            raise InvalidArgumentError(
                f"norm: 'ord' must be a supported vector norm ('euclidean', 1, 2, inf, or a real "
                f"p > 0), got {ord!r}.", op="norm")
        axes = None if axis is None else normalize_axis(axis, ndim, "norm")
    if ord in ("fro", "euclidean") or (ord == 2 and not is_matrix):
        result = M.sqrt(R.reduce_sum(M.multiply(x, x), axes, keepdims=True))
    elif ord == 2:
        result = execute(SPECTRAL_NORM, [x], {"axes": axes})
    else:
        a = M.abs(x)
        if ord == 1 and is_matrix:  # largest column sum
            result = R.reduce_max(R.reduce_sum(a, axes[0], keepdims=True), axes[1], keepdims=True)
        elif ord == 1:
            result = R.reduce_sum(a, axes, keepdims=True)
        elif ord == xp.inf and is_matrix:  # largest row sum
            result = R.reduce_max(R.reduce_sum(a, axes[1], keepdims=True), axes[0], keepdims=True)
        elif ord == xp.inf:
            result = R.reduce_max(a, axes, keepdims=True)
        else:
            result = M.pow(R.reduce_sum(M.pow(a, float(ord)), axes, keepdims=True), 1.0 / ord)
    if not keepdims:
        kept = [] if axes is None else [d for i, d in enumerate(x._value.shape) if i not in axes]
        result = A.reshape(result, kept)
    return result


__all__ = ["matmul", "matvec", "tensordot", "einsum", "norm", "trace", "diag", "diag_part", "inv", "det"]

# TensorFlow has these in tf.linalg only (not at the top level of tf).
_LINALG_ONLY = ("matvec", "trace", "diag", "diag_part", "inv", "det")

"""A Dense layer's ``activation(x @ W + b)`` as one kernel (TensorFlow's ``_FusedMatMul``).

Written as three ops, a Dense layer allocates the product, then a second array
for ``+ b`` and a third for the relu, and a compiled step pays three kernel
calls.  The fused kernel adds the bias and applies the relu in the product's own
memory.  The arithmetic is the unfused ops' (the same product, one rounding for
the addition, an exact ``max(y, 0)``), so the values are bit-for-bit theirs.

The VJP is the three VJPs in a row.  The relu's mask is read off the output
(``y > 0`` exactly where ``x @ W + b > 0``), so the pre-activation never has to
be kept::

    g' = g * (y > 0)      (relu only)
    dx = g' @ W^T      dW = x^T @ g'      db = sum of g' over the batch
"""

from ..backend import xp
from ..backend.blas import threads_for
from ..engine.op import Op, execute
from . import array_ops as A
from .linalg_ops import matmul
from .nn_ops import RELU_GRAD

ACTIVATIONS = (None, "relu")


def _dense_kernel(x, kernel, bias, activation):
    threads_for(x.size * kernel.shape[-1])
    y = xp.matmul(x, kernel)
    y += bias                                  # as add(matmul(x, kernel), bias)
    if activation == "relu":
        xp.maximum(y, y.dtype.type(0), out=y)  # as relu(...)
    return y


def _dense_vjp(g, out, x, kernel, bias, activation):
    if activation == "relu":
        g = execute(RELU_GRAD, [g, out])
    return (matmul(g, kernel, transpose_b=True), matmul(x, g, transpose_a=True),
            A.sum_to(g, bias._value.shape))


DENSE = Op("dense", _dense_kernel, _dense_vjp)


def can_fuse(x, kernel, bias):
    """Whether :func:`dense` computes ``x @ kernel + bias`` for these operands.

    Floating matrices of one dtype and a bias vector along the units; anything else
    goes through the separate ops.
    """
    xv, kv, bv = x._value, kernel._value, bias._value
    return (xv.ndim == 2 and kv.ndim == 2 and bv.ndim == 1
            and xv.dtype == kv.dtype == bv.dtype and xv.dtype.kind == "f"
            and xv.shape[1] == kv.shape[0] and bv.shape[0] == kv.shape[1])


def dense(x, kernel, bias, activation=None):
    """``activation(x @ kernel + bias)`` in one kernel, ``activation`` one of ``ACTIVATIONS``.

    Check :func:`can_fuse` first.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"dense: activation must be one of {ACTIVATIONS}, received {activation!r}.")
    return execute(DENSE, [x, kernel, bias], {"activation": activation})

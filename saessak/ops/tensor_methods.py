"""Operators on Tensor (``a + b``, ``a @ b``, ``a[1:, ::2]``...), installed as ops.

Chainer's idea: the Tensor class itself carries no math; this module attaches
the Python operators so that each one is an ordinary, differentiable op.
"""

from ..engine.tensor import Tensor
from . import array_ops as A
from . import linalg_ops as L
from . import math_ops as M


def _swap(fn):
    return lambda self, other: fn(other, self)


def _eq(self, other):
    if other is None:
        return False
    return M.equal(self, other)


def _ne(self, other):
    if other is None:
        return True
    return M.not_equal(self, other)


def install():
    ops = {
        "add": M.add, "sub": M.subtract, "mul": M.multiply, "truediv": M.divide,
        "floordiv": M.floordiv, "mod": M.floormod, "pow": M.pow, "matmul": L.matmul,
    }
    for name, fn in ops.items():
        setattr(Tensor, f"__{name}__", lambda self, other, fn=fn: fn(self, other))
        setattr(Tensor, f"__r{name}__", _swap(fn))
    Tensor.__neg__ = lambda self: M.negative(self)
    Tensor.__pos__ = lambda self: self
    Tensor.__abs__ = lambda self: M.abs(self)
    Tensor.__lt__ = lambda self, other: M.less(self, other)
    Tensor.__le__ = lambda self, other: M.less_equal(self, other)
    Tensor.__gt__ = lambda self, other: M.greater(self, other)
    Tensor.__ge__ = lambda self, other: M.greater_equal(self, other)
    Tensor.__eq__ = _eq
    Tensor.__ne__ = _ne
    Tensor.__hash__ = None
    Tensor.__and__ = lambda self, other: M.logical_and(self, other)
    Tensor.__or__ = lambda self, other: M.logical_or(self, other)
    Tensor.__xor__ = lambda self, other: M.logical_xor(self, other)
    Tensor.__rand__ = _swap(M.logical_and)
    Tensor.__ror__ = _swap(M.logical_or)
    Tensor.__rxor__ = _swap(M.logical_xor)
    Tensor.__invert__ = lambda self: M.logical_not(self)
    Tensor.__getitem__ = lambda self, key: A.getitem(self, key)

"""Numerical gradient checking: compare a tape's gradients with finite differences.

For a function ``f`` of some tensors we pick a fixed random "upstream
gradient" ``r`` of the output's shape and look at the scalar ``L = sum(f(x) * r)``.
Backprop gives ``dL/dx`` in one pass; central differences give
``(L(x + eps e_i) - L(x - eps e_i)) / (2 eps)`` element by element.  Both are
computed in float64 so the comparison is tight.  Checking ``L`` instead of the
full Jacobian is enough: ``r`` is random, so a wrong VJP would almost surely
change ``L``'s gradient.

``order=2`` checks the gradient of the gradient the same way (nested tapes).
"""

from .. import backend
from ..backend import xp as _np
from .tape import GradientTape
from .tensor import Tensor


def _scalar(fn, tensors, r):
    out = fn(*tensors)
    return (backend.to_numpy(out._value).astype(_np.float64) * r).sum()


def numerical_gradient(fn, arrays, r, eps=1e-6):
    """Central-difference gradient of ``sum(fn(*arrays) * r)`` w.r.t. each array."""
    grads = []
    for a in arrays:
        g = _np.zeros_like(a, dtype=_np.float64)
        flat = a.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            plus = _scalar(fn, [Tensor(x) for x in arrays], r)
            flat[i] = old - eps
            minus = _scalar(fn, [Tensor(x) for x in arrays], r)
            flat[i] = old
            g.reshape(-1)[i] = (plus - minus) / (2 * eps)
        grads.append(g)
    return grads


def backprop_gradient(fn, arrays, r):
    tensors = [Tensor(a) for a in arrays]
    with GradientTape() as tape:
        tape.watch(tensors)
        out = fn(*tensors)
        loss = _sum(out, r)
    grads = tape.gradient(loss, tensors)
    return [None if g is None else backend.to_numpy(g._value) for g in grads]


def _sum(out, r):
    from ..ops import math_ops, reduce_ops  # noqa: PLC0415 - test utility over the public ops

    return reduce_ops.reduce_sum(math_ops.multiply(out, Tensor(r.astype(out._value.dtype))))


def check_gradients(fn, arrays, order=1, eps=1e-6, atol=1e-5, rtol=1e-4, seed=0):
    """Raise AssertionError if backprop and finite differences disagree.

    ``arrays``: float64 NumPy arrays, the differentiable inputs of ``fn``.
    """
    rng = _np.random.default_rng(seed)
    arrays = [_np.array(a, dtype=_np.float64) for a in arrays]
    out = fn(*[Tensor(a) for a in arrays])
    r = rng.standard_normal(out._value.shape)
    if order == 1:
        target = fn
    elif order == 2:
        r1 = r

        def target(*tensors):
            # The "function" under test is now x -> dL/dx of the first order problem (summed over inputs).
            with GradientTape() as tape:
                tape.watch(list(tensors))
                loss = _sum(fn(*tensors), r1)
            grads = tape.gradient(loss, list(tensors))
            from ..ops import array_ops, reduce_ops  # noqa: PLC0415

            parts = [reduce_ops.reduce_sum(g) if g is not None else None for g in grads]
            parts = [p for p in parts if p is not None]
            return array_ops.stack(parts)
        out = target(*[Tensor(a) for a in arrays])
        r = rng.standard_normal(out._value.shape)
    else:
        raise ValueError(f"order must be 1 or 2, received order={order}.")
    analytic = backprop_gradient(target, arrays, r)
    numeric = numerical_gradient(target, arrays, r, eps)
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        if a is None:
            if _np.allclose(n, 0, atol=atol):
                continue
            raise AssertionError(f"input {k}: backprop gave no gradient, finite differences gave {n}")
        if not _np.allclose(a, n, atol=atol, rtol=rtol):
            raise AssertionError(
                f"input {k}: backprop and finite differences differ (order {order}).\n"
                f"backprop:\n{a}\nnumeric:\n{n}\nmax abs diff {_np.abs(a - n).max():.3g}")

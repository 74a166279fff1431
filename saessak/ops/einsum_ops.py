"""Einstein summation: ``einsum('ij,jk->ik', a, b)`` and friends.

An equation names every axis of every operand with a letter; the output keeps
the letters after ``->`` and sums over the others.  The forward pass is
``xp.einsum`` (with a contraction path, so large products use BLAS).

VJP.  The output is multilinear in the operands, so the gradient for operand
``k`` is again an einsum: contract ``g`` (labelled like the output) with all the
other operands, producing operand ``k``'s labels.  Two details:

* a label repeated inside operand ``k`` (``'ii->i'``, a diagonal) becomes a new
  label tied to the first one by an identity matrix, so ``g`` lands on the
  diagonal only;
* a label that appears in operand ``k`` and nowhere else was summed away, so
  the gradient is constant along it: a vector of ones re-creates that axis.

Because the VJP is itself an einsum, second derivatives come for free.
"""

import functools
import string

from ..backend import xp
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import array_ops as A
from ._helpers import tensor

_LETTERS = string.ascii_letters
_SMALL = 1 << 14  # below this many multiply-adds, plain einsum beats computing a path


def _err(message):
    return InvalidArgumentError(f"einsum: {message}", op="einsum")


def _broadcast_shapes(shapes, equation):
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i, d in enumerate(s, ndim - len(s)):
            if d != out[i] and 1 not in (d, out[i]):
                raise _err(f"the shapes covered by '...' do not broadcast in {equation!r}: "
                           f"{[tuple(t) for t in shapes]}.")
            if d != 1:
                out[i] = d
    return tuple(out)


@functools.lru_cache(maxsize=512)
def _parse(equation, shapes):
    """Rewrite the equation with letters only (``...`` expanded); cached per (equation, shapes).

    Returns ``(input_terms, output_term, broadcast_shapes)``; ``broadcast_shapes[k]``
    is the shape operand ``k`` must be broadcast to (``None`` if it fits as is).
    """
    eq = equation.replace(" ", "")
    if eq.count("->") > 1:
        raise _err(f"equation {equation!r} has more than one '->'.")
    lhs, rhs = eq.split("->") if "->" in eq else (eq, None)
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise _err(f"got {len(shapes)} inputs for equation {equation!r}, expecting {len(terms)}.")
    for term in terms + ([rhs] if rhs is not None else []):
        body = term.replace("...", "", 1)
        if not all(c in _LETTERS for c in body):
            raise _err(f"invalid subscripts {term!r} in {equation!r}: use letters a-z, A-Z and at "
                       "most one '...' per term.")
    fresh = [c for c in _LETTERS if c not in eq]
    # How many axes the '...' of each operand stands for.
    ell_dims = []
    for k, (term, shape) in enumerate(zip(terms, shapes)):
        named = len(term.replace("...", ""))
        n = len(shape) - named if "..." in term else 0
        if n < 0 or ("..." not in term and named != len(shape)):
            raise _err(f"operand {k} has subscripts {term!r} but rank {len(shape)} (shape={tuple(shape)}). "
                       "Give one letter per axis, or use '...' for leading axes.")
        ell_dims.append(n)
    n_ell = max(ell_dims, default=0)
    ell = "".join(fresh[:n_ell])
    ell_shape = _broadcast_shapes([tuple(s)[:n] for s, n in zip(shapes, ell_dims)], equation)
    targets = []  # operands whose '...' axes must be broadcast (1 -> n) before contracting
    for shape, n in zip(shapes, ell_dims):
        want = ell_shape[n_ell - n:] + tuple(shape)[n:]
        targets.append(want if n and want != tuple(shape) else None)
    terms = [t.replace("...", ell[n_ell - n:]) for t, n in zip(terms, ell_dims)]
    if rhs is None:
        letters = "".join(terms)
        rhs = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in ell))
    elif "..." in rhs:
        rhs = rhs.replace("...", ell)
    elif n_ell:
        raise _err(f"the output of {equation!r} has no '...' but the inputs have {n_ell} axes under "
                   "'...'; add '...' to the output to keep them (e.g. '...ij->...i'), or write them "
                   "as letters to sum them.")
    if len(set(rhs)) != len(rhs):
        raise _err(f"output subscripts {rhs!r} of {equation!r} contain a label more than once.")
    for c in rhs:
        if c not in "".join(terms):
            raise _err(f"output label {c!r} of {equation!r} does not appear in any input.")
    _sizes(terms, [s if t is None else t for s, t in zip(shapes, targets)], equation)
    return tuple(terms), rhs, tuple(targets)


def _sizes(terms, shapes, equation):
    sizes = {}
    for k, (term, shape) in enumerate(zip(terms, shapes)):
        for c, d in zip(term, shape):
            if sizes.setdefault(c, (d, k, shape))[0] != d:
                first, j, other = sizes[c]
                raise _err(f"label {c!r} of {equation!r} has size {first} in operand {j} "
                           f"(shape={tuple(other)}) but size {d} in operand {k} (shape={tuple(shape)}).")
    return {c: v[0] for c, v in sizes.items()}


def _einsum_kernel(*arrays, equation, optimize=False):
    return xp.einsum(equation, *arrays, optimize=optimize)


def _einsum_vjp(g, out, *xs, equation, optimize=False):
    lhs, rhs = equation.split("->")
    terms = lhs.split(",")
    sizes = _sizes(terms, [x._value.shape for x in xs], equation)
    spare = iter(c for c in _LETTERS if c not in equation)
    dtype = g._value.dtype
    grads = []
    for k, x in enumerate(xs):
        if x._value.dtype.kind not in "fc":
            grads.append(None)
            continue
        others = [t for j, t in enumerate(terms) if j != k]
        operands = [g] + [y for j, y in enumerate(xs) if j != k]
        subs = [rhs] + others
        target = ""
        for c in terms[k]:
            if c in target:  # a repeated label: tie a new one to it with the identity
                new = next(spare)
                subs.append(c + new)
                operands.append(Tensor(xp.eye(sizes[c], dtype=dtype)))
                c = new
            target += c
        seen = "".join(subs)
        for c in target:
            if c not in seen:  # summed inside operand k only: the gradient is constant along c
                subs.append(c)
                operands.append(Tensor(xp.ones(sizes[c], dtype=dtype)))
        grads.append(contract(subs, target, operands))
    return tuple(grads)


EINSUM = Op("einsum", _einsum_kernel, _einsum_vjp)


@functools.lru_cache(maxsize=512)
def _optimize(equation, shapes):
    """How to run the contraction: plain einsum when small, else with a contraction path."""
    terms = equation.split("->")[0].split(",")
    work = 1
    for d in _sizes(terms, shapes, equation).values():
        work *= d
    if len(shapes) == 2:
        return False if work <= _SMALL else ("einsum_path", (0, 1))
    dummies = [xp.empty(s, xp.float32) for s in shapes]  # the path depends on shapes only
    return tuple(xp.einsum_path(equation, *dummies, optimize="greedy")[0])


def contract(terms, rhs, operands):
    """Run the einsum op on a letters-only equation (no checks; shapes already agree)."""
    equation = ",".join(terms) + "->" + rhs
    if len(operands) == 1:
        return execute(EINSUM, operands, {"equation": equation})
    optimize = _optimize(equation, tuple(t._value.shape for t in operands))
    return execute(EINSUM, operands, {"equation": equation, "optimize": optimize})


def einsum(equation, *inputs, **kwargs):
    """Tensor contraction over the index labels of ``equation`` (``tf.einsum``).

    Supports explicit (``'ij,jk->ik'``) and implicit (``'ij,jk'``) output, ``...``
    for broadcast leading axes, and repeated labels (``'ii->i'`` diagonal, ``'ii'`` trace).
    """
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    xs = [tensor(x) for x in inputs]
    for k, x in enumerate(xs):
        if x._value.dtype != xs[0]._value.dtype:
            raise _err(f"all inputs must have the same dtype; input 0 is {xs[0].dtype.name} but input "
                       f"{k} is {x.dtype.name}. Cast one of them, e.g. saessak.cast(x, saessak."
                       f"{xs[0].dtype.name}).")
        if x._value.dtype.kind == "b":
            raise _err("bool inputs are not supported; cast them to a numeric dtype first.")
    if not isinstance(equation, str):
        raise _err(f"equation must be a string, received {equation!r}.")
    terms, rhs, targets = _parse(equation, tuple(x._value.shape for x in xs))
    xs = [x if t is None else A.broadcast_to(x, t) for x, t in zip(xs, targets)]
    return contract(terms, rhs, xs)


__all__ = ["einsum"]

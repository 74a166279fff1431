"""The op registry and the single place where ops execute.

An :class:`Op` pairs a *forward* kernel (arrays in, one array out) with its
*vector-Jacobian product*: given the gradient ``g`` of the loss with respect to
the op's output, the VJP returns the gradient with respect to each input.
VJPs are written with saessak ops, not raw arrays, so a backward pass is itself
recorded by any outer tape: nested tapes give second derivatives for free.

``execute`` runs an op and tells whoever listens: the recording tapes (for
``GradientTape.gradient``) and the open trace (for ``saessak.function``).
"""

from ..backend import xp
from ..errors import InvalidArgumentError, describe
from . import context
from .tensor import Tensor

REGISTRY = {}


class Op:
    """One primitive operation.

    Args:
        name: registry name; the TensorFlow function name where there is one.
        forward: ``forward(*arrays, **attrs) -> array``; with ``residual=True``
            it returns ``(array, residual)``, the residual being an array the VJP
            needs and that is cheaper to keep than to recompute.
        vjp: ``vjp(g, out, *inputs, **attrs) -> sequence`` with one gradient (a
            Tensor, or None for "no gradient") per input; with ``residual=True``
            it also receives ``res=`` (a Tensor).  ``None`` marks the op as not
            differentiable (comparisons, argmax, integer arithmetic...).
        stateful: the kernel has an effect besides its output (it draws random
            numbers), so a compiled program must run it even if nothing reads it.
        writes: positions of the inputs, Variables, that the kernel updates in
            place (a fused optimizer step); implies ``stateful``.
        donates: positions of the inputs the kernel may use as scratch space when a
            compiled program passes ``donated=True`` (it does so only when every one of
            them is a temporary that nothing reads afterwards; see ``engine/donation.py``).
            The kernel must take a ``donated=False`` keyword and check ``donation.is_private``.
    """

    __slots__ = ("name", "forward", "vjp", "residual", "stateful", "writes", "donates")

    def __init__(self, name, forward, vjp=None, residual=False, stateful=False, writes=(),
                 donates=()):
        if name in REGISTRY:
            raise ValueError(f"An op named {name!r} is already registered.")
        self.name = name
        self.forward = forward
        self.vjp = vjp
        self.residual = residual
        self.writes = tuple(writes)
        self.stateful = stateful or bool(self.writes)
        self.donates = tuple(donates)
        REGISTRY[name] = self

    def __repr__(self):
        return f"<Op {self.name}>"


def execute(op, inputs, attrs=None):
    """Run ``op`` on ``inputs`` (a list of Tensors) and return the output Tensor."""
    try:
        if attrs:
            result = op.forward(*[t._value for t in inputs], **attrs)
        else:
            result = op.forward(*[t._value for t in inputs])
    except InvalidArgumentError:
        raise
    except (ValueError, TypeError, IndexError) as exc:
        raise _op_error(op, inputs, attrs, exc) from None
    if op.residual:
        value, res = result
    else:
        value, res = result, None
    out = Tensor(value)
    state = context.state
    if state.tapes or state.tracer is not None:
        if res is not None:
            res = Tensor(res)
        for tape in state.tapes:
            tape._record(op, inputs, out, attrs, res)
        if state.tracer is not None:
            state.tracer.record(op, inputs, out, attrs, res)
    return out


def _op_error(op, inputs, attrs, exc):
    received = "; ".join(f"input {i}: {describe(t)}" for i, t in enumerate(inputs))
    extra = f" with {attrs}" if attrs else ""
    return InvalidArgumentError(
        f"{op.name}{extra} failed: {exc}. Received {received}.", op=op.name
    )


def wrap(array):
    """A Tensor over ``array`` that no tape or trace has seen (a constant)."""
    return Tensor(array)


__all__ = ["Op", "REGISTRY", "execute", "wrap", "xp"]

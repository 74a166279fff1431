"""GradientTape: record ops, then walk them backwards applying each op's VJP.

Recording: while a tape is active, every op that reads a *watched* tensor is
appended to the tape as ``(op, inputs, output, attrs, residual)`` and its output
becomes watched too.  Trainable Variables are watched as soon as an op reads
them (unless ``watch_accessed_variables=False``).  The recorded list is already
in topological order, because an op can only read tensors that exist.

Differentiation (reverse mode): seed the target's gradient with ones, then visit
the records from last to first.  For each record whose output has a gradient
``g``, the op's VJP turns ``g`` into one gradient per input; gradients reaching
the same tensor along several paths are summed (the chain rule for fan-out).
"""

import contextlib
import warnings

from ..backend import xp
from ..errors import InvalidArgumentError
from . import context, nest
from .convert import convert_to_tensor
from .op import Op, execute
from .tensor import Tensor
from .variable import Variable

# Summing the gradients that reach one tensor along two paths is itself an op,
# so a backward pass that accumulates stays differentiable (second order).
ACCUMULATE = Op("accumulate_grad", lambda a, b: a + b, lambda g, out, a, b: (g, g))


class UnconnectedGradients:
    NONE = "none"
    ZERO = "zero"


class _Record:
    __slots__ = ("op", "inputs", "out", "attrs", "res")

    def __init__(self, op, inputs, out, attrs, res):
        self.op, self.inputs, self.out, self.attrs, self.res = op, inputs, out, attrs, res


class GradientTape:
    """Records operations for automatic differentiation (``tf.GradientTape``)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_vars = watch_accessed_variables
        self._records = []
        self._watched = {}  # id(tensor) -> tensor; holding it keeps the id unique
        self._used = False
        self._active = False

    # -- context ------------------------------------------------------------
    def __enter__(self):
        if self._active:
            raise ValueError("This GradientTape is already recording; tapes cannot be entered twice.")
        self._active = True
        context.state.tapes.append(self)
        return self

    def __exit__(self, *exc):
        self._active = False
        tapes = context.state.tapes
        if self in tapes:
            tapes.remove(self)
        return False

    @contextlib.contextmanager
    def stop_recording(self):
        """Temporarily stop recording ops on this tape."""
        tapes = context.state.tapes
        if self not in tapes:
            raise ValueError("stop_recording() needs the tape to be recording (use it inside `with tape:`).")
        index = tapes.index(self)
        tapes.remove(self)
        try:
            yield
        finally:
            tapes.insert(index, self)

    def reset(self):
        """Forget everything recorded so far."""
        self._records = []
        self._watched = {}
        self._used = False

    # -- watching -----------------------------------------------------------
    def watch(self, tensor):
        """Ensure ``tensor`` (or every tensor in a nested structure) is traced."""
        for t in nest.flatten(tensor):
            if not isinstance(t, Tensor):
                raise ValueError(
                    f"GradientTape.watch: expected a Tensor or Variable, received "
                    f"{type(t).__name__} {t!r}. Convert it first with saessak.constant(...)."
                )
            if not (t.dtype.is_floating or t.dtype.is_complex):
                warnings.warn(
                    f"The dtype of the watched tensor must be floating (e.g. tf.float32), "
                    f"got {t.dtype!r}; its gradient will be None.", stacklevel=2)
            self._watched[id(t)] = t

    def watched_variables(self):
        return tuple(t for t in self._watched.values() if isinstance(t, Variable))

    def _record(self, op, inputs, out, attrs, res):
        watched = self._watched
        hit = False
        for t in inputs:
            key = id(t)
            if key in watched:
                hit = True
            elif self._watch_vars and type(t) is not Tensor and isinstance(t, Variable) and t.trainable:
                watched[key] = t
                hit = True
        if hit and op.vjp is not None and out._value.dtype.kind in "fc":
            watched[id(out)] = out
            self._records.append(_Record(op, inputs, out, attrs, res))

    # -- differentiation ----------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradients of ``target`` with respect to ``sources`` (same structure as ``sources``).

        A non-scalar target (or a list of targets) is summed first, as in TF.
        """
        self._check_reusable()
        targets = nest.flatten(target)
        if output_gradients is None:
            seeds = [None] * len(targets)
        else:
            seeds = [None if g is None else _as_tensor(g) for g in nest.flatten(output_gradients)]
            if len(seeds) != len(targets):
                raise ValueError(
                    f"GradientTape.gradient: got {len(seeds)} output_gradients for {len(targets)} targets.")
        flat_sources = nest.flatten(sources)
        for s in flat_sources:
            if not isinstance(s, Tensor):
                raise ValueError(
                    f"GradientTape.gradient: sources must be Tensors or Variables, received "
                    f"{type(s).__name__}.")
        grads = self._backprop(targets, seeds, flat_sources)
        if unconnected_gradients not in (UnconnectedGradients.NONE, UnconnectedGradients.ZERO):
            raise ValueError(
                f"unconnected_gradients must be 'none' or 'zero', received {unconnected_gradients!r}.")
        out = []
        for s in flat_sources:
            g = grads.get(id(s))
            if g is None and unconnected_gradients == UnconnectedGradients.ZERO:
                g = Tensor(xp.zeros(s._value.shape, s._value.dtype))
            out.append(g)
        return nest.pack_sequence_as(sources, out)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """Full Jacobian d target[i...] / d source[j...], shaped ``target.shape + source.shape``.

        Computed by one backward pass per element of ``target``: meant for small cases.
        """
        if context.state.tracer is not None:
            raise NotImplementedError(
                "GradientTape.jacobian is not supported inside saessak.function; call it eagerly.")
        self._check_reusable()
        target = _as_tensor(target)
        flat_sources = nest.flatten(sources)
        tshape = target._value.shape
        n = target._value.size
        rows = [[] for _ in flat_sources]
        connected = [False] * len(flat_sources)
        for i in range(n):
            seed = xp.zeros(n, target._value.dtype)
            seed[i] = 1
            grads = self._backprop([target], [Tensor(seed.reshape(tshape))], flat_sources)
            for k, s in enumerate(flat_sources):
                g = grads.get(id(s))
                connected[k] = connected[k] or g is not None
                rows[k].append(xp.zeros(s._value.shape, target._value.dtype) if g is None else g._value)
        result = []
        for k, s in enumerate(flat_sources):
            if not connected[k] and unconnected_gradients == UnconnectedGradients.NONE:
                result.append(None)
            else:
                stacked = xp.stack(rows[k]) if rows[k] else xp.zeros((0,) + s._value.shape)
                result.append(Tensor(stacked.reshape(tuple(tshape) + tuple(s._value.shape))))
        return nest.pack_sequence_as(sources, result)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Jacobian of each batch row of ``target`` w.r.t. the same row of ``source``."""
        full = self.jacobian(target, source)._value  # (B, *t, B, *s)
        b = target._value.shape[0]
        t_rank = target._value.ndim - 1
        moved = xp.moveaxis(full, t_rank + 1, 1)  # (B, B, *t, *s)
        return Tensor(xp.ascontiguousarray(moved[xp.arange(b), xp.arange(b)]))

    def _check_reusable(self):
        if self._used and not self._persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of gradients "
                "(or jacobians). Create it with GradientTape(persistent=True) to call gradient() "
                "more than once.")
        self._used = True

    def _backprop(self, targets, seeds, sources):
        records = self._records
        # Forward sweep: keep only the records that depend on some source.
        reach = {id(s) for s in sources if id(s) in self._watched}
        relevant = []
        for rec in records:
            for t in rec.inputs:
                if id(t) in reach:
                    reach.add(id(rec.out))
                    relevant.append(rec)
                    break
        keep = {id(s) for s in sources}
        grads = {}
        for t, seed in zip(targets, seeds):
            if not isinstance(t, Tensor) or id(t) not in reach:
                continue
            g = seed if seed is not None else Tensor(xp.ones(t._value.shape, t._value.dtype))
            _accumulate(grads, t, g)
        # Backward sweep.
        for rec in reversed(relevant):
            key = id(rec.out)
            g = grads.get(key) if key in keep else grads.pop(key, None)
            if g is None:
                continue
            if rec.res is not None:
                in_grads = rec.op.vjp(g, rec.out, *rec.inputs, res=rec.res, **(rec.attrs or {}))
            elif rec.attrs:
                in_grads = rec.op.vjp(g, rec.out, *rec.inputs, **rec.attrs)
            else:
                in_grads = rec.op.vjp(g, rec.out, *rec.inputs)
            for x, gx in zip(rec.inputs, in_grads):
                if gx is None or id(x) not in reach:
                    continue
                if gx._value.shape != x._value.shape:
                    raise InvalidArgumentError(
                        f"Internal error in the gradient of op '{rec.op.name}': it produced a gradient "
                        f"of shape {gx._value.shape} for an input of shape {x._value.shape}.")
                _accumulate(grads, x, gx)
        return grads


def _accumulate(grads, x, g):
    key = id(x)
    prev = grads.get(key)
    grads[key] = g if prev is None else execute(ACCUMULATE, [prev, g])


def _as_tensor(value):
    if isinstance(value, Tensor):
        return value
    return convert_to_tensor(value)

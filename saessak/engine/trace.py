"""Tracing: record one run of a Python function as a flat program of kernel calls.

While a :class:`Trace` is open, every op that executes is also written down as
one line of Python source, ``t7 = matmul(t5, v0._value)``: the kernel, the
slots it reads and the slot it writes.  Reads of a Variable become
``vN._value`` (read at replay time, so updates are seen); tensors that did not
come from an op of this run are captured as constants ``cN``.  Variable writes
become in-place kernel calls.  A kernel that can compute in the memory of a
temporary nothing reads afterwards is told so (:mod:`.donation`).  Two ops that
read the same input can become one fused kernel (:func:`fuse_siblings`: a
softmax and the cross-entropy of the same logits share their exponentials).  When Python code looks at a tensor's
*value* (``if x > 0:``, ``float(x)``, ``x.numpy()``) the answer it got is
recorded as a guard: replaying is only valid while every guard still holds.

The program is compiled once with ``compile``/``exec`` into an ordinary Python
function, so a replay costs one Python call per kernel and nothing else; its
source stays readable (``Function.experimental_get_program_source``).
"""

import keyword
import math
from collections import namedtuple

from ..backend import denormals, xp
from . import donation
from .tensor import Tensor
from .variable import _INPLACE, Variable

_SIBLINGS = {}  # second op -> [(first op, fused kernel, attrs rule)]
_CHAINS = {}  # outer op -> [(inner op, attrs rule)]


def fuse_siblings(first, second, fused, attrs):
    """Record ``second`` as one kernel with an earlier ``first`` op on the same first input.

    When a trace records ``second(x, *rest)`` and already holds ``first(x, ...)``,
    both become one call ``fused(x, ..., *rest, **attrs(...))`` that returns
    ``first``'s outputs followed by ``second``'s.  ``attrs(first_attrs,
    second_attrs, x)`` (``x``: the shared input's traced value) gives the fused
    call's attrs, or None when the two calls do not match (different axes):
    they are then recorded apart.  ``fused`` must compute exactly what the two
    kernels compute, so replays do not change numerically.
    """
    _SIBLINGS.setdefault(second, []).append((first, fused, attrs))


def fold_chains(outer, inner, attrs):
    """Record ``outer(inner(x))`` as ``outer(x)`` where that computes the same values.

    ``attrs(inner_attrs, outer_attrs, x)`` (``x``: the inner call's traced first
    input) gives the attrs of the outer call on ``x``, or None when the shortcut
    would change a value.  The inner call stays in the program only if something
    else reads it.  Example: labels cast uint8 -> float32 -> int64 are cast once.
    """
    _CHAINS.setdefault(outer, []).append((inner, attrs))


class GuardFailed(Exception):
    """A value the trace depended on differs on this call: the program does not apply."""


def _same(value, expected):
    return value.shape == expected.shape and value.dtype == expected.dtype and bool(
        xp.array_equal(value, expected))


class Program:
    """A compiled trace: ``run(arrays) -> arrays`` plus what it needs to be replayed safely."""

    pack = None  # set by Function: builds the call's result from run's arrays

    def __init__(self, source, namespace, snapshot_vars, n_ops):
        self.source = source
        self.snapshot_vars = snapshot_vars  # variables written before a guard: restore if it fails
        self.n_ops = n_ops
        code = compile(source, "<saessak.function program>", "exec")
        exec(code, namespace)  # noqa: S102 - our own generated source, never user input
        self._fn = namespace["program"]

    def run(self, arrays):
        # As TF's CPU kernels: 1/0 is inf and log(0) is -inf, silently; denormals flush to 0.
        env = denormals.enter()
        try:
            if not self.snapshot_vars:
                with xp.errstate(all="ignore"):
                    return self._fn(*arrays)
            saved = [v._value.copy() for v in self.snapshot_vars]
            try:
                with xp.errstate(all="ignore"):
                    return self._fn(*arrays)
            except GuardFailed:
                for v, value in zip(self.snapshot_vars, saved):
                    xp.copyto(v._value, value)
                raise
        finally:
            denormals.leave(env)


class Trace:
    """Collects the program while the traced Python function runs eagerly."""

    def __init__(self, inputs):
        self._names = {}  # id(tensor) -> expression in the program
        self._keep = []  # every tensor named here stays alive, so ids stay unique
        self._ns = {"GuardFailed": GuardFailed, "_same": _same}
        self._lines = []
        self._n = 0
        self._written = []
        self._snapshot = []
        self._args = []
        self._vars = {}
        self._consts = set()  # names of slots whose value is fixed at trace time
        self._calls = {}  # slot name -> the _Call that defines it
        self.n_ops = 0
        for i, t in enumerate(inputs):
            self._args.append(self._bind(t, f"a{i}"))

    # -- naming -------------------------------------------------------------
    def _bind(self, tensor, name):
        self._names[id(tensor)] = name
        self._keep.append(tensor)
        return name

    def _stash(self, prefix, value):
        name = f"{prefix}{self._n}"
        self._n += 1
        self._ns[name] = value
        return name

    def _var(self, var):
        name = self._vars.get(id(var))
        if name is None:
            name = self._vars[id(var)] = self._stash("v", var)
            self._keep.append(var)
        return name

    def ref(self, tensor):
        """The program expression for ``tensor`` (naming it as a constant if unseen)."""
        name = self._names.get(id(tensor))
        if name is None:
            if isinstance(tensor, Variable):
                name = self._var(tensor) + "._value"
            else:
                name = self._stash("c", tensor._value)
                self._consts.add(name)
            self._bind(tensor, name)
        return name

    def _kernel(self, op):
        # A kernel wrapped to silence floating-point warnings (``ops._helpers.quiet``) is
        # called unwrapped: ``Program.run`` silences them once for the whole program.
        fn = getattr(op.forward, "raw", op.forward)
        name = op.name if op.name.isidentifier() and not keyword.iskeyword(op.name) else "op_" + "".join(
            c if c.isalnum() else "_" for c in op.name)
        return self._kernel_named(name, fn)

    def _kernel_named(self, name, fn):
        if name in self._ns and self._ns[name] is not fn:
            name = self._stash(name + "_", fn)
        self._ns[name] = fn
        return name

    def _literal(self, value):
        if value is None or isinstance(value, (bool, int, str)):
            return repr(value)
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        if isinstance(value, (tuple, list)) and all(
                v is None or isinstance(v, (bool, int, str)) for v in value):
            return repr(value)
        return self._stash("k", value)

    def _call_text(self, line):
        call = line.call
        args = list(call.args) + [f"{k}={self._literal(v)}" for k, v in (call.attrs or {}).items()]
        return f"{', '.join(line.defines)} = {call.kernel}({', '.join(args)})"

    # -- recording ------------------------------------------------------------
    def record(self, op, inputs, out, attrs, res):
        args = [self.ref(t) for t in inputs]
        if not op.stateful and res is None and all(a in self._consts for a in args):
            # Constant folding: every input is fixed, so the value traced now is the value
            # every replay would compute (e.g. the ones that seed a reduce_mean's gradient).
            self._consts.add(self._bind(out, self._stash("c", out._value)))
            return
        first = inputs[0]._value if inputs else None
        if op in _CHAINS and args:
            args, attrs, first = self._fold_chain(op, args, attrs, first)
        targets = [self._bind(out, f"t{self._n}")]
        self._n += 1
        if res is not None:
            targets.append(self._bind(res, f"r{self._n}"))
            self._n += 1
        self.n_ops += 1
        line = _Line(None, targets, list(args), keep=op.stateful)
        line.call = _Call(op, self._kernel(op), args, attrs, first)
        self._calls[targets[0]] = line.call
        line.text = self._call_text(line)
        self._lines.append(line)
        for i in op.writes:  # an in-place update: like Variable.assign, for the guards' snapshot
            self._note_written(inputs[i])

    def _fold_chain(self, op, args, attrs, first):
        """``args, attrs, first`` of ``op`` skipping an inner call (see :func:`fold_chains`)."""
        inner = self._calls.get(args[0])
        if inner is not None:
            for inner_op, rule in _CHAINS[op]:
                if inner.op is inner_op:
                    merged = rule(inner.attrs or {}, attrs or {}, inner.first)
                    if merged is not None:
                        return [inner.args[0], *args[1:]], merged, inner.first
        return args, attrs, first

    def _fuse_siblings(self, lines):
        """Merge each call with an earlier sibling on the same input (see :func:`fuse_siblings`).

        Runs on the live lines only, so a sibling whose results nothing reads (a softmax
        output that only fed the loss's logits) is not brought back by fusing it.
        """
        lines = list(lines)
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.call is not None and line.call.op in _SIBLINGS:
                i = self._fuse_one(lines, i)
            i += 1
        return lines

    def _fuse_one(self, lines, i):
        """Fuse ``lines[i]`` into an earlier sibling if one matches; the index of the next line."""
        second = lines[i]
        args = second.call.args
        for first, fused, rule in _SIBLINGS[second.call.op]:
            for pos in range(i - 1, -1, -1):
                line = lines[pos]
                call = line.call
                if call is None or call.op is not first or not call.args or call.args[0] != args[0]:
                    continue
                merged = rule(call.attrs or {}, second.call.attrs or {}, second.call.first)
                if merged is None:
                    continue
                between = lines[pos + 1:i]
                if any(ln.keep for ln in between):
                    return i  # a write or guard in between: keep the program's order
                defined_between = {d for ln in between for d in ln.defines}
                if any(a.split(".")[0] in defined_between for a in args[1:]):
                    # Our other inputs are computed after the sibling: the fused call can take
                    # our place only if nothing in between reads the sibling's outputs.
                    if any(u in line.defines for ln in between for u in ln.uses):
                        continue
                    at = i
                else:
                    at = pos
                new = _Line(None, line.defines + second.defines, line.uses + second.uses[1:])
                kernel = self._kernel_named(fused.__name__.strip("_"), getattr(fused, "raw", fused))
                new.call = _Call(None, kernel, call.args + args[1:], merged, None)
                new.text = self._call_text(new)
                lines[at] = new
                del lines[pos if at == i else i]
                return i - 1
        return i

    def _mark_donations(self, lines, returns):
        """Pass ``donated=True`` where an op may reuse a temporary that no later line reads."""
        read_later = {r.split(".")[0] for r in returns}
        defined = {d for line in lines for d in line.defines}  # the program's own temporaries
        for line in reversed(lines):
            call = line.call
            if call is not None and call.op is not None and call.op.donates:
                if all(call.args[i] in defined and call.args[i] not in read_later
                       and call.args.count(call.args[i]) == 1 for i in call.op.donates):
                    line.call = call._replace(attrs=dict(call.attrs or {}, donated=True))
                    line.text = self._call_text(line)
            read_later.update(u.split(".")[0] for u in line.uses)

    def record_write(self, var, kind, value):
        fn = self._stash("w", _INPLACE[kind])
        ref = self.ref(value)
        self._lines.append(_Line(f"{fn}({self._var(var)}._value, {ref})  # {kind}", [], [ref], keep=True))
        self._note_written(var)

    def _note_written(self, var):
        if not any(v is var for v in self._written):
            self._written.append(var)

    def guard(self, tensor, kind):
        name = self._names.get(id(tensor))
        if name is None and not isinstance(tensor, Variable):
            return  # a constant: its value cannot change between calls
        name = self.ref(tensor)
        if kind == "bool":
            expected = bool(tensor._value)
            text = f"if bool({name}) is not {expected}: raise GuardFailed"
        else:
            expected = self._stash("g", xp.array(tensor._value, copy=True))
            text = f"if not _same({name}, {expected}): raise GuardFailed"
        self._lines.append(_Line(text, [], [name], keep=True))
        for v in self._written:
            if not any(s is v for s in self._snapshot):
                self._snapshot.append(v)

    # -- output ---------------------------------------------------------------
    def build(self, outputs):
        """Compile the program returning ``outputs`` (a flat list of Tensors)."""
        returns = []
        for t in outputs:
            if isinstance(t, Variable):
                returns.append(self._var(t))  # return the variable itself
            else:
                returns.append(self.ref(t))
        lines = list(_live(self._lines, returns))
        if _SIBLINGS:
            lines = self._fuse_siblings(lines)
        if donation.enabled():
            self._mark_donations(lines, returns)
        body = [line.text for line in lines] or ["pass"]
        source = "\n".join(
            [f"def program({', '.join(self._args)}):"]
            + ["    " + line for line in body]
            + [f"    return ({', '.join(returns)}{',' if len(returns) == 1 else ''})"]
        )
        return Program(source, self._ns, list(self._snapshot), self.n_ops)


# A recorded kernel call: its op (None for a fused kernel), the kernel's name in the program,
# its argument names, its attrs, and the traced value of its first input.
_Call = namedtuple("_Call", "op kernel args attrs first")


class _Line:
    """One statement of the program: its text, the slots it defines and the slots it reads."""

    __slots__ = ("text", "defines", "uses", "keep", "call")

    def __init__(self, text, defines, uses, keep=False):
        self.text, self.defines, self.uses, self.keep = text, defines, uses, keep
        self.call = None  # the _Call of a kernel call


def _live(lines, returns):
    """Drop statements whose results nothing reads (dead code).

    A tape computes a gradient for every input of an op, including inputs that
    are not being differentiated (the data ``x`` of ``x @ w``); the program does
    not need those.  Writes, guards and random draws are always kept.
    """
    needed = {r.split(".")[0] for r in returns}
    kept = []
    for line in reversed(lines):
        if line.keep or any(d in needed for d in line.defines):
            kept.append(line)
            needed.update(u.split(".")[0] for u in line.uses)
    return reversed(kept)


def wrap_outputs(arrays):
    return [a if isinstance(a, Variable) else Tensor(a) for a in arrays]

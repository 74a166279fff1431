"""``saessak.function``: trace a Python function once per input signature, then replay.

The first call with a new signature (shapes and dtypes of the tensor
arguments, values of the Python arguments) runs the function eagerly while a
:class:`~saessak.engine.trace.Trace` writes down every kernel it executes,
including the backward pass of a GradientTape inside it and the in-place
updates of an optimizer.  Later calls with the same signature skip Python
entirely and replay that flat program.

Python control flow on tensor *values* (``if x > 0:``) is handled with guards,
not by converting it to graph control flow: each decision the trace saw is
checked on replay, and a call that would decide differently is traced again
(each signature keeps a short list of programs, one per path seen).  So a
function always returns exactly what running it eagerly would return.
"""

import functools
import weakref

from .. import backend
from ..backend import as_dtype, denormals
from ..errors import InvalidArgumentError
from . import context, nest
from .convert import convert_to_tensor
from .shape import TensorShape
from .tensor import Tensor
from .trace import GuardFailed, Trace, wrap_outputs
from .variable import Variable

_config = {"run_eagerly": False}
_MAX_PATHS = 8  # programs kept per signature before the oldest is dropped
_SLOT = object()  # marks where a replayed tensor goes in the result structure


def run_functions_eagerly(run_eagerly):
    """Make every ``saessak.function`` call the plain Python function (debugging)."""
    _config["run_eagerly"] = bool(run_eagerly)


def functions_run_eagerly():
    return _config["run_eagerly"]


class TensorSpec:
    """Describes a tensor argument: shape (``None`` for any size) and dtype."""

    def __init__(self, shape, dtype="float32", name=None):
        self.shape = TensorShape(shape)
        self.dtype = as_dtype(dtype)
        self.name = name

    def is_compatible_with(self, value):
        return self.shape.is_compatible_with(value.shape) and self.dtype == value.dtype

    def __repr__(self):
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and (self.shape, self.dtype, self.name) == (
            other.shape, other.dtype, other.name)

    def __hash__(self):
        return hash((self.shape, self.dtype, self.name))


class Function:
    """A Python function compiled by tracing (``tf.function``)."""

    def __init__(self, python_function, input_signature=None, reduce_retracing=False,
                 jit_compile=None, autograph=True, name=None):
        self.python_function = python_function
        self.input_signature = None if input_signature is None else list(input_signature)
        self._reduce_retracing = reduce_retracing
        self._cache = {}
        self._fast = {}  # _fast_key of a flat call -> its key in _cache
        self._tracing_count = 0
        self._bound = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, python_function)

    def __get__(self, instance, owner=None):
        """Methods: each instance gets its own bound Function (its own variables, own cache)."""
        if instance is None:
            return self
        try:
            bound = self._bound.get(instance)
        except TypeError:  # not weak-referenceable
            bound = None
        if bound is None:
            bound = Function(self.python_function.__get__(instance, owner), self.input_signature,
                             self._reduce_retracing)
            try:
                self._bound[instance] = bound
            except TypeError:
                pass
        return bound

    def __call__(self, *args, **kwargs):
        state = context.state
        if state.tracer is not None or state.tapes or _config["run_eagerly"]:
            # Inside another trace the calls are simply inlined; under an outer tape we
            # run eagerly so that the tape sees every op.
            return self.python_function(*args, **kwargs)
        fast = None
        if self.input_signature is not None:
            args, kwargs = self._apply_signature(args, kwargs)
        elif not kwargs:
            # The common call of a compiled step, f(x, y, None, False): flat arrays, Tensors,
            # Nones and flags.
            fast = _fast_key(args)
            if fast is not None:
                programs = self._cache.get(self._fast.get(fast[0]))
                if programs:
                    return _replay(programs, fast[1], args, kwargs, self)
        leaves = nest.flatten((args, kwargs))
        key, tensors = _signature(leaves)
        key = (_treedef((args, kwargs)), key)
        if fast is not None:
            self._fast[fast[0]] = key  # the next such call skips the flattening above
        programs = self._cache.get(key)
        if programs:
            return _replay(programs, [t._value for t in tensors], args, kwargs, self)
        return self._trace(key, args, kwargs, leaves, tensors)

    def _trace(self, key, args, kwargs, leaves, tensors):
        new_leaves, it = [], iter(tensors)
        for leaf in leaves:
            new_leaves.append(next(it) if _is_input(leaf) else leaf)
        args, kwargs = nest.pack_sequence_as((args, kwargs), new_leaves)
        trace = Trace(tensors)
        state = context.state
        state.tracer = trace
        env = denormals.enter()  # the tracing run computes as the replays will (backend/denormals.py)
        try:
            result = self.python_function(*args, **kwargs)
        finally:
            denormals.leave(env)
            state.tracer = None
        out_leaves = nest.flatten(result)
        outputs = [x for x in out_leaves if isinstance(x, Tensor)]
        program = trace.build(outputs)
        program.structure = result
        program.leaves = [_SLOT if isinstance(x, Tensor) else x for x in out_leaves]
        program.pack = _fast_packer(result)
        programs = self._cache.setdefault(key, [])
        programs.append(program)
        del programs[:-_MAX_PATHS]
        self._tracing_count += 1
        return result

    def _apply_signature(self, args, kwargs):
        specs = self.input_signature
        if kwargs or len(args) != len(specs):
            raise TypeError(
                f"{self.__name__}: the input_signature has {len(specs)} entries, but the call "
                f"passed {len(args)} positional and {len(kwargs)} keyword arguments.")
        out = []
        for i, (spec, arg) in enumerate(zip(specs, args)):
            t = convert_to_tensor(arg, dtype=spec.dtype) if not isinstance(arg, Tensor) else arg
            if not spec.is_compatible_with(t):
                raise InvalidArgumentError(
                    f"{self.__name__}: argument {i} does not match input_signature: expected "
                    f"{spec}, received shape={t.shape} dtype={t.dtype.name}.")
            out.append(t)
        return tuple(out), {}

    # -- introspection -----------------------------------------------------
    def experimental_get_tracing_count(self):
        """How many times the Python function has been traced."""
        return self._tracing_count

    def experimental_get_program_source(self):
        """The source of every compiled program (one per signature and branch path)."""
        return [p.source for programs in self._cache.values() for p in programs]

    def __repr__(self):
        name = getattr(self.python_function, "__qualname__", repr(self.python_function))
        return f"<saessak.function {name}: {self._tracing_count} trace(s)>"


def _replay(programs, arrays, args, kwargs, function):
    """Run the first program whose guards hold; trace a new path when none does."""
    for program in programs:
        try:
            out = program.run(arrays)
        except GuardFailed:
            continue
        return program.pack(out) if program.pack is not None else _pack_result(program, out)
    leaves = nest.flatten((args, kwargs))
    key, tensors = _signature(leaves)
    return function._trace((_treedef((args, kwargs)), key), args, kwargs, leaves, tensors)


_FAST_TYPES = (backend.ndarray, Tensor)


def _fast_key(args):
    """``(key, arrays)`` for positional arguments that are all arrays, Tensors, None or bools.

    It identifies the call as exactly as ``_signature`` does (type, shape and
    dtype of each argument) at a fraction of the cost; None for other calls.
    """
    key, arrays = [], []
    for a in args:
        if a is None or a is True or a is False:  # Python constants: part of the key
            key.append(a)
            continue
        kind = type(a)
        if kind is Tensor:
            value = a._value
        elif kind is backend.ndarray and a.dtype.kind in "biufc":
            value = a
        else:
            return None
        key.append((kind, value.shape, value.dtype))
        arrays.append(value)
    return tuple(key), arrays


def _pack_result(program, arrays):
    """The replay's result in the traced structure: tensors replayed, other leaves as traced."""
    values = iter(wrap_outputs(arrays))
    leaves = [next(values) if leaf is _SLOT else leaf for leaf in program.leaves]
    if not nest.is_nested(program.structure):
        return leaves[0] if leaves else program.structure
    return nest.pack_sequence_as(program.structure, leaves)


def _fast_packer(result):
    """A quick rebuild of the result for its most common shapes, or None for the general one.

    A compiled train step returns a flat dict of scalar tensors (the logs); a
    compiled model call returns one tensor or a flat tuple of them.
    """
    if isinstance(result, Tensor) and not isinstance(result, Variable):
        return lambda arrays: Tensor(arrays[0])
    if type(result) is dict and all(type(v) is Tensor for v in result.values()):
        # The program returns the leaves in nest.flatten (sorted-key) order; the dict keeps the
        # traced result's key order, as nest.pack_sequence_as does.
        position = {k: i for i, k in enumerate(sorted(result))}
        order = [(k, position[k]) for k in result]
        return lambda arrays: {k: Tensor(arrays[i]) for k, i in order}
    if type(result) in (tuple, list) and all(type(v) is Tensor for v in result):
        kind = type(result)
        return lambda arrays: kind(Tensor(a) for a in arrays)
    return None


def _treedef(s):
    if isinstance(s, dict):
        return ("d", tuple((k, _treedef(s[k])) for k in sorted(s)))
    if isinstance(s, (list, tuple)):
        return (type(s).__name__, tuple(_treedef(x) for x in s))
    return None


def _is_input(leaf):
    return (isinstance(leaf, Tensor) and not isinstance(leaf, Variable)) or backend.is_array(leaf)


def _signature(leaves):
    """A hashable key for the call and the list of input Tensors (NumPy arrays converted)."""
    key, tensors = [], []
    for leaf in leaves:
        if isinstance(leaf, Variable):
            key.append(("V", id(leaf)))
        elif isinstance(leaf, Tensor):
            tensors.append(leaf)
            key.append(("T", leaf._value.shape, leaf._value.dtype.str))
        elif backend.is_array(leaf):
            t = convert_to_tensor(leaf)
            tensors.append(t)
            key.append(("T", t._value.shape, t._value.dtype.str))
        else:
            try:
                hash(leaf)
                key.append(("P", type(leaf), leaf))
            except TypeError:
                key.append(("O", id(leaf)))
    return tuple(key), tensors


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_compile=None, name=None, **kwargs):
    """Compile ``func`` by tracing (``tf.function``); usable with or without arguments."""
    def decorate(fn):
        return Function(fn, input_signature=input_signature, reduce_retracing=reduce_retracing,
                        jit_compile=jit_compile, name=name)
    if func is None:
        return decorate
    return decorate(func)

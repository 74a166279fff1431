"""The pipeline graph: nodes that stream flat elements, and index plans for fast batching.

Every ``Dataset`` wraps one :class:`Node`.  A node knows its ``element_spec``
and its ``cardinality`` and, when iterated, streams elements one at a time as
flat tuples of arrays (see ``structure``): nothing upstream is materialised,
so a pipeline over an endless generator costs only what its consumer takes.

**Index plans.**  A pipeline such as ``from_tensor_slices(arrays).shuffle(n)
.repeat().batch(b)`` never needs to look at single elements: each element is
a row of the source arrays.  Such nodes also offer a :class:`Plan`: a *table*
(the source arrays, or a formula for ``range``) and a stream of index chunks.
``shuffle``/``take``/``skip``/``repeat``/``shard`` rewrite the index stream,
and ``batch`` gathers ``b`` rows of every component with one fancy-indexing
call instead of stacking ``b`` small arrays.  The rows and their order are
exactly those of the element-by-element path (the same shuffle algorithm runs
on indices instead of elements), only cheaper.
"""

import contextlib

from ..backend import rng, xp
from ..engine import context
from ..errors import InvalidArgumentError
from . import structure as S

INFINITE = -1  # tf.data.INFINITE_CARDINALITY
UNKNOWN = -2  # tf.data.UNKNOWN_CARDINALITY
CHUNK = 4096  # indices per chunk produced by the sources
PIECE = 256  # rows gathered at once when a plan is iterated element by element


class Node:
    """One stage of a pipeline.  Subclasses set ``name`` (TF's class name, for repr)."""

    name = "_Dataset"
    inputs = ()
    is_source = False  # in-memory sources: caching them changes nothing

    @property
    def element_spec(self):
        spec = getattr(self, "_spec", None)
        if spec is None:
            spec = self._spec = self.compute_spec()
        return spec

    def compute_spec(self):
        return self.inputs[0].element_spec

    @property
    def structure(self):
        """The nest of the elements (leaves arbitrary); cheaper than ``element_spec`` for maps."""
        return self.element_spec

    def cardinality(self):
        return self.inputs[0].cardinality()

    def plan(self):
        """A :class:`Plan` when every element is a row of one table, else None."""
        return None

    def elements(self):
        """An iterator over the elements, each a tuple of arrays in ``flatten`` order."""
        p = self.plan()
        if p is not None:
            return iterate_plan(p)
        return self.generic_elements()

    def generic_elements(self):
        raise NotImplementedError


class Plan:
    """Rows of ``table`` in the order given by ``chunks()``, a fresh stream of index arrays per call."""

    __slots__ = ("table", "chunks")

    def __init__(self, table, chunks):
        self.table = table
        self.chunks = chunks


class SliceTable:
    """Rows of in-memory arrays (``from_tensor_slices``, ``from_tensors``, a completed cache)."""

    def __init__(self, arrays):
        self.arrays = tuple(arrays)
        self.size = self.arrays[0].shape[0]

    def gather(self, idx):
        n = len(idx)
        # Consecutive rows are a view, no copy (the end points rule most shuffled batches out).
        if n and int(idx[-1]) - int(idx[0]) == n - 1 and (n == 1 or bool((xp.diff(idx) == 1).all())):
            lo = int(idx[0])
            return tuple(a[lo:lo + n] for a in self.arrays)
        return tuple(a.take(idx, axis=0) for a in self.arrays)


def source_chunks(size):
    """Index chunks ``0..size-1`` (``size=None``: without end), made lazily."""
    lo = 0
    while size is None or lo < size:
        hi = lo + CHUNK if size is None else min(lo + CHUNK, size)
        yield xp.arange(lo, hi, dtype=xp.int64)
        lo = hi


def iterate_plan(plan):
    """Elements of a plan: views of single rows, or (computed tables) ``PIECE`` rows at a time."""
    table = plan.table
    if isinstance(table, SliceTable):
        arrays = table.arrays
        for chunk in plan.chunks():
            for i in chunk.tolist():
                yield tuple(a[i, ...] for a in arrays)  # a view: no copy of a large row
        return
    for chunk in plan.chunks():
        for lo in range(0, len(chunk), PIECE):
            rows = table.gather(chunk[lo:lo + PIECE])
            for j in range(rows[0].shape[0]):
                yield tuple(a[j, ...] for a in rows)


def structured(node):
    """``(structure, element)`` for each element of ``node``, the structure looked up once."""
    structure = None
    for element in node.elements():
        if structure is None:
            structure = node.structure  # known once the node has produced an element
        yield structure, element


def stack_elements(elements):
    """Stack flat elements component-wise (``None`` if some component's shapes differ)."""
    if not elements:
        return None
    columns = []
    for c in range(len(elements[0])):
        parts = [e[c] for e in elements]
        shape, dtype = parts[0].shape, parts[0].dtype
        if any(p.shape != shape or p.dtype != dtype for p in parts):
            return None
        columns.append(xp.stack(parts))
    return tuple(columns)


# ---------------------------------------------------------------- calling user functions
@contextlib.contextmanager
def isolated():
    """Run user functions of a pipeline outside any GradientTape or trace.

    As in TF, a dataset function is its own computation: its ops are not
    recorded on a tape active around the iteration, and gradients do not flow
    from a model back into the input pipeline.
    """
    state = context.state
    tapes, tracer = state.tapes, state.tracer
    state.tapes, state.tracer = [], None
    try:
        yield
    finally:
        state.tapes, state.tracer = tapes, tracer


@contextlib.contextmanager
def preserved_rng():
    """Keep the random streams unchanged across a probe call of a user function."""
    saved = rng.snapshot()
    try:
        with xp.errstate(all="ignore"):
            yield
    finally:
        rng.restore(saved)


def call(fn, structure, arrays):
    """``fn`` on one element as Tensors: a tuple element is unpacked into arguments, as in TF."""
    element = S.tensors(structure, arrays)
    with isolated():
        if type(element) is tuple:
            return fn(*element)
        return fn(element)


def output_arrays(value, what):
    """``(structure, arrays)`` of what a user function returned (a top-level list is a tuple)."""
    if isinstance(value, list):
        value = tuple(value)  # as TF: a returned list is several components, not one stacked tensor
    if value is None:
        raise InvalidArgumentError(
            f"{what} returned None. It must return a tensor or a tuple/dict of tensors; did you "
            "forget a `return`?")
    if type(value).__name__ == "Dataset" and hasattr(value, "_node"):
        raise InvalidArgumentError(
            f"{what} returned a Dataset; elements of a saessak dataset are tensors. Use "
            "flat_map() or interleave() to produce elements from a dataset per input element.")
    return S.normalize(value, what)

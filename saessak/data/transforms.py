"""Transformations that reorder, cut or join elements without looking at them.

``repeat``, ``take``, ``skip``, ``shard``, ``prefetch`` and ``cache`` pass
elements through unchanged; ``concatenate``, ``zip`` and ``enumerate`` join
datasets.  Cardinalities follow TF's rules exactly, including the special
values: ``repeat()`` of anything non-empty is INFINITE_CARDINALITY (-1), even
of a dataset of unknown size, and any ``filter`` upstream makes sizes UNKNOWN (-2).

Where the input has an index plan (see ``_base``) the index-only
transformations rewrite the plan's index stream, so ``batch`` can still gather
whole batches downstream of them.
"""

import itertools
import operator
import os

from ..backend import dtypes, xp
from ..engine.function import TensorSpec
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import structure as S
from ._base import INFINITE, UNKNOWN, Node, Plan, SliceTable, source_chunks, stack_elements


def count_arg(value, op, what="count"):
    if isinstance(value, Tensor):
        value = value._concrete("int")
    if isinstance(value, (bool, xp.bool_)):
        value = None
    try:
        return operator.index(value)
    except TypeError:
        raise InvalidArgumentError(
            f"Dataset.{op}: `{what}` must be an integer (an int64 in TF), received {value!r}.") from None


class PassThrough(Node):
    """Elements unchanged (base of the index-only transformations)."""

    @property
    def structure(self):
        return self.inputs[0].structure

    def plan(self):
        p = self.inputs[0].plan()
        return None if p is None else Plan(p.table, lambda: self.chunks(p))

    def chunks(self, p):
        return p.chunks()

    def generic_elements(self):
        return self.inputs[0].elements()


class PrefetchNode(PassThrough):
    """A pass-through: elements are computed on demand, in the consumer's thread."""

    name = "_PrefetchDataset"

    def __init__(self, child, buffer_size):
        self.inputs = (child,)
        size = count_arg(buffer_size, "prefetch", "buffer_size")
        if size < -1:
            raise InvalidArgumentError(
                "Dataset.prefetch: buffer_size must be >= 0 or set buffer_size to be -1 for "
                f"auto-tuning (tf.data.AUTOTUNE), received {size}.")


class RepeatNode(PassThrough):
    name = "_RepeatDataset"

    def __init__(self, child, count):
        self.inputs = (child,)
        self.count = -1 if count is None else count_arg(count, "repeat")

    def cardinality(self):
        n = self.inputs[0].cardinality()
        if self.count == 0 or n == 0:
            return 0
        if self.count < 0:
            return INFINITE
        return n if n < 0 else n * self.count

    def _passes(self, make):
        k = 0
        while self.count < 0 or k < self.count:
            empty = True
            for item in make():
                empty = empty and not len(item)
                yield item
            if empty:  # an empty input repeated forever is still empty (TF stops too)
                return
            k += 1

    def chunks(self, p):
        return self._passes(p.chunks)

    def generic_elements(self):
        return self._passes(self.inputs[0].elements)


class TakeNode(PassThrough):
    name = "_TakeDataset"

    def __init__(self, child, count):
        self.inputs = (child,)
        self.count = count_arg(count, "take")

    def cardinality(self):
        n = self.inputs[0].cardinality()
        if self.count < 0:
            return n
        if n == INFINITE:
            return self.count
        return n if n == UNKNOWN else min(n, self.count)

    def chunks(self, p):
        left = self.count
        if left < 0:
            yield from p.chunks()
            return
        if left == 0:
            return
        for chunk in p.chunks():
            yield chunk[:left]
            left -= len(chunk)
            if left <= 0:
                return

    def generic_elements(self):
        it = self.inputs[0].elements()
        return it if self.count < 0 else itertools.islice(it, self.count)


class SkipNode(PassThrough):
    name = "_SkipDataset"

    def __init__(self, child, count):
        self.inputs = (child,)
        self.count = count_arg(count, "skip")

    def cardinality(self):
        n = self.inputs[0].cardinality()
        if n < 0:
            return n
        return 0 if self.count < 0 else max(0, n - self.count)

    def chunks(self, p):
        left = self.count
        for chunk in p.chunks():
            if left < 0:
                continue
            if left:
                cut = min(left, len(chunk))
                chunk, left = chunk[cut:], left - cut
            if len(chunk):
                yield chunk

    def generic_elements(self):
        it = self.inputs[0].elements()
        if self.count < 0:
            return _drained(it)
        return itertools.islice(it, self.count, None)


def _drained(it):
    """Nothing, after reading all of ``it`` (``skip(-1)``), lazily like every stage."""
    for _ in it:
        pass
    yield from ()


class ShardNode(PassThrough):
    name = "_ShardDataset"

    def __init__(self, child, num_shards, index):
        self.inputs = (child,)
        self.num = count_arg(num_shards, "shard", "num_shards")
        self.index = count_arg(index, "shard", "index")
        if self.num <= 0:
            raise InvalidArgumentError(
                f"Dataset.shard: Number of shards must be greater than zero, received {self.num}.")
        if not 0 <= self.index < self.num:
            raise InvalidArgumentError(
                f"Dataset.shard: Index must be between 0 and {self.num - 1} (currently index = "
                f"{self.index}).")

    def cardinality(self):
        n = self.inputs[0].cardinality()
        if n < 0:
            return n
        return n // self.num + (1 if self.index < n % self.num else 0)

    def chunks(self, p):
        offset = 0
        for chunk in p.chunks():
            first = (self.index - offset) % self.num
            offset += len(chunk)
            picked = chunk[first::self.num]
            if len(picked):
                yield picked

    def generic_elements(self):
        it = self.inputs[0].elements()
        return itertools.islice(it, self.index, None, self.num)


_WRITERS = itertools.count()


class CacheNode(PassThrough):
    """Elements of the first complete pass, kept in memory (or in ``filename``) and replayed.

    A pass that stops early caches nothing, as in TF.  A completed in-memory
    cache whose components have one shape is stacked into arrays, so later
    passes have an index plan (fast ``shuffle`` + ``batch``).  A file cache is
    written while the first pass streams (``filename + '.saessak-cache'``) and
    read back, streaming too, by every later pass and later program.
    """

    name = "CacheDataset"

    def __init__(self, child, filename):
        self.inputs = (child,)
        if isinstance(filename, Tensor):
            raise InvalidArgumentError("Dataset.cache: filename must be a Python string.")
        self.path = f"{os.fspath(filename)}.saessak-cache" if filename else None
        self.rows = None
        self.table = None

    def plan(self):
        if self.table is not None:
            n = self.table.size
            return Plan(self.table, lambda: source_chunks(n))
        if getattr(self.inputs[0], "is_source", False):
            return self.inputs[0].plan()  # caching an in-memory source would change nothing
        return None

    def generic_elements(self):
        if self.rows is not None:
            return iter(self.rows)
        if self.path is not None:
            return self._read() if os.path.exists(self.path) else self._write()
        return self._record()

    def _record(self):
        rows = []
        for element in self.inputs[0].elements():
            rows.append(element)
            yield element
        if self.rows is None and self.table is None:
            stacked = stack_elements(rows)
            if stacked is not None and len(stacked[0]):
                self.table = SliceTable(stacked)
            else:
                self.rows = rows

    def _write(self):
        tmp = f"{self.path}.tmp-{os.getpid()}-{next(_WRITERS)}"  # one file per writing pass
        done = False
        try:
            with open(tmp, "wb") as f:
                for element in self.inputs[0].elements():
                    xp.save(f, xp.asarray(len(element), dtype=xp.int64), allow_pickle=False)
                    for a in element:
                        xp.save(f, a, allow_pickle=False)
                    yield element
            os.replace(tmp, self.path)
            done = True
        finally:
            if not done and os.path.exists(tmp):
                os.remove(tmp)

    def _read(self):
        with open(self.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            while f.tell() < size:
                k = int(xp.load(f, allow_pickle=False))
                yield tuple(xp.load(f, allow_pickle=False) for _ in range(k))


class ConcatenateNode(Node):
    name = "_ConcatenateDataset"

    def __init__(self, first, second):
        self.inputs = (first, second)
        a, b = first.element_spec, second.element_spec
        la, lb = S.flatten(a), S.flatten(b)
        if not S.same_structure(a, b) or [x.dtype for x in la] != [y.dtype for y in lb]:
            raise InvalidArgumentError(
                f"Incompatible dataset elements:\n  {a!r} vs.   {b!r}\nconcatenate() needs elements "
                "of the same structure and dtypes (shapes may differ).")
        self._spec = S.pack(a, [TensorSpec(S.most_specific_compatible(x.shape, y.shape), x.dtype)
                                for x, y in zip(la, lb)])

    @property
    def structure(self):
        return self.inputs[0].structure

    def cardinality(self):
        a, b = (n.cardinality() for n in self.inputs)
        if INFINITE in (a, b):
            return INFINITE
        return UNKNOWN if UNKNOWN in (a, b) else a + b

    def generic_elements(self):
        return itertools.chain(self.inputs[0].elements(), self.inputs[1].elements())


class ZipNode(Node):
    name = "_ZipDataset"

    def __init__(self, structure, nodes):
        self.layout = structure  # the user's nest of datasets
        self.inputs = tuple(nodes)

    def compute_spec(self):
        return S.pack(self.layout, [n.element_spec for n in self.inputs])

    @property
    def structure(self):
        return S.pack(self.layout, [n.structure for n in self.inputs])

    def cardinality(self):
        result = INFINITE
        for node in self.inputs:
            n = node.cardinality()
            if n == UNKNOWN:
                return UNKNOWN
            result = n if result == INFINITE else (result if n == INFINITE else min(result, n))
        return result

    def generic_elements(self):
        iterators = [n.elements() for n in self.inputs]
        while True:
            out = []
            for it in iterators:
                element = next(it, None)
                if element is None:
                    return
                out.extend(element)
            yield tuple(out)


class EnumerateNode(Node):
    name = "_ZipDataset"  # TF builds enumerate as zip(range(start, inf), dataset)

    def __init__(self, child, start):
        self.inputs = (child,)
        self.start = count_arg(start, "enumerate", "start")

    def compute_spec(self):
        return (TensorSpec((), dtypes.int64), self.inputs[0].element_spec)

    @property
    def structure(self):
        return (TensorSpec((), dtypes.int64), self.inputs[0].structure)

    def generic_elements(self):
        for i, element in enumerate(self.inputs[0].elements(), self.start):
            yield (xp.asarray(i, dtype=xp.int64), *element)

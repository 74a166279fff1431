"""``tf.data.Dataset``: lazy, streaming input pipelines.

A :class:`Dataset` is a recipe: a chain of sources and transformations (see
``_base``).  Nothing runs when it is built; iterating it streams the elements
through the chain one at a time (or one batch at a time), so a pipeline over
a generator larger than memory, or over ``range(10**12)``, costs only what is
read.  Iteration yields ``saessak.Tensor`` objects in the element's structure
(tensor, tuple, namedtuple or dict), exactly as TF's eager iteration does.
"""

from ..backend import dtypes, xp
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError, OutOfRangeError, UnsupportedAPIError
from . import batching, mapping, sources, transforms
from . import structure as S
from ._base import INFINITE, UNKNOWN, Node, isolated, output_arrays, structured
from .shuffle import ShuffleNode

AUTOTUNE = -1
# Dataset methods of TF 2.21 that saessak does not provide (the message names them).
_UNSUPPORTED = frozenset([
    "window", "scan", "unique", "rebatch", "group_by_window", "bucket_by_sequence_length",
    "ragged_batch", "sparse_batch", "snapshot", "save", "load", "list_files", "random",
    "choose_from_datasets", "sample_from_datasets", "rejection_resample", "ignore_errors",
    "options", "with_options", "fingerprint", "distribute",
])


class Dataset:
    """A sequence of elements produced by a pipeline (``tf.data.Dataset``).

    Build one with ``from_tensor_slices``, ``from_tensors``, ``from_generator``,
    ``range`` or ``zip``, then chain transformations; each returns a new Dataset.
    """

    def __init__(self, node):
        if not isinstance(node, Node):
            raise TypeError(
                "tf.data.Dataset cannot be instantiated directly: build one with "
                "Dataset.from_tensor_slices(...), Dataset.range(...) or Dataset.from_generator(...).")
        self._node = node

    # ------------------------------------------------------------ sources
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """One element per slice along the first dimension of every component."""
        return Dataset(sources.TensorSliceNode(tensors))

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of exactly one element, ``tensors``."""
        return Dataset(sources.TensorNode(tensors))

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        """Elements yielded by ``generator(*args)``, called anew for every iteration."""
        return Dataset(sources.GeneratorNode(generator, output_types, output_shapes, args,
                                             output_signature))

    @staticmethod
    def range(*args, **kwargs):  # noqa: A003 - TF's name
        """``range(stop)``, ``range(start, stop[, step], output_type=tf.int64)``, like Python's."""
        start, stop, step, dtype = sources.range_args(args, kwargs)
        return Dataset(sources.RangeNode(start, stop, step, dtype))

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None):
        """``start, start + step, ...`` without end."""
        return Dataset(sources.RangeNode(start, None, step, dtype, op="Dataset.counter"))

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """Elements of several datasets side by side, in their (nested) tuple/dict structure."""
        if args and datasets is not None:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        _check_zip(datasets)
        leaves = S.flatten(datasets)
        if not leaves:
            raise InvalidArgumentError("Dataset.zip: received an empty structure; pass at least one "
                                       "dataset.")
        return Dataset(transforms.ZipNode(datasets, [d._node for d in leaves]))

    # ------------------------------------------------------------ transformations
    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None,
              name=None):
        """Stack ``batch_size`` consecutive elements (the last batch may be short)."""
        return Dataset(batching.BatchNode(self._node, batch_size, drop_remainder))

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False, name=None):
        """Batch elements of different shapes, padding each component to a common shape."""
        return Dataset(batching.PaddedBatchNode(self._node, batch_size, padded_shapes,
                                                padding_values, drop_remainder))

    def unbatch(self, name=None):
        """Split every element along its first dimension (the inverse of ``batch``)."""
        return Dataset(batching.UnbatchNode(self._node))

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Shuffle with a buffer of ``buffer_size`` elements (see ``shuffle``'s module doc)."""
        return Dataset(ShuffleNode(self._node, buffer_size, seed, reshuffle_each_iteration))

    def map(self, map_func, num_parallel_calls=None, deterministic=None, synchronous=None,
            use_unbounded_threadpool=False, name=None):
        """``map_func`` applied to every element (a tuple element is unpacked into arguments)."""
        return Dataset(mapping.MapNode(self._node, map_func))

    def filter(self, predicate, name=None):  # noqa: A003 - TF's name
        """The elements for which ``predicate`` returns a scalar boolean True."""
        return Dataset(mapping.FilterNode(self._node, predicate))

    def take_while(self, predicate, name=None):
        """Elements up to (not including) the first for which ``predicate`` is False."""
        return Dataset(mapping.TakeWhileNode(self._node, predicate))

    def flat_map(self, map_func, name=None):
        """The elements of the dataset ``map_func`` returns for each element, in order."""
        return Dataset(mapping.FlatMapNode(self._node, map_func))

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None):
        """Like ``flat_map``, cycling over ``cycle_length`` inner datasets, ``block_length`` at a time."""
        return Dataset(mapping.InterleaveNode(self._node, map_func, cycle_length, block_length))

    def repeat(self, count=None, name=None):
        """The dataset ``count`` times (``None`` or -1: forever)."""
        return Dataset(transforms.RepeatNode(self._node, count))

    def take(self, count, name=None):
        """At most the first ``count`` elements (-1: all)."""
        return Dataset(transforms.TakeNode(self._node, count))

    def skip(self, count, name=None):
        """All but the first ``count`` elements (-1: none)."""
        return Dataset(transforms.SkipNode(self._node, count))

    def shard(self, num_shards, index, name=None):
        """Every ``num_shards``-th element, starting at ``index``."""
        return Dataset(transforms.ShardNode(self._node, num_shards, index))

    def prefetch(self, buffer_size, name=None):
        """Accepted for compatibility; elements are produced on demand."""
        return Dataset(transforms.PrefetchNode(self._node, buffer_size))

    def cache(self, filename="", name=None):
        """Keep the elements of the first complete pass (in memory, or in ``filename``)."""
        return Dataset(transforms.CacheNode(self._node, filename))

    def concatenate(self, dataset, name=None):
        """This dataset's elements followed by ``dataset``'s (same structure and dtypes)."""
        if not isinstance(dataset, Dataset):
            raise TypeError(f"Dataset.concatenate: expected a Dataset, received {type(dataset)}.")
        return Dataset(transforms.ConcatenateNode(self._node, dataset._node))

    def enumerate(self, start=0, name=None):  # noqa: A003 - TF's name
        """Pairs ``(i, element)`` with an int64 counter ``i`` from ``start``."""
        return Dataset(transforms.EnumerateNode(self._node, start))

    def apply(self, transformation_func):
        """``transformation_func(self)``, which must return a Dataset."""
        result = transformation_func(self)
        if not isinstance(result, Dataset):
            raise TypeError("`transformation_func` must return a `tf.data.Dataset` object. Got "
                            f"{type(result)}.")
        return result

    # ------------------------------------------------------------ reading
    @property
    def element_spec(self):
        """The structure of an element, with a ``saessak.TensorSpec`` for each component."""
        return self._node.element_spec

    def __iter__(self):
        return Iterator(self._node)

    def as_numpy_iterator(self):
        """Iterate over NumPy values: NumPy scalars for 0-d components, arrays otherwise."""
        return NumpyIterator(self._node)

    def cardinality(self):
        """The number of elements as an int64 tensor; INFINITE (-1) or UNKNOWN (-2) as TF."""
        return Tensor(xp.asarray(self._node.cardinality(), dtype=xp.int64))

    def __len__(self):
        n = self._node.cardinality()
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True  # never decided by __len__, as TF

    def reduce(self, initial_state, reduce_func, name=None):
        """Fold the elements: ``state = reduce_func(state, element)``, from ``initial_state``."""
        structure, arrays = S.normalize(initial_state, "Dataset.reduce initial_state")
        state = S.tensors(structure, arrays)
        dtypes_ = [a.dtype for a in arrays]
        for element_structure, element in structured(self._node):
            with isolated():
                new = reduce_func(state, S.tensors(element_structure, element))
            new_structure, new_arrays = output_arrays(new, "reduce_func")
            if not S.same_structure(structure, new_structure) or \
                    [a.dtype for a in new_arrays] != dtypes_:
                raise InvalidArgumentError(
                    "The element types for the new state must match the initial state. Expected "
                    f"{S.specs_of(structure, arrays)!r}; got {S.specs_of(new_structure, new_arrays)!r}.")
            state = S.tensors(new_structure, new_arrays)
        return state

    def get_single_element(self, name=None):
        """The only element of a one-element dataset."""
        it = self._node.elements()
        first = next(it, None)
        if first is None:
            raise InvalidArgumentError("Dataset was empty.")
        if next(it, None) is not None:
            raise InvalidArgumentError("Dataset had more than one element.")
        return S.tensors(self._node.structure, first)

    def __repr__(self):
        return f"<{self._node.name} element_spec={self.element_spec!r}>"

    def __getattr__(self, name):
        if name in _UNSUPPORTED:
            raise UnsupportedAPIError(f"tf.data.Dataset.{name}")
        raise AttributeError(f"'Dataset' object has no attribute {name!r}")


def _check_zip(s):
    if isinstance(s, list):
        raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                        "`tf.data.Dataset` objects. Python `list` is not supported and you should use "
                        "`tuple` instead.")
    if isinstance(s, tuple):
        for x in s:
            _check_zip(x)
    elif isinstance(s, dict):
        for x in s.values():
            _check_zip(x)
    elif not isinstance(s, Dataset):
        raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                        f"`tf.data.Dataset` objects but encountered object of type {type(s)}.")


class Iterator:
    """An iterator over a Dataset (``iter(dataset)``): each element as Tensors."""

    def __init__(self, node):
        self._node = node
        self._elements = node.elements()
        self._structure = None
        self._pack = None  # arrays -> Tensors in the element's structure, made with it

    @property
    def element_spec(self):
        return self._node.element_spec

    def __iter__(self):
        return self

    def _next_arrays(self):
        arrays = next(self._elements)
        if self._structure is None:
            self._structure = self._node.structure
        return arrays

    def __next__(self):
        arrays = self._next_arrays()
        if self._pack is None:
            self._pack = S.tensors_packer(self._structure)
        return self._pack(arrays)

    def get_next(self):
        """The next element; ``OutOfRangeError`` at the end (``next()`` raises StopIteration)."""
        try:
            return next(self)
        except StopIteration:
            raise OutOfRangeError("End of sequence: the iterator has no more elements.") from None


class NumpyIterator(Iterator):
    """``as_numpy_iterator()``: NumPy scalars for 0-d components, array copies otherwise."""

    def __next__(self):
        arrays = self._next_arrays()
        return S.numpy_values(self._structure, arrays)

"""Dataset sources: in-memory tensors, integer ranges and Python generators.

``from_tensor_slices`` and ``from_tensors`` hold their arrays (copied from
NumPy, so later edits of the caller's arrays do not leak in) and serve them as
a :class:`~saessak.data._base.SliceTable`; ``range`` computes its rows
``start + i * step`` on demand, so ``range(10**12)`` costs nothing until read.
``from_generator`` calls the generator anew for every iteration and checks
each yielded element against the declared signature, as TF does.
"""

import builtins
import operator

from ..backend import as_dtype, dtypes, xp
from ..engine.function import TensorSpec
from ..engine.shape import TensorShape
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import structure as S
from ._base import INFINITE, UNKNOWN, Node, Plan, SliceTable, source_chunks


def _empty_element_error():
    return InvalidArgumentError("Invalid `element`. `element` should not be empty: a dataset "
                                "element needs at least one tensor.")


class TensorSliceNode(Node):
    name = "_TensorSliceDataset"
    is_source = True

    def __init__(self, tensors):
        if tensors is None or (S.is_nested(tensors) and not S.flatten(tensors)):
            raise _empty_element_error()
        structure, arrays = S.normalize(tensors, "Dataset.from_tensor_slices")
        for i, a in enumerate(arrays):
            if a.ndim == 0:
                raise InvalidArgumentError(
                    f"Dataset.from_tensor_slices: component {i} is a scalar (shape ()), but slicing "
                    "needs rank >= 1 (its first dimension is split into elements). Use "
                    "Dataset.from_tensors for a single element.")
        sizes = [a.shape[0] for a in arrays]
        for i, n in enumerate(sizes):
            if n != sizes[0]:
                raise InvalidArgumentError(
                    "Dataset.from_tensor_slices: all components must have the same size in their first "
                    f"dimension (the one that is sliced), but component 0 has {sizes[0]} and component "
                    f"{i} has {n} (shapes {tuple(arrays[0].shape)} and {tuple(arrays[i].shape)}). "
                    "Pass arrays with the same number of samples.")
        self.table = SliceTable(arrays)
        self._spec = S.pack(structure, [TensorSpec(a.shape[1:], as_dtype(a.dtype)) for a in arrays])

    def cardinality(self):
        return self.table.size

    def plan(self):
        n = self.table.size
        return Plan(self.table, lambda: source_chunks(n))


class TensorNode(Node):
    name = "_TensorDataset"
    is_source = True

    def __init__(self, tensors):
        if tensors is None or (S.is_nested(tensors) and not S.flatten(tensors)):
            raise _empty_element_error()
        structure, arrays = S.normalize(tensors, "Dataset.from_tensors")
        self.table = SliceTable([a[None] for a in arrays])
        self._spec = S.specs_of(structure, arrays)

    def cardinality(self):
        return 1

    def plan(self):
        return Plan(self.table, lambda: source_chunks(1))


def _int_arg(value, what, op):
    """A Python int from an int, a NumPy integer or an integer scalar Tensor (TF's int64 args)."""
    if isinstance(value, Tensor):
        if not value.dtype.is_integer or value.shape.rank != 0:
            raise InvalidArgumentError(f"{op}: `{what}` must be an integer scalar, received a tensor "
                                       f"of shape {value.shape} and dtype {value.dtype.name}.")
        value = value._concrete("int")
    if isinstance(value, (bool, xp.bool_)):
        raise InvalidArgumentError(f"{op}: `{what}` must be an integer, received {value!r}.")
    try:
        return operator.index(value)
    except TypeError:
        raise InvalidArgumentError(
            f"{op}: `{what}` must be an integer (it is an int64 in TF), received "
            f"{type(value).__name__} {value!r}.") from None


class RangeTable:
    def __init__(self, start, step, np_dtype):
        self.start, self.step, self.np_dtype = start, step, np_dtype

    def gather(self, idx):
        return ((self.start + idx * self.step).astype(self.np_dtype, copy=False),)


class RangeNode(Node):
    """``range(start, stop, step)``; ``stop=None`` counts without end (``Dataset.counter``)."""

    name = "_RangeDataset"
    is_source = True

    def __init__(self, start, stop, step, dtype, op="Dataset.range"):
        start = _int_arg(start, "start", op)
        step = _int_arg(step, "step", op)
        if step == 0:
            raise InvalidArgumentError(f"{op}: step must be a non-zero integer, received step=0.")
        dtype = as_dtype(dtype)
        if stop is None:
            self.size = None
        else:
            stop = _int_arg(stop, "stop", op)
            self.size = len(builtins.range(start, stop, step))
        self.table = RangeTable(start, step, dtype._np)
        self._spec = TensorSpec((), dtype)

    def cardinality(self):
        return INFINITE if self.size is None else self.size

    def plan(self):
        n = self.size
        return Plan(self.table, lambda: source_chunks(n))


def range_args(args, kwargs):
    """Parse ``Dataset.range(*args, output_type=tf.int64, name=None)`` like Python's range."""
    if not 1 <= len(args) <= 3:
        raise InvalidArgumentError(
            f"Invalid `args`. The length of `args` should be between 1 and 3 but was {len(args)}: "
            "call Dataset.range(stop), range(start, stop) or range(start, stop, step).")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
    extra = set(kwargs) - {"output_type", "name"}
    if extra:
        raise TypeError(
            f"Dataset.range() got unexpected keyword argument(s) {sorted(extra)}; it takes "
            "`output_type=` (TF 2.21 would silently ignore the others, e.g. `dtype=`).")
    return start, stop, step, kwargs.get("output_type", dtypes.int64)


# ---------------------------------------------------------------- from_generator
def _signature(output_types, output_shapes, output_signature):
    """The element spec declared to ``from_generator``."""
    if output_signature is not None:
        if output_types is not None:
            raise TypeError("The `output_types` argument can not be used together with the "
                            "`output_signature` argument.")
        if output_shapes is not None:
            raise TypeError("The `output_shapes` argument can not be used together with the "
                            "`output_signature` argument.")
        for leaf in S.flatten(output_signature):
            if not isinstance(leaf, TensorSpec):
                raise TypeError(
                    "`output_signature` must contain objects that are subclass of `tf.TypeSpec` but "
                    f"found {type(leaf)} which is not. Use saessak.TensorSpec(shape, dtype) leaves.")
        return output_signature
    if output_types is None:
        raise TypeError("To specify the output signature you need to provide either the "
                        "`output_signature` argument or the `output_types` argument.")
    types = S.map_structure(as_dtype, output_types)
    if output_shapes is None:
        shapes = [TensorShape(None)] * len(S.flatten(types))
    else:
        def error():
            return TypeError(f"`output_shapes` {output_shapes!r} does not match the structure of "
                             f"`output_types` {output_types!r}.")
        shapes = [TensorShape(s) for s in S.flatten_up_to(types, output_shapes, error)]
    return S.pack(types, [TensorSpec(s, t) for s, t in zip(shapes, S.flatten(types))])


class GeneratorNode(Node):
    name = "_FlatMapDataset"  # TF builds from_generator as a flat_map over generator ids

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable (a function returning an "
                            "iterator, e.g. a generator function), not an iterator itself.")
        self.generator = generator
        self._spec = _signature(output_types, output_shapes, output_signature)
        self.specs = S.flatten(self._spec)
        self.types = S.map_structure(lambda s: s.dtype, self._spec)
        if args is None:
            self.args = ()
        else:
            if not isinstance(args, (tuple, list)):
                args = (args,)
            arrays = [S.to_array(a, "Dataset.from_generator args") for a in args]
            self.args = tuple(a[()] if a.ndim == 0 else a for a in arrays)

    def cardinality(self):
        return UNKNOWN

    def generic_elements(self):
        for value in self.generator(*self.args):
            yield self._convert(value)

    def _convert(self, value):
        def error():
            return InvalidArgumentError(
                "`generator` yielded an element that did not match the expected structure. The "
                f"expected structure was {self.types!r}, but the yielded element was {value!r}. "
                "(Lists are single tensors in tf.data: yield a tuple for several components.)")
        leaves = S.flatten_up_to(self._spec, value, error)
        out = []
        for leaf, spec in zip(leaves, self.specs):
            try:
                array = xp.array(leaf, dtype=spec.dtype._np, copy=True)
            except (TypeError, ValueError, OverflowError):
                raise InvalidArgumentError(
                    "`generator` yielded an element that could not be converted to the expected "
                    f"type. The expected type was {spec.dtype.name}, but the yielded element was "
                    f"{leaf!r}.") from None
            if not spec.shape.is_compatible_with(array.shape):
                raise InvalidArgumentError(
                    f"`generator` yielded an element of shape {TensorShape(array.shape)} where an "
                    f"element of shape {spec.shape} was expected.")
            out.append(array)
        return tuple(out)

"""``batch``, ``padded_batch`` and ``unbatch``: stacking elements along a new first axis.

A batch of ``b`` elements stacks each component: component shapes ``s`` give
batched shapes ``(b, *s)``.  The last batch may be short unless
``drop_remainder``; that is why the batched ``element_spec`` has a leading
``None`` without ``drop_remainder`` and ``b`` with it.  ``padded_batch`` first
pads every component up to a common shape (the given ``padded_shapes``, or the
largest in the batch for unknown dimensions) with ``padding_values``.

When the input has an index plan (rows of in-memory arrays, see ``_base``)
``batch`` gathers the ``b`` rows of each component with one indexing call.
"""

import operator

from ..backend import as_dtype, xp
from ..engine.function import TensorSpec
from ..engine.shape import TensorShape
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import structure as S
from ._base import INFINITE, UNKNOWN, Node


def _batch_size(value, op):
    if isinstance(value, Tensor):
        value = value._concrete("int")
    if isinstance(value, (bool, xp.bool_)):
        value = None
    try:
        value = operator.index(value)
    except TypeError:
        raise InvalidArgumentError(
            f"Dataset.{op}: batch_size must be an integer, received {value!r}.") from None
    if value <= 0:
        raise InvalidArgumentError(
            f"Dataset.{op}: Batch size must be greater than zero, received batch_size={value}.")
    return value


def _batched_cardinality(n, size, drop_remainder):
    if n < 0:
        return n
    return n // size if drop_remainder else -(-n // size)


def _stack(elements, index):
    """Stack flat elements component-wise, with TF's error for unequal shapes."""
    out = []
    for c in range(len(elements[0])):
        parts = [e[c] for e in elements]
        first = parts[0].shape
        for i, p in enumerate(parts):
            if p.shape != first:
                raise InvalidArgumentError(
                    f"Cannot batch tensors with different shapes in component {c}. First element had "
                    f"shape {list(first)} and element {i} had shape {list(p.shape)} (batch {index}). "
                    "Use padded_batch() to pad them to a common shape, or resize them in a map().")
        out.append(xp.stack(parts))
    return tuple(out)


class BatchNode(Node):
    name = "_BatchDataset"

    def __init__(self, child, batch_size, drop_remainder):
        self.inputs = (child,)
        self.size = _batch_size(batch_size, "batch")
        self.drop = bool(drop_remainder)

    def compute_spec(self):
        size = self.size if self.drop else None
        return S.map_structure(lambda s: S.batched_spec(s, size),
                               self.inputs[0].element_spec)

    @property
    def structure(self):
        return self.inputs[0].structure

    def cardinality(self):
        return _batched_cardinality(self.inputs[0].cardinality(), self.size, self.drop)

    def elements(self):
        p = self.inputs[0].plan()
        return self._gathered(p) if p is not None else self.generic_elements()

    def _gathered(self, p):
        size, pending, count = self.size, [], 0
        for chunk in p.chunks():
            while len(chunk):
                take = chunk[:size - count]
                chunk = chunk[len(take):]
                pending.append(take)
                count += len(take)
                if count == size:
                    idx = pending[0] if len(pending) == 1 else xp.concatenate(pending)
                    yield p.table.gather(idx)
                    pending, count = [], 0
        if count and not self.drop:
            yield p.table.gather(xp.concatenate(pending))

    def generic_elements(self):
        batch, index = [], 0
        for element in self.inputs[0].elements():
            batch.append(element)
            if len(batch) == self.size:
                yield _stack(batch, index)
                batch, index = [], index + 1
        if batch and not self.drop:
            yield _stack(batch, index)


class PaddedBatchNode(BatchNode):
    name = "_PaddedBatchDataset"

    def __init__(self, child, batch_size, padded_shapes, padding_values, drop_remainder):
        self.inputs = (child,)
        self.size = _batch_size(batch_size, "padded_batch")
        self.drop = bool(drop_remainder)
        spec = child.element_spec
        specs = S.flatten(spec)
        if padded_shapes is None:
            for i, s in enumerate(specs):
                if s.shape.rank is None:
                    raise InvalidArgumentError(
                        f"You must provide `padded_shapes` argument because component {i} has unknown "
                        "rank.")
            shapes = [s.shape for s in specs]
        else:
            def error():
                return InvalidArgumentError(
                    f"Dataset.padded_batch: padded_shapes={padded_shapes!r} does not match the "
                    f"structure of the elements, {spec!r}. Give one shape per component.")
            given = S.flatten_up_to(spec, padded_shapes, error)
            shapes = [_padded_shape(g, s) for g, s in zip(given, specs)]
        self.shapes = shapes
        self.values = _padding_values(padding_values, spec, specs)

    def compute_spec(self):
        size = self.size if self.drop else None
        specs = [TensorSpec((size, *shape.as_list()), s.dtype)
                 for shape, s in zip(self.shapes, S.flatten(self.inputs[0].element_spec))]
        return S.pack(self.inputs[0].element_spec, specs)

    def elements(self):
        return self.generic_elements()

    def generic_elements(self):
        batch = []
        for element in self.inputs[0].elements():
            batch.append(element)
            if len(batch) == self.size:
                yield self._pad(batch)
                batch = []
        if batch and not self.drop:
            yield self._pad(batch)

    def _pad(self, batch):
        out = []
        for c, (shape, value) in enumerate(zip(self.shapes, self.values)):
            parts = [e[c] for e in batch]
            for p in parts:
                if p.ndim != shape.rank:
                    raise InvalidArgumentError(
                        f"Dataset.padded_batch: component {c} has an element of shape {p.shape}, but "
                        f"the padded shape {shape} has rank {shape.rank}.")
            dims = [d if d is not None else max(p.shape[k] for p in parts)
                    for k, d in enumerate(shape.as_list())]
            for p in parts:
                if any(n > d for n, d in zip(p.shape, dims)):
                    raise InvalidArgumentError(
                        f"Attempted to pad to a smaller size than the input element: component {c} "
                        f"has an element of shape {tuple(p.shape)}, the padded shape is {shape}.")
            array = xp.full((len(parts), *dims), value, dtype=parts[0].dtype)
            for i, p in enumerate(parts):
                array[(i, *[slice(0, n) for n in p.shape])] = p
            out.append(array)
        return tuple(out)


def _padded_shape(given, spec):
    """A component's padded shape as given (``-1``/``None``: pad to the longest in the batch)."""
    if isinstance(given, Tensor):
        given = given.numpy().tolist()
    shape = TensorShape(given)
    if shape.rank is not None:
        shape = TensorShape([None if d == -1 else d for d in shape.as_list()])
    if shape.rank is None or not _can_pad(shape, spec.shape):
        raise InvalidArgumentError(
            f"The padded shape {shape} is not compatible with the shape {spec.shape} of the "
            "corresponding input component.")
    return shape


def _can_pad(padded, shape):
    """TF's rule: same rank, and no known padded dimension smaller than the known input one."""
    if shape.rank is None:
        return True
    return padded.rank == shape.rank and all(
        p is None or d is None or p >= d for p, d in zip(padded.as_list(), shape.as_list()))


def _padding_values(values, spec, specs):
    """One scalar padding value per component, checked against the component dtypes."""
    if values is None:
        return [0] * len(specs)
    if not S.is_nested(values):
        given = [values] * len(specs)
    else:
        def error():
            return InvalidArgumentError(
                f"Dataset.padded_batch: padding_values={values!r} does not match the structure of "
                f"the elements, {spec!r}.")
        given = S.flatten_up_to(spec, values, error)
    out = []
    for v, s in zip(given, specs):
        array = S.to_array(v, "Dataset.padded_batch padding_values")
        if array.ndim != 0:
            raise InvalidArgumentError(
                "Invalid `padding_values`. `padding_values` values should be scalars, but got "
                f"{tuple(array.shape)}.")
        if as_dtype(array.dtype) != s.dtype:
            raise InvalidArgumentError(
                f"Invalid `padding_values`. `padding_values` values type {as_dtype(array.dtype)!s} does "
                f"not match type {s.dtype!s} of the corresponding input component. Pass e.g. "
                f"np.{s.dtype.name}(value).")
        out.append(array[()])
    return out


class UnbatchNode(Node):
    name = "_UnbatchDataset"

    def __init__(self, child):
        self.inputs = (child,)
        specs = S.flatten(child.element_spec)
        dims = set()
        for s in specs:
            if s.shape.rank == 0:
                raise InvalidArgumentError("Cannot unbatch an input with scalar components.")
            if s.shape.rank is not None and s.shape[0] is not None:
                dims.add(s.shape[0])
        if len(dims) > 1:
            a, b = sorted(dims)[:2]
            raise InvalidArgumentError(
                "`unbatch()` is only supported for datasets of elements whose components have a "
                f"matching leading dimension. Encountered both {a} and {b}.")
        known = all(s.shape.rank is not None and s.shape[0] is not None for s in specs)
        self.batch = dims.pop() if dims and known else None

    def compute_spec(self):
        return S.map_structure(S.unbatched_spec, self.inputs[0].element_spec)

    @property
    def structure(self):
        return self.inputs[0].structure

    def cardinality(self):
        n = self.inputs[0].cardinality()
        if n in (INFINITE, UNKNOWN):
            return n
        return n * self.batch if self.batch else UNKNOWN

    def generic_elements(self):
        for element in self.inputs[0].elements():
            sizes = {a.shape[0] if a.ndim else None for a in element}
            if None in sizes or len(sizes) != 1:
                raise InvalidArgumentError(
                    "`unbatch()` needs every component of an element to have the same leading "
                    f"dimension, received shapes {[tuple(a.shape) for a in element]}.")
            for j in range(sizes.pop()):
                yield tuple(a[j, ...] for a in element)

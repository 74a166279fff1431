"""Transformations that run user functions: ``map``, ``filter``, ``flat_map``, ``interleave``, ``take_while``.

A function receives each element as Tensors, a tuple element unpacked into
positional arguments (``lambda x, y: ...``), anything else as one argument,
exactly as TF calls it.  It runs eagerly, once per element, outside any
``GradientTape`` or trace that happens to be open around the iteration.

**Element specs without a graph.**  TF learns a map's output ``element_spec``
by tracing the function symbolically.  saessak has no symbolic tensors, so it
*probes*: when the spec is asked for, the function is called twice on
stand-in inputs of the input spec (zeros with each unknown dimension 6, then
ones with each unknown dimension 12), and dimensions that differ between the
two results become ``None``.  This gives TF's answer for the usual functions
(``(None, 5)`` for a batched ``x * 2``, ``(None,)`` for ``tf.range(x)``); if a
probe raises, the spec comes from the first real element instead, with every
dimension unknown.  Probes leave the random streams untouched but do run any
Python side effects of the function.
"""

import os

from ..backend import xp
from ..engine.function import TensorSpec
from ..engine.shape import TensorShape
from ..errors import InvalidArgumentError
from . import structure as S
from ._base import UNKNOWN, Node, call, output_arrays, preserved_rng, structured

_PROBES = ((0, 6), (1, 12))  # (fill value, size of every unknown dimension)


def probe_spec(fn, child, result_spec):
    """The spec of ``result_spec(fn(element))`` over the elements of ``child`` (see module doc)."""
    in_spec = child.element_spec
    specs = S.flatten(in_spec)
    results = []
    if all(s.shape.rank is not None for s in specs):
        try:
            with preserved_rng():
                for fill, size in _PROBES:
                    arrays = [xp.full([size if d is None else d for d in s.shape.as_list()], fill,
                                      dtype=s.dtype._np) for s in specs]
                    results.append(result_spec(call(fn, in_spec, arrays)))
        except Exception:  # noqa: BLE001 - a stand-in input can fail where real data would not
            results = []
    if len(results) == 2:
        a, b = results
        la, lb = S.flatten(a), S.flatten(b)
        if S.same_structure(a, b) and [x.dtype for x in la] == [y.dtype for y in lb]:
            return S.pack(a, [TensorSpec(S.most_specific_compatible(x.shape, y.shape), x.dtype)
                              for x, y in zip(la, lb)])
    for element in child.elements():  # fallback: the first real element, dimensions unknown
        spec = result_spec(call(fn, child.structure, element))
        return S.map_structure(lambda s: TensorSpec(TensorShape([None] * s.shape.rank)
                                                    if s.shape.rank is not None else None, s.dtype),
                               spec)
    return TensorSpec(None, "float32")  # an empty input and a function that fails on stand-ins


def _map_result_spec(value):
    structure, arrays = output_arrays(value, "map_func")
    return S.specs_of(structure, arrays)


class MapNode(Node):
    name = "_MapDataset"

    def __init__(self, child, fn):
        if not callable(fn):
            raise InvalidArgumentError(f"Dataset.map: map_func must be callable, received {fn!r}.")
        self.inputs = (child,)
        self.fn = fn
        self.observed = None  # (structure, dtypes) of the first output

    def compute_spec(self):
        return probe_spec(self.fn, self.inputs[0], _map_result_spec)

    @property
    def structure(self):
        return self.observed[0] if self.observed is not None else self.element_spec

    def generic_elements(self):
        for structure_in, element in structured(self.inputs[0]):
            structure, arrays = output_arrays(call(self.fn, structure_in, element), "map_func")
            dtypes = [a.dtype for a in arrays]
            if self.observed is None:
                self.observed = (structure, dtypes)
            elif dtypes != self.observed[1]:
                raise InvalidArgumentError(
                    f"Dataset.map: map_func returned components of dtypes {[str(d) for d in dtypes]}, "
                    f"but {[str(d) for d in self.observed[1]]} for an earlier element. A dataset has "
                    "one element type: cast the results to fixed dtypes.")
            yield arrays


def _predicate_value(value, what):
    array = S.to_array(value, what)
    if array.dtype != xp.bool_ or array.ndim != 0:
        raise InvalidArgumentError(
            f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
            f"type is {S.spec_of(array)!r}.")
    return bool(array)


class FilterNode(Node):
    name = "_FilterDataset"

    def __init__(self, child, predicate):
        if not callable(predicate):
            raise InvalidArgumentError(f"Dataset.filter: predicate must be callable, received {predicate!r}.")
        self.inputs = (child,)
        self.fn = predicate

    @property
    def structure(self):
        return self.inputs[0].structure

    def cardinality(self):
        return UNKNOWN

    def generic_elements(self):
        for structure, element in structured(self.inputs[0]):
            if _predicate_value(call(self.fn, structure, element), "filter predicate"):
                yield element


class TakeWhileNode(FilterNode):
    name = "_TakeWhileDataset"

    def generic_elements(self):
        for structure, element in structured(self.inputs[0]):
            if not _predicate_value(call(self.fn, structure, element), "take_while predicate"):
                return
            yield element


def _dataset_node(value, what):
    node = getattr(value, "_node", None)
    if not isinstance(node, Node):
        raise InvalidArgumentError(
            f"{what}: `map_func` must return a `Dataset` object. Got {type(value)}. Use map() for "
            "functions that return tensors.")
    return node


class FlatMapNode(Node):
    """Elements of the dataset ``fn`` returns for each input element, one dataset after another."""

    name = "_FlatMapDataset"
    what = "Dataset.flat_map"

    def __init__(self, child, fn):
        if not callable(fn):
            raise InvalidArgumentError(f"{self.what}: map_func must be callable, received {fn!r}.")
        self.inputs = (child,)
        self.fn = fn
        self.observed = None

    def compute_spec(self):
        return probe_spec(self.fn, self.inputs[0],
                          lambda v: _dataset_node(v, self.what).element_spec)

    @property
    def structure(self):
        return self.observed if self.observed is not None else self.element_spec

    def cardinality(self):
        return UNKNOWN

    def _inner(self, structure, element):
        return _dataset_node(call(self.fn, structure, element), self.what)

    def _inner_elements(self, node):
        for e in node.elements():
            if self.observed is None:
                self.observed = node.structure
            yield e

    def generic_elements(self):
        for structure, element in structured(self.inputs[0]):
            yield from self._inner_elements(self._inner(structure, element))


class InterleaveNode(FlatMapNode):
    """TF's deterministic interleave: ``cycle_length`` open datasets, ``block_length`` each in turn."""

    name = "_InterleaveDataset"
    what = "Dataset.interleave"

    def __init__(self, child, fn, cycle_length, block_length):
        super().__init__(child, fn)
        if cycle_length is None or cycle_length == -1:
            cycle_length = os.cpu_count() or 1  # TF's AUTOTUNE default: the number of cores
        if block_length is None:
            block_length = 1
        for arg, v in (("cycle_length", cycle_length), ("block_length", block_length)):
            if not isinstance(v, int) or v <= 0:
                raise InvalidArgumentError(
                    f"Dataset.interleave: {arg} must be a positive integer (or None), received {v!r}.")
        self.cycle, self.block = cycle_length, block_length

    def generic_elements(self):
        inputs = structured(self.inputs[0])
        slots = [None] * self.cycle
        index = block = open_count = 0
        end_of_input = False
        while not end_of_input or open_count:
            if slots[index] is not None:
                e = next(slots[index], None)
                if e is not None:
                    yield e
                    block += 1
                    if block == self.block:
                        block, index = 0, (index + 1) % self.cycle
                    continue
                slots[index] = None
                open_count -= 1
                block, index = 0, (index + 1) % self.cycle
            elif not end_of_input:
                pair = next(inputs, None)
                if pair is None:
                    end_of_input = True
                else:
                    slots[index] = self._inner_elements(self._inner(*pair))
                    open_count += 1
            else:
                block, index = 0, (index + 1) % self.cycle


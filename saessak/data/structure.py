"""Element structures of a dataset: nests of tuples and dicts with tensors at the leaves.

A dataset element is a *structure*: a tensor, or a tuple / namedtuple / dict
whose entries are structures.  Python **lists are leaves**, not structures, as
everywhere in ``tf.data``: ``from_tensor_slices([[1, 2], [3, 4]])`` slices one
2x2 tensor, and ``from_tensor_slices(([1, 2], [3, 4]))`` two vectors.

Inside a pipeline an element travels *flat*: a tuple of backend arrays in
``flatten`` order (dict entries by sorted key, as TF flattens them).  The
structure is kept once per dataset, in its ``element_spec`` (the same nest with
a ``saessak.TensorSpec`` at each leaf), and re-applied only when an element is
handed to user code or to the caller.  ``pack`` rebuilds dicts in their own
key order, as TF does, so ``element_spec`` prints the keys as the user wrote them.
"""

from ..backend import as_dtype, xp
from ..engine.convert import convert_to_tensor
from ..engine.function import TensorSpec
from ..engine.shape import TensorShape
from ..engine.tensor import Tensor
from ..engine.variable import Variable
from ..errors import InvalidArgumentError


# ---------------------------------------------------------------- nests
def is_nested(s):
    return isinstance(s, (tuple, dict))


def flatten(structure):
    """The leaves of ``structure``, dict entries by sorted key (lists are leaves)."""
    if not isinstance(structure, (tuple, dict)):
        return [structure]
    leaves = []
    _flatten(structure, leaves)
    return leaves


def _flatten(s, leaves):
    if isinstance(s, tuple):
        for item in s:
            _flatten(item, leaves)
    elif isinstance(s, dict):
        for key in _sorted(s):
            _flatten(s[key], leaves)
    else:
        leaves.append(s)


def _sorted(d):
    try:
        return sorted(d)
    except TypeError:
        raise InvalidArgumentError(
            f"tf.data: dict keys must be sortable (all strings, say), received keys {list(d)!r}."
        ) from None


def pack(structure, leaves):
    """``structure`` with its leaves replaced by ``leaves`` (in ``flatten`` order)."""
    if not isinstance(structure, (tuple, dict)):
        return leaves[0]
    it = iter(leaves)
    return _pack(structure, it)


def _pack(s, it):
    if isinstance(s, dict):
        packed = {k: _pack(s[k], it) for k in _sorted(s)}
        return type(s)((k, packed[k]) for k in s)  # the structure's own key order, as TF
    if isinstance(s, tuple):
        items = [_pack(x, it) for x in s]
        return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
    return next(it)


def map_structure(fn, structure):
    return pack(structure, [fn(x) for x in flatten(structure)])


def same_structure(a, b):
    """True when ``a`` and ``b`` nest the same containers (types and dict keys)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and set(a) == set(b)
                and all(same_structure(a[k], b[k]) for k in a))
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and hasattr(a, "_fields") == hasattr(b, "_fields")
                and all(same_structure(x, y) for x, y in zip(a, b)))
    return True


def flatten_up_to(shallow, value, error):
    """The entries of ``value`` at the leaves of ``shallow`` (``value`` may go deeper there).

    Used where a leaf of the structure is itself a list, e.g. ``padded_shapes=([4], [])``
    for a pair of components.  ``error()`` builds the exception for a mismatch.
    """
    if isinstance(shallow, dict):
        if not isinstance(value, dict) or set(value) != set(shallow):
            raise error()
        out = []
        for key in _sorted(shallow):
            out.extend(flatten_up_to(shallow[key], value[key], error))
        return out
    if isinstance(shallow, tuple):
        if not isinstance(value, tuple) or len(value) != len(shallow):
            raise error()
        out = []
        for s, v in zip(shallow, value):
            out.extend(flatten_up_to(s, v, error))
        return out
    return [value]


# ---------------------------------------------------------------- leaves
def to_array(value, what="tf.data"):
    """A backend array for one leaf: a Tensor, NumPy array, Python number or (nested) list.

    NumPy arrays keep their dtype (float64 stays float64) and are copied, so later
    changes to the caller's array do not reach the dataset; Python values follow
    ``saessak.constant``'s rules (ints int32, floats float32).
    """
    if isinstance(value, Variable):
        return value._value.copy()  # a Variable's array may be assigned in place
    if isinstance(value, Tensor):
        return value._value  # tensors are immutable: no copy needed
    if isinstance(value, (xp.ndarray, xp.generic)):
        array = xp.array(value, copy=True)
        if array.dtype.kind not in "biufc":
            raise InvalidArgumentError(
                f"{what}: cannot make a tensor of NumPy dtype={array.dtype}; saessak tensors hold "
                "numbers and booleans (string pipelines are not supported). Encode strings as "
                "integer ids before building the dataset.")
        return array
    if value is None:
        raise InvalidArgumentError(
            f"{what}: received None where a tensor was expected. Every component of a dataset "
            "element must be a tensor, an array or a number.")
    if isinstance(value, (str, bytes)):
        raise InvalidArgumentError(
            f"{what}: cannot make a tensor of the string {value!r}; saessak tensors hold numbers "
            "and booleans (string pipelines are not supported).")
    if isinstance(value, list) and _holds_arrays(value):
        # A list of arrays or tensors is stacked keeping their dtype, as tf.data does
        # (a list of int64 arrays stays int64; Python numbers alone follow constant's rules).
        try:
            return to_array(xp.asarray(value), what)
        except ValueError as exc:
            raise InvalidArgumentError(f"{what}: cannot stack the list {value!r}: {exc}") from None
    try:
        return convert_to_tensor(value)._value
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(f"{what}: {exc}") from None


def _holds_arrays(v):
    if isinstance(v, (list, tuple)):
        return any(_holds_arrays(x) for x in v)
    return isinstance(v, (xp.ndarray, Tensor))


def normalize(value, what="tf.data"):
    """``(structure, flat arrays)`` for a user-given element."""
    leaves = flatten(value)
    return value, tuple(to_array(v, what) for v in leaves)


def spec_of(array):
    return TensorSpec(array.shape, as_dtype(array.dtype))


def specs_of(structure, arrays):
    return pack(structure, [spec_of(a) for a in arrays])


def batched_spec(spec, size):
    """``spec`` with a leading dimension of ``size`` (``None`` for unknown)."""
    shape = spec.shape
    return TensorSpec(None if shape.rank is None else (size, *shape.as_list()), spec.dtype)


def unbatched_spec(spec):
    shape = spec.shape
    return TensorSpec(None if shape.rank is None else shape.as_list()[1:], spec.dtype)


def most_specific_compatible(a, b):
    """The most specific shape compatible with both (unequal dims become ``None``)."""
    if a.rank is None or b.rank is None or a.rank != b.rank:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


def tensors(structure, arrays):
    """The element as the user sees it: ``structure`` with a Tensor at each leaf."""
    if not isinstance(structure, (tuple, dict)):
        return Tensor(arrays[0])
    return pack(structure, [Tensor(a) for a in arrays])


def tensors_packer(structure):
    """``lambda arrays: tensors(structure, arrays)``, quicker for the common flat elements.

    An iterator hands out one element per training step; a single tensor or a
    plain tuple of them (``(x, y)``) is built directly, without walking the nest.
    """
    if not isinstance(structure, (tuple, dict)):
        return lambda arrays: Tensor(arrays[0])
    if type(structure) is tuple and not any(isinstance(s, (tuple, dict)) for s in structure):
        return lambda arrays: tuple(map(Tensor, arrays))
    return lambda arrays: tensors(structure, arrays)


def numpy_values(structure, arrays):
    """The element for ``as_numpy_iterator``: NumPy scalars for 0-d leaves, array copies else."""
    values = [a[()] if a.ndim == 0 else a.copy() for a in arrays]
    return values[0] if not isinstance(structure, (tuple, dict)) else pack(structure, values)

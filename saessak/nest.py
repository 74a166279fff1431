"""``tf.nest``: flatten, rebuild and map nested structures.

A structure is a list, tuple, namedtuple or dict whose entries are structures
or leaves; anything else (a tensor, an array, a number, a string, ``None``) is
a leaf.  Dicts flatten in sorted-key order and are rebuilt in their own key
order, as TensorFlow does.  The mechanism is ``engine/nest.py``, which the
engine uses for ``GradientTape.gradient`` and ``function`` arguments; this
module adds TensorFlow's public signatures and its checks.
"""

from .engine import nest as _nest

__all__ = ["assert_same_structure", "flatten", "is_nested", "map_structure", "pack_sequence_as"]


def is_nested(seq):
    """Whether ``seq`` is a structure (list, tuple, namedtuple, dict) rather than a leaf."""
    return _nest.is_nested(seq)


def flatten(structure, expand_composites=False):
    """The leaves of ``structure``, depth first, dict entries by sorted key."""
    return _nest.flatten(structure)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """``structure`` with its leaves replaced by ``flat_sequence`` (in ``flatten`` order)."""
    if not isinstance(flat_sequence, (list, tuple)):
        raise TypeError(f"tf.nest.pack_sequence_as: flat_sequence must be a list or tuple, "
                        f"received {type(flat_sequence).__name__}.")
    expected = len(_nest.flatten(structure))
    if len(flat_sequence) != expected:
        raise ValueError(
            f"tf.nest.pack_sequence_as: the structure has {expected} leaves but flat_sequence has "
            f"{len(flat_sequence)} items. Structure: {_short(structure)}.")
    if not _nest.is_nested(structure):
        return flat_sequence[0]
    return _nest.pack_sequence_as(structure, flat_sequence)


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raise if the two structures differ in nesting (ValueError) or, with ``check_types``, in
    the types of their sequences (TypeError).  Leaves may differ freely."""
    _compare(nest1, nest2, check_types, nest1, nest2)


def map_structure(func, *structure, **kwargs):
    """Apply ``func`` to the corresponding leaves of one or more structures of the same shape.

    ``map_structure(f, a, b)`` returns a structure like ``a`` whose leaves are
    ``f(leaf_of_a, leaf_of_b)``.  Keyword ``check_types`` (default True) is as in
    :func:`assert_same_structure`.
    """
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError(f"tf.nest.map_structure: unexpected keyword arguments {sorted(kwargs)}; "
                         "only check_types and expand_composites are accepted.")
    if not callable(func):
        raise TypeError(f"tf.nest.map_structure: func must be callable, received {func!r}.")
    if not structure:
        raise ValueError("tf.nest.map_structure: pass at least one structure.")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    flats = [_nest.flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*leaves) for leaves in zip(*flats)])


def _compare(a, b, check_types, top1, top2):
    nested_a, nested_b = _nest.is_nested(a), _nest.is_nested(b)
    if nested_a != nested_b:
        raise ValueError(_differ(top1, top2, f"{_short(a)} is {'a structure' if nested_a else 'a leaf'}"
                                 f" where the other has {_short(b)}"))
    if not nested_a:
        return
    if check_types and _kind(a) != _kind(b):
        raise TypeError(
            f"The two structures don't have the same sequence type: {type(a).__name__} "
            f"{_short(a)} against {type(b).__name__} {_short(b)}. Pass check_types=False to "
            "compare only their nesting.")
    if isinstance(a, dict) or isinstance(b, dict):
        if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
            raise ValueError(_differ(top1, top2, f"the dict keys differ: {_keys(a)} against {_keys(b)}"))
        for key in a:
            _compare(a[key], b[key], check_types, top1, top2)
        return
    if len(a) != len(b):
        raise ValueError(_differ(top1, top2, f"{_short(a)} has {len(a)} entries, {_short(b)} has "
                                 f"{len(b)}"))
    for x, y in zip(a, b):
        _compare(x, y, check_types, top1, top2)


def _kind(s):
    if isinstance(s, dict):
        return dict
    return type(s)


def _keys(s):
    return sorted(map(repr, s)) if isinstance(s, dict) else f"a {type(s).__name__}"


def _differ(top1, top2, detail):
    return (f"The two structures don't have the same nested structure: {detail}.\n"
            f"First structure: {_short(top1)}\nSecond structure: {_short(top2)}")


def _short(s, limit=200):
    text = repr(s)
    return text if len(text) <= limit else text[:limit] + "..."

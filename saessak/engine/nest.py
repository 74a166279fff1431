"""Nested structures (lists, tuples, dicts of leaves): flatten and rebuild.

Used wherever TF accepts "a tensor or a nested structure of tensors":
``tape.gradient`` sources, ``function`` arguments and results, datasets.
"""


def flatten(structure):
    """Leaves of ``structure`` in a fixed order (dicts by sorted key, as TF does)."""
    leaves = []
    _flatten(structure, leaves)
    return leaves


def _flatten(s, leaves):
    if isinstance(s, (list, tuple)):
        for item in s:
            _flatten(item, leaves)
    elif isinstance(s, dict):
        for key in sorted(s):
            _flatten(s[key], leaves)
    else:
        leaves.append(s)


def pack_sequence_as(structure, leaves):
    """Rebuild ``structure`` with its leaves replaced, in ``flatten`` order."""
    it = iter(leaves)
    return _pack(structure, it)


def _pack(s, it):
    if isinstance(s, dict):
        # Leaves come in sorted-key order; the rebuilt dict keeps the original key order (as TF).
        values = {k: _pack(s[k], it) for k in sorted(s)}
        return type(s)((k, values[k]) for k in s)
    if isinstance(s, tuple) and hasattr(s, "_fields"):  # namedtuple
        return type(s)(*[_pack(item, it) for item in s])
    if isinstance(s, (list, tuple)):
        return type(s)(_pack(item, it) for item in s)
    return next(it)


def map_structure(fn, structure):
    return pack_sequence_as(structure, [fn(x) for x in flatten(structure)])


def is_nested(s):
    return isinstance(s, (list, tuple, dict))

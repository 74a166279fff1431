"""``tf.map_fn``: apply a function to every element along the first axis and stack the results.

TensorFlow builds a ``while`` loop; saessak simply loops in Python over the
unstacked elements, so the tape records one call of ``fn`` per element and
gradients flow through ``unstack``/``stack`` as usual.  Inside a compiled
function the loop is unrolled at trace time (one program per first-axis size).
As in TensorFlow, ``fn`` must return the structure and dtypes of ``elems``
unless ``fn_output_signature`` says what it returns.
"""

from ..backend import as_dtype
from ..engine import nest
from ..errors import InvalidArgumentError
from . import array_ops, layout_ops
from ._helpers import tensor


def _spec_dtype(spec):
    return as_dtype(getattr(spec, "dtype", spec))


def _check(result, expected):
    got, want = nest.flatten(result), nest.flatten(expected)
    if nest.is_nested(result) != nest.is_nested(expected) or len(got) != len(want):
        raise InvalidArgumentError(
            f"tf.map_fn: fn returned {len(got)} tensor(s) in another structure than the expected one, "
            f"{expected!r} (elems' structure and dtypes unless fn_output_signature says otherwise). "
            "Pass fn_output_signature= when fn's output differs from elems.")
    for g, w in zip(got, want):
        if tensor(g).dtype != w:
            raise InvalidArgumentError(
                f"tf.map_fn: fn returned dtype {tensor(g).dtype.name} where {w.name} is expected. Cast "
                "inside fn, or pass fn_output_signature= with the dtype fn returns.")


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """``stack([fn(x) for x in unstack(elems)])``, for a tensor or a nest of tensors ``elems``."""
    if not callable(fn):
        raise TypeError(f"tf.map_fn: fn must be callable, received {fn!r}.")
    leaves = [tensor(e) for e in nest.flatten(elems)]
    if not leaves:
        raise InvalidArgumentError("tf.map_fn: elems must hold at least one tensor.")
    sizes = {t._value.shape[0] if t._value.ndim else None for t in leaves}
    if None in sizes or len(sizes) != 1:
        raise InvalidArgumentError(
            "tf.map_fn: every tensor in elems needs the same first dimension (the one mapped over), "
            f"received shapes {[tuple(t._value.shape) for t in leaves]}.")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    if signature is not None:
        expected = nest.map_structure(_spec_dtype, signature)
    else:
        expected = nest.pack_sequence_as(elems, [t.dtype for t in leaves]) if nest.is_nested(elems) \
            else leaves[0].dtype
    (n,) = sizes
    if n == 0:  # nothing to call fn on: empty vectors of the expected dtypes, as TensorFlow returns
        empty = [array_ops.zeros((0,), d) for d in nest.flatten(expected)]
        return nest.pack_sequence_as(expected, empty) if nest.is_nested(expected) else empty[0]
    columns = [layout_ops.unstack(t, num=n) for t in leaves]
    results = []
    for i in range(n):
        item = columns[0][i] if not nest.is_nested(elems) else nest.pack_sequence_as(elems, [c[i] for c in columns])
        result = fn(item)
        _check(result, expected)
        results.append(result)
    flat = [nest.flatten(r) for r in results]
    stacked = [layout_ops.stack([tensor(f[j]) for f in flat]) for j in range(len(flat[0]))]
    return nest.pack_sequence_as(expected, stacked) if nest.is_nested(expected) else stacked[0]


__all__ = ["map_fn"]

"""Categorical encodings shared by the preprocessing layers (Keras's ``encode_categorical_inputs``).

Integer indices ``x`` in ``[0, depth)`` become:

* ``one_hot``: ``out[..., k] = (x == k)``, one vector per index (a trailing axis of
  size 1 is replaced, not kept);
* ``multi_hot``: ``out[b, k] = 1`` if ``k`` occurs in row ``b``;
* ``count``: ``out[b, k] = number of times k occurs in row b`` (optionally weighted);
* ``tf_idf`` (lookup layers): the counts times a per-token weight.

For inputs of rank <= 2, ``multi_hot`` and ``count`` follow TF's ``DenseBincount``
(Keras's fast path): a negative index is an error, an index >= ``depth`` is
dropped.  Higher ranks use one-hot vectors summed (or maxed) over axis 1, as
Keras does.  The bincount op has no gradient (its inputs are indices).
"""

from ....backend import xp
from ....engine.op import Op, execute
from ....errors import InvalidArgumentError
from ....ops import array_ops, math_ops, reduce_ops

# Index of a masked token in the non-'int' modes: past any depth, so it is dropped.
DROPPED = int(xp.iinfo(xp.int64).max)


def _bincount_kernel(x, *weights, depth, binary, dtype):
    if x.size and x.min() < 0:
        bad = x[x < 0].reshape(-1)[:5].tolist()
        raise InvalidArgumentError(
            f"bincount: every index must be >= 0, found negative values {bad}. Category indices "
            f"must lie in [0, num_tokens={depth}).", op="keras_bincount")
    w = weights[0] if weights else None
    rows = x.reshape(1, -1) if x.ndim == 1 else x
    out = xp.zeros((rows.shape[0], depth), dtype=w.dtype if w is not None else xp.float64)
    keep = rows < depth
    r = xp.broadcast_to(xp.arange(rows.shape[0])[:, None], rows.shape)
    if w is not None:
        wv = (w.reshape(1, -1) if w.ndim == 1 else xp.broadcast_to(w, rows.shape))[keep]
    else:
        wv = 1
    xp.add.at(out, (r[keep], rows[keep]), wv)
    if binary:
        out = (out > 0).astype(out.dtype)
    out = out.astype(xp.dtype(dtype), copy=False)
    return out[0] if x.ndim == 1 else out


BINCOUNT = Op("keras_bincount", _bincount_kernel)


def encode(inputs, output_mode, depth, dtype, count_weights=None):
    """Encode an integer tensor ``inputs`` as ``output_mode`` with ``depth`` classes, as ``dtype``."""
    if output_mode == "int":
        return math_ops.cast(inputs, dtype)
    x = inputs
    if x.ndim == 0:
        x = array_ops.expand_dims(x, -1)
    if x.dtype.name not in ("int32", "int64"):
        x = math_ops.cast(x, "int64")
    if output_mode in ("multi_hot", "count") and x.ndim <= 2:
        ins = [x] if count_weights is None else [x, count_weights]
        out = execute(BINCOUNT, ins, {"depth": int(depth), "binary": output_mode == "multi_hot",
                                      "dtype": "float64" if count_weights is not None else dtype})
        return math_ops.cast(out, dtype) if out.dtype.name != dtype else out
    if output_mode == "one_hot":
        if x.ndim > 1 and x.shape[-1] == 1:
            x = array_ops.squeeze(x, axis=-1)
        return array_ops.one_hot(x, int(depth), dtype=dtype)
    hot = array_ops.one_hot(x, int(depth), dtype=dtype)
    axis = 1 if x.ndim > 1 else 0
    if output_mode == "multi_hot":
        return reduce_ops.reduce_max(hot, axis=axis)
    if count_weights is not None:
        hot = math_ops.multiply(hot, array_ops.expand_dims(math_ops.cast(count_weights, dtype), -1))
    return reduce_ops.reduce_sum(hot, axis=axis)


def output_shape(input_shape, output_mode, depth):
    """The static output shape of :func:`encode` (CategoryEncoding/Hashing rules)."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    return input_shape[:-1] + (depth,)

"""The token <-> index tables of the lookup layers, and the ops that read them.

A :class:`Table` holds the vocabulary (tokens in index order) with a dict for
strings and sorted key arrays for integers; it is mutated in place when the
vocabulary changes, and the integer lookup ops take it as an attribute (by
reference), so a compiled program always reads the current vocabulary.
``finish`` applies Keras's mask and out-of-vocabulary rules after the raw lookup.
"""

from ....backend import xp
from ....engine.op import Op
from ....errors import FailedPreconditionError, InvalidArgumentError


class Table:
    """Token <-> index tables, mutated in place when the vocabulary changes."""

    def __init__(self):
        self.set([], 0, None)
        self.ready = False  # until a vocabulary is set or adapted: lookups fail, as in TensorFlow

    def check_ready(self, layer):
        if not self.ready:
            raise FailedPreconditionError(
                f"{layer}: the lookup table is not initialized: the layer has no vocabulary yet. Call "
                "`adapt(data)` on it first, or pass `vocabulary=[...]` when creating it (TensorFlow "
                "raises FailedPreconditionError: Table not initialized).")

    def set(self, tokens, start, numeric_dtype):
        self.ready = True
        self.tokens = list(tokens)
        self.index = {t: start + i for i, t in enumerate(self.tokens)}
        self.keys = self.values = xp.zeros(0, xp.int64)  # a string table (or an empty one)
        self.inverse = xp.zeros(start, xp.int64)
        if numeric_dtype is not None:
            keys = xp.asarray(self.tokens, dtype=xp.int64).reshape(-1)
            order = xp.argsort(keys, kind="stable")
            self.keys = keys[order]
            self.values = (start + order).astype(xp.int64)
            self.inverse = xp.concatenate([xp.zeros(start, xp.int64), keys])

    def lookup_numbers(self, x, default):
        pos = xp.searchsorted(self.keys, x)
        pos = xp.minimum(pos, max(len(self.keys) - 1, 0))
        found = (self.keys[pos] == x) if len(self.keys) else xp.zeros(x.shape, bool)
        return xp.where(found, self.values[pos] if len(self.keys) else 0, default).astype(xp.int64)


def _oov_error(values):
    return InvalidArgumentError(
        "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values "
        f"{list(values)[:10]}, consider setting `num_oov_indices=1`.", op="keras_integer_lookup")


def _int_lookup_kernel(x, table, rules):
    table.check_ready("IntegerLookup")
    x = x.astype(xp.int64, copy=False)
    out = table.lookup_numbers(x, rules["default"])
    return finish(x, out, rules, lambda v: v == rules["mask_key"])


def finish(x, out, rules, is_mask):
    """Mask and OOV handling after the table lookup (Keras's ``_lookup_dense``)."""
    if rules["mask_key"] is not None:
        out = xp.where(is_mask(x), rules["mask_value"], out)
    n = rules["num_oov"]
    if n == 0:
        if (out == -1).any():
            raise _oov_error(x[out == -1].reshape(-1).tolist())
    elif n > 1:
        missing = out == -1
        if missing.any():
            out = out.copy()
            out[missing] = rules["hash"](x[missing]) + rules["oov_start"]
    return out


def _int_invert_kernel(x, table, oov_token, mask_token):
    table.check_ready("IntegerLookup(invert=True)")
    inv = table.inverse
    valid = (x >= 0) & (x < len(inv)) & (x >= len(inv) - len(table.tokens))
    out = xp.where(valid, inv[xp.clip(x, 0, max(len(inv) - 1, 0))] if len(inv) else 0, oov_token)
    if mask_token is not None:
        out = xp.where(x == 0, mask_token, out)
    return out.astype(xp.int64)


INT_LOOKUP = Op("keras_integer_lookup", _int_lookup_kernel)
INT_INVERT = Op("keras_integer_lookup_invert", _int_invert_kernel)


class Rules(dict):
    """The lookup rules as an op attribute (captured by reference in compiled programs)."""

    __hash__ = object.__hash__

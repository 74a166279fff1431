"""``tf.math.confusion_matrix``: how often each true class was predicted as each class.

Entry ``[i, j]`` counts (or, with ``weights``, sums the weights of) the examples
whose label is ``i`` and whose prediction is ``j``.  Without ``num_classes`` the
matrix is as large as the largest class id seen, plus one.  Class ids must be
non-negative and, with ``num_classes``, below it: TensorFlow checks both.
"""

from ..backend import as_dtype, xp
from ..engine.op import Op, execute
from ..errors import InvalidArgumentError
from ._helpers import tensor

_OP = "confusion_matrix"


def _class_ids(values, what, num_classes):
    ids = values.astype(xp.int64, copy=False) if values.dtype.kind != "f" else xp.trunc(values).astype(xp.int64)
    if ids.size and ids.min() < 0:
        raise InvalidArgumentError(
            f"{_OP}: `{what}` contains negative values ({ids[ids < 0][:5].tolist()}); class ids start "
            "at 0.", op=_OP)
    if num_classes is not None and ids.size and ids.max() >= num_classes:
        raise InvalidArgumentError(
            f"{_OP}: `{what}` out of bound: {ids[ids >= num_classes][:5].tolist()} with "
            f"num_classes={num_classes} (ids must be below it). Pass a larger num_classes, or None to "
            "size the matrix from the data.", op=_OP)
    return ids


def _confusion_kernel(labels, predictions, *weights, num_classes, dtype):
    rows = _class_ids(labels, "labels", num_classes)
    cols = _class_ids(predictions, "predictions", num_classes)
    n = num_classes
    if n is None:
        n = int(max(rows.max(), cols.max())) + 1 if rows.size else 0
    out = xp.zeros((n, n), dtype=dtype)
    amounts = weights[0].astype(dtype) if weights else 1
    xp.add.at(out, (rows, cols), amounts)
    return out


CONFUSION_MATRIX = Op(_OP, _confusion_kernel)


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype="int32", name=None):
    """The ``(num_classes, num_classes)`` matrix of label (row) against prediction (column) counts."""
    labels, predictions = tensor(labels), tensor(predictions)
    operands = [labels, predictions]
    if weights is not None:
        operands.append(tensor(weights))
    shapes = [t._value.shape for t in operands]
    if any(len(s) != 1 for s in shapes) or len(set(shapes)) != 1:
        raise InvalidArgumentError(
            f"{_OP}: labels, predictions (and weights) must be vectors of one length, received shapes "
            f"{', '.join(str(s) for s in shapes)}. Flatten them, e.g. saessak.reshape(x, [-1]).", op=_OP)
    if num_classes is not None:
        num_classes = int(num_classes)
        if num_classes < 0:
            raise InvalidArgumentError(f"{_OP}: num_classes must be >= 0, received {num_classes}.", op=_OP)
    return execute(CONFUSION_MATRIX, operands, {"num_classes": num_classes, "dtype": as_dtype(dtype)._np})


__all__ = ["confusion_matrix"]

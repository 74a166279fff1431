"""Label and vector helpers: ``keras.utils.to_categorical`` and ``keras.utils.normalize``.

Both behave as in Keras 3.15, which treats NumPy data and tensors differently:

- ``to_categorical`` of NumPy data (or lists, scalars) returns a NumPy
  one-hot matrix of dtype **float64** (Keras builds it with ``np.zeros``);
  labels are cast to int64 first (floats are truncated), a trailing axis of
  size 1 is dropped (``(n, 1)`` labels give ``(n, num_classes)``), and
  ``num_classes`` defaults to ``max(x) + 1``.  A negative label counts from the
  end, as NumPy indexing does (``-1`` is the last class).  Of a saessak Tensor
  it returns a float32 Tensor (``one_hot``), where out-of-range labels give a
  row of zeros.
- ``normalize`` of a NumPy array divides by ``np.linalg.norm`` along ``axis``
  (a zero norm counts as 1); as in Keras, ``axis=0`` re-inserts the norm at
  the last axis and a 1-D input comes back as a ``(1, n)`` row.  Of anything
  else it computes ``x / max(||x||, epsilon)`` with saessak ops (for ``order=2``
  ``x * min(rsqrt(sum(x^2)), 1/epsilon)``) and returns a Tensor.

The NumPy branches compute on host arrays that never were tensors, exactly as
Keras does, so they use the backend array module directly.
"""

from ...backend import xp
from ...engine.tensor import Tensor
from ...ops import array_ops, linalg_ops, math_ops, reduce_ops
from .. import config

__all__ = ["to_categorical", "normalize"]


def to_categorical(x, num_classes=None):
    """Class indices -> one-hot rows (``keras.utils.to_categorical``).

    >>> to_categorical([0, 2, 1], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    if isinstance(x, Tensor):
        return _to_categorical_tensor(x, num_classes)
    try:
        labels = xp.array(x, dtype="int64")
    except (TypeError, ValueError) as err:
        raise ValueError(
            "to_categorical expects integer class indices (a list, NumPy array or Tensor of "
            f"ints). Could not convert {_preview(x)} to int64: {err}") from None
    shape = labels.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if not num_classes:
        if labels.size == 0:
            raise ValueError(
                "to_categorical received no labels, so it cannot infer `num_classes` from "
                "max(x) + 1. Pass num_classes explicitly.")
        num_classes = int(labels.max()) + 1
    num_classes = int(num_classes)
    bad = (labels >= num_classes) | (labels < -num_classes)
    if bad.any():
        raise IndexError(
            f"to_categorical: label {int(labels[bad][0])} is out of range for "
            f"num_classes={num_classes}; labels must be integers in [0, {num_classes}). "
            "Pass a larger num_classes (or leave it None to use max(x) + 1).")
    categorical = xp.zeros((labels.shape[0], num_classes))
    categorical[xp.arange(labels.shape[0]), labels] = 1
    return categorical.reshape(tuple(shape) + (num_classes,))


def _to_categorical_tensor(x, num_classes):
    shape = tuple(x.shape)
    if len(shape) > 1 and shape[-1] == 1:
        x = array_ops.reshape(x, shape[:-1])
    if not num_classes:
        # Keras's TensorFlow backend needs num_classes for tensors; here it is read from the
        # data as for NumPy input (a guard of the trace inside saessak.function).
        values = x._concrete("int")
        if values.size == 0:
            raise ValueError(
                "to_categorical received no labels, so it cannot infer `num_classes`. Pass "
                "num_classes explicitly.")
        num_classes = int(values.max()) + 1
    return array_ops.one_hot(x, int(num_classes), dtype=config.floatx())


def normalize(x, axis=-1, order=2):
    """Scale ``x`` to unit ``order``-norm along ``axis`` (``keras.utils.normalize``).

    >>> normalize(np.array([[3.0, 4.0]]))
    array([[0.6, 0.8]])
    """
    if isinstance(x, xp.ndarray):
        norm = xp.atleast_1d(xp.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        axis = axis or -1  # Keras's own rule: axis 0 re-inserts the norm at the last axis
        return x / xp.expand_dims(norm, axis)
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ValueError(
            f"normalize: argument `order` must be an int >= 1 for tensors. Received: "
            f"order={order!r}. Use order=2 (L2) or order=1, or pass a NumPy array.")
    x = array_ops.convert_to_tensor(x)
    if not x.dtype.is_floating:
        x = math_ops.cast(x, config.floatx())
    if len(x.shape) == 0:
        x = array_ops.expand_dims(x, 0)
    epsilon = config.epsilon()
    if order == 2:
        square_sum = reduce_ops.reduce_sum(math_ops.square(x), axis=axis, keepdims=True)
        inv_norm = math_ops.minimum(math_ops.rsqrt(square_sum), 1.0 / epsilon)
        return math_ops.multiply(x, inv_norm)
    norm = linalg_ops.norm(x, ord=order, axis=axis, keepdims=True)
    return math_ops.divide(x, math_ops.maximum(norm, epsilon))


def _preview(x):
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."

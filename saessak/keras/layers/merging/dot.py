"""Dot: per-sample dot products of two tensors along chosen axes (``keras.layers.Dot``).

For each sample ``b`` the layer contracts ``x[b]`` and ``y[b]`` over one axis
each, like ``tensordot``: ``out[b, i..., j...] = sum_k x[b, i..., k] y[b, k, j...]``
after moving the contracted axes into place.  It is computed as Keras's
``batch_dot``: transpose the contracted axis of x last and of y to axis 1,
flatten the others into one, and do one batched ``matmul``.  With
``normalize=True`` both inputs are first L2-normalized along those axes,
``x * min(1 / ||x||, 1 / epsilon)``, so the result is a cosine similarity.
"""

from ....ops import array_ops, linalg_ops, math_ops, reduce_ops
from ... import config as keras_config
from .base_merge import Merge


def _shape(t):
    return tuple(t._value.shape)


def batch_dot(x, y, axes=None):
    """Keras's ``batch_dot``: dot products of the samples of ``x`` and ``y`` (rank >= 2)."""
    x_shape, y_shape = _shape(x), _shape(y)
    x_ndim, y_ndim = len(x_shape), len(y_shape)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(
            f"Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes {x_shape} and "
            f"{y_shape}.")
    if x_shape[0] != y_shape[0]:
        raise ValueError(
            f"Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes "
            f"{x_shape} and {y_shape}.")
    if isinstance(axes, int):
        axes = [axes, axes]
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 1 if y_ndim == 2 else y_ndim - 2]
    if any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError(
            f"Multiple target dimensions are not supported. Expected: None, int, (int, int), "
            f"Provided: {axes} ")
    a0, a1 = axes[0] % x_ndim if axes[0] < 0 else axes[0], axes[1] % y_ndim if axes[1] < 0 else axes[1]
    if 0 in (a0, a1):
        raise ValueError(
            "Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch "
            "dimension to your inputs using keras.ops.expand_dims(x, 0)")
    if x_shape[a0] != y_shape[a1]:
        raise ValueError(
            f"Cannot do batch_dot on inputs with shapes {x_shape} and {y_shape} with axes={[a0, a1]}. "
            f"x.shape[{a0}] != y.shape[{a1}] ({x_shape[a0]} != {y_shape[a1]}).")
    orig_x_ndim, orig_y_ndim = x_ndim, y_ndim
    if x_ndim == 2:  # (b, k) -> (b, 1, k)
        x = array_ops.expand_dims(x, 1)
        a0 += 1
        x_ndim += 1
    if y_ndim == 2:  # (b, k) -> (b, k, 1)
        y = array_ops.expand_dims(y, 2)
        y_ndim += 1
    if a0 != x_ndim - 1:  # contracted axis of x last, the others keep their order
        x = array_ops.transpose(x, [d for d in range(x_ndim) if d != a0] + [a0])
    if a1 != 1:  # contracted axis of y at position 1
        y = array_ops.transpose(y, [0, a1] + [d for d in range(1, y_ndim) if d != a1])
    xs, ys = _shape(x), _shape(y)
    if x_ndim > 3:
        x = array_ops.reshape(x, (xs[0], -1, xs[-1]))
    if y_ndim > 3:
        y = array_ops.reshape(y, (ys[0], ys[1], -1))
    result = linalg_ops.matmul(x, y)  # (b, m, n)
    if x_ndim > 3 or y_ndim > 3:
        out_shape = (xs[0],) + (xs[1:-1] if x_ndim > 3 else (xs[1],)) + \
            (ys[2:] if y_ndim > 3 else (ys[2],))
        result = array_ops.reshape(result, out_shape)
    if orig_x_ndim == 2:
        result = array_ops.squeeze(result, 1)
    elif orig_y_ndim == 2:
        result = array_ops.squeeze(result, -1)
    return result


def _l2_normalize(x, axis):
    inv_norm = math_ops.rsqrt(reduce_ops.reduce_sum(math_ops.square(x), axis=axis, keepdims=True))
    inv_norm = math_ops.minimum(inv_norm, 1.0 / keras_config.epsilon())
    return math_ops.multiply(x, inv_norm)


class Dot(Merge):
    """Dot products of the samples of two tensors along ``axes``.

    Args:
        axes: an int (the same axis of both inputs) or a pair ``(axis_of_x, axis_of_y)``;
            the batch axis 0 cannot be used.
        normalize: L2-normalize both inputs along ``axes`` first (cosine similarity).
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    f"Invalid type for argument `axes`: it should be a list or an int. Received: "
                    f"axes={axes}")
            if len(axes) != 2:
                raise ValueError(
                    f"Invalid format for argument `axes`: it should contain two elements. Received: "
                    f"axes={axes}")
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError(
                    f"Invalid format for argument `axes`: list elements should be integers. "
                    f"Received: axes={axes}")
        self.axes = axes
        self.normalize = normalize
        self.supports_masking = True
        self._reshape_required = False

    def _axes_for(self, rank1, rank2):
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % rank1, self.axes % rank2]
            return [self.axes] * 2
        return [a % r if a < 0 else a for a, r in zip(self.axes, (rank1, rank2))]

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2 or \
                not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. Received: "
                f"input_shape={input_shape}")
        shape1, shape2 = input_shape
        if shape1 is not None and shape2 is not None:
            a0, a1 = self._axes_for(len(shape1), len(shape2))
            d1, d2 = shape1[a0], shape2[a1]
            if d1 is not None and d2 is not None and d1 != d2:
                raise ValueError(
                    f"Incompatible input shapes: axis values {d1} (at axis {a0}) != {d2} (at axis "
                    f"{a1}). Full input shapes: {tuple(shape1)}, {tuple(shape2)}")
        self.built = True

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A `Dot` layer should be called on exactly 2 inputs. Received: inputs={inputs}")
        x1, x2 = inputs
        axes = self._axes_for(x1.ndim, x2.ndim)
        if self.normalize:
            x1 = _l2_normalize(x1, axes[0])
            x2 = _l2_normalize(x2, axes[1])
        return batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. Received: "
                f"input_shape={input_shape}")
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        a0, a1 = self._axes_for(len(shape1), len(shape2))
        shape1.pop(a0)
        shape2.pop(a1)
        shape2.pop(0)
        out = shape1 + shape2
        if len(out) == 1:
            out.append(1)
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def dot(inputs, axes=-1, **kwargs):
    """Functional form: ``Dot(axes=axes, **kwargs)(inputs)``."""
    return Dot(axes=axes, **kwargs)(inputs)

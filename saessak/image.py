"""``tf.image``: ``resize`` (bilinear and nearest-neighbour, as TensorFlow computes them).

The resampling kernels are ``ops/image_ops.py``, shared with ``keras.layers.Resizing``:
TensorFlow's half-pixel-centre sampling, bilinear in float32.  The other methods
(bicubic, area, lanczos, gaussian, mitchellcubic) and ``antialias=True`` are not
implemented and say so.
"""

from ._unsupported import module_getattr as _module_getattr
from .backend import xp as _xp
from .errors import InvalidArgumentError, UnsupportedAPIError
from .ops import array_ops as _array_ops
from .ops import image_ops as _image_ops
from .ops import math_ops as _math_ops
from .ops._helpers import tensor as _tensor


class ResizeMethod:
    """The names ``tf.image.resize`` accepts for ``method``."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


_METHODS = ("bilinear", "nearest")
_ALL_METHODS = tuple(v for k, v in vars(ResizeMethod).items() if k.isupper())


def _aspect_size(height, width, size):
    # TensorFlow: one scale for both axes, the smaller of the two, sizes rounded half to even (float32).
    f32 = _xp.float32
    scale = min(f32(size[0]) / f32(height), f32(size[1]) / f32(width))
    return int(_xp.rint(scale * f32(height))), int(_xp.rint(scale * f32(width)))


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False, antialias=False,
           name=None):
    """Resize ``images`` (``(N, H, W, C)`` or ``(H, W, C)``) to ``size=[height, width]``.

    Bilinear returns float32; nearest keeps the images' dtype (as TensorFlow).
    """
    images = _tensor(images)
    method = getattr(method, "value", method)
    if method not in _METHODS:
        if method in _ALL_METHODS:
            raise UnsupportedAPIError(f"tf.image.resize(method={method!r})")
        raise InvalidArgumentError(f"tf.image.resize: unknown method {method!r}; use one of "
                                   f"{', '.join(_ALL_METHODS)} (saessak implements bilinear and nearest).")
    if antialias:
        raise UnsupportedAPIError("tf.image.resize(antialias=True)")
    rank = images._value.ndim
    if rank not in (3, 4):
        raise InvalidArgumentError(
            f"tf.image.resize: images must be 4-D (batch, height, width, channels) or 3-D (height, width, "
            f"channels), received shape {images._value.shape}.")
    try:
        size = [int(s) for s in (size.numpy().tolist() if hasattr(size, "numpy") else size)]
    except (TypeError, ValueError):
        size = None
    if size is None or len(size) != 2 or min(size) <= 0:
        raise InvalidArgumentError("tf.image.resize: size must be two positive ints [new_height, new_width].")
    batch = images if rank == 4 else _array_ops.expand_dims(images, 0)
    if preserve_aspect_ratio:
        size = list(_aspect_size(batch._value.shape[1], batch._value.shape[2], size))
    if method == "bilinear" and batch._value.dtype != _xp.float32:
        batch = _math_ops.cast(batch, "float32")  # TF's kernel computes and returns float32
    out = _image_ops.resize(batch, size, method)
    return out if rank == 4 else _array_ops.squeeze(out, [0])


__all__ = ["ResizeMethod", "resize"]

__getattr__ = _module_getattr("tf.image")

"""The base of the image preprocessing layers (Keras's ``BaseImagePreprocessingLayer``).

An image layer maps a batch ``(N, H, W, C)`` (or one image ``(H, W, C)``;
``channels_first`` puts ``C`` before ``H``) to images.  ``call`` draws the
layer's random transformation for the batch (``get_random_transformation``),
then applies it (``transform_images``).  Splitting the two lets a caller apply a
fixed transformation -- tests do, and so can you.

Random layers draw with saessak's random ops, whose kernels sample when the op
runs: a compiled training step (``saessak.function``) gets fresh transformations
every step.  They transform only when ``training`` is true; as in Keras 3 an
image layer called on its own (no ``training`` argument, outside ``fit``)
counts as training, while ``predict``/``evaluate`` pass ``training=False``.
"""

import difflib
import math

from ....ops import array_ops, layout_ops, math_ops
from ....ops import image_ops as _image_ops
from ... import config
from ..keras_tensor import KerasTensor
from ..layer import Layer

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def standardize_data_format(data_format):
    if data_format is None:
        return config.image_data_format()
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}")
    return data_format


def check_choice(value, allowed, arg, layer, error=ValueError):
    """Raise ``error`` naming ``arg`` when ``value`` is not one of ``allowed`` (closest suggested)."""
    if value in allowed:
        return
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise error(f"{layer}: unknown `{arg}` {value!r}. Expected one of {tuple(allowed)}.{hint}")


class BaseImagePreprocessingLayer(Layer):
    """Shared machinery: batching, ``data_format``, ``factor`` ranges and affine matrices."""

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            raise NotImplementedError(
                f"{type(self).__name__}: bounding boxes are not supported by saessak; pass "
                "images only (bounding_box_format=None).")
        self.bounding_box_format = None
        self.data_format = standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(
                f"Layer {type(self).__name__} does not take a `factor` argument. Received: "
                f"factor={factor}")
        self.supports_masking = False

    def _set_factor(self, factor):
        lo, hi = self._FACTOR_BOUNDS
        message = ("The `factor` argument should be a number (or a list of two numbers) in the range "
                   f"[{lo}, {hi}]. Received: factor={factor}")
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > hi or factor[1] < lo:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if factor < lo or factor > hi:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, lo), factor
        else:
            raise ValueError(message)
        self.factor = (lower, upper)

    # ------------------------------------------------------------------ calling
    def call(self, inputs, training=True):
        if isinstance(inputs, dict):
            raise NotImplementedError(
                f"{type(self).__name__}: dict inputs (images with labels, boxes or masks) are not "
                "supported by saessak; pass the image tensor itself.")
        if training is None:
            training = True
        batched = self._is_batched(inputs)
        images = inputs if batched else array_ops.expand_dims(inputs, 0)
        transformation = self.get_random_transformation(images, training=training)
        out = self.transform_images(images, transformation, training=training)
        return out if batched else array_ops.squeeze(out, axis=0)

    def _is_batched(self, images):
        rank = len(images.shape)
        if rank not in (3, 4):
            raise ValueError(
                f"{type(self).__name__}: expected an image tensor of rank 3 (single image) or 4 "
                f"(batch of images). Received: inputs.shape={tuple(images.shape)}")
        return rank == 4

    def get_random_transformation(self, images, training=True, seed=None):
        return None

    def transform_images(self, images, transformation, training=True):
        images = self._cast(images)
        if training and transformation is not None:
            images = self._transform_images(images, transformation, getattr(self, "interpolation", None))
        return images

    def _transform_images(self, images, transformation, interpolation):
        raise NotImplementedError

    def _cast(self, images):
        return images if images.dtype.name == self.compute_dtype else math_ops.cast(images, self.compute_dtype)

    def _hw(self, shape):
        """(height, width) of a batch shape."""
        return (shape[2], shape[3]) if self.data_format == "channels_first" else (shape[1], shape[2])

    def _affine(self, images, transforms, interpolation):
        """Apply ``(N, 8)`` transforms to a batch, honouring ``data_format``."""
        first = self.data_format == "channels_first"
        x = array_ops.transpose(images, (0, 2, 3, 1)) if first else images
        out = _image_ops.affine_transform(x, math_ops.cast(transforms, "float32"), interpolation,
                                          self.fill_mode, self.fill_value)
        return array_ops.transpose(out, (0, 3, 1, 2)) if first else out

    def _compute_affine_matrix(self, center_x, center_y, angle, translate_x, translate_y, scale,
                               shear_x, shear_y, height, width):
        """Keras's rotation/shear/scale/translation matrix, ``(N, 8)``; angles in degrees."""
        deg = math_ops.cast(math.pi / 180.0, angle.dtype)
        angle = math_ops.multiply(angle, deg)
        shear_x = math_ops.tan(math_ops.multiply(shear_x, deg))
        shear_y = math_ops.tan(math_ops.multiply(shear_y, deg))
        cx = center_x * (width - 1)
        cy = center_y * (height - 1)
        cos, sin = math_ops.cos(angle), math_ops.sin(angle)
        mul, add, sub = math_ops.multiply, math_ops.add, math_ops.subtract
        a0 = mul(scale, add(cos, mul(shear_x, sin)))
        a1 = mul(scale, add(math_ops.negative(sin), mul(shear_x, cos)))
        a2 = sub(sub(add(translate_x, cx), mul(a0, cx)), mul(a1, cy))
        b0 = mul(scale, add(mul(shear_y, cos), sin))
        b1 = mul(scale, add(mul(shear_y, math_ops.negative(sin)), cos))
        b2 = sub(sub(add(translate_y, cy), mul(b0, cx)), mul(b1, cy))
        zeros = array_ops.zeros_like(a0)
        return layout_ops.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)

    # ------------------------------------------------------------------ shapes and config
    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def compute_output_spec(self, inputs, training=None):
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype=self._output_dtype(
            inputs.dtype))

    def _output_dtype(self, input_dtype):
        return self.compute_dtype

    def get_config(self):
        config_ = super().get_config()
        config_["data_format"] = self.data_format
        return config_


def check_factor_range(value, name, lower_open, layer):
    """RandomZoom / RandomTranslation factor values: within (-1, 1] or [-1, 1]."""
    low_bad = value <= -1.0 if lower_open else value < -1.0
    if not isinstance(value, (int, float)) or isinstance(value, bool) or low_bad or value > 1.0:
        interval = "(-1.0, 1.0]" if lower_open else "[-1.0, 1.0]"
        raise ValueError(
            f"{layer}: the `{name}` argument should be a number (or a list of two numbers) in the "
            f"range {interval}. Received: {name} value {value!r}")


def factor_range(factor, name, lower_open, layer):
    """``(lower, upper)`` of a height/width factor given as a number or a pair."""
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(
                f"{layer}: `{name}` must be a number or a list of two numbers. Received: "
                f"{name}={factor}")
        for v in factor:
            check_factor_range(v, name, lower_open, layer)
        return tuple(sorted(factor))
    check_factor_range(factor, name, lower_open, layer)
    return -abs(factor), abs(factor)

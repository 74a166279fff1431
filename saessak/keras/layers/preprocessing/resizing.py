"""Resizing and CenterCrop: images to a fixed ``(height, width)``.

``Resizing`` resamples (TF's half-pixel-centre bilinear or nearest), optionally
cropping the largest centred window of the target aspect ratio first, or padding
to it.  ``CenterCrop`` cuts the centred window, and when the image is smaller
than the target falls back to Keras's ``smart_resize`` (crop to the aspect
ratio, then bilinear resize).  Both are deterministic: they act at training and
at inference alike.
"""

from ....backend import xp
from ....ops import array_ops, layout_ops, math_ops
from ....ops.image_ops import resize
from ._image_base import BaseImagePreprocessingLayer, check_choice

_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _f32_ratio(numerator, denominator):
    """``int32(float32(numerator) / denominator)``: TF's crop/pad arithmetic."""
    return int(xp.float32(numerator) / xp.float32(denominator))


def _nhwc(layer, images):
    return array_ops.transpose(images, (0, 2, 3, 1)) if layer.data_format == "channels_first" else images


def _back(layer, images):
    return array_ops.transpose(images, (0, 3, 1, 2)) if layer.data_format == "channels_first" else images


def _image_output_shape(layer, input_shape):
    shape = list(input_shape)
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{type(layer).__name__}: `input_shape` must be of rank 3 (unbatched) or 4 (batched), "
            f"received {tuple(input_shape)}.")
    h_axis = len(shape) - (2 if layer.data_format == "channels_first" else 3)
    shape[h_axis], shape[h_axis + 1] = layer.height, layer.width
    return tuple(shape)


class Resizing(BaseImagePreprocessingLayer):
    """Resize images to ``(height, width)``.

    Args:
        height, width: the output size.
        interpolation: 'bilinear' (default) or 'nearest'.
        crop_to_aspect_ratio: first crop the largest centred window with the target aspect
            ratio, so the image is not distorted.
        pad_to_aspect_ratio: first pad (with ``fill_value``) to the target aspect ratio.
        fill_mode, fill_value: the padding ('constant' only).
        antialias: not supported (False).
        data_format: 'channels_last' (default) or 'channels_first'.

    Integer images keep their dtype (resampled values are rounded and saturated), as in Keras.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        check_choice(interpolation, _INTERPOLATIONS, "interpolation", "Resizing")
        if interpolation not in ("bilinear", "nearest"):
            raise NotImplementedError(
                f"Resizing: interpolation={interpolation!r} is not supported by saessak; use "
                "'bilinear' or 'nearest'.")
        if antialias:
            raise NotImplementedError("Resizing: antialias=True is not supported by saessak.")
        if fill_mode != "constant":
            raise ValueError(
                "Invalid value for argument `fill_mode`. Only `'constant'` is supported. Received: "
                f"fill_mode={fill_mode}")
        if pad_to_aspect_ratio and crop_to_aspect_ratio:
            raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
        for name, v in (("height", height), ("width", width)):
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise ValueError(f"Resizing: `{name}` must be a positive integer, received {name}={v!r}.")
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def transform_images(self, images, transformation=None, training=True):
        return self._transform_images(images, transformation, self.interpolation)

    def _transform_images(self, images, transformation, interpolation):
        x = _nhwc(self, images)
        _, h, w, c = x.shape
        th, tw = self.height, self.width
        if self.crop_to_aspect_ratio:
            ch = max(min(h, _f32_ratio(w * th, tw)), 1)
            cw = max(min(w, _f32_ratio(h * tw, th)), 1)
            top, left = _f32_ratio(h - ch, 2), _f32_ratio(w - cw, 2)
            x = x[:, top:top + ch, left:left + cw, :]
        elif self.pad_to_aspect_ratio:
            ph, pw = max(h, _f32_ratio(w * th, tw)), max(w, _f32_ratio(h * tw, th))
            top, left = _f32_ratio(ph - h, 2), _f32_ratio(pw - w, 2)
            if top > 0 or left > 0:
                x = layout_ops.pad(x, [[0, 0], [top, top], [left, left], [0, 0]],
                                   constant_values=xp.asarray(self.fill_value).astype(x.dtype.name).item())
        out = resize(x, (th, tw), interpolation)
        if out.dtype != x.dtype:
            if x.dtype.is_integer:
                out = math_ops.round(out)
            out = math_ops.saturate_cast(out, x.dtype)
        return _back(self, out)

    def compute_output_shape(self, input_shape):
        return _image_output_shape(self, input_shape)

    def _output_dtype(self, input_dtype):
        return input_dtype if "int" in str(input_dtype) else self.compute_dtype

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
            "data_format": self.data_format,
        })
        return config_


class CenterCrop(BaseImagePreprocessingLayer):
    """Crop the centred ``(height, width)`` window of each image (resize up if too small).

    Args:
        height, width: the output size.
        data_format: 'channels_last' (default) or 'channels_first'.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        for name, v in (("height", height), ("width", width)):
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise ValueError(f"CenterCrop: `{name}` must be a positive integer, received {name}={v!r}.")
        self.height = height
        self.width = width

    def transform_images(self, images, transformation=None, training=True):
        x = _nhwc(self, self._cast(images))
        _, h, w, _ = x.shape
        dh, dw = h - self.height, w - self.width
        if dh >= 0 and dw >= 0:
            top, left = dh // 2, dw // 2
            return _back(self, x[:, top:top + self.height, left:left + self.width, :])
        # smart_resize: the largest centred crop of the target aspect ratio, then bilinear.
        ch = max(min(h, int(float(w * self.height) / self.width)), 1)
        cw = max(min(w, int(float(h * self.width) / self.height)), 1)
        top, left = int(float(h - ch) / 2), int(float(w - cw) / 2)
        x = x[:, top:top + ch, left:left + cw, :]
        return _back(self, resize(x, (self.height, self.width), "bilinear"))

    def compute_output_shape(self, input_shape):
        return _image_output_shape(self, input_shape)

    def get_config(self):
        config_ = super().get_config()
        config_.update({"height": self.height, "width": self.width, "data_format": self.data_format})
        return config_

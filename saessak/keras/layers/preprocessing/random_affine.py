"""RandomRotation, RandomZoom and RandomTranslation: random affine resampling of images.

Each draws per-image parameters with saessak's random ops, builds TF's 8-number
projective transform (which maps every *output* pixel to the *input* point it
reads) and resamples with ``affine_transform``:

* rotation by ``theta`` about the image centre ``(cx, cy) = ((W-1)/2, (H-1)/2)``:
  ``[cos, -sin, cx - cx cos + cy sin, sin, cos, cy - cx sin - cy cos, 0, 0]``,
  ``theta ~ U[lower, upper] * 360 degrees``;
* zoom by ``(zx, zy) ~ 1 + U[lower, upper]`` about the centre:
  ``[zx, 0, cx (1 - zx), 0, zy, cy (1 - zy), 0, 0]`` (factors > 1 show a smaller image);
* translation by ``(dx, dy) = (U * W, U * H)``: ``[1, 0, -dx, 0, 1, -dy, 0, 0]``.

Points falling outside the image are filled by ``fill_mode`` ('reflect',
'wrap', 'constant' with ``fill_value``, 'nearest').  Only ``training=True``
transforms; otherwise the images are only cast to the layer's dtype.
"""

from ....ops import array_ops, layout_ops, math_ops, random_ops
from ._image_base import (
    FILL_MODES,
    INTERPOLATIONS,
    BaseImagePreprocessingLayer,
    check_choice,
    factor_range,
)


class _RandomAffine(BaseImagePreprocessingLayer):
    def _check_modes(self, fill_mode, interpolation):
        check_choice(fill_mode, FILL_MODES, "fill_mode", type(self).__name__, NotImplementedError)
        check_choice(interpolation, INTERPOLATIONS, "interpolation", type(self).__name__,
                     NotImplementedError)

    def _batch_hw(self, images):
        shape = tuple(images.shape)
        h, w = self._hw(shape)
        return shape[0], h, w

    def _uniform(self, shape, lo, hi):
        return random_ops.uniform(shape, minval=lo, maxval=hi, seed=self.seed)


class RandomRotation(_RandomAffine):
    """Rotate images by a random angle ``factor * 2 pi`` during training.

    Args:
        factor: a fraction of a full turn: ``0.2`` draws angles in [-72, 72] degrees, a pair
            ``(lower, upper)`` in [lower * 360, upper * 360] (positive: counter-clockwise).
        fill_mode: 'reflect' (default), 'wrap', 'constant' or 'nearest'.
        interpolation: 'bilinear' (default) or 'nearest'.
        seed: optional integer seed.
        fill_value: the value outside the image with ``fill_mode='constant'``.
        data_format: 'channels_last' (default) or 'channels_first'.
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._check_modes(fill_mode, interpolation)
        self.seed = seed
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n, h, w = self._batch_hw(images)
        angle = self._uniform((n,), self.factor[0] * 360.0, self.factor[1] * 360.0)
        zeros, ones = array_ops.zeros((n,)), array_ops.ones((n,))
        matrix = self._compute_affine_matrix(0.5, 0.5, angle, zeros, zeros, ones, zeros, zeros, h, w)
        return {"angle": angle, "rotation_matrix": matrix, "image_height": h, "image_width": w,
                "batch_size": n}

    def _transform_images(self, images, transformation, interpolation):
        return self._affine(images, transformation["rotation_matrix"], interpolation)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "factor": self.factor,
            "data_format": self.data_format,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
            "seed": self.seed,
        })
        return config_


class RandomZoom(_RandomAffine):
    """Zoom images in or out by a random factor during training.

    Args:
        height_factor: a number or pair in (-1, 1]: the vertical zoom is drawn from
            ``1 + [lower, upper]`` (positive values zoom out, negative zoom in).
        width_factor: the same for the horizontal zoom; None (default) keeps the aspect ratio
            (the vertical draw is used for both).
        fill_mode, interpolation, seed, fill_value, data_format: as in RandomRotation.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = factor_range(height_factor, "height_factor", True,
                                                            "RandomZoom")
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = factor_range(width_factor, "width_factor", True,
                                                              "RandomZoom")
        self._check_modes(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self.seed = seed

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n = self._batch_hw(images)[0]
        height_zoom = self._uniform((n, 1), 1.0 + self.height_lower, 1.0 + self.height_upper)
        width_zoom = height_zoom if self.width_factor is None else self._uniform(
            (n, 1), 1.0 + self.width_lower, 1.0 + self.width_upper)
        return {"height_zoom": height_zoom, "width_zoom": width_zoom, "input_shape": tuple(images.shape)}

    def _transform_images(self, images, transformation, interpolation):
        _, h, w = self._batch_hw(images)
        zx = math_ops.cast(transformation["width_zoom"], "float32")
        zy = math_ops.cast(transformation["height_zoom"], "float32")
        x_off = math_ops.multiply((w - 1.0) / 2.0, math_ops.subtract(1.0, zx))
        y_off = math_ops.multiply((h - 1.0) / 2.0, math_ops.subtract(1.0, zy))
        zero = array_ops.zeros_like(zx)
        matrix = layout_ops.concat([zx, zero, x_off, zero, zy, y_off, zero, zero], axis=1)
        return self._affine(images, matrix, interpolation)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        })
        return config_


class RandomTranslation(_RandomAffine):
    """Shift images by a random fraction of their size during training.

    Args:
        height_factor: a number or pair in [-1, 1]: the vertical shift is drawn from
            ``[lower, upper] * height`` (positive: down).
        width_factor: the same for the horizontal shift (positive: right).
        fill_mode, interpolation, seed, fill_value, data_format: as in RandomRotation.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = factor_range(height_factor, "height_factor", False,
                                                            "RandomTranslation")
        self.width_factor = width_factor
        self.width_lower, self.width_upper = factor_range(width_factor, "width_factor", False,
                                                          "RandomTranslation")
        self._check_modes(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self.seed = seed

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n, h, w = self._batch_hw(images)
        dy = math_ops.multiply(self._uniform((n, 1), self.height_lower, self.height_upper), float(h))
        dx = math_ops.multiply(self._uniform((n, 1), self.width_lower, self.width_upper), float(w))
        return {"translations": layout_ops.concat([dx, dy], axis=1), "input_shape": tuple(images.shape)}

    def _transform_images(self, images, transformation, interpolation):
        t = math_ops.cast(transformation["translations"], "float32")
        one = array_ops.ones_like(t[:, 0:1])
        zero = array_ops.zeros_like(one)
        matrix = layout_ops.concat([one, zero, math_ops.negative(t[:, 0:1]), zero, one,
                                    math_ops.negative(t[:, 1:2]), zero, zero], axis=1)
        return self._affine(images, matrix, interpolation)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        })
        return config_

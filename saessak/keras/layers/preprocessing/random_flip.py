"""RandomFlip: mirror each image left-right and/or top-bottom with probability 1/2.

Each image of the batch draws ``u ~ U[0, 1)`` and is flipped when ``u <= 0.5``
(one draw per image drives both directions in ``horizontal_and_vertical``
mode, as in Keras).  The flip is a ``where`` between the image and its reverse,
so gradients flow through it.
"""

from ....ops import layout_ops, math_ops, random_ops
from ._image_base import BaseImagePreprocessingLayer, check_choice

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Randomly flip images during training (``training=False``: only cast to the layer dtype).

    Args:
        mode: 'horizontal', 'vertical' or 'horizontal_and_vertical' (default).
        seed: optional integer seed.
        data_format: 'channels_last' (default) or 'channels_first'.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        check_choice(mode, (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL), "mode", "RandomFlip")
        self.seed = seed
        self.mode = mode

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        shape = tuple(images.shape)
        u = random_ops.uniform((shape[0], 1, 1, 1), seed=self.seed if seed is None else seed)
        return {"flips": math_ops.less_equal(u, 0.5), "input_shape": shape}

    def _transform_images(self, images, transformation, interpolation):
        flips = transformation["flips"]
        first = self.data_format == "channels_first"
        horizontal, vertical = (3, 2) if first else (2, 1)
        out = images
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            out = math_ops.where(flips, layout_ops.reverse(out, [horizontal]), out)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            out = math_ops.where(flips, layout_ops.reverse(out, [vertical]), out)
        return out

    def get_build_config(self):
        return {"input_shape": None}  # Keras records no shape (its inputs are not converted)

    def get_config(self):
        config_ = super().get_config()
        config_.update({"seed": self.seed, "mode": self.mode, "data_format": self.data_format})
        return config_

"""UpSampling2D: enlarge images by integer factors, by repetition or bilinear interpolation.

'nearest' repeats every row ``size[0]`` and every column ``size[1]`` times.
'bilinear' is ``tf.image.resize(..., 'bilinear')`` (half-pixel centers, no
antialiasing): output row ``o`` samples the input at ``c = (o + 0.5) / f - 0.5``,
mixing rows ``floor(c)`` and ``floor(c) + 1`` (clamped to the image) with
weights ``1 - t`` and ``t``, ``t = c - floor(c)``.  Both axes are linear maps,
so the layer is two small interpolation matrices applied with ``einsum``
(whose gradient is the transposed matrices).
"""

from ....backend import xp
from ....engine.tensor import Tensor
from ....ops import einsum_ops
from ..convolutional.arguments import standardize_data_format, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer
from .up_sampling1d import repeat_axis

_SUPPORTED = ("nearest", "bilinear")


def bilinear_matrix(n_in, factor, dtype):
    """The ``(n_in * factor, n_in)`` matrix of TF's half-pixel-center linear interpolation."""
    out = xp.arange(n_in * factor)
    centre = (out + 0.5) / factor - 0.5
    base = xp.floor(centre)
    frac = centre - base
    lower = xp.clip(base, 0, n_in - 1).astype(int)
    upper = xp.clip(base + 1, 0, n_in - 1).astype(int)
    m = xp.zeros((out.size, n_in), dtype=dtype)
    xp.add.at(m, (out, lower), 1 - frac)
    xp.add.at(m, (out, upper), frac)
    return m


class UpSampling2D(Layer):
    """``(N, H, W, C)`` -> ``(N, H * size[0], W * size[1], C)``; ``interpolation`` 'nearest'/'bilinear'."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.size = standardize_tuple(size, 2, "size")
        self.interpolation = interpolation.lower()
        if self.interpolation not in _SUPPORTED:
            raise NotImplementedError(
                f"UpSampling2D: interpolation={interpolation!r} is not supported by saessak yet; "
                f"use one of {list(_SUPPORTED)}.")
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        first = self.data_format == "channels_first"
        h_axis = 2 if first else 1
        if self.interpolation == "nearest":
            return repeat_axis(repeat_axis(inputs, self.size[0], h_axis), self.size[1], h_axis + 1)
        shape = tuple(inputs._value.shape)
        dtype = inputs._value.dtype
        rows = Tensor(bilinear_matrix(shape[h_axis], self.size[0], dtype))
        cols = Tensor(bilinear_matrix(shape[h_axis + 1], self.size[1], dtype))
        if first:
            out = einsum_ops.einsum("ph,nchw->ncpw", rows, inputs)
            return einsum_ops.einsum("qw,ncpw->ncpq", cols, out)
        out = einsum_ops.einsum("ph,nhwc->npwc", rows, inputs)
        return einsum_ops.einsum("qw,npwc->npqc", cols, out)

    def compute_output_shape(self, input_shape):
        first = self.data_format == "channels_first"
        h_axis = 2 if first else 1
        h, w = input_shape[h_axis], input_shape[h_axis + 1]
        h = None if h is None else self.size[0] * h
        w = None if w is None else self.size[1] * w
        return (input_shape[0], input_shape[1], h, w) if first else (input_shape[0], h, w, input_shape[3])

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}

"""Convolution layers: Conv1D/2D, depthwise, separable and transposed convolutions."""

from .conv1d import Conv1D
from .conv1d_transpose import Conv1DTranspose
from .conv2d import Conv2D
from .conv2d_transpose import Conv2DTranspose
from .depthwise_conv1d import DepthwiseConv1D
from .depthwise_conv2d import DepthwiseConv2D
from .separable_conv1d import SeparableConv1D
from .separable_conv2d import SeparableConv2D

__all__ = ["Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "DepthwiseConv1D",
           "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D"]

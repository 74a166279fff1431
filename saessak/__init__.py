"""saessak (새싹): TensorFlow 2 and Keras, rebuilt small and readable on NumPy.

``import saessak as tf`` gives the TensorFlow-shaped core.
"""

__version__ = "0.1.0"

from . import ops as _ops  # noqa: F401  (installs Tensor operators)
from .backend import dtypes as _dtypes
from .engine.function import function
from .engine.tape import GradientTape
from .engine.tensor import Tensor
from .engine.variable import Variable
from .ops.array_ops import constant, convert_to_tensor, reshape
from .ops.linalg_ops import matmul
from .ops.math_ops import add, cast, multiply, subtract

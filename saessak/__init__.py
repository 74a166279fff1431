"""saessak (새싹): TensorFlow 2 and Keras, rebuilt small and readable on NumPy.

``import saessak as tf`` gives the TensorFlow-shaped core: tensors and eager
ops, ``GradientTape``, ``function``, ``random``, and the ``math``/``nn``/``linalg``
namespaces.
"""

__version__ = "0.1.0"

from . import config, data, errors, image, linalg, math, nest, nn, random  # noqa: E402
from . import ops as _ops  # installs the Tensor operators
from .backend.dtypes import (
    DType,
    as_dtype,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
)
from .backend.dtypes import (
    bool_ as bool,  # noqa: A001
)
from .engine.function import Function, TensorSpec, function
from .engine.shape import TensorShape
from .engine.tape import GradientTape, UnconnectedGradients
from .engine.tensor import Tensor
from .engine.variable import Variable
from .ops.array_ops import *  # noqa: F403
from .ops.functional_ops import map_fn
from .ops.linalg_ops import *  # noqa: F403
from .ops.logging_ops import print  # noqa: A004 - tf.print
from .ops.math_ops import *  # noqa: F403
from .ops.reduce_ops import *  # noqa: F403

Module = None  # tf.Module is not part of saessak yet
del Module


def is_tensor(x):
    return isinstance(x, Tensor)


def executing_eagerly():
    from .engine import context as _context

    return _context.state.tracer is None

from ._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf")

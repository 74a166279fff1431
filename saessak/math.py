"""``tf.math``: elementwise math, reductions and comparisons."""

from .ops.confusion_ops import confusion_matrix
from .ops.math_ops import *  # noqa: F403
from .ops.math_ops import __all__ as _m
from .ops.nn_ops import erf, l2_normalize, log_sigmoid, log_softmax, softmax  # noqa: E402
from .ops.reduce_ops import *  # noqa: F403
from .ops.reduce_ops import __all__ as _r

__all__ = list(_m) + list(_r) + ["confusion_matrix", "erf", "l2_normalize", "log_sigmoid", "log_softmax",
                                  "softmax"]

from ._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.math")

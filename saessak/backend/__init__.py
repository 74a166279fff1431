"""The array backend: the one place where an array library is imported.

Every kernel in saessak calls array functions through ``xp`` from here, never
through ``numpy`` directly.  A CuPy backend would be a sibling of this module
that binds ``xp`` to ``cupy``; nothing above this package would change.
"""

import functools
import os as _os

import numpy as xp

from . import dtypes, rng
from .dtypes import DType, as_dtype, from_array, result_dtype

ndarray = xp.ndarray
generic = xp.generic
array_types = (xp.ndarray, xp.generic)


def to_numpy(array):
    """Return ``array`` as a host NumPy array (a no-op on the NumPy backend)."""
    return xp.asarray(array)


def is_array(value):
    return isinstance(value, array_types)


@functools.lru_cache(maxsize=512)
def sum_to_plan(grad_shape, shape):
    """How to sum a gradient of ``grad_shape`` down to ``shape``, the VJP of broadcasting.

    If ``x`` of shape ``shape`` was broadcast to ``grad_shape``, each element of ``x`` was
    used once per copy, so its gradient is the sum over the copies: over the leading axes
    broadcasting added and the length-1 axes it stretched.  Returns ``(axes, lead_only)``;
    ``lead_only`` (a bias gradient) means the sum needs no ``keepdims`` and no reshape.
    """
    lead = len(grad_shape) - len(shape)
    stretched = tuple(i + lead for i, n in enumerate(shape) if n == 1 and grad_shape[i + lead] != 1)
    return tuple(range(lead)) + stretched, not stretched


def _keep_freed_memory():
    """Keep freed arrays' memory in the process heap (glibc), instead of returning it each step.

    A training step frees and re-allocates the same activation-sized buffers every time; with
    glibc's defaults each large one is a fresh mmap whose pages fault in again (about a quarter
    of a small CNN's step). Raising the mmap and trim thresholds lets malloc reuse them.
    ``SAESSAK_MALLOC=off`` keeps the defaults.
    """
    if _os.environ.get("SAESSAK_MALLOC", "auto") == "off" or not _os.sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # noqa: PLC0415

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


_keep_freed_memory()

__all__ = [
    "xp", "dtypes", "rng", "DType", "as_dtype", "from_array", "result_dtype",
    "ndarray", "to_numpy", "is_array", "sum_to",
]

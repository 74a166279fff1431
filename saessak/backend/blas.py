"""BLAS threads: one thread for small matrix products, all of them for large ones.

A training step of a small network is a chain of small matrix products (a
batch of 32 against a 784x100 kernel).  Multi-threaded OpenBLAS splits even
those, and its threads busy-wait for each other: on a machine whose other core
is busy, a 50-microsecond product then takes milliseconds.  So before each
product saessak asks for one thread when the product is small and for the
default count when it is large, switching only when the need changes (one
cheap call).  The switch is process-wide: NumPy code running after a small
saessak product also sees one thread, until saessak runs a large product.

``SAESSAK_BLAS_THREADS=off`` disables this; so does setting
``OPENBLAS_NUM_THREADS`` yourself.  Only OpenBLAS (NumPy's default build) is
handled; with another BLAS nothing changes.
"""

import ctypes
import os

SMALL_MACS = 8_000_000  # multiply-adds below which one thread wins (about 0.5 ms of work)

_state = {"setter": None, "max": 1, "current": None, "ready": False}


def _openblas_libraries():
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower() and ".so" in line}
    except OSError:
        return []
    return sorted(p for p in paths if os.path.isfile(p))


def _init():
    _state["ready"] = True
    if os.environ.get("SAESSAK_BLAS_THREADS", "auto") == "off" or "OPENBLAS_NUM_THREADS" in os.environ:
        return
    for path in _openblas_libraries():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                getter = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                if setter is not None and getter is not None:
                    getter.restype = ctypes.c_int
                    _state["setter"] = setter
                    _state["max"] = max(1, int(getter()))
                    _state["current"] = _state["max"]
                    return


def threads_for(macs):
    """Set the BLAS thread count suited to a product of ``macs`` multiply-adds."""
    if not _state["ready"]:
        _init()
    setter = _state["setter"]
    if setter is None:
        return
    want = 1 if macs < SMALL_MACS else _state["max"]
    if want != _state["current"]:
        setter(want)
        _state["current"] = want

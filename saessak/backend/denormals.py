"""Flush denormal floats to zero while compiled programs run, as TensorFlow's CPU kernels do.

A float32 smaller than about 1.2e-38 is *denormal* (subnormal).  CPUs handle
such numbers in microcode, tens of times slower than normal ones.  They appear
in training more often than one would think: Adam's first-moment estimate of
a weight whose gradient is always zero (a weight on a border pixel of MNIST,
which is always 0) decays by 0.9 each step and is denormal after about 800
steps; from then on each Adam update of the first layer takes several times
longer.  TensorFlow switches the CPU to flush-to-zero (FTZ: denormal results
become 0) and denormals-are-zero (DAZ: denormal inputs read as 0) while its
kernels run, and restores the caller's mode afterwards, so the user's own
NumPy code keeps IEEE behaviour.  saessak does the same around each run of a
compiled program (``saessak.function``, and so ``fit``/``evaluate``/``predict``);
eager ops keep NumPy's behaviour.

The mode lives in the floating-point environment of the calling thread, read
and written with C's ``fegetenv``/``fesetenv``.  Only glibc's layouts of
``fenv_t`` are known here: on x86-64 the SSE control register MXCSR (FTZ is bit
15, DAZ bit 6), on AArch64 the FPCR (FZ is bit 24).  The flushing environment is
the one found at import with those bits set (nothing in NumPy changes the rest,
e.g. the rounding mode).  Anywhere else, or with the
environment variable ``SAESSAK_FLUSH_DENORMALS=0``, :func:`enter` does nothing.
"""

import ctypes
import os
import platform
import struct

# (size of fenv_t, byte offset of the control register, the bits that flush denormals)
_LAYOUTS = {"x86_64": (32, 28, 0x8040), "amd64": (32, 28, 0x8040), "aarch64": (8, 0, 1 << 24)}


def _setup():
    """``(fegetenv, fesetenv, env size, flushing env)``, or None where flushing is unavailable."""
    if os.environ.get("SAESSAK_FLUSH_DENORMALS", "1").strip().lower() in ("0", "off", "false", "no"):
        return None
    layout = _LAYOUTS.get(platform.machine().lower())
    if layout is None or platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    size, offset, bits = layout
    try:
        libm = ctypes.CDLL("libm.so.6")  # glibc's math library, where the fenv functions live
        get, put = libm.fegetenv, libm.fesetenv
    except (OSError, AttributeError):
        return None
    env = ctypes.create_string_buffer(size)
    if get(env) != 0:
        return None
    (register,) = struct.unpack_from("I", env, offset)
    struct.pack_into("I", env, offset, register | bits)
    return get, put, size, env


_STATE = _setup()


def enter():
    """Switch this thread to flushing denormals; returns what :func:`leave` needs to restore."""
    if _STATE is None:
        return None
    get, put, size, flushing = _STATE
    saved = ctypes.create_string_buffer(size)
    get(saved)
    put(flushing)
    return saved


def leave(saved):
    """Restore the floating-point environment :func:`enter` saved."""
    if saved is not None:
        _STATE[1](saved)


def available():
    """Whether compiled programs flush denormals on this platform."""
    return _STATE is not None

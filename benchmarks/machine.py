"""The machine line printed with every benchmark figure: CPU, cores, BLAS kernel, versions."""

import os
import platform
import sys


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_kernel():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (pip install threadpoolctl)"
    for info in threadpool_info():
        if info.get("user_api") == "blas":
            return (f"{info.get('internal_api')} {info.get('version')} "
                    f"{info.get('architecture')} x{info.get('num_threads')}")
    return "none found"


def machine_line():
    import numpy

    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    return (f"{cpu_model()}, {os.cpu_count()} cores, BLAS {blas_kernel()}"
            f"{' ' + str(env) if env else ''}, Python {sys.version.split()[0]}, NumPy {numpy.__version__}")

"""The checks beside the timings: ``import saessak`` time, installed sizes, RSS growth over
repeated ``fit`` / ``predict`` calls.

Each runs in its own process.  ``python benchmarks/checks.py --child-memory N`` is the child of the
memory-growth check: a small model, N x (``fit(epochs=1)`` + ``predict``), printing the resident
set size after the first call, after a tenth of them and at the end.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def import_time(python, runs=5, env=None):
    """Median wall time of ``import saessak`` in ``runs`` fresh interpreters (the interpreter's
    own start-up excluded)."""
    code = ("import time; t = time.perf_counter(); import saessak; "
            "print(time.perf_counter() - t)")
    times = []
    for _ in range(runs):
        proc = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=ROOT,
                              env=env, check=False)
        if proc.returncode:
            return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
        times.append(float(proc.stdout.strip().splitlines()[-1]))
    return {"median": statistics.median(times), "runs": times}


def _tree_size(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def _site_packages(venv):
    found = list(Path(venv).glob("lib/python*/site-packages"))
    return found[0] if found else Path(venv) / "Lib" / "site-packages"


def installed_sizes(python, timeout=900):
    """Install the checkout (``pip install .``, not editable) into a fresh virtual environment in a
    temporary folder; measure saessak's own files and everything the install added (the
    dependency closure: NumPy, h5py and what they pull in)."""
    with tempfile.TemporaryDirectory(prefix="saessak-size-") as tmp:
        venv = Path(tmp) / "venv"
        build = Path(tmp) / "src"
        # copy the sources only (no .venv, no build folders) so that pip builds from a clean tree
        shutil.copytree(ROOT, build, ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", "node_modules"))
        subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=timeout)
        site = _site_packages(venv)
        before = _tree_size(site)
        vpython = str(venv / "bin" / "python")
        proc = subprocess.run([vpython, "-m", "pip", "install", "--quiet", str(build)],
                              capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode:
            return {"error": (proc.stderr.strip().splitlines() or ["pip install failed"])[-1]}
        package = site / "saessak"
        pkg_total = _tree_size(package)
        pycache = sum(_tree_size(p) for p in package.rglob("__pycache__"))
        dists = subprocess.run([vpython, "-m", "pip", "list", "--format", "freeze"],
                               capture_output=True, text=True, check=False).stdout.split()
        return {"saessak_mb": pkg_total / 1e6, "saessak_source_mb": (pkg_total - pycache) / 1e6,
                "closure_mb": (_tree_size(site) - before) / 1e6,
                "dependencies_mb": (_tree_size(site) - before - pkg_total) / 1e6,
                "distributions": [d for d in dists if not d.startswith(("pip==", "setuptools=="))]}


def memory_growth(python, calls=1000, env=None, timeout=1800):
    cmd = [python, str(Path(__file__).resolve()), "--child-memory", str(calls)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout,
                          check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(lines[-1])


def _rss_mb():
    with open("/proc/self/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _child_memory(calls):
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from saessak import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((64, 20), dtype=np.float32)
    y = rng.integers(0, 2, 64)
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    marks, start = {}, time.perf_counter()
    for i in range(1, calls + 1):
        model.fit(x, y, batch_size=16, epochs=1, verbose=0)
        model.predict(x, verbose=0)
        if i in (1, max(1, calls // 10), calls):
            marks[i] = _rss_mb()
    first = marks[1]
    print(json.dumps({"calls": calls, "rss_mb": marks, "growth_mb": marks[calls] - first,
                      "growth_after_warmup_mb": marks[calls] - marks[max(1, calls // 10)],
                      "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child-memory":
        _child_memory(int(sys.argv[2]))
    else:
        print(__doc__)

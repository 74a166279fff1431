"""The benchmark workloads W1-W8 and the child process that runs one of them on one framework.

``run.py`` starts this file once per (framework, workload, seed), each time in a fresh interpreter,
so that the peak RSS and the first-epoch time belong to that run alone and the frameworks never
share a process.  The child prints one JSON line (prefixed ``BENCH_RESULT``) that the runner reads.

Frameworks: ``saessak``; ``tf`` (TensorFlow/Keras); ``keras-torch`` (Keras 3, torch backend) share
one Keras-API implementation (keras_impl.py); ``torch`` is an idiomatic plain PyTorch loop
(torch_ref.py); ``numpy`` is the hand-fused NumPy reference of the same networks (numpy_ref.py).

Data: MNIST, pixels / 255 as float32, from ``$KERAS_HOME/datasets/mnist.npz``, else the project's
``../shared/keras_home``, else ``~/.keras``, else the 4,000-image sample that saessak ships (the
source is part of the result, so a table made on the sample says so).

Run one by hand:  python benchmarks/workloads.py --framework saessak --workload W1 [--quick]
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FRAMEWORKS = ("saessak", "numpy", "tf", "keras-torch", "torch")

# The workloads.  "fit": a Keras fit; "xor": the overhead-bound XOR fit (total time); "predict":
# predict throughput of the W1 model; "cnn": the small CNN; "loop": GradientTape loop in a function.
WORKLOADS = {
    "W1": dict(kind="fit", flat=False, hidden=(100,), dropout=0.0, opt="adam", lr=1e-3,
               loss="sparse", batch=32, epochs=5, val_split=0.2,
               title="MLP 784-100-10, adam, batch 32, val 0.2"),
    "W2": dict(kind="fit", flat=False, hidden=(100,), dropout=0.3, opt="adam", lr=1e-3,
               loss="sparse", batch=32, epochs=5, val_split=0.2, title="W1 + Dropout(0.3)"),
    "W3": dict(kind="fit", flat=True, hidden=(64,), dropout=0.0, opt="sgd", lr=0.01,
               loss="categorical", batch=32, epochs=5, val_split=0.0,
               title="MLP 784-64-10, SGD(0.01), one-hot CE, batch 32"),
    "W4": dict(kind="fit", flat=True, hidden=(1024, 1024), dropout=0.0, opt="adam", lr=1e-3,
               loss="sparse", batch=256, epochs=3, val_split=0.0,
               title="MLP 784-1024-1024-10, adam, batch 256"),
    "W5": dict(kind="xor", epochs=500, lr=0.1, title="XOR 2-8-1, SGD(0.1), mse, 500 epochs"),
    "W6": dict(kind="predict", batches=(32, 1024), passes=5, title="predict W1 model, 10k images"),
    "W7": dict(kind="cnn", batch=128, epochs=1, n_train=12000, lr=1e-3,
               title="CNN conv32-pool-conv64-pool-dense10, adam, batch 128, 12k images"),
    "W8": dict(kind="loop", flat=False, hidden=(100,), dropout=0.0, opt="adam", lr=1e-3,
               loss="sparse", batch=32, epochs=5, val_split=0.2, shuffle_buffer=1024,
               title="W1 as a GradientTape loop in function"),
}
QUICK_TRAIN, QUICK_TEST, QUICK_CNN_TRAIN, QUICK_XOR_EPOCHS = 2000, 1000, 512, 50


class NotApplicable(Exception):
    """The framework has no idiomatic form of this workload (Keras-on-torch has no GradientTape)."""


def spec_for(workload, quick=False, epochs=None):
    """The workload's parameters, with the ``--quick`` slices and an ``--epochs`` override applied."""
    spec = dict(WORKLOADS[workload], name=workload)
    spec["n_train"] = spec.get("n_train")
    spec["n_test"] = None
    if quick:
        spec["n_train"] = QUICK_CNN_TRAIN if spec["kind"] == "cnn" else QUICK_TRAIN
        spec["n_test"] = QUICK_TEST
        if spec["kind"] == "xor":
            spec["epochs"] = QUICK_XOR_EPOCHS
        elif "epochs" in spec:
            spec["epochs"] = min(spec["epochs"], 2)
        if spec["kind"] == "predict":
            spec["passes"] = 2
    if epochs and "epochs" in spec:
        spec["epochs"] = epochs
    return spec


def _mnist_path():
    candidates = []
    if os.environ.get("KERAS_HOME"):
        candidates.append(Path(os.environ["KERAS_HOME"]) / "datasets" / "mnist.npz")
    candidates += [ROOT.parent / "shared" / "keras_home" / "datasets" / "mnist.npz",
                   Path.home() / ".keras" / "datasets" / "mnist.npz"]
    for path in candidates:
        if path.is_file():
            return path, "MNIST"
    return ROOT / "saessak" / "keras" / "datasets" / "sample" / "mnist_sample.npz", "MNIST sample (4k/1k)"


def load_mnist(spec):
    """``(x_train, y_train), (x_test, y_test), source``: float32 pixels / 255 of shape (n, 28, 28),
    int64 labels; sliced to the spec's sizes."""
    import numpy as np

    path, source = _mnist_path()
    with np.load(path, allow_pickle=False) as f:
        xtr, ytr, xte, yte = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    if spec.get("n_train"):
        xtr, ytr = xtr[:spec["n_train"]], ytr[:spec["n_train"]]
    if spec.get("n_test"):
        xte, yte = xte[:spec["n_test"]], yte[:spec["n_test"]]
    def prep(a):  # in place after the one float32 copy: the data's footprint stays 4 bytes a pixel
        a = a.astype(np.float32)
        a /= np.float32(255.0)
        return a

    data = (prep(xtr), ytr.astype(np.int64)), (prep(xte), yte.astype(np.int64)), source
    _DATA_RSS.append(current_rss_mb())
    try:  # reset the kernel's peak-RSS mark (VmHWM), so that the training's own peak can be read
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        _DATA_RSS.append(True)
    except OSError:
        pass
    return data


def xor_data():
    import numpy as np

    return (np.array([[0, 0], [1, 0], [0, 1], [1, 1]], np.float32),
            np.array([[0], [1], [1], [0]], np.float32))


_DATA_RSS = []  # the resident set size right after the data were loaded, True if the peak was reset


def current_rss_mb():
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError):
        return None


def hwm_rss_mb():
    """The peak RSS since the last reset of the mark (VmHWM), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mb():
    """This process's peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def blas_kernels():
    """The BLAS libraries this process loaded, as threadpoolctl sees them."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (no threadpoolctl)"
    found = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} "
             f"({i.get('num_threads')} threads at exit)" for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(dict.fromkeys(found)) or "none found"


def summarize(result):
    """Fill the derived figures: first epoch, steady s/epoch (median of the later epochs)."""
    import statistics

    times = result.get("epoch_times")
    if times:
        result["first_epoch"] = times[0]
        rest = times[1:] or times
        result["per_epoch"] = statistics.median(rest)
        result.setdefault("total", sum(times))
    return result


def run_one(framework, spec, seed):
    if framework in ("saessak", "tf", "keras-torch"):
        import keras_impl

        return keras_impl.run(framework, spec, seed)
    if framework == "numpy":
        import numpy_ref

        return numpy_ref.run(spec, seed)
    if framework == "torch":
        import torch_ref

        return torch_ref.run(spec, seed)
    raise ValueError(f"unknown framework {framework!r}; expected one of {FRAMEWORKS}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--framework", required=True, choices=FRAMEWORKS)
    parser.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--epochs", type=int, default=None)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    if args.framework == "saessak":
        sys.path.insert(0, str(ROOT))  # the checkout's saessak, installed or not
    spec = spec_for(args.workload, args.quick, args.epochs)
    started = time.perf_counter()
    out = {"framework": args.framework, "workload": args.workload, "seed": args.seed}
    try:
        out.update(summarize(run_one(args.framework, spec, args.seed)))
    except NotApplicable as e:
        out["skipped"] = str(e)
    except ImportError as e:
        out["skipped"] = f"not installed ({e})"
    out["wall"] = time.perf_counter() - started
    out["peak_rss_mb"] = peak_rss_mb()
    if len(_DATA_RSS) == 2 and _DATA_RSS[0] is not None and hwm_rss_mb() is not None:
        # the peak after the data were loaded, above the RSS with the data loaded: what training added
        out["data_rss_mb"], out["train_peak_rss_mb"] = _DATA_RSS[0], hwm_rss_mb()
    out["blas"] = blas_kernels()
    out["python"] = sys.version.split()[0]
    out["openblas_env"] = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                           if k in os.environ}
    print("BENCH_RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    import workloads  # one module object, so that keras_impl's NotApplicable is the one caught

    workloads.main()

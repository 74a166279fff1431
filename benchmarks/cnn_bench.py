"""CNN benchmark: training steps of the MNIST CNN, saessak against TensorFlow.

The network (issue 8's bar): Conv2D(32, 3, relu) -> MaxPooling2D -> Conv2D(64, 3, relu)
-> MaxPooling2D -> Flatten -> Dense(10, softmax), Adam, sparse categorical
cross-entropy, batch 128.  One MNIST epoch is 469 such steps; the bar is saessak
within 2x of TensorFlow's CPU time for it.

The data are random images of MNIST's shape (the time of a step does not depend
on the pixel values).  Each framework trains ``--steps`` steps after a warm-up
epoch that compiles the step; TensorFlow runs in a separate process with the
interpreter given by ``--tf-python`` (default /tmp/tfvenv/bin/python), if it has
TensorFlow.  Both report wall time and process CPU time (user + system of all
threads): on a machine shared with other jobs the wall time swings with the
load, the CPU time much less.  ``--threads N`` caps the BLAS threads (saessak,
via threadpoolctl) and TF's intra/inter-op threads, for a like-for-like
single-thread comparison.  With ``--profile``, saessak's time is split by op
kernel (forward, backprop_input, backprop_filter of the convolutions...).

Run:  python benchmarks/cnn_bench.py [--steps 60] [--repeats 3] [--threads 1] [--profile]
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = 128
STEPS_PER_EPOCH = 469  # ceil(60000 / 128)


def _data(steps, seed=0):
    import numpy as np

    rng = np.random.default_rng(seed)
    n = BATCH * steps
    return rng.random((n, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, n)


def _model(keras, layers):
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _timed_fits(model, x, y, repeats):
    model.fit(x[:2 * BATCH], y[:2 * BATCH], batch_size=BATCH, epochs=1, verbose=0)  # compile
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return runs


def run_saessak(steps, repeats, threads, profile):
    sys.path.insert(0, str(ROOT))
    from saessak import keras  # noqa: PLC0415
    from saessak.keras.layers.convolutional import Conv2D  # noqa: PLC0415
    from saessak.keras.layers.pooling import MaxPooling2D  # noqa: PLC0415

    class Layers:  # the lead exports these from keras.layers; the bench imports them directly
        pass
    layers = Layers()
    layers.Conv2D, layers.MaxPooling2D = Conv2D, MaxPooling2D
    layers.Flatten, layers.Dense = keras.layers.Flatten, keras.layers.Dense
    stats = _install_profiler() if profile else None
    keras.utils.set_random_seed(0)
    x, y = _data(steps)
    model = _model(keras, layers)
    limiter = _blas_limit(threads)
    try:
        if stats is not None:
            model.fit(x[:2 * BATCH], y[:2 * BATCH], batch_size=BATCH, epochs=1, verbose=0)
            stats.clear()
        runs = _timed_fits(model, x, y, repeats)
    finally:
        if limiter is not None:
            limiter.unregister()
    out = {"runs": runs}
    if stats is not None:
        n = steps * repeats + 2  # _timed_fits starts with a 2-step warm-up fit
        out["profile"] = {k: (c / n, t / n) for k, (c, t) in stats.items()}
    return out


def _blas_limit(threads):
    if not threads:
        return None
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415
    except ImportError:
        print("threadpoolctl is not installed: cannot cap the BLAS threads (pip install threadpoolctl)")
        return None
    return threadpool_limits(limits=threads, user_api="blas")


def _install_profiler():
    """CPU time of every op kernel, this thread's (the compiled step calls the kernels it captured at
    trace time, so they are wrapped before the first fit).  Thread time is robust to other jobs'
    load, and covers BLAS when it runs on this thread only (``--threads 1``)."""
    from saessak.engine.op import REGISTRY  # noqa: PLC0415

    stats = collections.defaultdict(lambda: [0, 0.0])
    for op in REGISTRY.values():
        forward = op.forward

        def timed(*args, _f=forward, _name=op.name, **kwargs):
            t = time.thread_time()
            try:
                return _f(*args, **kwargs)
            finally:
                s = stats[_name]
                s[0] += 1
                s[1] += time.thread_time() - t
        op.forward = timed
    return stats


def run_tf(steps, repeats, threads):
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras  # noqa: PLC0415
    import tensorflow as tf  # noqa: PLC0415

    if threads:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    keras.utils.set_random_seed(0)
    x, y = _data(steps)
    return {"runs": _timed_fits(_model(keras, keras.layers), x, y, repeats),
            "version": f"TensorFlow {tf.__version__}, Keras {keras.__version__}"}


def _tf_subprocess(python, steps, repeats, threads):
    if not Path(python).exists():
        return None, f"{python} not found"
    cmd = [python, __file__, "--child-tf", "--steps", str(steps), "--repeats", str(repeats),
           "--threads", str(threads or 0)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode or not lines:
        return None, (proc.stderr.strip().splitlines() or ["TensorFlow run failed"])[-1]
    return json.loads(lines[-1]), None


def _keep_heap(mmap_threshold=32 << 20, trim_threshold=256 << 20):
    """Ask glibc to serve large arrays from its heap and keep freed memory (``mallopt``).

    By default glibc maps each array above a dynamic threshold separately and returns
    freed heap memory to the system, so a training step's activations (megabytes each,
    allocated and freed every step) come back as fresh pages: a page fault and a zeroed
    page per 4 KB.  On the MNIST CNN that is about a quarter of a step's CPU time.
    """
    import ctypes  # noqa: PLC0415

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(libc.mallopt(m_mmap_threshold, mmap_threshold)) and bool(
        libc.mallopt(m_trim_threshold, trim_threshold))


def _load():
    try:
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "load average unknown"


def _report(name, runs, steps):
    wall = min(r[0] for r in runs) / steps
    cpu = min(r[1] for r in runs) / steps
    print(f"{name:28s} {wall * 1000:8.1f} ms/step wall {cpu * 1000:8.1f} ms/step CPU   "
          f"-> epoch ({STEPS_PER_EPOCH} steps) {wall * STEPS_PER_EPOCH:6.1f} s wall, "
          f"{cpu * STEPS_PER_EPOCH:6.1f} s CPU")
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=60, help="timed steps per run (469 = one epoch)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs; the best is reported")
    parser.add_argument("--threads", type=int, default=0, help="cap BLAS / TF threads (0: default)")
    parser.add_argument("--profile", action="store_true", help="split saessak's time by op kernel")
    parser.add_argument("--mallopt", action="store_true",
                        help="keep freed memory in glibc's heap (see _keep_heap): fewer page faults")
    parser.add_argument("--tf-python", default="/tmp/tfvenv/bin/python")
    parser.add_argument("--skip-tf", action="store_true")
    parser.add_argument("--child-tf", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_tf:
        print(json.dumps(run_tf(args.steps, args.repeats, args.threads)))
        return
    if args.mallopt:
        print(f"glibc heap kept: {_keep_heap()}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import machine_line  # noqa: PLC0415

    print(machine_line())
    print(f"{args.steps} steps x {args.repeats} runs, batch {BATCH}, threads "
          f"{args.threads or 'default'}; before: {_load()}")
    tf_result, why = (None, "skipped") if args.skip_tf else _tf_subprocess(
        args.tf_python, args.steps, args.repeats, args.threads)
    ours = run_saessak(args.steps, args.repeats, args.threads, args.profile)
    s_wall, s_cpu = _report("saessak", ours["runs"], args.steps)
    if tf_result is None:
        print(f"TensorFlow: not measured ({why})")
    else:
        t_wall, t_cpu = _report(tf_result["version"].split(",")[0], tf_result["runs"], args.steps)
        print(f"saessak / TensorFlow: {s_wall / t_wall:.2f}x wall, {s_cpu / t_cpu:.2f}x CPU (bar: 2x)")
    print(f"after: {_load()}")
    if "profile" in ours:
        total = sum(t for _, t in ours["profile"].values())
        print(f"\nkernel CPU time (this thread) per step: {total * 1000:.1f} ms")
        for name, (count, t) in sorted(ours["profile"].items(), key=lambda kv: -kv[1][1])[:16]:
            print(f"  {name:40s} {count:5.1f} calls {t * 1000:8.2f} ms")


if __name__ == "__main__":
    main()

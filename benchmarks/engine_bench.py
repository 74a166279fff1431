"""Engine benchmark: eager per-op overhead, and one compiled MLP training step.

The step is the seeds' 784-100-10 MLP at batch 32 (forward, softmax cross-entropy,
backward, SGD update), compiled by ``saessak.function``.  It is compared in the same
run with a hand-written NumPy forward/backward of the same network: the ceiling a
NumPy engine can reach.  Target (issue 2): compiled step within 1.5x of NumPy.

Run alone on the machine:  python benchmarks/engine_bench.py [--steps 300 --repeats 7]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_line  # noqa: E402

import saessak as tf  # noqa: E402

LR = 0.05


def per_op_overhead(n=20000):
    a32 = np.ones(10, np.float32)
    a, b = tf.constant(a32), tf.constant(a32)

    def timed(fn):
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(n):
                fn()
            best = min(best, (time.perf_counter() - t) / n)
        return best * 1e6

    rows = {
        "np.add (reference)": timed(lambda: np.add(a32, a32)),
        "tf.add eager": timed(lambda: tf.add(a, b)),
        "a + b eager": timed(lambda: a + b),
    }
    x = tf.Variable(a32)
    with tf.GradientTape(persistent=True):
        rows["a + b under a tape"] = timed(lambda: x + b)
    return rows


def init_params(seed=0):
    rng = np.random.default_rng(seed)
    lim1, lim2 = np.sqrt(6 / (784 + 100)), np.sqrt(6 / (100 + 10))
    return [rng.uniform(-lim1, lim1, (784, 100)).astype(np.float32), np.zeros(100, np.float32),
            rng.uniform(-lim2, lim2, (100, 10)).astype(np.float32), np.zeros(10, np.float32)]


def numpy_step_factory(params):
    w1, b1, w2, b2 = params

    def step(x, y):
        n = x.shape[0]
        z1 = x @ w1
        z1 += b1
        h = np.maximum(z1, 0)
        logits = h @ w2
        logits += b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(n), y]).mean()
        p[np.arange(n), y] -= 1
        p /= n  # dL/dlogits
        gw2 = h.T @ p
        gb2 = p.sum(axis=0)
        dh = p @ w2.T
        dh *= z1 > 0
        gw1 = x.T @ dh
        gb1 = dh.sum(axis=0)
        np.subtract(w1, LR * gw1, out=w1)  # in place, as saessak's optimizer does
        np.subtract(b1, LR * gb1, out=b1)
        np.subtract(w2, LR * gw2, out=w2)
        np.subtract(b2, LR * gb2, out=b2)
        return loss

    return step


def saessak_step_factory(params):
    variables = [tf.Variable(p) for p in params]
    w1, b1, w2, b2 = variables

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(x, w1) + b1)
            logits = tf.matmul(h, w2) + b2
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
        grads = tape.gradient(loss, variables)
        for v, g in zip(variables, grads):
            v.assign_sub(LR * g)
        return loss

    return step


def time_steps(step, batches, repeats):
    step(*batches[0])  # warm-up (traces the compiled step)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        for x, y in batches:
            step(x, y)
        times.append((time.perf_counter() - t) / len(batches))
    return statistics.median(times) * 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    print(f"machine: {machine_line()}")
    print("\neager per-op overhead (10-element float32 add), best of 5:")
    for name, us in per_op_overhead().items():
        print(f"  {name:<24} {us:7.2f} us/op")

    rng = np.random.default_rng(1)
    x = rng.random((args.steps * 32, 784), dtype=np.float32)
    y = rng.integers(0, 10, args.steps * 32).astype(np.int32)
    batches = [(x[i:i + 32], y[i:i + 32]) for i in range(0, len(x), 32)]

    # Same initial weights, same batches: the two losses must agree.
    np_step, tf_step = numpy_step_factory(init_params()), saessak_step_factory(init_params())
    l_np, l_tf = np_step(*batches[0]), float(tf_step(*batches[0]))
    print(f"\nfirst-step loss: numpy {l_np:.6f}  saessak {l_tf:.6f}")
    ref = time_steps(numpy_step_factory(init_params()), batches, args.repeats)
    ours = time_steps(saessak_step_factory(init_params()), batches, args.repeats)
    print(f"\n784-100-10 MLP, batch 32, one training step (median of {args.repeats} x {args.steps} steps):")
    print(f"  hand-written NumPy      {ref:8.1f} us/step")
    print(f"  saessak.function        {ours:8.1f} us/step")
    print(f"  ratio saessak / NumPy   {ours / ref:8.2f}x   (target <= 1.5x)")


if __name__ == "__main__":
    main()

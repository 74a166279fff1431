"""The hand-fused NumPy reference: the same networks as the Keras workloads, trained by hand.

It is the ceiling a NumPy engine can reach: forward and backward written out per network
(softmax and cross-entropy fused, gradient ``(p - onehot) / batch``), float32 throughout,
in-place Adam / SGD updates, one permutation of the training set per epoch, each batch gathered
from it.  It does the work Keras does in ``fit`` (running loss and accuracy, the validation pass at
the same batch size, ``evaluate`` on the test images), so the times compare like for like.

Keras's initialisation (Glorot-uniform kernels, zero biases) and Keras 3's Adam
(``lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)``, ``w -= lr_t * m / (sqrt(v) + eps)``) are used.
Like saessak, it runs small matrix products on one BLAS thread and large ones on all of them
(OpenBLAS's threads busy-wait for each other: on a loaded 2-core machine a small product split
over two threads takes milliseconds instead of microseconds); ``mm`` below is that policy.
W7's CNN uses im2col: a convolution is one matmul of the (batch * positions, kh * kw * channels)
patch matrix with the kernel; its input gradient scatters the patch gradients back (col2im).
"""

import ctypes
import os
import time

import numpy as np
from workloads import load_mnist, xor_data

B1, B2, EPS = 0.9, 0.999, 1e-7
SMALL_MACS = 8_000_000  # products below this many multiply-adds run on one BLAS thread


def _openblas_setter():
    """``(set_num_threads, default_count)`` of the OpenBLAS this process loaded, or (None, 1)."""
    if "OPENBLAS_NUM_THREADS" in os.environ:
        return None, 1
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({ln.split()[-1] for ln in maps if "openblas" in ln.lower() and ".so" in ln})
    except OSError:
        return None, 1
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                setter = getattr(lib, f"{name}_set_num_threads{suffix}", None)
                getter = getattr(lib, f"{name}_get_num_threads{suffix}", None)
                if setter is not None and getter is not None:
                    getter.restype = ctypes.c_int
                    return setter, max(1, int(getter()))
    return None, 1


_SET_THREADS, _MAX_THREADS = _openblas_setter()
_threads = [_MAX_THREADS]


def mm(a, b):
    """``a @ b`` on one BLAS thread when the product is small, on all of them when it is large."""
    if _SET_THREADS is not None:
        want = 1 if a.size * b.shape[-1] < SMALL_MACS else _MAX_THREADS
        if want != _threads[0]:
            _SET_THREADS(want)
            _threads[0] = want
    return a @ b


def glorot(rng, shape, fan_in, fan_out):
    lim = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-lim, lim, shape).astype(np.float32)


class Adam:
    """In-place Adam over a list of float32 arrays (one scratch buffer each)."""

    def __init__(self, params, lr):
        self.params, self.lr, self.t = params, lr, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.tmp = [np.empty_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        lr_t = np.float32(self.lr * np.sqrt(1 - B2 ** self.t) / (1 - B1 ** self.t))
        for p, g, m, v, tmp in zip(self.params, grads, self.m, self.v, self.tmp):
            np.subtract(g, m, out=tmp)
            tmp *= 1 - B1
            m += tmp                      # m = b1 m + (1 - b1) g
            np.multiply(g, g, out=tmp)
            tmp -= v
            tmp *= 1 - B2
            v += tmp                      # v = b2 v + (1 - b2) g^2
            np.sqrt(v, out=tmp)
            tmp += EPS
            np.divide(m, tmp, out=tmp)
            tmp *= lr_t
            p -= tmp


class SGD:
    def __init__(self, params, lr):
        self.params, self.lr = params, np.float32(lr)

    def step(self, grads):
        for p, g in zip(self.params, grads):
            g *= self.lr
            p -= g


def softmax_(z):
    """Row softmax in place."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


class MLP:
    """Dense(relu) layers [+ inverted dropout] -> Dense(10, softmax), fused sparse / one-hot CE."""

    def __init__(self, sizes, rng, dropout=0.0):
        self.W = [glorot(rng, (a, b), a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(b, np.float32) for b in sizes[1:]]
        self.params = [p for wb in zip(self.W, self.b) for p in wb]
        self.dropout, self.rng = dropout, rng

    def forward(self, x, training=False):
        acts = [x]
        for i, (w, b) in enumerate(zip(self.W, self.b)):
            z = mm(acts[-1], w)
            z += b
            if i < len(self.W) - 1:
                np.maximum(z, 0, out=z)
                if training and self.dropout:
                    keep = self.rng.random(z.shape, dtype=np.float32) >= self.dropout
                    z *= keep
                    z *= np.float32(1 / (1 - self.dropout))
            acts.append(z)
        softmax_(acts[-1])
        return acts

    def backward(self, acts, g):
        """``g``: dL/dlogits (batch, 10).  Returns the gradients in ``params`` order."""
        grads = [None] * len(self.params)
        for i in range(len(self.W) - 1, -1, -1):
            h = acts[i]                   # layer i's input
            grads[2 * i], grads[2 * i + 1] = mm(h.T, g), g.sum(axis=0)
            if i:
                g = mm(g, self.W[i].T)
                g *= h > 0                # relu (and dropout: a dropped unit is 0)
                if self.dropout:
                    g *= np.float32(1 / (1 - self.dropout))
        return grads


def loss_grad(p, y, onehot):
    """Cross-entropy loss sum, correct count, and dL/dlogits (in place in ``p``) / batch."""
    n = len(p)
    if onehot:
        picked = (p * y).sum(axis=1)
        correct = int((p.argmax(axis=1) == y.argmax(axis=1)).sum())
        p -= y
    else:
        rows = np.arange(n)
        picked = p[rows, y]
        correct = int((p.argmax(axis=1) == y).sum())
        p[rows, y] -= 1
    loss = float(-np.log(np.maximum(picked, 1e-7)).sum())
    p /= n
    return loss, correct, p


def evaluate(forward, x, y, batch, onehot=False):
    correct = 0
    for i in range(0, len(x), batch):
        p = forward(x[i:i + batch])
        yb = y[i:i + batch]
        correct += int((p.argmax(axis=1) == (yb.argmax(axis=1) if onehot else yb)).sum())
    return correct / len(x)


def train(model, opt, x, y, spec, rng, onehot=False, xval=None, yval=None):
    """Epoch loop: permute, batch, forward, fused loss gradient, backward, update; validation."""
    n, batch = len(x), spec["batch"]
    times = []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        perm = rng.permutation(n)
        loss_sum = correct = 0
        for i in range(0, n, batch):
            idx = perm[i:i + batch]       # gather each batch: no shuffled copy of the data set
            acts = model.forward(x[idx], training=True)
            loss, c, g = loss_grad(acts[-1], y[idx], onehot)
            loss_sum += loss
            correct += c
            opt.step(model.backward(acts, g))
        if xval is not None and len(xval):
            evaluate(lambda xb: model.forward(xb)[-1], xval, yval, batch, onehot)
        times.append(time.perf_counter() - start)
    return times


def run(spec, seed):
    rng = np.random.default_rng(seed)
    result = {"version": f"NumPy {np.__version__}"}
    kind = spec["kind"]
    if kind == "xor":
        x, y = xor_data()
        start = time.perf_counter()
        w1, b1 = glorot(rng, (2, 8), 2, 8), np.zeros(8, np.float32)
        w2, b2 = glorot(rng, (8, 1), 8, 1), np.zeros(1, np.float32)
        opt = SGD([w1, b1, w2, b2], spec["lr"])
        for _ in range(spec["epochs"]):
            z = mm(x, w1)
            z += b1
            h = np.maximum(z, 0)
            p = 1 / (1 + np.exp(-(mm(h, w2) + b2)))
            g = (p - y) * (2 / p.size) * p * (1 - p)          # mse through the sigmoid
            dh = mm(g, w2.T) * (h > 0)
            opt.step([mm(x.T, dh), dh.sum(axis=0), mm(h.T, g), g.sum(axis=0)])
        result["total"] = result["first_epoch"] = time.perf_counter() - start
        p = 1 / (1 + np.exp(-(mm(np.maximum(mm(x, w1) + b1, 0), w2) + b2)))
        result["test_accuracy"] = float(((p > 0.5) == (y > 0.5)).mean())
        return result

    (xtr, ytr), (xte, yte), result["data"] = load_mnist(spec)
    if kind == "cnn":
        return _run_cnn(spec, rng, xtr, ytr, xte, yte, result)
    xtr, xte = xtr.reshape(len(xtr), 784), xte.reshape(len(xte), 784)
    if kind == "predict":
        model = MLP((784, 100, 10), rng)
        result["predict"] = {}
        for batch in spec["batches"]:
            out = np.empty((len(xte), 10), np.float32)
            times = []
            for _ in range(spec["passes"] + 1):
                start = time.perf_counter()
                for i in range(0, len(xte), batch):
                    out[i:i + batch] = model.forward(xte[i:i + batch])[-1]
                times.append(time.perf_counter() - start)
            result["predict"][str(batch)] = {"first": times[0], "times": times[1:], "images": len(xte)}
        return result

    onehot = spec["loss"] == "categorical"
    if onehot:
        ytr, yte = np.eye(10, dtype=np.float32)[ytr], np.eye(10, dtype=np.float32)[yte]
    n_fit = int(len(xtr) * (1 - spec["val_split"]))
    xval, yval = xtr[n_fit:], ytr[n_fit:]
    xtr, ytr = xtr[:n_fit], ytr[:n_fit]
    if kind == "loop":
        xval = yval = None  # the hand-written loop has no validation pass
    model = MLP((784, *spec["hidden"], 10), rng, spec["dropout"])
    opt = (SGD if spec["opt"] == "sgd" else Adam)(model.params, spec["lr"])
    result["epoch_times"] = train(model, opt, xtr, ytr, spec, rng, onehot, xval, yval)
    result["test_accuracy"] = evaluate(lambda xb: model.forward(xb)[-1], xte, yte, 256, onehot)
    return result


def mm1(a, b, out=None):
    """``a @ b`` on one BLAS thread: a convolution's products are large, but each takes a few
    milliseconds and two busy-waiting OpenBLAS threads lose on a shared machine (saessak's
    convolutions make the same choice)."""
    if _SET_THREADS is not None and _threads[0] != 1:
        _SET_THREADS(1)
        _threads[0] = 1
    return np.matmul(a, b, out=out)


class CNN:
    """conv3x3(32) relu, maxpool 2 -> conv3x3(64) relu, maxpool 2 -> flatten -> dense 10 softmax.

    Kernels are stored as (kh * kw * cin, cout); the patch matrix is filled one kernel tap at a
    time (a contiguous channel run per position), and the input gradient is added back the same
    way, tap by tap.  Max pooling is 2x2/2, so each input lies in one window: its gradient is one
    product of the "is the window's maximum" mask with the incoming gradient.
    """

    def __init__(self, rng):
        self.w1, self.b1 = glorot(rng, (9, 32), 9, 9 * 32), np.zeros(32, np.float32)
        self.w2, self.b2 = glorot(rng, (9 * 32, 64), 9 * 32, 9 * 64), np.zeros(64, np.float32)
        self.w3, self.b3 = glorot(rng, (1600, 10), 1600, 10), np.zeros(10, np.float32)
        self.params = [self.w1, self.b1, self.w2, self.b2, self.w3, self.b3]

    @staticmethod
    def _tiles(h, size):
        n, c = h.shape[0], h.shape[3]
        return h[:, :2 * size, :2 * size].reshape(n, size, 2, size, 2, c)

    @staticmethod
    def _patches(x, out):
        n, c = x.shape[0], x.shape[3]
        cols = np.empty((n, out, out, 3, 3, c), x.dtype)
        for i in range(3):
            for j in range(3):
                cols[:, :, :, i, j] = x[:, i:i + out, j:j + out]
        return cols.reshape(n * out * out, 9 * c)

    def forward(self, x):
        n = len(x)
        cols1 = self._patches(x, 26)
        h1 = mm1(cols1, self.w1).reshape(n, 26, 26, 32)
        h1 += self.b1
        np.maximum(h1, 0, out=h1)
        p1 = self._tiles(h1, 13).max(axis=(2, 4))
        cols2 = self._patches(p1, 11)
        h2 = mm1(cols2, self.w2).reshape(n, 11, 11, 64)
        h2 += self.b2
        np.maximum(h2, 0, out=h2)
        p2 = self._tiles(h2, 5).max(axis=(2, 4))
        f = p2.reshape(n, 1600)
        logits = mm1(f, self.w3)
        logits += self.b3
        return (cols1, h1, p1, cols2, h2, p2, f), softmax_(logits)

    def _unpool(self, h, p, g, size):
        """Pooling's VJP fused with relu's: g at each window's maximum (if positive), else 0."""
        dh = np.zeros_like(h)
        hit = self._tiles(h, size) == p[:, :, None, :, None]
        hit &= self._tiles(h, size) > 0
        np.multiply(hit, g[:, :, None, :, None], out=self._tiles(dh, size))
        return dh

    def backward(self, cache, g):
        cols1, h1, p1, cols2, h2, p2, f = cache
        n = len(g)
        gw3, gb3 = mm1(f.T, g), g.sum(axis=0)
        dz2 = self._unpool(h2, p2, mm1(g, self.w3.T).reshape(n, 5, 5, 64), 5).reshape(n * 121, 64)
        gw2, gb2 = mm1(cols2.T, dz2), dz2.sum(axis=0)
        dp1 = np.zeros_like(p1)
        part = np.empty((n * 121, 32), dz2.dtype)
        w2 = self.w2.reshape(9, 32, 64)
        for t in range(9):                # col2im, one tap at a time while ``part`` is in cache
            i, j = divmod(t, 3)
            mm1(dz2, w2[t].T, out=part)
            dp1[:, i:i + 11, j:j + 11] += part.reshape(n, 11, 11, 32)
        dz1 = self._unpool(h1, p1, dp1, 13).reshape(n * 676, 32)
        return [mm1(cols1.T, dz1), dz1.sum(axis=0), gw2, gb2, gw3, gb3]


def _run_cnn(spec, rng, xtr, ytr, xte, yte, result):
    xtr, xte = xtr[..., None], xte[..., None]
    model = CNN(rng)
    opt = Adam(model.params, spec["lr"])
    batch, times = spec["batch"], []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        perm = rng.permutation(len(xtr))
        for i in range(0, len(xtr), batch):
            idx = perm[i:i + batch]
            cache, p = model.forward(xtr[idx])
            _, _, g = loss_grad(p, ytr[idx], False)
            opt.step(model.backward(cache, g))
        times.append(time.perf_counter() - start)
    result["epoch_times"] = times
    result["test_accuracy"] = evaluate(lambda xb: model.forward(xb)[1], xte, yte, 256)
    return result

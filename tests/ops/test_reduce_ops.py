"""Reductions, arg-extrema, cumulative ops, sorting and top-k: forward vs NumPy, gradients, errors."""

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError

rng = np.random.default_rng(0)


def f32(*shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(np.float32)


def close(got, want, rtol=1e-6, atol=1e-7):
    got = got.numpy() if hasattr(got, "numpy") else got
    assert np.shape(got) == np.shape(want), (np.shape(got), np.shape(want))
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


def _np_lse(x, axis=None, keepdims=False):
    x = x.astype(np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m if keepdims else \
        np.squeeze(np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m, axis=axis)


# name -> (saessak fn, numpy reference, input range)
REDUCTIONS = {
    "sum": (tf.reduce_sum, lambda x, **k: np.sum(x, dtype=np.float32, **k), (0.5, 2.0)),
    "mean": (tf.reduce_mean, lambda x, **k: np.mean(x, dtype=np.float32, **k), (0.5, 2.0)),
    "max": (tf.reduce_max, np.max, (-2.0, 2.0)),
    "min": (tf.reduce_min, np.min, (-2.0, 2.0)),
    "prod": (tf.reduce_prod, lambda x, **k: np.prod(x.astype(np.float64), **k), (0.5, 1.5)),
    "logsumexp": (tf.reduce_logsumexp, _np_lse, (-2.0, 2.0)),
    "euclidean_norm": (tf.math.reduce_euclidean_norm,
                       lambda x, **k: np.sqrt(np.sum(x.astype(np.float64) ** 2, **k)), (0.5, 2.0)),
    "variance": (tf.math.reduce_variance, lambda x, **k: np.var(x.astype(np.float64), **k), (-2.0, 2.0)),
    "std": (tf.math.reduce_std, lambda x, **k: np.std(x.astype(np.float64), **k), (-2.0, 2.0)),
}
AXES = [None, 0, -1, 1, [0, 2], (-1, 0), [0, 1, 2], []]


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_forward_matches_numpy(name, axis, keepdims):
    fn, ref, (lo, hi) = REDUCTIONS[name]
    x = f32(2, 3, 4, lo=lo, hi=hi)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    got = fn(tf.constant(x), axis=axis, keepdims=keepdims)
    assert got.dtype == tf.float32
    close(got, np.asarray(ref(x, axis=np_axis, keepdims=keepdims)), rtol=2e-6)


@pytest.mark.parametrize("name", REDUCTIONS)
def test_scalar_input(name):
    fn, ref, (lo, hi) = REDUCTIONS[name]
    x = np.float32(1.25)
    close(fn(tf.constant(x)), np.asarray(ref(np.asarray(x))), rtol=1e-6)
    close(fn(tf.constant(x), keepdims=True), np.asarray(ref(np.asarray(x))), rtol=1e-6)


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", [None, 1, -1, [0, 2]], ids=str)
def test_gradients(name, axis):
    fn, _, (lo, hi) = REDUCTIONS[name]
    x = rng.uniform(lo, hi, (2, 3, 2))  # distinct values: max/min are differentiable there
    check_gradients(lambda t: fn(t, axis=axis), [x])
    check_gradients(lambda t: fn(t, axis=axis, keepdims=True), [x])


@pytest.mark.parametrize("name", ["sum", "mean", "logsumexp", "prod"])
@pytest.mark.parametrize("axis", [None, 0, [0, -1]], ids=str)
def test_second_order(name, axis):
    fn, _, (lo, hi) = REDUCTIONS[name]
    x = rng.uniform(lo, hi, (2, 3))
    check_gradients(lambda t: tf.square(fn(t, axis=axis)), [x], order=2)


def _grad(fn, x):
    x = tf.constant(np.asarray(x, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x).numpy()


def test_max_min_ties_share_gradient():
    # The values TF 2.21 gives.
    close(_grad(tf.reduce_max, [1.0, 3.0, 3.0, 2.0]), [0.0, 0.5, 0.5, 0.0])
    close(_grad(lambda x: tf.reduce_max(x, axis=1), [[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]),
          [[0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    close(_grad(tf.reduce_min, [1.0, 1.0, 3.0, 2.0]), [0.5, 0.5, 0.0, 0.0])


def test_prod_gradient_with_zeros_is_exact():
    close(_grad(tf.reduce_prod, [0.0, 3.0, 2.0]), [6.0, 0.0, 0.0])
    close(_grad(tf.reduce_prod, [0.0, 0.0, 2.0]), [0.0, 0.0, 0.0])
    check_gradients(lambda t: tf.reduce_prod(t, axis=[0, 1]), [np.array([[0.0, 2.0], [1.5, 0.5]])])


def test_logsumexp_is_stable():
    x = tf.constant([1000.0, 1000.0, -np.inf])
    close(tf.reduce_logsumexp(x), np.float32(1000 + np.log(2)))
    close(tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])), np.float32(-np.inf))
    close(tf.reduce_logsumexp(tf.constant([np.inf, 1.0])), np.float32(np.inf))
    close(_grad(tf.reduce_logsumexp, [0.0, 1000.0]), [0.0, 1.0])


def test_empty_reductions_match_tf():
    e = tf.zeros([0])
    close(tf.reduce_sum(e), np.float32(0))
    close(tf.reduce_prod(e), np.float32(1))
    close(tf.reduce_max(e), np.float32(-np.inf))
    close(tf.reduce_min(e), np.float32(np.inf))
    assert np.isnan(tf.reduce_mean(e).numpy())
    close(tf.reduce_logsumexp(e), np.float32(-np.inf))
    assert tf.reduce_max(tf.zeros([0], tf.int32)).numpy() == np.iinfo(np.int32).min
    assert tf.reduce_all(tf.zeros([0], tf.bool)).numpy()


def test_integer_reductions():
    assert tf.reduce_mean(tf.constant([1, 2, 2, -7])).numpy() == 0  # -0.5 truncates to 0
    assert tf.reduce_mean(tf.constant([-1, -2])).numpy() == -1  # -1.5 -> -1
    m = tf.reduce_mean(tf.constant([200, 200], tf.uint8))
    assert m.dtype == tf.uint8 and m.numpy() == 200  # accumulated wide, like TF
    assert tf.reduce_mean(tf.constant([2**30] * 3)).numpy() == 2**30
    s = tf.reduce_sum(tf.constant([200, 200], tf.uint8))
    assert s.dtype == tf.uint8 and s.numpy() == 144  # wraps, like TF
    assert tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=1).dtype == tf.int32
    assert tf.reduce_prod(tf.constant([3, 4])).numpy() == 12
    assert tf.reduce_max(tf.constant([3, 9, 4])).numpy() == 9
    n = tf.math.reduce_euclidean_norm(tf.constant([3, 5]))
    assert n.dtype == tf.int32 and n.numpy() == 5  # sqrt(34) truncated


def test_float16_mean_accumulates_in_float16():
    assert np.isinf(tf.reduce_mean(tf.constant([60000.0, 60000.0], tf.float16)).numpy())


@pytest.mark.parametrize("fn", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_min,
                                tf.reduce_prod, tf.math.cumsum])
def test_bool_is_rejected(fn):
    with pytest.raises(InvalidArgumentError, match="bool tensors are not supported.*cast"):
        fn(tf.constant([True, False]))


def test_dtype_errors():
    with pytest.raises(InvalidArgumentError, match="reduce_logsumexp: expected a floating input.*int32"):
        tf.reduce_logsumexp(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match="reduce_std: expected a floating"):
        tf.math.reduce_std(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match="reduce_variance: expected a floating"):
        tf.math.reduce_variance(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match="reduce_any: expected a bool input.*int32"):
        tf.reduce_any(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match="reduce_all: expected a bool"):
        tf.reduce_all(tf.constant([1.0]))


def test_axis_errors():
    x = tf.ones([2, 3])
    with pytest.raises(InvalidArgumentError, match="reduce_sum: axis=2 is out of range for a tensor of rank"):
        tf.reduce_sum(x, axis=2)
    with pytest.raises(InvalidArgumentError, match="reduce_mean: .*same dimension twice"):
        tf.reduce_mean(x, axis=[1, -1])
    with pytest.raises(InvalidArgumentError, match="reduce_max: axis=0 is invalid for a scalar"):
        tf.reduce_max(tf.constant(2.0), axis=0)


def test_logical_reductions():
    b = np.array([[True, False, True], [True, True, True]])
    for axis in [None, 0, 1, -1]:
        close(tf.reduce_any(tf.constant(b), axis=axis), np.any(b, axis=axis))
        close(tf.reduce_all(tf.constant(b), axis=axis), np.all(b, axis=axis))
    close(tf.reduce_any(tf.constant(b), axis=1, keepdims=True), np.any(b, axis=1, keepdims=True))


def test_tensor_axis():
    x = f32(2, 3)
    close(tf.reduce_sum(tf.constant(x), axis=tf.constant(1)), x.sum(axis=1))
    close(tf.reduce_sum(tf.constant(x), axis=tf.constant([0, 1])), np.sum(x, dtype=np.float32))


# ---------------------------------------------------------------- count_nonzero, argmax, argmin
def test_count_nonzero():
    x = np.array([[0.0, 1.0, np.nan], [2.0, 0.0, 0.0]], np.float32)
    c = tf.math.count_nonzero(tf.constant(x))
    assert c.dtype == tf.int64 and c.numpy() == 3
    close(tf.math.count_nonzero(tf.constant(x), axis=1), np.array([2, 1]))
    close(tf.math.count_nonzero(tf.constant(x), axis=(0, 1), keepdims=True), np.array([[3]]))
    assert tf.math.count_nonzero(tf.constant([True, False])).numpy() == 1
    f = tf.math.count_nonzero(tf.constant([1, 0]), dtype=tf.float32)
    assert f.dtype == tf.float32 and f.numpy() == 1.0


def test_argmax_argmin():
    x = np.array([[1, 5, 5], [3, 2, 9]], np.int32)
    a = tf.argmax(tf.constant(x))  # axis defaults to 0
    assert a.dtype == tf.int64
    close(a, np.array([1, 0, 1]))
    close(tf.argmax(tf.constant(x), axis=-1), np.array([1, 2]))  # first of the tied 5s
    close(tf.argmin(tf.constant(x), axis=1, output_type=tf.int32), np.array([0, 1]))
    assert tf.argmin(tf.constant(x), axis=1, output_type=tf.int32).dtype == tf.int32
    assert tf.argmax(tf.constant([False, True])).numpy() == 1
    close(tf.math.argmax(tf.constant(f32(3, 4)), axis=tf.constant(1)).shape, (3,))


def test_argmax_errors():
    with pytest.raises(InvalidArgumentError, match="argmax: axis must be a single int"):
        tf.argmax(tf.ones([2, 2]), axis=[1])
    with pytest.raises(InvalidArgumentError, match="argmax: input must have rank >= 1"):
        tf.argmax(tf.constant(3.0))
    with pytest.raises(InvalidArgumentError, match="argmin: output_type must be one of"):
        tf.argmin(tf.ones([2]), output_type=tf.float32)
    with pytest.raises(InvalidArgumentError, match="argmax: reduction axis 0 is empty"):
        tf.argmax(tf.zeros([0, 2]))


# ---------------------------------------------------------------- cumsum, cumprod
def _np_scan(fn, x, axis, exclusive, reverse, fill):
    if reverse:
        x = np.flip(x, axis)
    out = fn(x, axis=axis)
    if exclusive:
        out = np.concatenate([np.full_like(np.take(out, [0], axis), fill),
                              np.take(out, np.arange(x.shape[axis] - 1), axis)], axis)
    return np.flip(out, axis) if reverse else out


SCANS = {"cumsum": (tf.math.cumsum, np.cumsum, 0), "cumprod": (tf.math.cumprod, np.cumprod, 1)}


@pytest.mark.parametrize("name", SCANS)
@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_scan_forward_and_gradient(name, exclusive, reverse, axis):
    fn, ref, fill = SCANS[name]
    x = f32(3, 4, lo=0.5, hi=1.5)
    close(fn(tf.constant(x), axis=axis, exclusive=exclusive, reverse=reverse),
          _np_scan(ref, x, axis, exclusive, reverse, fill), rtol=2e-6)
    check_gradients(lambda t: fn(t, axis=axis, exclusive=exclusive, reverse=reverse),
                    [rng.uniform(0.5, 1.5, (2, 3))])


def test_scan_details():
    assert tf.cumsum([1, 2, 3], exclusive=True, reverse=True).numpy().tolist() == [5, 3, 0]
    assert tf.math.cumprod(tf.constant([2, 3, 4]), exclusive=True).numpy().tolist() == [1, 2, 6]
    check_gradients(lambda t: tf.cumsum(t, axis=1, exclusive=True), [rng.uniform(-1, 1, (2, 3))], order=2)
    # Like TF, cumprod's gradient divides "no nan": 0 at a zero entry.
    close(_grad(tf.math.cumprod, [2.0, 0.0, 3.0]), [1.0, 0.0, 0.0])
    close(tf.cumsum(tf.zeros([0]), exclusive=True), np.zeros(0, np.float32))
    with pytest.raises(InvalidArgumentError, match="cumsum: input must have rank >= 1"):
        tf.cumsum(tf.constant(3.0))
    with pytest.raises(InvalidArgumentError, match="cumsum: axis must be a single int"):
        tf.cumsum(tf.ones([2, 2]), axis=[1])
    with pytest.raises(InvalidArgumentError, match="cumprod: axis=2 is out of range"):
        tf.math.cumprod(tf.ones([2, 2]), axis=2)


# ---------------------------------------------------------------- sort, argsort, top_k
@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("direction", ["ASCENDING", "DESCENDING"])
def test_sort_and_argsort(axis, direction):
    x = rng.integers(0, 4, (5, 6)).astype(np.int32)  # many ties
    s = tf.sort(tf.constant(x), axis=axis, direction=direction)
    idx = tf.argsort(tf.constant(x), axis=axis, direction=direction)
    want = np.sort(x, axis=axis)
    if direction == "DESCENDING":
        want = np.flip(want, axis)
        want_idx = np.argsort(-x, axis=axis, kind="stable")  # stable descending
    else:
        want_idx = np.argsort(x, axis=axis, kind="stable")
    close(s, want)
    assert idx.dtype == tf.int32
    close(idx, want_idx)


def test_argsort_matches_tf_on_ties():
    x = tf.constant([3, 1, 3, 1] * 5)
    assert tf.argsort(x).numpy().tolist() == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19] + list(range(0, 20, 2))
    assert tf.argsort(x, direction="DESCENDING").numpy().tolist() == list(range(0, 20, 2)) + list(
        range(1, 20, 2))
    big = tf.constant([-2**31, 0, 5, -2**31])
    assert tf.argsort(big, direction="DESCENDING").numpy().tolist() == [2, 1, 0, 3]
    assert tf.sort(tf.constant([1, 3], tf.uint8), direction="DESCENDING").numpy().tolist() == [3, 1]


@pytest.mark.parametrize("direction", ["ASCENDING", "DESCENDING"])
@pytest.mark.parametrize("axis", [0, 1])
def test_sort_gradient(direction, axis):
    x = rng.permutation(12).reshape(3, 4) * 0.25 + rng.uniform(0, 0.1, (3, 4))
    check_gradients(lambda t: tf.sort(t, axis=axis, direction=direction), [x])
    check_gradients(lambda t: tf.square(tf.sort(t, axis=axis, direction=direction)), [x], order=2)
    close(_grad(lambda t: tf.sort(t) * tf.constant([1.0, 2.0, 3.0]), [3.0, 1.0, 2.0]), [3.0, 1.0, 2.0])


def test_sort_errors():
    with pytest.raises(InvalidArgumentError, match="sort: direction should be one of ASCENDING, DESCENDING"):
        tf.sort(tf.ones([3]), direction="down")
    with pytest.raises(InvalidArgumentError, match="argsort: bool tensors are not supported"):
        tf.argsort(tf.constant([True, False]))
    with pytest.raises(InvalidArgumentError, match="sort: input must have rank >= 1"):
        tf.sort(tf.constant(1.0))


def test_top_k():
    x = np.array([[3, 1, 3, 1], [0, 2, 2, 9]], np.int32)
    r = tf.math.top_k(tf.constant(x), k=2)
    assert type(r).__name__ == "TopKV2" and r._fields == ("values", "indices")
    values, indices = r
    assert indices.dtype == tf.int32 and values.dtype == tf.int32
    close(values, np.array([[3, 3], [9, 2]]))
    close(indices, np.array([[0, 2], [3, 1]]))  # ties: lower index first
    assert tf.math.top_k(tf.constant([1, 3, 3, 3]), k=2).indices.numpy().tolist() == [1, 2]
    assert tf.math.top_k(tf.constant([1.0, 3.0]), k=0).values.shape == (0,)
    assert tf.math.top_k(tf.constant([1, 3]), index_type=tf.int64).indices.dtype == tf.int64
    y = f32(3, 7)
    v, i = tf.math.top_k(tf.constant(y), k=3)
    close(v, -np.sort(-y, axis=-1)[:, :3])
    close(np.take_along_axis(y, i.numpy(), -1), v.numpy())


def test_top_k_gradient_and_errors():
    close(_grad(lambda t: tf.math.top_k(t, k=2).values * tf.constant([1.0, 2.0]), [3.0, 1.0, 2.0]),
          [1.0, 0.0, 2.0])  # TF's values
    x = rng.permutation(10).reshape(2, 5) + rng.uniform(0, 0.1, (2, 5))
    check_gradients(lambda t: tf.math.top_k(t, k=3).values, [x])
    check_gradients(lambda t: tf.square(tf.math.top_k(t, k=3).values), [x], order=2)
    with pytest.raises(InvalidArgumentError, match=r"top_k: need 0 <= k <= 2 .*received k=3"):
        tf.math.top_k(tf.constant([1, 3]), k=3)
    with pytest.raises(InvalidArgumentError, match="top_k: input must have rank >= 1"):
        tf.math.top_k(tf.constant(1.0))
    with pytest.raises(InvalidArgumentError, match="top_k: bool tensors are not supported"):
        tf.math.top_k(tf.constant([True, False]))


# ---------------------------------------------------------------- namespaces and saessak.function
def test_namespaces():
    for name in ["reduce_std", "reduce_variance", "reduce_euclidean_norm", "count_nonzero", "top_k",
                 "cumsum", "cumprod", "argmax", "reduce_logsumexp"]:
        assert callable(getattr(tf.math, name)), name
    for name in ["reduce_sum", "reduce_mean", "reduce_max", "argmax", "argmin", "cumsum", "sort",
                 "argsort", "reduce_any", "reduce_all", "reduce_logsumexp"]:
        assert callable(getattr(tf, name)), name


def test_function_replay_matches_eager():
    def f(x, b):
        return (tf.reduce_sum(x, axis=1), tf.reduce_mean(x, axis=[0, -1], keepdims=True),
                tf.reduce_max(x), tf.reduce_min(x, 0), tf.reduce_prod(x, [0, 1]),
                tf.reduce_logsumexp(x, -1), tf.math.reduce_std(x, 1), tf.argmax(x, 1),
                tf.math.count_nonzero(tf.greater(x, 0.0)), tf.cumsum(x, 1, exclusive=True),
                tf.math.cumprod(x, 0, reverse=True), tf.sort(x, direction="DESCENDING"),
                tf.argsort(x), tf.math.top_k(x, 2).values, tf.math.top_k(x, 2).indices,
                tf.reduce_any(b, 1), tf.reduce_all(b))

    def f_grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.reduce_max(x, 1) + tf.reduce_logsumexp(x, 0)[0] + tf.sort(x)[:, 0]
                              + tf.reduce_prod(x, 1) + tf.math.top_k(x, 2).values[:, 1])
        return tape.gradient(y, x)

    g, gg = tf.function(f), tf.function(f_grad)
    for _ in range(3):
        x = tf.constant(f32(3, 4))
        b = tf.constant(rng.random((3, 4)) > 0.5)
        for got, want in zip(g(x, b), f(x, b)):
            np.testing.assert_array_equal(got.numpy(), want.numpy())
        np.testing.assert_allclose(gg(x).numpy(), f_grad(x).numpy(), rtol=1e-6)
    assert g.experimental_get_tracing_count() == 1
    assert gg.experimental_get_tracing_count() == 1

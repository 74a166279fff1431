"""Linear algebra: matmul, matvec, tensordot, einsum, norm, trace, diag, inv, det."""

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError, UnsupportedAPIError

rng = np.random.default_rng(1)


def f32(*shape):
    return rng.uniform(-1.0, 1.0, shape).astype(np.float32)


def f64(*shape):
    return rng.uniform(-1.0, 1.0, shape)


def close(got, want, rtol=1e-6, atol=1e-6):
    got = got.numpy() if hasattr(got, "numpy") else got
    assert np.shape(got) == np.shape(want), (np.shape(got), np.shape(want))
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


def well_conditioned(*shape):
    n = shape[-1]
    return f64(*shape) * 0.3 + np.eye(n)


# ---------------------------------------------------------------- matmul
MATMUL_CASES = [
    ((2, 3), (3, 4), False, False),
    ((3, 2), (3, 4), True, False),
    ((2, 3), (4, 3), False, True),
    ((3, 2), (4, 3), True, True),
    ((5, 2, 3), (5, 3, 4), False, False),
    ((5, 1, 2, 3), (4, 3, 2), False, False),  # batch broadcasting
    ((2, 3), (6, 3, 2), False, False),
    ((2, 3, 2), (3, 4), True, False),
]


@pytest.mark.parametrize("sa,sb,ta,tb", MATMUL_CASES)
def test_matmul_forward(sa, sb, ta, tb):
    a, b = f32(*sa), f32(*sb)
    want = np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b)
    close(tf.matmul(a, b, transpose_a=ta, transpose_b=tb), want)
    close(tf.linalg.matmul(tf.constant(a), tf.constant(b), adjoint_a=ta, adjoint_b=tb), want)


@pytest.mark.parametrize("sa,sb,ta,tb", MATMUL_CASES)
def test_matmul_gradients(sa, sb, ta, tb):
    a, b = f64(*sa), f64(*sb)
    check_gradients(lambda x, y: tf.matmul(x, y, transpose_a=ta, transpose_b=tb), [a, b])
    check_gradients(lambda x, y: tf.matmul(x, y, transpose_a=ta, transpose_b=tb), [a, b], order=2)


def test_matmul_operator_and_dtypes():
    a = tf.constant(f32(2, 3))
    b = tf.constant(f32(3, 2))
    close(a @ b, a.numpy() @ b.numpy())
    i = tf.matmul(tf.ones([2, 3], tf.int32), tf.ones([3, 4], tf.int32))
    assert i.dtype == tf.int32 and i.numpy().tolist() == [[3] * 4] * 2
    o = tf.matmul(tf.ones([2, 3], tf.int8), tf.ones([3, 4], tf.int8), output_type=tf.int32)
    assert o.dtype == tf.int32


def test_matmul_errors():
    with pytest.raises(InvalidArgumentError, match=r"matmul: inner dimensions differ: a has shape=\(2, 3\) "
                                                   r"and b has shape=\(4, 4\); 3 != 4"):
        tf.matmul(tf.ones([2, 3]), tf.ones([4, 4]))
    with pytest.raises(InvalidArgumentError, match=r"shape=\(3, 2\) \(transposed\)"):
        tf.matmul(tf.ones([3, 2]), tf.ones([2, 2]), transpose_a=True)
    with pytest.raises(InvalidArgumentError, match="matmul: both inputs must have rank >= 2"):
        tf.matmul(tf.ones([3]), tf.ones([3, 4]))
    with pytest.raises(InvalidArgumentError, match=r"matmul: batch dimensions .* do not broadcast"):
        tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 4]))
    with pytest.raises(InvalidArgumentError, match="matmul: dtype bool is not supported"):
        tf.matmul(tf.ones([2, 2], tf.bool), tf.ones([2, 2], tf.bool))
    with pytest.raises(InvalidArgumentError, match="matmul: both operands must have the same dtype"):
        tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], tf.float64))


def test_matvec():
    a, b = f32(4, 2, 3), f32(3)
    close(tf.linalg.matvec(a, b), a @ b)
    close(tf.linalg.matvec(a, f32(4, 2), transpose_a=True).shape, (4, 3))
    check_gradients(lambda x, y: tf.linalg.matvec(x, y), [f64(2, 3), f64(2, 3)])


# ---------------------------------------------------------------- tensordot
TENSORDOT_CASES = [
    ((2, 3), (3, 4), 1),
    ((2, 3), (3, 4), [1, 0]),
    ((2, 3), (3, 4), [[1], [0]]),
    ((2, 3, 4), (3, 4, 5), 2),
    ((2, 3, 4), (4, 2, 5), [[0, 2], [1, 0]]),
    ((3, 2, 4), (4, 3), [[-1, 0], [0, -1]]),
    ((2,), (3,), 0),
    ((), (3, 2), 0),
    ((2, 3), (2, 3), [[0, 1], [0, 1]]),
    ((2, 3), (3, 4), [np.int64(1), np.int64(0)]),
]


def _np_axes(axes):
    if isinstance(axes, int):
        return axes
    return ([int(axes[0])], [int(axes[1])]) if np.ndim(axes[0]) == 0 else axes


@pytest.mark.parametrize("sa,sb,axes", TENSORDOT_CASES, ids=str)
def test_tensordot(sa, sb, axes):
    a, b = f32(*sa), f32(*sb)
    close(tf.tensordot(a, b, axes), np.tensordot(a, b, _np_axes(axes)))
    a, b = f64(*sa), f64(*sb)
    check_gradients(lambda x, y: tf.tensordot(x, y, axes), [a, b])
    check_gradients(lambda x, y: tf.tensordot(x, y, axes), [a, b], order=2)


def test_tensordot_errors():
    msg = r"tensordot: a has shape=\(2, 3\) and b has shape=\(4, 4\); axis 1 of a \(size 3\) cannot be"
    with pytest.raises(InvalidArgumentError, match=msg):
        tf.tensordot(tf.ones([2, 3]), tf.ones([4, 4]), 1)
    with pytest.raises(InvalidArgumentError, match="tensordot: axes=3 must be between 0 and the rank"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), 3)
    with pytest.raises(InvalidArgumentError, match="must have the same length"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), [[0, 1], [0]])
    with pytest.raises(InvalidArgumentError, match="same dtype"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4], tf.float64), 1)


# ---------------------------------------------------------------- einsum
EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("ij->ji", [(2, 3)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("i,i->", [(4,), (4,)]),
    ("ij,j->i", [(2, 3), (3,)]),
    ("bi,bi->b", [(3, 4), (3, 4)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("ij->", [(2, 3)]),
    ("ij->i", [(2, 3)]),
    ("ij,jk", [(2, 3), (3, 4)]),  # implicit output
    ("ba", [(2, 3)]),
    ("i,j->ij", [(2,), (3,)]),
    ("...ij,...jk->...ik", [(2, 1, 2, 3), (3, 3, 2)]),  # broadcast batch
    ("...ij->...", [(4, 2, 3)]),
    ("b...a", [(4, 2, 3)]),
    ("aecd,abcd->acbe", [(2, 3, 2, 4), (2, 5, 2, 4)]),  # attention scores
    ("abc,cd->abd", [(2, 3, 4), (4, 5)]),  # EinsumDense
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("iij->j", [(2, 2, 3)]),
    ("Ba,aC", [(2, 3), (3, 4)]),
    (" ij , jk -> ik ", [(2, 3), (3, 4)]),
]


@pytest.mark.parametrize("eq,shapes", EINSUM_CASES, ids=[c[0] for c in EINSUM_CASES])
def test_einsum(eq, shapes):
    xs = [f32(*s) for s in shapes]
    close(tf.einsum(eq, *[tf.constant(x) for x in xs]), np.einsum(eq.replace(" ", ""), *xs))
    check_gradients(lambda *ts: tf.einsum(eq, *ts), [f64(*s) for s in shapes])


@pytest.mark.parametrize("eq,shapes", [("ij,jk->ik", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]),
                                       ("bi,bi->b", [(3, 4), (3, 4)]), ("ij->", [(2, 3)]),
                                       ("...ij,...jk->...ik", [(2, 1, 2, 3), (3, 3, 2)])])
def test_einsum_second_order(eq, shapes):
    check_gradients(lambda *ts: tf.einsum(eq, *ts), [f64(*s) for s in shapes], order=2)


def test_einsum_large_uses_path_and_ints():
    a, b = f32(40, 30, 20), f32(20, 50)
    close(tf.einsum("abc,cd->abd", a, b), np.einsum("abc,cd->abd", a, b), rtol=1e-5)
    i = tf.einsum("ij,jk->ik", tf.ones([2, 3], tf.int32), tf.ones([3, 4], tf.int32))
    assert i.dtype == tf.int32 and i.numpy().tolist() == [[3] * 4] * 2
    # The diagonal's gradient lands on the diagonal only (TF gives the same).
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.einsum("ii->i", x) * tf.constant([1.0, 2.0])
    close(tape.gradient(y, x), np.array([[1.0, 0.0], [0.0, 2.0]]))


@pytest.mark.parametrize("eq,shapes,msg", [
    ("ij,jk->ik", [(2, 3)], "got 1 inputs for equation 'ij,jk->ik', expecting 2"),
    ("ij,jk->ik", [(2, 3), (4, 4)], r"label 'j' .* size 3 in operand 0 \(shape=\(2, 3\)\) but size 4 "
                                    r"in operand 1 \(shape=\(4, 4\)\)"),
    ("ij,jk->iq", [(2, 3), (3, 4)], "output label 'q' .* does not appear"),
    ("ij->ii", [(2, 2)], "contain a label more than once"),
    ("ijk->i", [(2, 3)], r"operand 0 has subscripts 'ijk' but rank 2"),
    ("ij,ij->ij", [(2, 1), (2, 4)], "label 'j'"),
    ("...ij->ij", [(4, 2, 3)], "has no '...'"),
    ("i1->i", [(2, 2)], "invalid subscripts"),
    ("...i,...i->...", [(2, 3), (4, 3)], "do not broadcast"),
])
def test_einsum_errors(eq, shapes, msg):
    with pytest.raises(InvalidArgumentError, match=msg):
        tf.einsum(eq, *[tf.ones(s) for s in shapes])


def test_einsum_dtype_errors():
    with pytest.raises(InvalidArgumentError, match="einsum: all inputs must have the same dtype"):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([3, 4], tf.float64))
    with pytest.raises(InvalidArgumentError, match="einsum: bool inputs are not supported"):
        tf.einsum("ij->", tf.ones([2, 2], tf.bool))


# ---------------------------------------------------------------- norm
NORM_CASES = [
    ("euclidean", None, 1e-6), (1, None, 1e-6), (2, None, 1e-6), (np.inf, None, 1e-6),
    (3, 1, 1e-6), (0.5, 1, 2e-6), ("euclidean", -1, 1e-6), (1, 0, 1e-6), (np.inf, 1, 1e-6),
    ("fro", (0, 1), 1e-6), ("euclidean", [0, 1], 1e-6), (1, (0, 1), 1e-6), (np.inf, (-2, -1), 1e-6),
    (2, (0, 1), 2e-6), (1, (1, 0), 1e-6),
]


def _np_norm(x, ord, axis, keepdims):
    if axis is None:
        flat = x.reshape(-1)
        r = np.linalg.norm(flat, None if ord == "euclidean" else ord)
        return np.reshape(r, (1,) * x.ndim) if keepdims else r
    if isinstance(axis, (tuple, list)):
        ord = "fro" if ord == "euclidean" else ord
        return np.linalg.norm(x, ord, axis=tuple(axis), keepdims=keepdims)
    return np.linalg.norm(x, None if ord == "euclidean" else ord, axis=axis, keepdims=keepdims)


@pytest.mark.parametrize("ord,axis,rtol", NORM_CASES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_norm_forward(ord, axis, rtol, keepdims):
    x = f32(3, 4)
    want = _np_norm(x.astype(np.float64), ord, axis, keepdims)
    got = tf.norm(tf.constant(x), ord=ord, axis=axis, keepdims=keepdims)
    assert got.dtype == tf.float32
    close(got, want, rtol=rtol)


@pytest.mark.parametrize("ord,axis,rtol", NORM_CASES, ids=str)
def test_norm_gradient(ord, axis, rtol):
    x = rng.permutation(12).reshape(3, 4) * 0.3 + 0.2 + rng.uniform(0, 0.05, (3, 4))  # no ties, no zeros
    x = x * np.where(rng.random((3, 4)) > 0.5, 1, -1)
    check_gradients(lambda t: tf.linalg.norm(t, ord=ord, axis=axis), [x])


def test_norm_batched_matrix_and_errors():
    x = f32(2, 3, 4)
    close(tf.norm(x, ord=2, axis=[1, 2]), np.linalg.norm(x.astype(np.float64), 2, axis=(1, 2)), rtol=2e-6)
    close(tf.norm(x, ord=1, axis=(0, 2), keepdims=True), np.linalg.norm(x, 1, axis=(0, 2), keepdims=True))
    with pytest.raises(InvalidArgumentError, match="norm: 'ord' must be a supported vector norm"):
        tf.norm(x, ord="fro")
    with pytest.raises(InvalidArgumentError, match="norm: 'ord' must be a supported vector norm.*got 0"):
        tf.norm(x, ord=0, axis=1)
    with pytest.raises(InvalidArgumentError, match="'axis' must be None, an integer, or a tuple of 2 unique"):
        tf.norm(x, axis=[0, 1, 2])
    with pytest.raises(InvalidArgumentError, match="'axis' must be None, an integer, or a tuple of 2 unique"):
        tf.norm(x, axis=[1, -2])
    with pytest.raises(InvalidArgumentError, match="'ord' must be a supported matrix norm"):
        tf.norm(x, ord=3, axis=[1, 2])
    with pytest.raises(InvalidArgumentError, match="norm: expected a floating input"):
        tf.norm(tf.constant([3, 4]))


# ---------------------------------------------------------------- trace, diag, diag_part
def test_trace_and_diagonals():
    x = f32(2, 3, 4)
    close(tf.linalg.trace(x), np.trace(x, axis1=-2, axis2=-1))
    close(tf.linalg.diag_part(x), np.diagonal(x, axis1=-2, axis2=-1))
    sq = f32(3, 3)
    close(tf.linalg.trace(sq), np.float32(np.trace(sq)))
    close(tf.linalg.diag_part(sq), np.diag(sq))
    assert tf.linalg.trace(tf.ones([3, 3], tf.int32)).numpy() == 3
    v = f32(2, 3)
    close(tf.linalg.diag(v), np.stack([np.diag(r) for r in v]))
    check_gradients(tf.linalg.trace, [f64(2, 3, 4)])
    check_gradients(tf.linalg.trace, [f64(3, 3)], order=2)
    check_gradients(tf.linalg.diag_part, [f64(2, 3, 2)])
    check_gradients(tf.linalg.diag, [f64(2, 3)])
    with pytest.raises(InvalidArgumentError, match=r"trace: input must be at least 2-dim .* shape=\(3,\)"):
        tf.linalg.trace(tf.ones([3]))
    with pytest.raises(InvalidArgumentError, match="diag_part: input must be at least 2-dim"):
        tf.linalg.diag_part(tf.ones([3]))
    with pytest.raises(UnsupportedAPIError):
        tf.linalg.diag(tf.ones([3]), k=1)


# ---------------------------------------------------------------- inv, det
def test_inv():
    x = well_conditioned(2, 3, 3).astype(np.float32)
    close(tf.linalg.inv(x), np.linalg.inv(x), rtol=1e-5, atol=1e-6)
    close(tf.linalg.inv(x, adjoint=True), np.linalg.inv(np.swapaxes(x, -1, -2)), rtol=1e-5, atol=1e-6)
    check_gradients(tf.linalg.inv, [well_conditioned(2, 3, 3)])
    check_gradients(tf.linalg.inv, [well_conditioned(3, 3)], order=2)
    check_gradients(lambda t: tf.linalg.inv(t, adjoint=True), [well_conditioned(3, 3)])
    with pytest.raises(InvalidArgumentError, match="inv: input is not invertible"):
        tf.linalg.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(InvalidArgumentError, match=r"inv: input must be square .* shape=\(2, 3\)"):
        tf.linalg.inv(tf.ones([2, 3]))
    with pytest.raises(InvalidArgumentError, match="inv: expected a floating input"):
        tf.linalg.inv(tf.constant([[1, 2], [3, 4]]))


def test_det():
    x = well_conditioned(2, 3, 3).astype(np.float32)
    close(tf.linalg.det(x), np.linalg.det(x), rtol=1e-5)
    close(tf.linalg.det(tf.constant([[1.0, 2.0], [3.0, 4.0]])), np.float32(-2.0), rtol=1e-6)
    check_gradients(tf.linalg.det, [well_conditioned(2, 3, 3)])
    check_gradients(tf.linalg.det, [well_conditioned(3, 3)], order=2)
    with pytest.raises(InvalidArgumentError, match="det: input must be square"):
        tf.linalg.det(tf.ones([2, 3]))


# ---------------------------------------------------------------- namespaces and saessak.function
def test_namespaces():
    for name in ["matmul", "matvec", "tensordot", "einsum", "norm", "trace", "diag", "diag_part",
                 "inv", "det", "eye"]:
        assert callable(getattr(tf.linalg, name)), name
    for name in ["matmul", "tensordot", "einsum", "norm"]:
        assert callable(getattr(tf, name)), name


def test_function_replay_matches_eager():
    def f(a, b, m):
        return (tf.matmul(a, b), tf.matmul(a, a, transpose_b=True), tf.tensordot(a, b, 1),
                tf.einsum("ij,jk->ik", a, b), tf.einsum("ij->ji", a), tf.linalg.matvec(a, b[:, 0]),
                tf.norm(a), tf.norm(a, ord=1, axis=(0, 1)), tf.norm(a, ord=2, axis=[0, 1]),
                tf.linalg.trace(m), tf.linalg.diag_part(a), tf.linalg.inv(m), tf.linalg.det(m))

    def f_grad(a, b, m):
        with tf.GradientTape() as tape:
            tape.watch([a, b, m])
            y = tf.reduce_sum(tf.einsum("ij,jk->ik", a, b)) + tf.reduce_sum(tf.tensordot(a, b, 1) ** 2) \
                + tf.reduce_sum(tf.linalg.inv(m)) + tf.linalg.det(m) + tf.norm(a)
        return tape.gradient(y, [a, b, m])

    g, gg = tf.function(f), tf.function(f_grad)
    for _ in range(3):
        args = [tf.constant(f32(2, 3)), tf.constant(f32(3, 4)),
                tf.constant(well_conditioned(3, 3).astype(np.float32))]
        for got, want in zip(g(*args), f(*args)):
            np.testing.assert_array_equal(got.numpy(), want.numpy())
        for got, want in zip(gg(*args), f_grad(*args)):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
    assert g.experimental_get_tracing_count() == 1
    assert gg.experimental_get_tracing_count() == 1

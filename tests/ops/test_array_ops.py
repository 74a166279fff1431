"""Array ops: creation, shapes, movement, joining/splitting, indexing and gathering.

Forward results are compared with NumPy, gradients with finite differences
(``check_gradients``), and the expected TF dtypes and error messages are those
TensorFlow 2.21 gives.
"""

import numpy as np
import pytest

import saessak as tf
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError

RNG = np.random.default_rng(0)


def rand(*shape):
    return RNG.standard_normal(shape)


def same(t, ref, dtype=None):
    """``t`` equals the NumPy reference (1e-6 relative), with the reference's dtype unless given."""
    ref = np.asarray(ref)
    assert t.shape == ref.shape, (t.shape, ref.shape)
    assert t.dtype == (dtype or ref.dtype), (t.dtype, dtype or ref.dtype)
    np.testing.assert_allclose(t.numpy(), ref, rtol=1e-6)


def square(op):
    """``op(x) ** 2``: makes the second derivative go through ``op``'s VJP."""
    def fn(*xs):
        y = op(*xs)
        return y * y
    return fn


# ---------------------------------------------------------------- creation
@pytest.mark.parametrize("value, dtype", [
    (1, tf.int32), (2**40, tf.int64), (1.5, tf.float32), ([1, 2], tf.int32), ([1, 2.5], tf.float32),
    (True, tf.bool), (np.float64(1.5), tf.float64), (np.array([1.0, 2.0]), tf.float64),
    (np.array([1, 2], np.int64), tf.int64),
])
def test_constant_default_dtypes(value, dtype):
    t = tf.constant(value)
    assert t.dtype == dtype
    np.testing.assert_array_equal(t.numpy(), np.asarray(value))


def test_constant_requested_dtype():
    same(tf.constant(1, dtype=tf.float32), np.float32(1))
    same(tf.constant(np.array([1.7, -1.7]), dtype=tf.int32), np.array([1, -1], np.int32))
    with pytest.raises(InvalidArgumentError, match="not an integer"):
        tf.constant(1.5, dtype=tf.int32)
    with pytest.raises(TypeError, match="dtype=float32"):  # TF raises a TypeError too
        tf.constant(tf.constant([1, 2]), dtype=tf.float32)


def test_constant_copies_and_shapes():
    a = np.array([1.0, 2.0])
    t = tf.constant(a)
    a[0] = 5
    assert t.numpy()[0] == 1
    same(tf.constant(3, shape=[2, 2]), np.full((2, 2), 3, np.int32))
    same(tf.constant([1, 2, 3, 4], shape=(2, 2)), np.array([[1, 2], [3, 4]], np.int32))
    same(tf.constant([tf.constant(1.0), tf.constant(2.0)]), np.array([1.0, 2.0], np.float32))
    with pytest.raises(InvalidArgumentError, match="3 elements"):
        tf.constant([1, 2, 3], shape=[2, 2])


def test_zeros_ones_fill():
    same(tf.zeros([2, 3]), np.zeros((2, 3), np.float32))
    same(tf.ones(3, dtype=tf.int32), np.ones(3, np.int32))
    same(tf.zeros(tf.constant([2, 1]), dtype="float64"), np.zeros((2, 1)))
    same(tf.zeros([]), np.float32(0))
    x = tf.constant([[1, 2]])
    same(tf.zeros_like(x), np.zeros((1, 2), np.int32))
    same(tf.ones_like(x, dtype=tf.float32), np.ones((1, 2), np.float32))
    same(tf.ones_like([1.0, 2.0]), np.ones(2, np.float32))
    same(tf.fill([2, 2], 1.5), np.full((2, 2), 1.5, np.float32))
    same(tf.fill([3], tf.constant(7, tf.int64)), np.full(3, 7, np.int64))
    with pytest.raises(InvalidArgumentError, match="must be >= 0"):
        tf.zeros([-1, 2])
    with pytest.raises(InvalidArgumentError, match="value must be a scalar"):
        tf.fill([2], [1.0, 2.0])


def test_fill_gradient():
    check_gradients(lambda v: tf.fill([2, 3], v), [np.array(0.7)])


@pytest.mark.parametrize("args, kwargs, ref", [
    ((5,), {}, np.arange(5, dtype=np.int32)),
    ((1, 10, 3), {}, np.array([1, 4, 7], np.int32)),
    ((10, 1, -3), {}, np.array([10, 7, 4], np.int32)),
    ((0.0, 1.0, 0.3), {}, np.arange(4, dtype=np.float32) * np.float32(0.3)),
    ((0, 100.0, 0.1), {}, np.arange(1000).astype(np.float32) * np.float32(0.1)),
    ((5,), {"dtype": tf.float64}, np.arange(5.0)),
    ((3, 3), {}, np.zeros(0, np.int32)),
])
def test_range(args, kwargs, ref):
    same(tf.range(*args, **kwargs), ref)


def test_range_dtype_inference_and_errors():
    assert tf.range(tf.constant(5, tf.int64)).dtype == tf.int64
    assert tf.range(tf.constant(1.0, tf.float64), 3).dtype == tf.float64
    assert tf.range(tf.constant(1, tf.int64), 2.5).dtype == tf.float32
    with pytest.raises(InvalidArgumentError, match="delta must be non-zero"):
        tf.range(0, 5, 0)
    with pytest.raises(InvalidArgumentError, match="start <= limit"):
        tf.range(5, 1)


def test_linspace():
    same(tf.linspace(0.0, 1.0, 5), np.linspace(0, 1, 5, dtype=np.float32))
    same(tf.linspace(0, 1, 5), np.linspace(0, 1, 5))  # int ends give float64, as in TF
    same(tf.linspace(2.0, 5.0, 1), np.array([2.0], np.float32))
    same(tf.linspace(2.0, 5.0, 0), np.zeros(0, np.float32))
    start, stop = np.array([0.0, 5.0], np.float32), np.array([10.0, 40.0], np.float32)
    same(tf.linspace(start, stop, 5), np.linspace(start, stop, 5))
    same(tf.linspace(start, stop, 5, axis=-1), np.linspace(start, stop, 5, axis=-1))
    assert tf.linspace(tf.constant(0.0, tf.float64), 1.0, 3).dtype == tf.float64
    with pytest.raises(InvalidArgumentError, match="num must be >= 0"):
        tf.linspace(0.0, 1.0, -1)


def test_linspace_gradient():
    check_gradients(lambda a, b: tf.linspace(a, b, 4, axis=-1), [rand(2), rand(2)])


def test_eye_and_shape_queries():
    same(tf.eye(2, 3, batch_shape=[2], dtype=tf.int32), np.broadcast_to(np.eye(2, 3, dtype=np.int32),
                                                                          (2, 2, 3)))
    same(tf.eye(3), np.eye(3, dtype=np.float32))
    x = tf.zeros([2, 3, 4])
    same(tf.shape(x), np.array([2, 3, 4], np.int32))
    same(tf.shape(x, out_type=tf.int64), np.array([2, 3, 4], np.int64))
    same(tf.rank(x), np.int32(3))
    same(tf.size(x), np.int32(24))
    with pytest.raises(InvalidArgumentError, match=">= 0"):
        tf.eye(-1)


def test_identity_and_stop_gradient():
    v = tf.Variable([1.0, 2.0])
    snap = tf.identity(v)
    v.assign_add([1.0, 1.0])
    same(snap, np.array([1.0, 2.0], np.float32))  # a snapshot, as in TF
    same(tf.identity([1, 2]), np.array([1, 2], np.int32))
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.identity(x) * tf.stop_gradient(x)
    assert float(tape.gradient(y, x)) == 3.0
    check_gradients(tf.identity, [rand(2, 2)])


# ---------------------------------------------------------------- broadcasting and reshaping
def test_broadcast_to():
    a = rand(3, 1).astype(np.float32)
    same(tf.broadcast_to(a, [2, 3, 4]), np.broadcast_to(a, (2, 3, 4)))
    check_gradients(lambda x: tf.broadcast_to(x, [2, 3, 4]), [rand(3, 1)])
    check_gradients(square(lambda x: tf.broadcast_to(x, [2, 3])), [rand(3)], order=2)
    with pytest.raises(InvalidArgumentError, match=r"cannot broadcast a tensor of shape=\(2, 3\)"):
        tf.broadcast_to(tf.zeros([2, 3]), [4])


@pytest.mark.parametrize("shape, new", [
    ((2, 3), (3, 2)), ((2, 3), (-1,)), ((2, 3, 4), (4, -1)), ((6,), (1, 2, 1, 3)), ((1,), ()),
    ((0, 3), (3, 0)),
])
def test_reshape(shape, new):
    a = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    same(tf.reshape(a, new), a.reshape(new))


def test_reshape_errors_and_gradients():
    with pytest.raises(InvalidArgumentError, match=r"6 elements .* to shape=\[4, 2\]"):
        tf.reshape(tf.zeros([2, 3]), [4, 2])
    with pytest.raises(InvalidArgumentError, match="at most one -1"):
        tf.reshape(tf.zeros([2, 3]), [-1, -1])
    with pytest.raises(InvalidArgumentError, match="to shape=\\[-1, 4\\]"):
        tf.reshape(tf.zeros([2, 3]), [-1, 4])
    with pytest.raises(InvalidArgumentError, match="no other negatives"):
        tf.reshape(tf.zeros([2, 3]), [-2, -3])
    check_gradients(lambda x: tf.reshape(x, [3, -1]), [rand(2, 3)])
    check_gradients(square(lambda x: tf.reshape(x, [3, -1])), [rand(2, 3)], order=2)


def test_expand_dims_squeeze():
    a = rand(2, 3).astype(np.float32)
    for axis in (0, 1, 2, -1, -3):
        same(tf.expand_dims(a, axis), np.expand_dims(a, axis))
    same(tf.expand_dims(a, [0]), a[None])
    b = rand(1, 2, 1).astype(np.float32)
    same(tf.squeeze(b), b.reshape(2))
    same(tf.squeeze(b, 0), b[0])
    same(tf.squeeze(b, [-1]), b[..., 0])
    same(tf.squeeze(b, []), b)
    with pytest.raises(InvalidArgumentError, match="expand_dims: axis=3 is out of range"):
        tf.expand_dims(a, 3)
    with pytest.raises(InvalidArgumentError, match="single integer"):
        tf.expand_dims(a, [0, 1])
    with pytest.raises(InvalidArgumentError, match="expected a dimension of 1, got 2"):
        tf.squeeze(b, 1)
    with pytest.raises(InvalidArgumentError, match="out of range"):
        tf.squeeze(b, [3])
    check_gradients(lambda x: tf.squeeze(tf.expand_dims(x, 1)), [rand(3, 1)])


@pytest.mark.parametrize("shape, perm", [
    ((2, 3), None), ((2, 3, 4), None), ((2, 3, 4), [2, 0, 1]), ((2, 3, 4), [-1, 0, 1]), ((5,), None),
    ((), None),
])
def test_transpose(shape, perm):
    a = rand(*shape).astype(np.float32)
    same(tf.transpose(a, perm), np.transpose(a, perm))
    check_gradients(lambda x: tf.transpose(x, perm), [rand(*shape)])


def test_transpose_second_order_errors_and_conjugate():
    check_gradients(square(lambda x: tf.transpose(x, [1, 2, 0])), [rand(2, 3, 2)], order=2)
    with pytest.raises(InvalidArgumentError, match=r"permutation of 0..1 .* perm=\[0, 0\]"):
        tf.transpose(tf.zeros([2, 3]), [0, 0])
    with pytest.raises(InvalidArgumentError, match="perm must be a permutation"):
        tf.transpose(tf.zeros([2, 3]), [0])
    c = np.array([[1 + 2j, 3 - 1j]])
    same(tf.transpose(c, conjugate=True), c.T.conj())
    same(tf.transpose(np.ones((2, 1)), conjugate=True), np.ones((1, 2)))


# ---------------------------------------------------------------- x[...]
@pytest.mark.parametrize("key", [
    1, -1, (1, 2), (-1, -2), slice(None, None, 2), (slice(None), slice(None, None, -1)),
    (Ellipsis, 1), (None, 0), (0, None, slice(1, None)), (slice(1, -1), Ellipsis, None),
    (Ellipsis,), (slice(10, None),), (slice(-10, 2), 0),
])
def test_getitem(key):
    a = rand(3, 4).astype(np.float32)
    same(tf.constant(a)[key], a[key])


def test_getitem_tensor_indices_and_masks():
    a = rand(3, 4).astype(np.float32)
    x = tf.constant(a)
    same(x[tf.constant(2)], a[2])
    same(x[tf.constant(1, tf.int64):, np.int64(0)], a[1:, 0])
    mask = np.array([True, False, True])
    same(x[mask], a[mask])
    same(x[tf.constant(mask)], a[mask])


def test_getitem_errors():
    x = tf.constant([[1, 2, 3]])
    with pytest.raises(InvalidArgumentError, match="index 5 is out of bounds for axis 1 with size 3"):
        x[0, 5]
    with pytest.raises(InvalidArgumentError, match="index -2 is out of bounds for axis 0"):
        x[-2]
    with pytest.raises(InvalidArgumentError, match="has 3 indices but the tensor has rank 2"):
        x[0, 0, 0]
    with pytest.raises(InvalidArgumentError, match="step cannot be zero"):
        x[:, ::0]
    with pytest.raises(InvalidArgumentError, match="only one ellipsis"):
        x[..., ...]
    with pytest.raises(InvalidArgumentError, match="saessak.gather"):
        x[[0, 1]]
    with pytest.raises(InvalidArgumentError, match="valid indices"):
        x[tf.constant(0.0)]
    with pytest.raises(InvalidArgumentError, match="mask cannot be a scalar"):
        x[True]


@pytest.mark.parametrize("key", [(1, slice(None, None, -2)), (Ellipsis, None, 0), (slice(None), 1)])
def test_getitem_gradients(key):
    check_gradients(lambda x: x[key], [rand(3, 4)])
    check_gradients(square(lambda x: x[key]), [rand(3, 4)], order=2)


# ---------------------------------------------------------------- joining and splitting
def test_concat():
    a, b = rand(2, 3).astype(np.float32), rand(2, 1).astype(np.float32)
    same(tf.concat([a, b], axis=1), np.concatenate([a, b], 1))
    same(tf.concat([a, b], axis=-1), np.concatenate([a, b], 1))
    same(tf.concat([a, a], 0), np.concatenate([a, a], 0))
    same(tf.concat([a], 0), a)
    same(tf.concat([[2], tf.constant([1.0])], 0), np.array([2.0, 1.0], np.float32))
    same(tf.concat([tf.constant([1]), np.array([2], np.int64)], 0), np.array([1, 2], np.int32))


def test_concat_errors():
    a = tf.zeros([2, 3])
    with pytest.raises(InvalidArgumentError, match=r"input 1 has shape=\(3, 3\)"):
        tf.concat([a, tf.zeros([3, 3])], 1)
    with pytest.raises(InvalidArgumentError, match="input 1 has dtype=float64"):
        tf.concat([a, tf.zeros([2, 3], tf.float64)], 0)
    with pytest.raises(InvalidArgumentError, match=r"with \[2.5\], which is not a int32"):
        tf.concat([tf.constant([1]), [2.5]], 0)
    with pytest.raises(InvalidArgumentError, match="axis=2 is out of range"):
        tf.concat([a, a], 2)
    with pytest.raises(InvalidArgumentError, match="use saessak.stack"):
        tf.concat([1.0, 2.0], 0)
    with pytest.raises(InvalidArgumentError, match="non-empty list"):
        tf.concat([], 0)


def test_concat_gradients():
    fn = lambda x, y: tf.concat([x, y, x], axis=-1)
    check_gradients(fn, [rand(2, 2), rand(2, 3)])
    check_gradients(square(fn), [rand(2, 2), rand(2, 3)], order=2)


def test_stack_unstack():
    a, b = rand(2, 3).astype(np.float32), rand(2, 3).astype(np.float32)
    for axis in (0, 1, 2, -1):
        same(tf.stack([a, b], axis=axis), np.stack([a, b], axis))
    same(tf.stack([[1, 2], [3, 4]], axis=1), np.array([[1, 3], [2, 4]], np.int32))
    same(tf.stack([1, 2.0]), np.array([1, 2], np.float32))
    same(tf.stack([2, tf.constant(1.0)]), np.array([2, 1], np.float32))
    same(tf.stack([]), np.zeros(0, np.float32))
    for axis in (0, 1, -1):
        parts = tf.unstack(a, axis=axis)
        assert isinstance(parts, list) and len(parts) == a.shape[axis]
        for p, r in zip(parts, np.moveaxis(a, axis, 0)):
            same(p, r)
    assert len(tf.unstack(a, num=2)) == 2
    with pytest.raises(InvalidArgumentError, match="input 1 has shape"):
        tf.stack([tf.zeros([2]), tf.zeros([3])])
    with pytest.raises(InvalidArgumentError, match="axis=3 is out of range"):
        tf.stack([a, a], axis=3)
    with pytest.raises(InvalidArgumentError, match="num=3 does not match"):
        tf.unstack(a, num=3)
    with pytest.raises(InvalidArgumentError, match="cannot unstack a scalar"):
        tf.unstack(tf.constant(1.0))
    with pytest.raises(InvalidArgumentError, match="axis=2 is out of range"):
        tf.unstack(a, axis=2)


def test_stack_unstack_gradients():
    check_gradients(lambda x, y: tf.stack([x, y, x], axis=1), [rand(2, 3), rand(2, 3)])
    check_gradients(lambda x: tf.unstack(x, axis=-1)[1] * tf.unstack(x, axis=-1)[2], [rand(2, 3)])


@pytest.mark.parametrize("splits, axis, sizes", [
    (3, 1, [1, 1, 1]), (1, 0, [2]), ([1, 2], 1, [1, 2]), ([1, -1], -1, [1, 2]), ([0, 3], 1, [0, 3]),
    (2, -2, [1, 1]),
])
def test_split(splits, axis, sizes):
    a = rand(2, 3).astype(np.float32)
    parts = tf.split(a, splits, axis=axis)
    refs = np.split(a, np.cumsum(sizes)[:-1], axis=axis)
    assert len(parts) == len(refs)
    for p, r in zip(parts, refs):
        same(p, r)


def test_split_errors_and_gradients():
    a = tf.zeros([2, 3])
    with pytest.raises(InvalidArgumentError, match="evenly divide dimension 1"):
        tf.split(a, 2, axis=1)
    with pytest.raises(InvalidArgumentError, match="add up to dimension 1"):
        tf.split(a, [1, 1], axis=1)
    with pytest.raises(InvalidArgumentError, match="add up to"):
        tf.split(a, [-1, -1], axis=1)
    with pytest.raises(InvalidArgumentError, match="axis=-3 is out of range"):
        tf.split(a, 1, axis=-3)
    assert [p.shape for p in tf.split(a, tf.constant([1, 2]), axis=1)] == [(2, 1), (2, 2)]
    check_gradients(lambda x: tf.split(x, [1, 2], axis=1)[1], [rand(2, 3)])


def test_slice():
    a = rand(2, 3, 4).astype(np.float32)
    same(tf.slice(a, [0, 1, 1], [2, -1, 2]), a[:, 1:, 1:3])
    same(tf.slice(a, [1, 0, 0], [1, 0, 4]), a[1:2, :0])
    check_gradients(lambda x: tf.slice(x, [0, 1], [-1, 2]), [rand(2, 3)])
    check_gradients(square(lambda x: tf.slice(x, [1, 0], [1, 2])), [rand(2, 3)], order=2)
    with pytest.raises(InvalidArgumentError, match="axis 1 of shape=.*begin=1, size=3"):
        tf.slice(a, [0, 1, 0], [1, 3, 1])
    with pytest.raises(InvalidArgumentError, match="begin and size must have 3 entries"):
        tf.slice(a, [0], [1])
    with pytest.raises(InvalidArgumentError, match="begin=-1"):
        tf.slice(a, [-1, 0, 0], [1, 1, 1])


# ---------------------------------------------------------------- tile, roll, reverse, pad, meshgrid
@pytest.mark.parametrize("shape, multiples", [((2, 3), [2, 1]), ((2, 3), [1, 3]), ((2, 1, 2), [2, 3, 1]),
                                              ((2,), [0]), ((), [])])
def test_tile(shape, multiples):
    a = rand(*shape).astype(np.float32)
    same(tf.tile(a, multiples), np.tile(a, multiples))
    check_gradients(lambda x: tf.tile(x, multiples), [rand(*shape)])


def test_tile_second_order_and_errors():
    check_gradients(square(lambda x: tf.tile(x, [2, 3])), [rand(2, 2)], order=2)
    with pytest.raises(InvalidArgumentError, match=r"multiples must be 2 non-negative integers .* \[2\]"):
        tf.tile(tf.zeros([2, 3]), [2])
    with pytest.raises(InvalidArgumentError, match="non-negative"):
        tf.tile(tf.zeros([2, 3]), [-1, 1])


def test_roll():
    a = rand(2, 3, 4).astype(np.float32)
    same(tf.roll(np.arange(5), 2, 0), np.roll(np.arange(5), 2))
    same(tf.roll(a, [1, -1], [0, 2]), np.roll(a, (1, -1), (0, 2)))
    same(tf.roll(a, [1, 2], [-1, -1]), np.roll(a, 3, 2))
    check_gradients(lambda x: tf.roll(x, [1, -2], [0, 1]), [rand(2, 3)])
    with pytest.raises(InvalidArgumentError, match="same length"):
        tf.roll(a, [1], [0, 1])
    with pytest.raises(InvalidArgumentError, match="axis=3 is out of range"):
        tf.roll(a, 1, 3)


def test_reverse():
    a = rand(2, 3, 4).astype(np.float32)
    same(tf.reverse(a, [-1]), a[..., ::-1])
    same(tf.reverse(a, [0, 2]), a[::-1, :, ::-1])
    same(tf.reverse(a, []), a)
    check_gradients(lambda x: tf.reverse(x, [1]), [rand(2, 3)])
    with pytest.raises(InvalidArgumentError, match="each axis may be given once"):
        tf.reverse(a, [1, -2])
    with pytest.raises(InvalidArgumentError, match=r"write axis=\[1\]"):
        tf.reverse(a, 1)
    with pytest.raises(InvalidArgumentError, match="axis=3 is out of range"):
        tf.reverse(a, [3])


@pytest.mark.parametrize("mode, paddings", [
    ("CONSTANT", [[1, 0], [0, 2]]), ("REFLECT", [[1, 1], [2, 2]]), ("SYMMETRIC", [[2, 2], [3, 3]]),
    ("reflect", [[0, 1], [0, 0]]), ("CONSTANT", [[0, 0], [0, 0]]),
])
def test_pad(mode, paddings):
    a = rand(2, 3).astype(np.float32)
    np_mode = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}[mode.upper()]
    same(tf.pad(a, paddings, mode=mode), np.pad(a, paddings, mode=np_mode))
    check_gradients(lambda x: tf.pad(x, paddings, mode=mode), [rand(2, 3)])


def test_pad_constant_values_and_errors():
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    same(tf.pad(a, [[1, 1], [0, 0]], constant_values=7), np.pad(a, [[1, 1], [0, 0]], constant_values=7))
    same(tf.pad(a, tf.constant([[1, 1], [0, 0]]), constant_values=tf.constant(2.0)),
         np.pad(a, [[1, 1], [0, 0]], constant_values=2))
    check_gradients(square(lambda x: tf.pad(x, [[1, 0], [2, 1]])), [rand(2, 2)], order=2)
    check_gradients(square(lambda x: tf.pad(x, [[1, 1], [1, 0]], "SYMMETRIC")), [rand(2, 2)], order=2)
    with pytest.raises(InvalidArgumentError, match="which is not a int32"):
        tf.pad(tf.constant([1, 2]), [[1, 1]], constant_values=1.5)
    with pytest.raises(InvalidArgumentError, match="same dtype"):
        tf.pad(a, [[1, 1], [0, 0]], constant_values=tf.constant(1.0, tf.float64))
    with pytest.raises(InvalidArgumentError, match=r"paddings must have shape \[2, 2\]"):
        tf.pad(a, [[1, 1]])
    with pytest.raises(InvalidArgumentError, match="non-negative"):
        tf.pad(a, [[-1, 1], [0, 0]])
    with pytest.raises(InvalidArgumentError, match="REFLECT padding of axis 0 must be < its size 2"):
        tf.pad(a, [[2, 2], [0, 0]], mode="REFLECT")
    with pytest.raises(InvalidArgumentError, match="SYMMETRIC padding of axis 0 must be <= its size"):
        tf.pad(a, [[3, 3], [0, 0]], mode="SYMMETRIC")
    with pytest.raises(InvalidArgumentError, match="mode must be"):
        tf.pad(a, [[1, 1], [1, 1]], mode="wrap")


@pytest.mark.parametrize("indexing", ["xy", "ij"])
def test_meshgrid(indexing):
    xs = [np.array([1, 2, 3], np.int32), np.array([4, 5], np.int32), np.array([6, 7, 8, 9], np.int32)]
    for n in (1, 2, 3):
        out = tf.meshgrid(*xs[:n], indexing=indexing)
        refs = np.meshgrid(*xs[:n], indexing=indexing)
        assert len(out) == n
        for o, r in zip(out, refs):
            same(o, r)
    check_gradients(lambda x, y: tf.meshgrid(x, y, indexing=indexing)[0] * tf.meshgrid(
        x, y, indexing=indexing)[1], [rand(3), rand(2)])
    with pytest.raises(InvalidArgumentError, match="one dtype"):
        tf.meshgrid(tf.constant([1, 2]), tf.constant([1.0]))


# ---------------------------------------------------------------- gather, gather_nd
@pytest.mark.parametrize("shape, indices, axis", [
    ((5,), [4, 0, 0], 0), ((2, 3), [2, 0, 2], 1), ((2, 3), [[2], [0]], -1), ((2, 3), 1, 0),
    ((3, 4, 2), [[1, 1], [0, 2]], 1), ((4, 2), np.zeros((0,), np.int64), 0),
])
def test_gather(shape, indices, axis):
    a = rand(*shape).astype(np.float32)
    same(tf.gather(a, indices, axis=axis), np.take(a, np.asarray(indices), axis=axis))
    check_gradients(lambda x: tf.gather(x, indices, axis=axis), [rand(*shape)])


def test_gather_batch_dims():
    a = np.arange(24).reshape(2, 3, 4)
    idx = np.array([[0, 1], [2, 3]])
    ref = np.stack([np.take(a[i], idx[i], axis=1) for i in range(2)])
    same(tf.gather(a, idx, axis=2, batch_dims=1), ref)
    same(tf.gather(a, idx, axis=-1, batch_dims=-1), ref)
    idx2 = np.array([[0, 2, 1], [1, 1, 0]])
    ref2 = np.stack([np.take(a[i], idx2[i], axis=0) for i in range(2)])
    same(tf.gather(a, idx2, axis=1, batch_dims=1), ref2)
    check_gradients(lambda x: tf.gather(x, idx, axis=2, batch_dims=1), [rand(2, 3, 4)])
    check_gradients(square(lambda x: tf.gather(x, idx2, axis=1, batch_dims=1)), [rand(2, 3, 2)], order=2)


def test_gather_second_order_and_errors():
    check_gradients(square(lambda x: tf.gather(x, [1, 1, 0], axis=1)), [rand(2, 3)], order=2)
    with pytest.raises(InvalidArgumentError, match=r"indices\[0\] = -1 is not in \[0, 5\)"):
        tf.gather(tf.range(5), [-1])
    with pytest.raises(InvalidArgumentError, match=r"indices\[1, 0\] = 5 is not in \[0, 5\)"):
        tf.gather(tf.range(5), [[0], [5]])
    with pytest.raises(InvalidArgumentError, match="indices must be integers"):
        tf.gather(tf.zeros([3]), [1.0])
    with pytest.raises(InvalidArgumentError, match="less than or equal to axis"):
        tf.gather(tf.zeros([2, 3]), [[0], [1]], axis=0, batch_dims=1)
    with pytest.raises(InvalidArgumentError, match="must agree on their first 1 dimensions"):
        tf.gather(tf.zeros([2, 3]), [[0], [1], [1]], axis=1, batch_dims=1)
    with pytest.raises(InvalidArgumentError, match="axis=2 is out of range"):
        tf.gather(tf.zeros([2, 3]), [0], axis=2)


def test_gather_nd():
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    same(tf.gather_nd(a, [[0, 1], [1, 2]]), a[[0, 1], [1, 2]])
    same(tf.gather_nd(a, [[1]]), a[[1]])
    same(tf.gather_nd(a, [1, 2]), a[1, 2])
    same(tf.gather_nd(a, np.zeros((2, 0), np.int32)), np.stack([a, a]))
    b = np.arange(24).reshape(2, 3, 4)
    same(tf.gather_nd(b, [[1, 2], [0, 3]], batch_dims=1), np.array([b[0, 1, 2], b[1, 0, 3]]))
    same(tf.gather_nd(b, [[[1]], [[0]]], batch_dims=1), np.stack([b[0, [1]], b[1, [0]]]))
    check_gradients(lambda x: tf.gather_nd(x, [[0, 1], [1, 2], [0, 1]]), [rand(2, 3)])
    check_gradients(square(lambda x: tf.gather_nd(x, [[1], [1]])), [rand(2, 3)], order=2)
    with pytest.raises(InvalidArgumentError, match=r"index \[2, 0\] .* does not index into"):
        tf.gather_nd(a, [[2, 0]])
    with pytest.raises(InvalidArgumentError, match="does not index into"):
        tf.gather_nd(a, [[-1, 0]])
    with pytest.raises(InvalidArgumentError, match="index depth"):
        tf.gather_nd(a, [[0, 0, 0]])


def test_scatter_nd():
    same(tf.scatter_nd([[1], [3], [1]], [1.0, 2.0, 3.0], [5]), np.array([0, 4, 0, 2, 0], np.float32))
    same(tf.scatter_nd([[1]], [[1.0, 2.0]], [3, 2]), np.array([[0, 0], [1, 2], [0, 0]], np.float32))
    same(tf.scatter_nd([[1]], [7], tf.constant([3])), np.array([0, 7, 0], np.int32))
    idx = [[0, 1], [1, 1], [0, 1]]
    check_gradients(lambda u: tf.scatter_nd(idx, u, [2, 3]), [rand(3)])
    check_gradients(square(lambda u: tf.scatter_nd([[1], [0]], u, [3, 2])), [rand(2, 2)], order=2)
    with pytest.raises(InvalidArgumentError, match=r"updates must have shape=\(1,\), received \(2,\)"):
        tf.scatter_nd([[1]], [1.0, 2.0], [5])
    with pytest.raises(InvalidArgumentError, match=r"scatter_nd: index \[5\]"):
        tf.scatter_nd([[5]], [1.0], [5])


def test_tensor_scatter_nd():
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    same(tf.tensor_scatter_nd_update(a, [[0, 1], [1, 0]], [10.0, 20.0]),
         np.array([[0, 10, 2], [20, 4, 5]], np.float32))
    same(tf.tensor_scatter_nd_update(a, [[1]], [[7, 8, 9]]), np.array([[0, 1, 2], [7, 8, 9]], np.float32))
    same(tf.tensor_scatter_nd_add(a, [[0], [0]], [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]),
         np.array([[3, 4, 5], [3, 4, 5]], np.float32))
    idx = [[0, 1], [1, 1]]
    check_gradients(lambda t, u: tf.tensor_scatter_nd_update(t, idx, u), [rand(2, 3), rand(2)])
    check_gradients(lambda t, u: tf.tensor_scatter_nd_add(t, idx + [[0, 1]], u), [rand(2, 3), rand(3)])
    check_gradients(square(lambda t, u: tf.tensor_scatter_nd_update(t, idx, u)), [rand(2, 3), rand(2)],
                    order=2)
    with pytest.raises(InvalidArgumentError, match="updates must have shape=\\(2,\\)"):
        tf.tensor_scatter_nd_update(a, idx, [1.0])
    with pytest.raises(InvalidArgumentError, match="same dtype"):
        tf.tensor_scatter_nd_update(a, idx, tf.constant([1.0, 2.0], tf.float64))


def test_sequence_mask():
    same(tf.sequence_mask([1, 3, 0]), np.arange(3) < np.array([1, 3, 0])[:, None])
    same(tf.sequence_mask([1, 3, 0], 4, dtype=tf.float32),
         (np.arange(4) < np.array([1, 3, 0])[:, None]).astype(np.float32))
    same(tf.sequence_mask([[1], [2]], 2), np.array([[[True, False]], [[True, True]]]))
    same(tf.sequence_mask([-1, 2]), np.array([[False, False], [True, True]]))


# ---------------------------------------------------------------- one_hot, boolean_mask, repeat
def test_one_hot():
    same(tf.one_hot([0, 3, -1, 1], 3), np.array([[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 1, 0]], np.float32))
    same(tf.one_hot([0, 2], 3, axis=0), np.array([[1, 0], [0, 0], [0, 1]], np.float32))
    same(tf.one_hot(2, 3), np.array([0, 0, 1], np.float32))
    same(tf.one_hot([[0, 1]], 2, axis=1), np.eye(2, dtype=np.float32)[None].transpose(0, 2, 1))
    same(tf.one_hot([0, 2], 3, on_value=5, off_value=-1), np.array([[5, -1, -1], [-1, -1, 5]], np.int32))
    same(tf.one_hot([1], 3, dtype=tf.int64), np.array([[0, 1, 0]], np.int64))
    same(tf.one_hot([1], 3, on_value=1, dtype=tf.float32), np.array([[0, 1, 0]], np.float32))
    same(tf.one_hot([1], 3, off_value=tf.constant(-1.0, tf.float64)), np.array([[-1, 1, -1.0]]))
    same(tf.one_hot(tf.constant([0, 2], tf.uint8), tf.constant(3)), np.eye(3, dtype=np.float32)[[0, 2]])


def test_one_hot_errors():
    with pytest.raises(InvalidArgumentError, match="on_value=int32, off_value=float32"):
        tf.one_hot([0], 3, on_value=5, off_value=-1.0)
    with pytest.raises(InvalidArgumentError, match="dtype=int32"):
        tf.one_hot([0], 3, on_value=1.0, dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="indices must be integers"):
        tf.one_hot([0.0], 3)
    with pytest.raises(InvalidArgumentError, match="depth must be non-negative"):
        tf.one_hot([0], -1)
    with pytest.raises(InvalidArgumentError, match=r"axis must be -1 or in \[0, 1\]"):
        tf.one_hot([0], 3, axis=2)


def test_boolean_mask():
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    same(tf.boolean_mask(a, [True, False]), a[[True, False]])
    m2 = np.array([[True, False, True], [False, True, True]])
    same(tf.boolean_mask(a, m2), a[m2])
    same(tf.boolean_mask(a, [True, False, True], axis=1), a[:, [True, False, True]])
    same(tf.boolean_mask(a, [False, False]), np.zeros((0, 3), np.float32))
    same(tf.boolean_mask(a, [1, 0]), a[:1])
    check_gradients(lambda x: tf.boolean_mask(x, m2), [rand(2, 3)])
    check_gradients(lambda x: tf.boolean_mask(x, [False, True, True], axis=-1), [rand(2, 3)])
    with pytest.raises(InvalidArgumentError, match=r"mask shape=\(3,\) must equal dimensions 0..0"):
        tf.boolean_mask(a, [True, False, True])
    with pytest.raises(InvalidArgumentError, match="mask cannot be a scalar"):
        tf.boolean_mask(a, True)


@pytest.mark.parametrize("repeats, axis", [(2, None), (2, 1), (2, -1), ([1, 2], 0), ([3], 0),
                                           ([1, 0, 2], 1), ([1, 2, 1, 1, 1, 0], None), (0, 0)])
def test_repeat(repeats, axis):
    a = rand(2, 3).astype(np.float32)
    same(tf.repeat(a, repeats, axis=axis), np.repeat(a, repeats, axis=axis))
    check_gradients(lambda x: tf.repeat(x, repeats, axis=axis), [rand(2, 3)])


def test_repeat_scalar_and_errors():
    same(tf.repeat(3.0, 2), np.array([3.0, 3.0], np.float32))
    with pytest.raises(InvalidArgumentError, match=r"one non-negative int or 2 of them"):
        tf.repeat(tf.zeros([2, 3]), [1, 2, 3], axis=0)
    with pytest.raises(InvalidArgumentError, match="non-negative"):
        tf.repeat(tf.zeros([2, 3]), -1, axis=0)


# ---------------------------------------------------------------- saessak.function
def _program(x, i, mask):
    t = tf.transpose(x)  # (3, 2)
    c = tf.concat([t, t[:, :1]], axis=1)  # (3, 3)
    parts = tf.split(c, [1, 2], axis=1) + tf.unstack(x, axis=1)
    return [
        tf.gather(c, i, axis=0), tf.gather_nd(x, tf.stack([i % 2, i], axis=1)),
        tf.boolean_mask(c, mask), tf.boolean_mask(x, x[:, 0] > 0, axis=0),
        tf.one_hot(i, 3), tf.pad(x, [[1, 0], [0, 1]], mode="REFLECT"), tf.tile(x, [1, 2]),
        tf.reverse(x, [0]), tf.repeat(x, 2, axis=0), tf.reshape(x, [-1])[::2],
        tf.expand_dims(tf.squeeze(x[:1]), 0), tf.stack(parts[3:], axis=-1),
        tf.slice(x, [0, 1], [-1, 2]), tf.roll(x, 1, 1), tf.scatter_nd(i[:, None] % 2, i, [2]),
        tf.tensor_scatter_nd_update(x, [[0, 0]], x[1, :1]), tf.sequence_mask(i, 3),
    ] + parts


def test_function_replay_matches_eager():
    fn = tf.function(_program)
    for seed in (1, 2, 3):
        r = np.random.default_rng(seed)
        x = tf.constant(r.standard_normal((2, 3)).astype(np.float32))
        i = tf.constant(r.integers(0, 3, 4).astype(np.int32))
        mask = tf.constant(r.random(3) > 0.5)
        for got, want in zip(fn(x, i, mask), _program(x, i, mask)):
            same(got, want.numpy())
    assert fn.experimental_get_tracing_count() == 1


def test_function_replays_gradients():
    def grad(x, i):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.gather(tf.transpose(x), i)
            loss = tf.reduce_sum(tf.pad(y, [[0, 1], [1, 1]], mode="SYMMETRIC") ** 2)
        return tape.gradient(loss, x)

    fn = tf.function(grad)
    for seed in (1, 2):
        r = np.random.default_rng(seed)
        x = tf.constant(r.standard_normal((2, 3)))
        i = tf.constant(r.integers(0, 3, 4).astype(np.int32))
        same(fn(x, i), grad(x, i).numpy())
    assert fn.experimental_get_tracing_count() == 1

"""saessak.function: trace once per signature, replay exactly the eager result."""

import numpy as np
import pytest

import saessak as tf
from saessak.engine import nest


def test_decorator_forms_and_introspection():
    @tf.function
    def f(x):
        return x * 2

    @tf.function(reduce_retracing=True)
    def g(x):
        return x + 1

    assert f(tf.constant(2.0)).numpy() == 4.0 and g(tf.constant(2.0)).numpy() == 3.0
    assert "saessak.function" in repr(f)
    assert f.python_function(3) == 6
    assert f.__name__ == "f"


def test_traces_once_per_signature():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)  # Python side effects happen only while tracing, as in TF
        return x * x + 1

    for v in [1.0, 2.0, 3.0]:
        assert f(tf.constant(v)).numpy() == v * v + 1
    assert f.experimental_get_tracing_count() == 1 and len(calls) == 1
    f(tf.constant([1.0, 2.0]))  # new shape
    f(tf.constant(1))  # new dtype
    assert f.experimental_get_tracing_count() == 3


def test_python_scalars_are_part_of_the_signature():
    @tf.function
    def f(x, n):
        return x * n

    assert f(tf.constant(2.0), 3.0).numpy() == 6.0
    assert f(tf.constant(2.0), 4.0).numpy() == 8.0
    assert f.experimental_get_tracing_count() == 2


def test_square_pos_guards_give_the_eager_answer():
    # The seed's example: Python control flow on a tensor value.
    @tf.function
    def square_pos(x):
        if x > 0:
            x = x * x
        else:
            x = x * -1
        return x

    for v in [3.0, -2.0, 4.0, -5.0, 0.0]:
        expected = v * v if v > 0 else -v
        assert square_pos(tf.constant(v)).numpy() == expected
    assert square_pos.experimental_get_tracing_count() == 2  # one program per branch path


def test_replay_equals_eager_exactly_for_a_training_step():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 5)).astype(np.float32)
    y = rng.standard_normal((8, 1)).astype(np.float32)

    def make():
        w = tf.Variable(rng.standard_normal((5, 1)).astype(np.float32) * 0 + 0.1)
        b = tf.Variable(np.zeros(1, np.float32))
        return w, b

    def step(w, b, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(x @ w + b - y))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.01 * gw)
        b.assign_sub(0.01 * gb)
        return loss

    we, be = make()
    eager = [step(we, be, x, y).numpy() for _ in range(5)]
    wc, bc = make()
    compiled = tf.function(lambda x, y: step(wc, bc, x, y))
    replayed = [compiled(x, y).numpy() for _ in range(5)]
    assert compiled.experimental_get_tracing_count() == 1
    assert eager == replayed
    np.testing.assert_array_equal(we.numpy(), wc.numpy())


def test_variable_reads_are_live_and_writes_replayed():
    v = tf.Variable(1.0)

    @tf.function
    def bump():
        v.assign_add(1.0)
        return v * 10

    assert bump().numpy() == 20.0
    assert bump().numpy() == 30.0
    v.assign(0.0)
    assert bump().numpy() == 10.0
    assert bump.experimental_get_tracing_count() == 1


def test_guard_failure_after_a_write_does_not_apply_it_twice():
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        v.assign_add(1.0)
        if x > 0:
            return x
        return -x

    f(tf.constant(1.0))
    f(tf.constant(-1.0))  # the first program fails its guard after the write: must be undone
    assert v.numpy() == 2.0


def test_numpy_inside_function_is_guarded():
    @tf.function
    def f(x):
        return x * float(x.numpy().sum())

    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [3.0, 6.0]
    assert f(tf.constant([2.0, 2.0])).numpy().tolist() == [8.0, 8.0]


def test_nested_structures_and_non_tensor_outputs():
    @tf.function
    def f(d):
        return {"sum": d["a"] + d["b"], "tag": "ok", "pair": (d["a"], None)}

    for a in [1.0, 5.0]:
        out = f({"a": tf.constant(a), "b": tf.constant(2.0)})
        assert out["sum"].numpy() == a + 2 and out["tag"] == "ok" and out["pair"][1] is None
        assert out["pair"][0].numpy() == a
    assert f.experimental_get_tracing_count() == 1


def test_numpy_arguments_become_tensors():
    @tf.function
    def f(x):
        return x + 1

    out = f(np.ones((2,), np.float32))
    assert isinstance(out, tf.Tensor) and out.numpy().tolist() == [2.0, 2.0]


def test_input_signature():
    @tf.function(input_signature=[tf.TensorSpec(shape=[None], dtype=tf.float32)])
    def f(x):
        return x * 2

    assert f([1.0, 2.0]).numpy().tolist() == [2.0, 4.0]
    with pytest.raises(ValueError, match="input_signature"):
        f(tf.ones((2, 2)))


def test_methods_get_one_function_per_instance():
    class Scaler:
        def __init__(self, k):
            self.k = tf.Variable(k)

        @tf.function
        def __call__(self, x):
            return x * self.k

    a, b = Scaler(2.0), Scaler(3.0)
    assert a(tf.constant(1.0)).numpy() == 2.0 and b(tf.constant(1.0)).numpy() == 3.0


def test_outer_tape_sees_function_ops():
    f = tf.function(lambda x: x * x)
    x = tf.Variable(3.0)
    f(tf.constant(1.0))
    with tf.GradientTape() as tape:
        y = f(x)
    assert tape.gradient(y, x).numpy() == 6.0


def test_run_functions_eagerly():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x

    tf.config.run_functions_eagerly(True)
    try:
        f(tf.constant(1.0))
        f(tf.constant(1.0))
    finally:
        tf.config.run_functions_eagerly(False)
    assert len(calls) == 2 and f.experimental_get_tracing_count() == 0


def test_program_source_is_readable():
    @tf.function
    def f(x, y):
        return tf.matmul(x, y) + 1.0

    f(tf.ones((2, 3)), tf.ones((3, 2)))
    (src,) = f.experimental_get_program_source()
    assert src.startswith("def program(a0, a1):") and "matmul(a0, a1)" in src


def test_flat_calls_take_the_fast_path_with_the_same_signature_rules():
    calls = []

    @tf.function
    def f(x, y=None, w=None):
        calls.append(1)
        out = x * 2 if y is None else x * y
        return {"b": out, "a": out + 1}

    x32 = np.ones((2, 3), np.float32)
    r1 = f(x32, None, None)
    r2 = f(tf.constant(x32 * 3), None, None)  # a Tensor with the ndarray's signature: same program
    assert list(r1) == ["b", "a"] and list(r2) == ["b", "a"]  # the traced key order, as TF
    assert isinstance(r2["a"], tf.Tensor) and r2["a"].numpy().tolist() == [[7.0] * 3] * 2
    assert f.experimental_get_tracing_count() == 1
    f(np.ones((4, 3), np.float32), None, None)  # new shape
    f(np.ones((2, 3), np.float64), None, None)  # new dtype
    f(x32, x32, None)  # a None became an array
    assert f.experimental_get_tracing_count() == 4
    assert f(x32, x32, None)["b"].numpy().tolist() == [[1.0] * 3] * 2
    assert f.experimental_get_tracing_count() == 4 and len(calls) == 4
    with pytest.raises(tf.errors.InvalidArgumentError, match="dtype=object"):
        f(np.array([object()], dtype=object), None, None)


def test_bool_flags_are_part_of_the_fast_key():
    @tf.function
    def f(x, y=None, double=False):
        return x * 2 if double else x + 1

    x = np.ones((2,), np.float32)
    assert f(x, None, True).numpy().tolist() == [2.0, 2.0]
    assert f(x, None, False).numpy().tolist() == [2.0, 2.0]  # 1 + 1
    assert f(x * 3, None, True).numpy().tolist() == [6.0, 6.0]
    assert f(x * 3, None, False).numpy().tolist() == [4.0, 4.0]
    assert f.experimental_get_tracing_count() == 2
    assert f(x * 3, None, 1).numpy().tolist() == [6.0, 6.0]  # 1 is not True: the general path


@pytest.mark.parametrize("make", [
    lambda x: x + 1,
    lambda x: (x + 1, x * 2),
    lambda x: [x + 1, x * 2],
    lambda x: {"k": x + 1},
    lambda x: (x + 1, "tag", None),
    lambda x: {"k": (x, [x * 2])},
])
def test_replayed_results_have_the_eager_structure(make):
    f = tf.function(make)
    x = tf.constant([1.0, 2.0])
    for _ in range(2):  # the trace, then the replay
        got, want = f(x), make(x)
        assert type(got) is type(want)
        flat_got, flat_want = nest.flatten(got), nest.flatten(want)
        assert len(flat_got) == len(flat_want)
        for a, b in zip(flat_got, flat_want):
            if isinstance(b, tf.Tensor):
                assert type(a) is tf.Tensor and a.numpy().tolist() == b.numpy().tolist()
            else:
                assert a == b


def test_returned_variable_is_the_variable_itself():
    v = tf.Variable([1.0])

    @tf.function
    def f(x):
        v.assign_add(x)
        return v

    f(tf.constant([1.0]))
    assert f(tf.constant([1.0])) is v and v.numpy().tolist() == [3.0]

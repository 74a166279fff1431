"""saessak.data against tf.data's own answers (tests/golden/data.json), plus what a golden file cannot show.

The golden cases were recorded by tools/make_golden_data.py with the real
TensorFlow 2.21; here the same statements run with ``tf`` bound to saessak.
The other tests cover streaming (nothing is materialised), the fast batch
path (identical to element-by-element stacking), the shuffle's distribution
and seeding, caches, and the error messages.
"""

import collections
import itertools
import json
import os
import pathlib

import numpy as np
import pytest

import saessak
import saessak.data  # noqa: F401 - binds saessak.data (the lead wires it into saessak/__init__)
from saessak.data import Dataset
from saessak.errors import InvalidArgumentError, OutOfRangeError, SaessakError, UnsupportedAPIError

tf = saessak
GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "data.json").read_text("utf-8"))
CASES = {c["id"]: c for c in GOLDEN["cases"]}


# ---------------------------------------------------------------- golden cases
def encode(value):
    if isinstance(value, saessak.Tensor):
        a = np.asarray(value.numpy())
        return {"tensor": a.dtype.name, "shape": list(a.shape), "value": a.tolist()}
    if isinstance(value, np.ndarray):
        return {"ndarray": value.dtype.name, "shape": list(value.shape), "value": value.tolist()}
    if isinstance(value, np.generic):
        return {"npscalar": value.dtype.name, "value": value.item()}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, (int, float)):
        return {"py": value, "type": type(value).__name__}
    if isinstance(value, str):
        return {"str": value}
    if value is None:
        return {"none": True}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value],
                "type": type(value).__name__ if hasattr(value, "_fields") else "tuple"}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[k, encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot encode {type(value)}: {value!r}")


def _run(code):
    namespace = {"tf": saessak, "np": np}
    exec(GOLDEN["setup"], namespace)  # noqa: S102 - the golden file's own statements
    try:
        exec(code, namespace)  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - compared with TF's error below
        return exc
    return encode(namespace["result"])


def _check_error(exc, expected, where):
    assert isinstance(exc, BaseException), f"{where}: TF raises {expected['error']}, saessak returned {exc}"
    if expected["op_error"]:
        # tf.errors.X: saessak raises its own InvalidArgumentError / OutOfRangeError.
        assert isinstance(exc, SaessakError), f"{where}: expected a saessak error, got {exc!r}"
        if expected["error"] == "OutOfRangeError":
            assert isinstance(exc, OutOfRangeError), f"{where}: got {exc!r}"
    for base in expected["bases"]:
        assert isinstance(exc, {"ValueError": ValueError, "TypeError": TypeError, "IndexError": IndexError,
                                "StopIteration": StopIteration}[base]), (
            f"{where}: TF raises a {base} ({expected['error']}), saessak raised {exc!r}")


def _compare(got, expected, where):
    if "error" in expected:
        _check_error(got, expected, where)
        return
    assert not isinstance(got, BaseException), f"{where}: saessak raised {got!r}, TF gave {expected}"
    kind = next(iter(expected))
    assert kind in got, f"{where}: expected a {kind} {expected}, got {got}"
    if kind in ("tensor", "ndarray", "npscalar"):
        assert got[kind] == expected[kind], f"{where}: dtype {got[kind]}, TF gives {expected[kind]}"
        assert got.get("shape") == expected.get("shape"), f"{where}: shape {got.get('shape')}, TF " \
                                                          f"gives {expected.get('shape')}"
        if "float" in expected[kind]:
            np.testing.assert_allclose(got["value"], expected["value"], rtol=1e-6, err_msg=where)
        else:
            assert got["value"] == expected["value"], f"{where}: {got['value']} != {expected['value']}"
    elif kind in ("tuple", "list"):
        assert got.get("type") == expected.get("type"), f"{where}: {got.get('type')} vs {expected.get('type')}"
        assert len(got[kind]) == len(expected[kind]), f"{where}: {len(got[kind])} items, TF has " \
                                                      f"{len(expected[kind])}"
        for i, (g, e) in enumerate(zip(got[kind], expected[kind])):
            _compare(g, e, f"{where}[{i}]")
    elif kind == "dict":
        assert [k for k, _ in got["dict"]] == [k for k, _ in expected["dict"]], f"{where}: keys differ"
        for (k, g), (_, e) in zip(got["dict"], expected["dict"]):
            _compare(g, e, f"{where}[{k!r}]")
    else:
        assert got == expected, f"{where}: saessak {got}, TF {expected}"


@pytest.mark.parametrize("case_id", list(CASES))
def test_golden(case_id):
    case = CASES[case_id]
    _compare(_run(case["code"]), case["expected"], case_id)


# ---------------------------------------------------------------- streaming
def test_infinite_generator_take_streams():
    pulled = []

    def endless():
        for i in itertools.count():
            pulled.append(i)
            yield i

    ds = Dataset.from_generator(endless, output_types=tf.int64).map(lambda x: x * 2).batch(4).take(3)
    out = list(ds.as_numpy_iterator())
    assert [b.tolist() for b in out] == [[0, 2, 4, 6], [8, 10, 12, 14], [16, 18, 20, 22]]
    assert len(pulled) <= 13  # 12 elements (+1 the generator may have started)


def test_huge_range_map_batch_take_streams():
    # 10**15 int64 elements would need 8 PB if anything were materialised.
    ds = Dataset.range(10**15).map(lambda x: (x, tf.cast(x, tf.float32) * 0.5)).batch(1000).take(2)
    assert int(ds.cardinality()) == 2
    (a1, b1), (a2, b2) = list(ds)
    assert a2.shape == (1000,) and a2.numpy()[-1] == 1999 and b2.numpy()[0] == 500.0
    fast = Dataset.range(10**15).shuffle(100, seed=1).batch(1000).skip(5).take(2)
    assert [len(b) for b in fast.as_numpy_iterator()] == [1000, 1000]
    assert int(Dataset.range(10**15).batch(7).cardinality()) == -(-10**15 // 7)


def test_repeat_forever_over_small_source_is_lazy():
    ds = Dataset.from_tensor_slices(np.arange(3)).repeat().shuffle(2, seed=0).batch(5).take(4)
    out = list(ds.as_numpy_iterator())
    assert len(out) == 4 and all(len(b) == 5 for b in out)
    counts = np.bincount(np.concatenate(out), minlength=3)
    assert counts.sum() == 20 and counts.min() >= 5  # 20 outputs drawn from 7+ whole epochs


# ---------------------------------------------------------------- fast batch path == generic path
def _generic(ds):
    """The same pipeline with the index plan hidden (elements go one by one)."""
    return ds.map(lambda *xs: xs if len(xs) > 1 else xs[0])


@pytest.mark.parametrize("build", [
    lambda d: d.batch(4),
    lambda d: d.batch(4, drop_remainder=True),
    lambda d: d.shuffle(5, seed=7).batch(3),
    lambda d: d.shuffle(100, seed=7).batch(6),
    lambda d: d.repeat(3).shuffle(4, seed=2).batch(7),
    lambda d: d.shuffle(3, seed=2, reshuffle_each_iteration=False).repeat(2).batch(5),
    lambda d: d.skip(3).take(9).batch(2),
    lambda d: d.shard(3, 1).batch(2),
    lambda d: d.take(0).batch(2),
])
def test_fast_batch_path_matches_elementwise(build):
    x = np.arange(17 * 2, dtype=np.float32).reshape(17, 2)
    y = np.arange(17)
    fast = build(Dataset.from_tensor_slices((x, y)))
    slow = build(_generic(Dataset.from_tensor_slices((x, y))))
    assert fast._node.inputs[0].plan() is not None and slow._node.inputs[0].plan() is None
    got, want = list(fast.as_numpy_iterator()), list(slow.as_numpy_iterator())
    assert len(got) == len(want)
    for (gx, gy), (wx, wy) in zip(got, want):
        np.testing.assert_array_equal(gx, wx)
        np.testing.assert_array_equal(gy, wy)
        assert gx.dtype == np.float32 and gy.dtype == y.dtype
    assert fast.element_spec == slow.element_spec


def test_fast_path_is_taken_and_keeps_dtypes():
    x = np.arange(10, dtype=np.float64)
    ds = Dataset.from_tensor_slices({"x": x, "y": x > 4}).shuffle(10, seed=1).batch(4)
    assert ds._node.inputs[0].plan() is not None
    batch = next(iter(ds))
    assert batch["x"].dtype == saessak.float64 and batch["y"].dtype == saessak.bool
    np.testing.assert_array_equal(batch["y"].numpy(), batch["x"].numpy() > 4)


def test_source_is_a_copy_of_the_numpy_array():
    x = np.arange(4)
    ds = Dataset.from_tensor_slices(x)
    x[:] = -1
    assert [int(v) for v in ds] == [0, 1, 2, 3]
    out = next(ds.batch(4).as_numpy_iterator())
    out[:] = 99  # as_numpy_iterator hands out copies
    assert [int(v) for v in ds] == [0, 1, 2, 3]


# ---------------------------------------------------------------- shuffle
def test_shuffle_full_buffer_is_uniform():
    tf.random.set_seed(0)
    n, trials = 4, 2400
    counts = np.zeros((n, n))
    ds = Dataset.range(n).shuffle(n)
    for _ in range(trials):
        for pos, v in enumerate(ds.as_numpy_iterator()):
            counts[pos, v] += 1
    expected = trials / n
    assert np.abs(counts - expected).max() < 5 * np.sqrt(expected)  # ~5 sigma


def test_shuffle_small_buffer_first_output_uniform_over_buffer():
    tf.random.set_seed(1)
    firsts = [int(next(iter(Dataset.range(50).shuffle(5)))) for _ in range(1000)]
    counts = np.bincount(firsts, minlength=50)
    assert counts[5:].sum() == 0
    assert np.abs(counts[:5] - 200).max() < 5 * np.sqrt(200)


def test_shuffle_seeds():
    r = Dataset.range(20)
    same = [list(r.shuffle(20, seed=4).as_numpy_iterator()) for _ in range(2)]
    assert same[0] == same[1] and same[0] != list(range(20))
    tf.random.set_seed(9)
    a = list(r.shuffle(20).as_numpy_iterator())
    tf.random.set_seed(9)
    b = list(r.shuffle(20).as_numpy_iterator())
    assert a == b
    tf.random.set_seed(10)
    assert list(r.shuffle(20, seed=4).as_numpy_iterator()) != same[0]  # global seed takes part
    tf.random.set_seed(None)


def test_shuffle_over_generator_with_repeat_spans_epochs():
    ds = Dataset.from_generator(lambda: iter(range(6)), output_types=tf.int32).repeat(2).shuffle(4, seed=3)
    out = [int(v) for v in ds]
    assert sorted(out) == sorted(list(range(6)) * 2)


@pytest.mark.parametrize("buffer_size", [None, 1, 2, 7, 512, 513, 1000])
def test_vectorised_index_shuffle_equals_the_element_shuffle(buffer_size):
    # The fast path (from_tensor_slices(...).shuffle(...).batch(...)) shuffles whole index
    # arrays a round at a time; it must emit exactly what the element-by-element buffer emits
    # with the same random numbers, for inputs shorter, equal to and longer than the buffer.
    from saessak.data.shuffle import shuffle_indices, shuffle_stream

    rng = np.random.default_rng(buffer_size or 0)
    sizes = [0, 1, 5, 511, 512, 513, 1000, 2049]
    if buffer_size:
        sizes += [buffer_size - 1, buffer_size, buffer_size + 1]
    for n in sizes:
        values = rng.permutation(10 * n + 10)[:n].astype(np.int64)
        step = int(rng.integers(1, 600))
        chunks = [values[i:i + step] for i in range(0, n, step)]
        want = list(shuffle_stream(iter(values.tolist()), buffer_size, np.random.default_rng(n)))
        got = [int(v) for part in shuffle_indices(chunks, buffer_size, np.random.default_rng(n)) for v in part]
        assert got == want, (n, step)


def test_shuffled_batches_are_the_shuffled_elements_batched():
    x = np.arange(3000, dtype=np.float32).reshape(1000, 3)
    batched = Dataset.from_tensor_slices(x).shuffle(100, seed=5).batch(32)
    elements = Dataset.from_tensor_slices(x).map(lambda v: v).shuffle(100, seed=5)  # no index plan
    assert elements._node.inputs[0].plan() is None
    rows = np.concatenate([b.numpy() for b in batched])
    np.testing.assert_array_equal(rows, np.stack([e.numpy() for e in elements]))
    assert sorted(rows[:, 0].tolist()) == list(range(0, 3000, 3))


def test_shuffle_errors():
    with pytest.raises(InvalidArgumentError, match="buffer_size must be greater than zero"):
        Dataset.range(3).shuffle(0)
    with pytest.raises(InvalidArgumentError, match="seed must be an integer"):
        Dataset.range(3).shuffle(2, seed="a")


# ---------------------------------------------------------------- map, structures, specs
def test_map_receives_tensors_and_runs_outside_tapes():
    seen = []

    def f(a, b):
        seen.append((type(a), type(b)))
        return a + b

    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        out = [float(x) for x in Dataset.from_tensor_slices(([1.0, 2.0], [3.0, 4.0])).map(f)]
        loss = v * 2.0
    assert out == [4.0, 6.0] and seen[0] == (saessak.Tensor, saessak.Tensor)
    assert float(tape.gradient(loss, v)) == 2.0


def test_map_spec_probe_leaves_random_streams_alone():
    tf.random.set_seed(3)
    ds = Dataset.range(3).map(lambda x: tf.random.uniform([2]) + tf.cast(x, tf.float32))
    _ = ds.element_spec
    first = tf.random.uniform([2]).numpy()
    tf.random.set_seed(3)
    np.testing.assert_array_equal(tf.random.uniform([2]).numpy(), first)


def test_map_spec_falls_back_to_real_element():
    def f(x):
        if int(x) == 0:  # fails on the stand-in zeros of the probe
            raise ValueError("no zeros here")
        return tf.fill([3], x)

    ds = Dataset.range(1, 4).map(f)
    assert repr(ds.element_spec) == "TensorSpec(shape=(None,), dtype=tf.int64, name=None)"
    assert [list(v) for v in ds.as_numpy_iterator()] == [[1] * 3, [2] * 3, [3] * 3]


def test_map_dtype_change_between_elements_is_an_error():
    ds = Dataset.range(3).map(lambda x: x if int(x) < 1 else tf.cast(x, tf.float32))
    with pytest.raises(InvalidArgumentError, match="one element type"):
        list(ds)


def test_map_returning_none_or_dataset():
    with pytest.raises(InvalidArgumentError, match="forget a `return`"):
        list(Dataset.range(2).map(lambda x: None))
    with pytest.raises(InvalidArgumentError, match="flat_map"):
        list(Dataset.range(2).map(lambda x: Dataset.range(2)))


def test_namedtuple_and_dict_structures_survive_batching():
    P = collections.namedtuple("P", "img label")
    ds = Dataset.from_tensor_slices(P(np.zeros((5, 2, 2), np.float32), np.arange(5))).batch(2)
    b = next(iter(ds))
    assert isinstance(b, P) and b.img.shape == (2, 2, 2) and b.label.dtype == saessak.int64
    assert repr(ds.element_spec) == ("P(img=TensorSpec(shape=(None, 2, 2), dtype=tf.float32, name=None), "
                                     "label=TensorSpec(shape=(None,), dtype=tf.int64, name=None))")


def test_strings_are_rejected_clearly():
    with pytest.raises(InvalidArgumentError, match="string"):
        Dataset.from_tensor_slices(np.array(["a", "b"]))
    with pytest.raises(InvalidArgumentError, match="string"):
        Dataset.from_tensors("a")


# ---------------------------------------------------------------- errors and protocol
def test_error_messages_name_the_problem():
    with pytest.raises(InvalidArgumentError, match=r"component 0 has 2 and component 1 has 3"):
        Dataset.from_tensor_slices((np.zeros(2), np.zeros(3)))
    with pytest.raises(InvalidArgumentError, match="Cannot batch tensors with different shapes in component 0"):
        list(Dataset.from_generator(lambda: iter([[1], [1, 2]]), output_types=tf.int32).batch(2))
    with pytest.raises(InvalidArgumentError, match="Batch size must be greater than zero"):
        Dataset.range(3).batch(0)
    with pytest.raises(InvalidArgumentError, match="must return a `tf.bool` scalar"):
        list(Dataset.range(3).filter(lambda x: x))
    with pytest.raises(InvalidArgumentError, match="Attempted to pad to a smaller size"):
        list(Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[2]))
    with pytest.raises(TypeError, match="output_type"):
        Dataset.range(3, dtype=tf.int32)
    with pytest.raises(TypeError, match="cannot be instantiated"):
        Dataset(None)
    with pytest.raises(UnsupportedAPIError, match="window"):
        Dataset.range(3).window(2)


def test_len_cardinality_and_iterator_protocol():
    ds = Dataset.range(10).batch(3)
    assert len(ds) == 4 and ds.cardinality().dtype == saessak.int64
    assert int(saessak.data.experimental.cardinality(ds.repeat())) == saessak.data.INFINITE_CARDINALITY
    with pytest.raises(TypeError, match="infinite"):
        len(ds.repeat())
    with pytest.raises(TypeError, match="unknown"):
        len(ds.filter(lambda x: True))
    it = iter(Dataset.range(1))
    assert int(it.get_next()) == 0
    with pytest.raises(OutOfRangeError):
        it.get_next()
    assert saessak.data.AUTOTUNE == saessak.data.experimental.AUTOTUNE == -1


def test_keras_style_consumer():
    """What the trainer does: ``cardinality()`` for the step count, then plain iteration."""
    x, y = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32), np.arange(10)
    ds = Dataset.from_tensor_slices((x, y)).shuffle(10, seed=0).batch(4).prefetch(saessak.data.AUTOTUNE)
    assert int(ds.cardinality()) == 3
    for _epoch in range(2):
        seen = np.concatenate([b[1].numpy() for b in ds])
        assert sorted(seen.tolist()) == list(range(10))


# ---------------------------------------------------------------- cache
def test_memory_cache_runs_upstream_once():
    calls = []
    ds = Dataset.range(5).map(lambda x: (calls.append(1), x * 2)[1]).cache()
    _ = ds.element_spec  # the probe calls map_func twice
    calls.clear()
    first = list(ds.as_numpy_iterator())
    second = list(ds.shuffle(5, seed=0).batch(5).as_numpy_iterator())
    assert len(calls) == 5 and first == [0, 2, 4, 6, 8]
    assert sorted(second[0].tolist()) == first
    assert ds._node.plan() is not None  # the completed cache is a table: fast batches


def test_file_cache_streams_to_disk_and_back(tmp_path):
    path = tmp_path / "c"
    calls = []
    make = lambda: Dataset.from_generator(  # noqa: E731
        lambda: (calls.append(1) or (i, np.full(2, i, np.float32)) for i in range(4)),
        output_signature=(tf.TensorSpec((), tf.int64), tf.TensorSpec((2,), tf.float32))).cache(str(path))
    ds = make()
    it = iter(ds)
    next(it)
    del it  # an abandoned first pass leaves no cache file behind
    first = [(int(a), b.numpy().tolist()) for a, b in ds]
    calls.clear()
    again = [(int(a), b.numpy().tolist()) for a, b in make()]  # a new dataset reads the file
    assert first == again == [(i, [float(i)] * 2) for i in range(4)] and calls == []
    assert [p.name for p in tmp_path.iterdir()] == ["c.saessak-cache"]


# ---------------------------------------------------------------- more behaviour
def test_element_spec_of_map_does_not_run_the_pipeline():
    calls = []

    def gen():
        calls.append(1)
        yield np.zeros(3, np.float32)

    ds = Dataset.from_generator(gen, output_signature=tf.TensorSpec((None,), tf.float32))
    ds = ds.map(lambda x: tf.reduce_sum(x) * 2.0).batch(2)
    assert repr(ds.element_spec) == "TensorSpec(shape=(None,), dtype=tf.float32, name=None)"
    assert calls == []


def test_generator_may_yield_tensors_and_reused_buffers():
    buf = np.zeros(2, np.float32)

    def gen():
        for i in range(3):
            buf[:] = i  # the same array each time: the dataset must copy it
            yield buf, tf.constant(i)

    ds = Dataset.from_generator(gen, output_types=(tf.float32, tf.int32), output_shapes=((2,), ()))
    out = list(ds.batch(3).as_numpy_iterator())
    np.testing.assert_array_equal(out[0][0], [[0, 0], [1, 1], [2, 2]])
    assert out[0][1].dtype == np.int32


def test_counter_and_take_while_are_lazy():
    ds = Dataset.counter(5, 5).take_while(lambda x: x < 30)
    assert [int(v) for v in ds] == [5, 10, 15, 20, 25]
    assert int(ds.cardinality()) == saessak.data.UNKNOWN_CARDINALITY


def test_interleave_default_cycle_is_the_core_count(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    ds = Dataset.range(1, 4).interleave(lambda x: Dataset.from_tensors(x).repeat(2))
    assert [int(v) for v in ds] == [1, 2, 3, 1, 2, 3]


def test_reduce_and_single_element():
    total = Dataset.range(1, 5).batch(2).reduce(np.int64(0), lambda s, b: s + tf.reduce_sum(b))
    assert isinstance(total, saessak.Tensor) and int(total) == 10
    with pytest.raises(InvalidArgumentError, match="must match the initial state"):
        Dataset.range(3).reduce(0.0, lambda s, x: tf.cast(x, tf.int64))
    with pytest.raises(InvalidArgumentError, match="more than one element"):
        Dataset.range(2).get_single_element()


def test_zip_argument_errors():
    with pytest.raises(TypeError, match="Both `\\*args` and `datasets`"):
        Dataset.zip(Dataset.range(1), datasets=(Dataset.range(1),))
    with pytest.raises(TypeError, match="at least one dataset"):
        Dataset.zip()
    with pytest.raises(TypeError, match="use `tuple` instead"):
        Dataset.zip([Dataset.range(1)])


def test_padded_batch_unknown_rank_with_padded_shapes():
    ds = Dataset.from_generator(lambda: iter([[1], [1, 2, 3]]), output_types=tf.int32)
    out = list(ds.padded_batch(2, padded_shapes=[4]).as_numpy_iterator())
    np.testing.assert_array_equal(out[0], [[1, 0, 0, 0], [1, 2, 3, 0]])
    bad = Dataset.from_generator(lambda: iter([[[1]]]), output_types=tf.int32)
    with pytest.raises(InvalidArgumentError, match="has rank 1"):
        list(bad.padded_batch(1, padded_shapes=[4]))


def test_skip_and_repeat_on_plans_and_generic_agree():
    for build in (lambda d: d.skip(-1), lambda d: d.repeat(2).skip(5).take(4),
                  lambda d: d.take(0).repeat(), lambda d: d.shard(4, 3).repeat(2)):
        fast = [int(v) for v in build(Dataset.range(7))]
        slow = [int(v) for v in build(Dataset.range(7).map(lambda x: x))]
        assert fast == slow


def test_map_with_a_saessak_function():
    @tf.function
    def double(x):
        return x * 2.0

    ds = Dataset.from_tensor_slices(np.arange(6, dtype=np.float32).reshape(3, 2)).map(double)
    assert [v.numpy().tolist() for v in ds] == [[0.0, 2.0], [4.0, 6.0], [8.0, 10.0]]
    assert [v.numpy().tolist() for v in ds][1] == [4.0, 6.0]  # replayed trace, same answer
    assert repr(ds.element_spec) == "TensorSpec(shape=(2,), dtype=tf.float32, name=None)"

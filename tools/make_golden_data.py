"""Record TensorFlow's tf.data answers in tests/golden/data.json.

saessak.data promises tf.data's user-visible semantics: the elements of
deterministic pipelines (batch sizes and remainders, padding, unbatch,
take/skip/repeat/concatenate/enumerate/zip/filter/map/shard/interleave),
element structures and dtypes, ``element_spec`` and dataset reprs,
cardinalities (including INFINITE after ``repeat()`` and UNKNOWN after
``filter``), errors, and the *properties* of shuffled outputs (the numbers
themselves differ: TF draws from Philox, saessak from NumPy).  This tool runs
each case with the real TensorFlow; tests/data/test_dataset.py runs the same
code with ``tf`` bound to saessak and compares.

Each case is an id and a few statements that leave their answer in ``result``.
Answers are encoded by ``encode`` below (the test has the same encoder):
tensors as dtype/shape/value, NumPy arrays and scalars with their dtype,
tuples (with the namedtuple type name), lists, dicts in key order, Python
numbers, strings; an exception as its class name and which of ValueError,
TypeError, IndexError, StopIteration it is (``op_error`` for tf.errors).

Run it with TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_data.py
"""

import json
import os
import pathlib
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.autograph.set_verbosity(0)
OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "data.json"

SETUP = """\
import collections
D = tf.data.Dataset
R = D.range
def L(ds):
    return list(ds.as_numpy_iterator())
def C(ds):
    return int(ds.cardinality())
def U(ds):
    return ds.filter(lambda x: x >= 0)
def ragged(n):
    return R(1, n + 1).map(lambda x: tf.fill([x], x))
Pair = collections.namedtuple("Pair", "a b")
"""

CASES = [
    # ------------------------------------------------------------ sources and dtypes
    ("slices_list_int", "result = L(D.from_tensor_slices([1, 2, 3]))"),
    ("slices_list_float", "result = L(D.from_tensor_slices([1.5, 2.5]))"),
    ("slices_np_f64", "result = L(D.from_tensor_slices(np.array([1.0, 2.0])))"),
    ("slices_np_2d", "result = L(D.from_tensor_slices(np.arange(6).reshape(3, 2)))"),
    ("slices_big_int", "result = L(D.from_tensor_slices([1, 2**40]))"),
    ("slices_bool", "result = L(D.from_tensor_slices([True, False]))"),
    ("slices_tuple", "result = L(D.from_tensor_slices(([1, 2], [3.0, 4.0])))"),
    ("slices_list_of_arrays", "result = L(D.from_tensor_slices([np.array([1, 2]), np.array([3, 4])]))"),
    ("slices_dict_order", "result = L(D.from_tensor_slices({'b': [1, 2], 'a': [3, 4]}))"),
    ("slices_nested", "result = L(D.from_tensor_slices(({'x': [1, 2]}, ([3, 4], [5, 6]))))"),
    ("slices_namedtuple", "result = L(D.from_tensor_slices(Pair([1, 2], [3, 4])))"),
    ("slices_tensor", "result = L(D.from_tensor_slices(tf.constant([[1, 2], [3, 4]])))"),
    ("slices_empty_rows", "ds = D.from_tensor_slices(np.zeros((0, 3)))\nresult = (L(ds), C(ds), "
                          "repr(ds.element_spec))"),
    ("slices_mismatch_error", "result = D.from_tensor_slices(([1, 2], [3, 4, 5]))"),
    ("slices_scalar_error", "result = D.from_tensor_slices(3)"),
    ("slices_none_error", "result = D.from_tensor_slices(None)"),
    ("slices_ragged_error", "result = D.from_tensor_slices([[1, 2], [3]])"),
    ("from_tensors", "ds = D.from_tensors(([1, 2], 3.0))\nresult = (L(ds), C(ds), repr(ds.element_spec))"),
    ("range_1", "result = L(R(5))"),
    ("range_2", "result = L(R(2, 5))"),
    ("range_3", "result = L(R(2, 8, 3))"),
    ("range_neg", "result = L(R(5, 1, -2))"),
    ("range_empty", "result = (L(R(5, 1)), C(R(5, 1)))"),
    ("range_output_type", "result = (L(R(3, output_type=tf.float32)), repr(R(3, output_type=tf.int32)))"),
    ("range_zero_step_error", "result = R(0, 5, 0)"),
    ("range_no_args_error", "result = R()"),
    ("range_float_error", "result = R(0.5, 3)"),
    ("range_big_card", "result = C(R(2**62))"),
    ("counter", "result = (L(D.counter(3, 2).take(3)), C(D.counter()))"),
    ("gen_basic", "ds = D.from_generator(lambda: iter([1, 2, 3]), output_types=tf.int64)\n"
                  "result = (L(ds), C(ds), repr(ds.element_spec))"),
    ("gen_signature", "ds = D.from_generator(lambda: iter([([1, 2], 0.5), ([3], 1.5)]), "
                      "output_signature=(tf.TensorSpec((None,), tf.int32), tf.TensorSpec((), tf.float32)))\n"
                      "result = (L(ds), repr(ds.element_spec))"),
    ("gen_types_shapes", "ds = D.from_generator(lambda: iter([(1, [1.0, 2.0])]), output_types=(tf.int32, "
                         "tf.float32), output_shapes=((), (2,)))\nresult = (L(ds), repr(ds.element_spec))"),
    ("gen_dict", "result = L(D.from_generator(lambda: iter([{'a': 1, 'b': 2.0}]), "
                 "output_types={'b': tf.float32, 'a': tf.int64}))"),
    ("gen_args", "result = L(D.from_generator(lambda n: iter(range(n)), output_types=tf.int64, args=(3,)))"),
    ("gen_cast", "result = L(D.from_generator(lambda: iter([1.5, np.float64(2.5)]), "
                 "output_signature=tf.TensorSpec((), tf.int32)))"),
    ("gen_repeat", "result = L(D.from_generator(lambda: iter([1, 2]), output_types=tf.int32).repeat(2))"),
    ("gen_shape_error", "result = L(D.from_generator(lambda: iter([[1], [1, 2]]), "
                        "output_signature=tf.TensorSpec((1,), tf.int32)))"),
    ("gen_structure_error", "result = L(D.from_generator(lambda: iter([[1, 2]]), output_signature="
                            "(tf.TensorSpec((), tf.int32), tf.TensorSpec((), tf.int32))))"),
    ("gen_no_types_error", "result = D.from_generator(lambda: iter([1]))"),
    ("gen_not_callable_error", "result = D.from_generator(iter([1]), output_types=tf.int32)"),
    ("gen_both_error", "result = D.from_generator(lambda: iter([1]), output_types=tf.int32, "
                       "output_signature=tf.TensorSpec((), tf.int32))"),
    # ------------------------------------------------------------ batching
    ("batch_remainder", "result = L(R(10).batch(3))"),
    ("batch_drop", "result = L(R(10).batch(3, drop_remainder=True))"),
    ("batch_exact", "result = L(R(6).batch(3))"),
    ("batch_larger", "result = L(R(2).batch(5))"),
    ("batch_tuple", "result = L(D.from_tensor_slices((np.arange(5.0), np.arange(10).reshape(5, "
                    "2))).batch(2))"),
    ("batch_dict", "result = L(D.from_tensor_slices({'y': [1, 2, 3], 'x': [[1.0], [2.0], [3.0]]}).batch(2))"),
    ("batch_spec", "result = (repr(R(10).batch(3)), repr(R(10).batch(3, drop_remainder=True)))"),
    ("batch_spec_tuple", "result = repr(D.from_tensor_slices((np.zeros((4, 3)), [1, 2, 3, "
                         "4])).batch(2).element_spec)"),
    ("batch_batch", "result = L(R(8).batch(2).batch(2))"),
    ("batch_shapes_error", "result = L(D.from_generator(lambda: iter([[1], [1, 2]]), "
                           "output_types=tf.int32).batch(2))"),
    ("batch_zero_error", "result = R(3).batch(0)"),
    ("batch_float_error", "result = R(3).batch(1.5)"),
    ("batch_unknown_spec", "result = repr(D.from_generator(lambda: iter([[1]]), "
                           "output_types=tf.int32).batch(2).element_spec)"),
    ("padded_default", "ds = ragged(4).padded_batch(2)\nresult = (L(ds), repr(ds.element_spec))"),
    ("padded_shape", "ds = ragged(4).padded_batch(2, padded_shapes=[5])\nresult = (L(ds), "
                     "repr(ds.element_spec))"),
    ("padded_minus_one", "result = L(ragged(4).padded_batch(3, padded_shapes=[-1], "
                         "padding_values=np.int64(-7)))"),
    ("padded_drop", "ds = ragged(4).padded_batch(3, drop_remainder=True)\nresult = (L(ds), "
                    "repr(ds.element_spec))"),
    ("padded_tuple", "result = L(D.zip(ragged(4), R(4)).padded_batch(2, padding_values=(np.int64(9), "
                     "np.int64(0))))"),
    ("padded_tuple_shapes", "result = repr(D.zip(ragged(4), R(4)).padded_batch(2, padded_shapes=([4], "
                            "[])).element_spec)"),
    ("padded_one_value", "result = L(D.zip(ragged(2), R(2)).padded_batch(2, padding_values=np.int64(5)))"),
    ("padded_dict", "result = L(D.zip({'a': ragged(4), 'b': R(4)}).padded_batch(2, "
                    "padding_values={'a': np.int64(1), 'b': np.int64(2)}))"),
    ("padded_scalars", "result = L(R(5).padded_batch(2))"),
    ("padded_2d", "result = L(R(1, 3).map(lambda x: tf.ones([x, 3 - x], tf.int32)).padded_batch(2))"),
    ("padded_bool", "result = L(R(1, 3).map(lambda x: tf.fill([x], True)).padded_batch(2))"),
    ("padded_known_spec", "result = (repr(D.from_tensor_slices(np.zeros((4, 3, "
                          "2))).padded_batch(2).element_spec), "
                          "repr(D.from_tensor_slices(np.zeros((4, 3, 2))).padded_batch(2, "
                          "padded_shapes=[4, None]).element_spec))"),
    ("padded_too_small_error", "result = L(ragged(4).padded_batch(2, padded_shapes=[3]))"),
    ("padded_incompatible_error", "result = D.from_tensor_slices(np.zeros((4, 3, 2))).padded_batch(2, "
                                  "padded_shapes=[2, 2])"),
    ("padded_rank_error", "result = ragged(4).padded_batch(2, padded_shapes=[3, 3])"),
    ("padded_dtype_error", "result = ragged(4).padded_batch(2, padding_values=-1)"),
    ("padded_nonscalar_error", "result = ragged(2).padded_batch(2, padding_values=np.array([1, 2]))"),
    ("padded_unknown_rank_error", "result = D.from_generator(lambda: iter([[1]]), "
                                  "output_types=tf.int32).padded_batch(2)"),
    ("unbatch", "ds = R(10).batch(3).unbatch()\nresult = (L(ds), C(ds), repr(ds.element_spec))"),
    ("unbatch_drop_card", "result = C(R(10).batch(3, drop_remainder=True).unbatch())"),
    ("unbatch_tuple", "ds = D.from_tensors((np.arange(3), np.ones((3, 2)))).unbatch()\nresult = (L(ds), "
                      "C(ds), repr(ds.element_spec))"),
    ("unbatch_infinite_card", "result = C(D.from_tensors(np.arange(3)).repeat().unbatch())"),
    ("unbatch_scalar_error", "result = R(3).unbatch()"),
    ("unbatch_mismatch_error", "result = D.from_tensors((np.arange(3), np.arange(4))).unbatch()"),
    # ------------------------------------------------------------ take / skip / repeat / ...
    ("take", "result = (L(R(10).take(3)), L(R(3).take(10)), L(R(3).take(-1)), L(R(3).take(0)))"),
    ("skip", "result = (L(R(10).skip(7)), L(R(3).skip(10)), L(R(3).skip(-1)), L(R(3).skip(0)))"),
    ("repeat", "result = (L(R(3).repeat(2)), L(R(3).repeat(0)), L(R(3).repeat().take(7)))"),
    ("repeat_empty", "result = (L(R(0).repeat()), L(U(R(3)).filter(lambda x: x > 5).repeat().take(3)))"),
    ("repeat_skip_take", "result = L(R(3).repeat(2).skip(2).take(3))"),
    ("take_skip_batch", "result = L(R(20).skip(3).take(10).batch(4))"),
    ("repeat_batch", "result = L(R(5).repeat(3).batch(4))"),
    ("batch_repeat", "result = L(R(5).batch(2).repeat(2))"),
    ("shard", "result = (L(R(10).shard(3, 1)), C(R(10).shard(3, 1)), C(R(10).shard(3, 0)), "
              "C(R(2).shard(3, 2)))"),
    ("shard_batch", "result = L(R(20).shard(3, 2).batch(4))"),
    ("shard_error", "result = R(3).shard(2, 2)"),
    ("concatenate", "ds = R(3).concatenate(R(10, 12))\nresult = (L(ds), C(ds))"),
    ("concatenate_shapes", "result = (repr(D.from_tensors([1, 2]).concatenate(D.from_tensors([1, 2, "
                           "3])).element_spec), "
                           "repr(D.from_tensors([1, 2]).concatenate(D.from_tensors([[1, 2, "
                           "3]])).element_spec))"),
    ("concatenate_dtype_error", "result = R(2).concatenate(D.from_tensor_slices([1, 2]))"),
    ("concatenate_structure_error", "result = R(2).concatenate(D.zip(R(2), R(2)))"),
    ("enumerate", "ds = R(3).enumerate(5)\nresult = (L(ds), repr(ds.element_spec))"),
    ("enumerate_tuple", "result = L(D.zip(R(2), R(2)).enumerate())"),
    ("zip_tuple", "ds = D.zip((R(3), R(10, 20)))\nresult = (L(ds), C(ds))"),
    ("zip_args", "result = (L(D.zip(R(2), R(3))), repr(D.zip(R(2), R(3)).element_spec))"),
    ("zip_dict", "result = L(D.zip({'b': R(2), 'a': (R(3), R(4))}))"),
    ("zip_single", "result = repr(D.zip(R(2)).element_spec)"),
    ("zip_datasets_kw", "result = L(D.zip(datasets=(R(2), R(2).map(lambda x: x * 10))))"),
    ("zip_list_error", "result = D.zip([R(2), R(3)])"),
    ("zip_nondataset_error", "result = D.zip((R(2), 1))"),
    ("prefetch_cache", "ds = R(5).map(lambda x: x * 2).cache().prefetch(tf.data.AUTOTUNE)\n"
                       "result = (L(ds), L(ds), C(ds))"),
    ("cache_partial", "ds = R(5).map(lambda x: x + 1).cache()\nit = iter(ds)\nnext(it)\nresult = (L(ds), "
                      "L(ds))"),
    ("cache_shuffle_batch", "ds = R(6).map(lambda x: x * 3).cache()\nfirst = L(ds)\nresult = (first, "
                            "sorted(np.concatenate(L(ds.shuffle(6).batch(4))).tolist()))"),
    ("prefetch_error", "result = R(3).prefetch(-5)"),
    # ------------------------------------------------------------ map / filter / functional
    ("map_scalar", "result = L(R(4).map(lambda x: x * 2))"),
    ("map_tuple_unpack", "result = L(D.from_tensor_slices(([1, 2], [3, 4])).map(lambda a, b: a + b))"),
    ("map_star_args", "result = L(D.zip(R(2), R(2)).map(lambda *a: len(a)))"),
    ("map_dict_arg", "result = L(D.from_tensor_slices({'a': [1, 2]}).map(lambda d: d['a'] * 3))"),
    ("map_namedtuple_arg", "result = L(D.from_tensor_slices(Pair([1, 2], [3, 4])).map(lambda p: p.a + p.b))"),
    ("map_returns_list", "ds = R(3).map(lambda x: [x, x + 1])\nresult = (L(ds), repr(ds.element_spec))"),
    ("map_returns_nested_list", "ds = R(3).map(lambda x: ([x, x], x))\nresult = (L(ds), "
                                "repr(ds.element_spec))"),
    ("map_returns_python", "ds = R(2).map(lambda x: 1)\nresult = (L(ds), repr(ds.element_spec))"),
    ("map_returns_np_f64", "ds = R(2).map(lambda x: np.float64(1.5))\nresult = (L(ds), "
                           "repr(ds.element_spec))"),
    ("map_returns_dict", "ds = R(2).map(lambda x: {'z': x, 'a': (x, x * 2)})\nresult = (L(ds), "
                         "repr(ds.element_spec))"),
    ("map_cast", "ds = R(3).map(lambda x: tf.cast(x, tf.float32) / 2)\nresult = (L(ds), "
                 "repr(ds.element_spec))"),
    ("map_spec_batched", "result = repr(R(10).batch(3).map(lambda x: x * 2).element_spec)"),
    ("map_spec_reshape", "result = repr(R(12).batch(4).map(lambda x: tf.reshape(x, [2, -1])).element_spec)"),
    ("map_spec_range", "result = repr(R(3).map(lambda x: tf.range(x)).element_spec)"),
    ("map_spec_fill", "result = repr(R(1, 3).map(lambda x: tf.ones([x, 3 - x], tf.int32)).element_spec)"),
    ("map_spec_fixed", "result = repr(D.from_tensor_slices(np.zeros((4, 28, 28), "
                       "np.float32)).map(lambda x: tf.expand_dims(x, -1)).batch(2).element_spec)"),
    ("map_card", "result = (C(R(3).map(lambda x: x)), C(R(3).repeat().map(lambda x: x)))"),
    ("map_wrong_arity_error", "result = L(R(3).map(lambda a, b: a))"),
    ("map_batch", "result = L(R(7).map(lambda x: (x, -x)).batch(3))"),
    ("batch_map", "result = L(R(7).batch(3).map(lambda x: tf.reduce_sum(x)))"),
    ("filter", "ds = R(10).filter(lambda x: x % 3 == 0)\nresult = (L(ds), C(ds), repr(ds))"),
    ("filter_tuple", "result = L(D.zip(R(6), R(6, 12)).filter(lambda a, b: a + b > 10))"),
    ("filter_python_bool", "result = L(R(3).filter(lambda x: True))"),
    ("filter_batch", "result = L(R(20).filter(lambda x: x % 2 == 1).batch(4))"),
    ("filter_int_error", "result = L(R(3).filter(lambda x: x))"),
    ("filter_vector_error", "result = L(R(3).filter(lambda x: tf.fill([2], True)))"),
    ("take_while", "result = L(R(10).take_while(lambda x: x < 4))"),
    ("flat_map", "result = L(R(4).flat_map(lambda x: R(x)))"),
    ("flat_map_spec", "result = repr(R(4).flat_map(lambda x: D.from_tensors((x, tf.fill([2], "
                      "x)))).element_spec)"),
    ("interleave", "result = L(R(1, 4).interleave(lambda x: R(x * 10, x * 10 + 3), cycle_length=2, "
                   "block_length=2))"),
    ("interleave_doc", "result = L(R(1, 6).interleave(lambda x: D.from_tensors(x).repeat(6), "
                       "cycle_length=2, block_length=4))"),
    ("interleave_uneven", "result = L(R(1, 5).interleave(lambda x: R(x), cycle_length=3))"),
    ("reduce", "result = R(5).reduce(np.int64(0), lambda s, x: s + x)"),
    ("reduce_tuple_state", "result = R(5).reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, "
                           "s[1] * (x + 1)))"),
    ("reduce_tuple_element", "result = D.zip(R(3), R(3)).reduce(np.int64(0), lambda s, e: s + e[0] * e[1])"),
    ("reduce_dtype_error", "result = R(3).reduce(0, lambda s, x: s + x)"),
    ("apply", "result = L(R(6).apply(lambda ds: ds.batch(4)))"),
    ("get_single_element", "result = (R(1).get_single_element(), D.from_tensors((1, "
                           "2.0)).get_single_element())"),
    ("get_single_element_many_error", "result = R(2).get_single_element()"),
    ("get_single_element_empty_error", "result = R(0).get_single_element()"),
    # ------------------------------------------------------------ cardinality and len
    ("card_batch", "result = [C(R(10).batch(3)), C(R(10).batch(3, True)), C(R(10).repeat().batch(3)), "
                   "C(U(R(10)).batch(3)), C(R(0).batch(2)), C(R(3).repeat().batch(2, True))]"),
    ("card_repeat", "result = [C(R(10).repeat(3)), C(R(10).repeat()), C(R(0).repeat()), C(R(10).repeat(0)), "
                    "C(R(10).repeat(-1)), C(U(R(10)).repeat()), C(U(R(10)).repeat(2)), "
                    "C(U(R(3)).repeat(0))]"),
    ("card_take", "result = [C(R(10).take(3)), C(R(10).take(30)), C(R(10).take(-1)), "
                  "C(R(10).repeat().take(5)), "
                  "C(U(R(10)).take(5)), C(U(R(10)).take(0)), C(R(3).repeat().take(-1))]"),
    ("card_skip", "result = [C(R(10).skip(3)), C(R(10).skip(30)), C(R(10).skip(-1)), "
                  "C(R(10).repeat().skip(5)), "
                  "C(U(R(10)).skip(5)), C(U(R(3)).skip(-1)), C(R(3).repeat().skip(-1))]"),
    ("card_concat", "result = [C(R(10).concatenate(R(3))), C(R(10).concatenate(R(3).repeat())), "
                    "C(U(R(10)).concatenate(R(3).repeat())), C(U(R(10)).concatenate(R(3)))]"),
    ("card_zip", "result = [C(D.zip((R(10), R(3)))), C(D.zip(R(10), R(3).repeat())), "
                 "C(D.zip((R(10).repeat(), U(R(3))))), C(D.zip(R(3), U(R(2)))), C(D.zip(R(3).repeat(), "
                 "R(2).repeat()))]"),
    ("card_misc", "result = [C(R(3).enumerate()), C(U(R(3)).enumerate()), C(R(3).shuffle(2)), "
                  "C(R(3).cache()), "
                  "C(R(3).prefetch(1)), C(R(3).repeat().shard(2, 0)), C(U(R(3)).shard(2, 0)), "
                  "C(R(0).filter(lambda x: True))]"),
    ("card_functional", "result = [C(R(3).flat_map(lambda x: R(x))), C(R(3).interleave(lambda x: R(x), "
                        "cycle_length=1)), "
                        "C(R(3).take_while(lambda x: x < 2))]"),
    ("cardinality_tensor", "result = (R(3).cardinality(), tf.data.experimental.cardinality(R(3).repeat()))"),
    ("cardinality_constants", "result = (tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY, "
                              "tf.data.AUTOTUNE, "
                              "tf.data.experimental.AUTOTUNE, tf.data.experimental.INFINITE_CARDINALITY)"),
    ("len", "result = (len(R(10).batch(3)), len(D.from_tensor_slices(np.zeros((7, 2)))), bool(R(0)))"),
    ("len_infinite_error", "result = len(R(3).repeat())"),
    ("len_unknown_error", "result = len(U(R(3)))"),
    # ------------------------------------------------------------ iteration protocol and reprs
    ("iter_tensors", "result = [x for x in D.from_tensor_slices(([1, 2], [[1.0], [2.0]]))]"),
    ("iter_dict", "result = list(D.from_tensor_slices({'b': [1, 2], 'a': [3, 4]}))"),
    ("iter_next", "it = iter(R(2))\nresult = (next(it), next(it), repr(it.element_spec))"),
    ("iter_stop", "it = iter(R(1))\nnext(it)\nresult = next(it)"),
    ("iter_get_next_end", "it = iter(R(0))\nresult = it.get_next()"),
    ("iter_twice", "ds = R(3)\nresult = (list(ds), list(ds))"),
    ("np_iter_types", "result = L(D.zip(R(2), R(2).batch(1)))"),
    ("repr_sources", "result = [repr(D.from_tensor_slices([1, 2])), repr(D.from_tensors(1.0)), repr(R(2))]"),
    ("repr_transforms", "ds = R(4)\nresult = [repr(ds.batch(2)), repr(ds.shuffle(2)), repr(ds.repeat()), "
                        "repr(ds.take(1)), "
                        "repr(ds.skip(1)), repr(ds.prefetch(1)), repr(ds.cache()), repr(ds.concatenate(ds)), "
                        "repr(ds.map(lambda x: x)), repr(ds.batch(2).unbatch()), repr(ds.padded_batch(2)), "
                        "repr(D.zip(ds, ds)), repr(ds.shard(2, 0)), repr(ds.enumerate())]"),
    ("spec_namedtuple", "result = repr(D.from_tensor_slices(Pair([1, 2], [3.0, 4.0])).element_spec)"),
    ("spec_nested_dict", "result = repr(D.from_tensor_slices({'z': ([1], [2.0]), 'a': {'q': np.zeros((1, "
                         "2), np.float16)}}).element_spec)"),
    # ------------------------------------------------------------ shuffle semantics (properties)
    ("shuffle_buffer_one", "result = (L(R(10).shuffle(1)), L(R(10).shuffle(1, seed=3).batch(4)))"),
    ("shuffle_is_permutation", "result = [sorted(L(R(50).shuffle(b, seed=s))) == list(range(50)) "
                               "for b in (2, 7, 50, 1000) for s in (1, 2)]"),
    ("shuffle_batch_permutation", "out = L(D.from_tensor_slices((np.arange(20), "
                                  "np.arange(20) * 2)).shuffle(8, seed=1).batch(6))\n"
                                  "result = ([len(x) for x, _ in out], sorted(np.concatenate([x for x, "
                                  "_ in out]).tolist()) == list(range(20)), "
                                  "all((y == 2 * x).all() for x, y in out))"),
    ("shuffle_first_in_buffer", "result = all(int(next(iter(R(100).shuffle(5, "
                                "seed=s)))) < 5 for s in range(20))"),
    ("shuffle_window_bound", "outs = [L(R(60).shuffle(7, seed=s)) for s in range(10)]\n"
                             "result = all(o[i] < i + 7 for o in outs for i in range(60))"),
    ("shuffle_reshuffle", "ds = R(30).shuffle(30, seed=1)\nresult = (L(ds) != L(ds), "
                          "sorted(L(ds)) == list(range(30)))"),
    ("shuffle_no_reshuffle", "ds = R(30).shuffle(30, seed=1, reshuffle_each_iteration=False)\n"
                             "a = L(ds)\nresult = (a == L(ds), L(ds.repeat(2)) == a + a, "
                             "a != list(range(30)))"),
    ("shuffle_op_seed_repeatable", "result = L(R(30).shuffle(30, seed=3)) == L(R(30).shuffle(30, seed=3))"),
    ("shuffle_global_seed", "tf.random.set_seed(5)\na = (L(R(30).shuffle(30)), L(R(30).shuffle(30)))\n"
                            "tf.random.set_seed(5)\nb = (L(R(30).shuffle(30)), L(R(30).shuffle(30)))\n"
                            "result = (a == b, a[0] != a[1])"),
    ("shuffle_repeat_epochs", "out = L(R(10).shuffle(10, seed=2).repeat(3))\n"
                              "result = [sorted(out[i:i + 10]) == list(range(10)) for i in (0, 10, 20)]"),
    ("repeat_shuffle_multiset", "out = L(R(10).repeat(3).shuffle(8, seed=2))\n"
                                "result = sorted(out) == sorted(list(range(10)) * 3)"),
    ("shuffle_unknown_buffer", "result = sorted(L(R(5).shuffle(tf.data.UNKNOWN_CARDINALITY))) == list(range(5))"),
    ("shuffle_zero_error", "result = R(3).shuffle(0)"),
    ("shuffle_generator", "out = L(D.from_generator(lambda: iter(range(40)), "
                          "output_types=tf.int64).shuffle(6, seed=4))\n"
                          "result = (sorted(out) == list(range(40)), "
                          "all(out[i] < i + 6 for i in range(40)))"),
]


def encode(value):
    """A JSON-able description of a result (the test file has the same function)."""
    if isinstance(value, tf.Tensor):
        a = value.numpy()
        return {"tensor": a.dtype.name, "shape": list(a.shape), "value": np.asarray(a).tolist()}
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


def encode_error(exc):
    bases = [b.__name__ for b in (ValueError, TypeError, IndexError, StopIteration) if isinstance(exc, b)]
    return {"error": type(exc).__name__, "op_error": isinstance(exc, tf.errors.OpError), "bases": bases}


def run(code):
    namespace = {"tf": tf, "np": np}
    exec(SETUP, namespace)  # noqa: S102 - our own statements
    try:
        exec(code, namespace)  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - errors are part of the record
        return encode_error(exc)
    return encode(namespace["result"])


def main():
    cases = []
    for case_id, code in CASES:
        cases.append({"id": case_id, "code": code, "expected": run(code)})
    record = {"tensorflow": tf.__version__, "setup": SETUP, "cases": cases}
    OUT.write_text(json.dumps(record, indent=1) + "\n", "utf-8")
    errors = sum("error" in c["expected"] for c in cases)
    print(f"wrote {len(cases)} cases ({errors} errors) to {OUT}")


if __name__ == "__main__":
    main()

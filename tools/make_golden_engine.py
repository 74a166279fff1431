"""Record TensorFlow's answers to small engine-level expressions in tests/golden/engine.json.

saessak promises TensorFlow's user-visible semantics: dtype inference and
strictness, integer division signs, reduction rules, activation values,
printing, gradients.  This tool asks the real TensorFlow and writes down what
it said; tests/test_golden_engine.py replays each case with ``tf`` bound to
saessak and compares.

Each case is an id and either an expression (``expr``) or a few statements
(``code``) that leave their answer in ``result``.  The answer is recorded as

- ``{"dtype", "shape", "value"}`` for a tensor (Variables included),
- ``{"str": text}`` for a string, ``{"none": true}`` for None,
- ``{"py": value}`` for a Python number or bool, ``{"list": [...]}`` for a list/tuple,
- ``{"error": ClassName, "op_error": bool, "bases": [...]}`` when TensorFlow raises
  (``op_error``: a ``tf.errors.OpError`` such as InvalidArgumentError; ``bases``:
  which of ValueError, TypeError, IndexError, KeyError, RuntimeError,
  AttributeError it is).

Run it with TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_engine.py
"""

import json
import os
import pathlib
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "engine.json"
ACT = 1e-5  # tolerance for transcendental functions (exp, log, tanh, erf...)


def _grad(setup, body, sources="x", convert=False):
    """Statements for one tape gradient: watch ``sources``, ``y = body``, differentiate."""
    grad = f"t.gradient(y, {sources})"
    if convert:  # TF returns IndexedSlices for gathers: densify for the record
        grad = f"tf.convert_to_tensor({grad})"
    return (f"{setup}\nwith tf.GradientTape() as t:\n    t.watch({sources})\n    y = {body}\n"
            f"result = {grad}")


# (id, source, rtol or None).  Sources with a newline are statements ending in `result = ...`.
CASES = [
    # ------------------------------------------------------------ constants: dtype inference
    ("const_int", "tf.constant(3)", None),
    ("const_float", "tf.constant(3.)", None),
    ("const_bool", "tf.constant(True)", None),
    ("const_big_int", "tf.constant(2**31)", None),
    ("const_list_big_int", "tf.constant([1, 2**40])", None),
    ("const_too_big_int", "tf.constant(2**63)", None),
    ("const_mixed_list", "tf.constant([1, 2.5])", None),
    ("const_nested", "tf.constant([[1, 2], [3, 4]])", None),
    ("const_empty", "tf.constant([])", None),
    ("const_np_float64", "tf.constant(np.array([1., 2.]))", None),
    ("const_np_int64", "tf.constant(np.array([1, 2]))", None),
    ("const_np_scalar_f64", "tf.constant(np.float64(1.5))", None),
    ("const_dtype_arg", "tf.constant(3, dtype=tf.float32)", None),
    ("const_float_to_int_error", "tf.constant(1.5, dtype=tf.int32)", None),
    ("const_shape_fill", "tf.constant(5, shape=[2, 2])", None),
    ("const_shape_reshape", "tf.constant([1, 2, 3, 4], shape=[2, 2])", None),
    ("convert_dtype", "tf.convert_to_tensor([1, 2], dtype=tf.float64)", None),
    ("convert_ragged_error", "tf.constant([[1, 2], [3]])", None),
    # ------------------------------------------------------------ binary ops: strictness, promotion
    ("add_int_float_error", "tf.constant(1) + tf.constant(1.)", None),
    ("add_f32_f64_error", "tf.constant(1.) * tf.constant(1., dtype=tf.float64)", None),
    ("add_tensor_pyfloat", "tf.constant(1.) + 2.5", None),
    ("add_pyfloat_tensor", "2.5 + tf.constant([1., 2.])", None),
    ("add_int_tensor_pyfloat_error", "tf.constant(1) + 2.5", None),
    ("add_int_tensor_pyint", "tf.constant([1, 2]) * 2", None),
    ("add_tensor_np_f64", "tf.constant([1., 2.]) + np.array([0.5, 0.25])", None),
    ("radd_np_f64_tensor", "np.array([0.5, 0.25]) + tf.constant([1., 2.])", None),
    ("add_broadcast", "tf.constant([1., 2.]) + tf.constant([[10.], [20.]])", None),
    ("add_broadcast_error", "tf.constant([1., 2., 3.]) + tf.constant([1., 2.])", None),
    ("abs_float", "abs(tf.constant([-1.5, 2.]))", None),
    ("maximum_scalar", "tf.maximum(tf.constant([1, 5]), 3)", None),
    ("squared_difference", "tf.math.squared_difference(tf.constant([1., 5.]), 2.)", None),
    ("eq_elementwise", "tf.constant([1, 2, 3]) == 2", None),
    ("less", "tf.constant([1, 2]) < tf.constant([2, 1])", None),
    ("greater_equal_scalar", "tf.constant([1., 2.]) >= 1.5", None),
    ("logical_and_op", "tf.constant([True, True]) & tf.constant([True, False])", None),
    ("invert_bool", "~tf.constant([True, False])", None),
    # ------------------------------------------------------------ division
    ("truediv_int", "tf.constant(3) / tf.constant(2)", None),
    ("truediv_int64", "tf.constant(3, dtype=tf.int64) / 2", None),
    ("truediv_int16", "tf.constant([3], dtype=tf.int16) / tf.constant([2], dtype=tf.int16)", None),
    ("truediv_float", "tf.constant(3.) / 2", None),
    ("truediv_by_zero_int", "tf.constant([1, -1, 0]) / 0", None),
    ("truediv_by_zero_float", "tf.constant([1., -1.]) / 0.", None),
    ("floordiv_pos_neg", "tf.constant(7) // tf.constant(-2)", None),
    ("floordiv_float", "tf.constant(-7.5) // 2.", None),
    ("floordiv_vec", "tf.constant([7, -7, 7, -7]) // tf.constant([2, 2, -2, -2])", None),
    ("floordiv_zero_int", "tf.constant(7) // 0", None),
    ("floormod_int_neg_divisor", "tf.constant(7) % -2", None),
    ("floormod_int_neg_dividend", "tf.constant(-7) % 2", None),
    ("floormod_float", "tf.constant(7.) % -2.", None),
    ("floormod_float_vec", "tf.math.floormod(tf.constant([-7.5, 7.5]), 2.)", None),
    ("floormod_vec", "tf.constant([7, -7, 7, -7]) % tf.constant([3, 3, -3, -3])", None),
    ("truncatediv", "tf.truncatediv(tf.constant([7, -7]), tf.constant([2, 2]))", None),
    ("truncatemod", "tf.truncatemod(tf.constant([7, -7]), tf.constant([2, 2]))", None),
    # ------------------------------------------------------------ pow
    ("pow_int", "tf.constant(2) ** 10", None),
    ("pow_int_negative_error", "tf.constant(2) ** -1", None),
    ("pow_float", "tf.constant(2.) ** 0.5", None),
    ("pow_neg_base_frac", "tf.constant(-8.) ** (1 / 3)", None),
    ("pow_int_overflow", "tf.constant(3) ** 21", None),
    # ------------------------------------------------------------ reductions
    ("sum_all", "tf.reduce_sum(tf.constant([[1, 2], [3, 4]]))", None),
    ("sum_axis0", "tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=0)", None),
    ("sum_axis_neg", "tf.reduce_sum(tf.constant([[1., 2.], [3., 4.]]), axis=-1)", None),
    ("sum_keepdims", "tf.reduce_sum(tf.constant([[1., 2.], [3., 4.]]), axis=1, keepdims=True)", None),
    ("sum_axes_list", "tf.reduce_sum(tf.ones([2, 3, 4]), axis=[0, 2])", None),
    ("sum_axis_oob", "tf.reduce_sum(tf.constant([1, 2]), axis=1)", None),
    ("sum_bool", "tf.reduce_sum(tf.constant([True, False]))", None),
    ("mean_int_trunc", "tf.reduce_mean(tf.constant([1, 2]))", None),
    ("mean_int_trunc_neg", "tf.reduce_mean(tf.constant([-1, -2]))", None),
    ("mean_float", "tf.reduce_mean(tf.constant([[1., 2.], [3., 5.]]), axis=0)", None),
    ("mean_empty", "tf.reduce_mean(tf.constant([], dtype=tf.float32))", None),
    ("max_axis1", "tf.reduce_max(tf.constant([[1, 5], [7, 2]]), axis=1)", None),
    ("max_empty", "tf.reduce_max(tf.constant([], dtype=tf.float32))", None),
    ("prod_axis0", "tf.reduce_prod(tf.constant([[1, 2], [3, 4]]), axis=0)", None),
    ("all", "tf.reduce_all(tf.constant([[True, False], [True, True]]), axis=0)", None),
    ("logsumexp", "tf.reduce_logsumexp(tf.constant([[1., 2., 3.], [1000., 1000., 0.]]), axis=1)", ACT),
    ("variance", "tf.math.reduce_variance(tf.constant([1., 2., 3., 4.]))", None),
    ("std", "tf.math.reduce_std(tf.constant([[1., 2.], [3., 5.]]), axis=1)", None),
    ("argmax_default", "tf.argmax(tf.constant([[1, 3], [4, 2]]))", None),
    ("argmax_int32", "tf.argmax(tf.constant([1., 3., 2.]), output_type=tf.int32)", None),
    ("argmax_ties", "tf.argmax(tf.constant([3, 1, 3]))", None),
    ("argmin", "tf.argmin(tf.constant([[1., 3.], [4., 0.]]), axis=-1)", None),
    # ------------------------------------------------------------ activations
    ("softmax_default", "tf.nn.softmax(tf.constant([[1., 2., 3.]]))", ACT),
    ("softmax_axis0", "tf.nn.softmax(tf.constant([[1., 2., 3.]]), axis=0)", ACT),
    ("softmax_axis0_2x2", "tf.nn.softmax(tf.constant([[1., 2.], [3., 5.]]), axis=0)", ACT),
    ("softmax_3d_axis1", "tf.nn.softmax(tf.reshape(tf.range(12.), [2, 3, 2]), axis=1)", ACT),
    ("softmax_large", "tf.nn.softmax(tf.constant([1000., 0., -1000.]))", ACT),
    ("softmax_int_error", "tf.nn.softmax(tf.constant([1, 2]))", None),
    ("log_softmax", "tf.nn.log_softmax(tf.constant([[1., 2., 3.], [0., 0., 100.]]))", ACT),
    ("sigmoid", "tf.sigmoid(tf.constant([-20., -1., 0., 1., 20.]))", ACT),
    ("tanh", "tf.tanh(tf.constant([-20., -1., 0., 0.5, 20.]))", ACT),
    ("relu", "tf.nn.relu(tf.constant([-2., 0., 3.]))", None),
    ("relu_int", "tf.nn.relu(tf.constant([-2, 0, 3]))", None),
    ("elu", "tf.nn.elu(tf.constant([-3., -1., 0., 2.]))", ACT),
    ("selu", "tf.nn.selu(tf.constant([-3., -1., 0., 2.]))", ACT),
    ("gelu", "tf.nn.gelu(tf.constant([-3., -1., 0., 0.5, 2.]))", ACT),
    ("gelu_approx", "tf.nn.gelu(tf.constant([-3., -1., 0., 0.5, 2.]), approximate=True)", ACT),
    ("softplus", "tf.nn.softplus(tf.constant([-100., -1., 0., 1., 100.]))", ACT),
    ("leaky_relu", "tf.nn.leaky_relu(tf.constant([-3., 0., 2.]))", None),
    ("log_zero", "tf.math.log(tf.constant([0., -1.]))", None),
    ("sqrt_neg", "tf.sqrt(tf.constant([4., -1.]))", None),
    ("sqrt_int_error", "tf.sqrt(tf.constant(4))", None),
    ("round_half_even", "tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5]))", None),
    # ------------------------------------------------------------ losses on logits
    ("sparse_ce", "tf.nn.sparse_softmax_cross_entropy_with_logits("
                  "labels=tf.constant([0, 2]), logits=tf.constant([[2., 1., 0.1], [0.5, 0.5, 3.]]))", ACT),
    ("sparse_ce_label_oob", "tf.nn.sparse_softmax_cross_entropy_with_logits("
                            "labels=tf.constant([3]), logits=tf.constant([[1., 2.]]))", None),
    ("dense_ce", "tf.nn.softmax_cross_entropy_with_logits("
                 "labels=tf.constant([[1., 0., 0.], [0.2, 0.3, 0.5]]), "
                 "logits=tf.constant([[2., 1., 0.1], [0.5, 0.5, 3.]]))", ACT),
    ("dense_ce_large", "tf.nn.softmax_cross_entropy_with_logits("
                       "labels=tf.constant([[0., 1.]]), logits=tf.constant([[1000., -1000.]]))", ACT),
    ("sigmoid_ce", "tf.nn.sigmoid_cross_entropy_with_logits("
                   "labels=tf.constant([0., 1., 0.5]), logits=tf.constant([-2., 3., 100.]))", ACT),
    # ------------------------------------------------------------ where, clip, cast, one_hot
    ("clip_by_value", "tf.clip_by_value(tf.constant([-2., 0.5, 3.]), 0., 1.)", None),
    ("where_select", "tf.where(tf.constant([True, False]), tf.constant([1., 2.]), tf.constant([3., 4.]))",
     None),
    ("where_broadcast", "tf.where(tf.constant([[True], [False]]), 1., tf.constant([5., 6.]))", None),
    ("where_indices", "tf.where(tf.constant([[True, False], [False, True]]))", None),
    ("where_dtype_error", "tf.where(tf.constant([True]), tf.constant([1]), tf.constant([1.]))", None),
    ("cast_float_int_trunc", "tf.cast(tf.constant([1.7, -1.7, 2.5, -0.5]), tf.int32)", None),
    ("cast_float_bool", "tf.cast(tf.constant([0., 0.5, -2.]), tf.bool)", None),
    ("cast_bool_float", "tf.cast(tf.constant([True, False]), tf.float32)", None),
    ("one_hot", "tf.one_hot(tf.constant([0, 2, -1, 5]), 3)", None),
    ("one_hot_values", "tf.one_hot([1, 0], 2, on_value=5, off_value=-1)", None),
    ("one_hot_axis0", "tf.one_hot([1, 0], 3, axis=0)", None),
    # ------------------------------------------------------------ shapes and movement
    ("concat_axis0", "tf.concat([tf.constant([[1, 2]]), tf.constant([[3, 4]])], axis=0)", None),
    ("concat_axis_neg", "tf.concat([tf.constant([[1, 2]]), tf.constant([[3]])], axis=-1)", None),
    ("concat_dtype_error", "tf.concat([tf.constant([1]), tf.constant([1.])], axis=0)", None),
    ("stack_axis1", "tf.stack([tf.constant([1, 2]), tf.constant([3, 4])], axis=1)", None),
    ("stack_shape_error", "tf.stack([tf.constant([1, 2]), tf.constant([3])])", None),
    ("transpose_default", "tf.transpose(tf.reshape(tf.range(6), [1, 2, 3]))", None),
    ("transpose_perm", "tf.transpose(tf.reshape(tf.range(6), [1, 2, 3]), perm=[0, 2, 1])", None),
    ("reshape_infer", "tf.reshape(tf.range(6), [-1, 2])", None),
    ("reshape_error", "tf.reshape(tf.range(6), [4, -1])", None),
    ("tile", "tf.tile(tf.constant([[1, 2]]), [2, 3])", None),
    ("pad_constant", "tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 2]], constant_values=9)", None),
    ("pad_reflect", "tf.pad(tf.constant([[1, 2, 3]]), [[0, 0], [2, 1]], mode='REFLECT')", None),
    ("gather", "tf.gather(tf.constant([10, 20, 30]), [2, 0, 2])", None),
    ("gather_axis1", "tf.gather(tf.constant([[1, 2, 3], [4, 5, 6]]), [2, 0], axis=1)", None),
    ("gather_oob", "tf.gather(tf.constant([10, 20, 30]), [3])", None),
    ("gather_nd", "tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]])", None),
    ("slice_getitem", "tf.reshape(tf.range(6), [2, 3])[1:, ::-1]", None),
    ("range_int", "tf.range(5)", None),
    ("range_float", "tf.range(0., 1., 0.25)", None),
    ("shape_op", "tf.shape(tf.zeros([2, 3]))", None),
    ("split", "tf.split(tf.range(6), 3)", None),
    ("boolean_mask", "tf.boolean_mask(tf.constant([1, 2, 3]), tf.constant([True, False, True]))", None),
    # ------------------------------------------------------------ matmul and friends
    ("matmul", "tf.matmul(tf.constant([[1., 2., 3.], [4., 5., 6.]]), tf.constant([[1., 0.], [0., 1.], "
               "[1., 1.]]))", None),
    ("matmul_op", "tf.constant([[1, 2], [3, 4]]) @ tf.constant([[5, 6], [7, 8]])", None),
    ("matmul_transpose_a", "tf.matmul(tf.constant([[1., 2.], [3., 4.]]), tf.constant([[1.], [2.]]), "
                           "transpose_a=True)", None),
    ("matmul_batched", "tf.matmul(tf.ones([2, 2, 3]), tf.ones([2, 3, 4]))", None),
    ("matmul_broadcast_batch", "tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 1]))", None),
    ("matmul_shape_error", "tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))", None),
    ("matmul_vector_error", "tf.matmul(tf.ones([3]), tf.ones([3]))", None),
    ("matmul_dtype_error", "tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], dtype=tf.float64))", None),
    ("cumsum", "tf.cumsum(tf.constant([1, 2, 3]))", None),
    ("cumsum_exclusive", "tf.cumsum(tf.constant([1., 2., 3.]), exclusive=True)", None),
    ("cumsum_reverse_axis1", "tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=1, reverse=True)", None),
    ("top_k_values", "tf.math.top_k(tf.constant([1., 5., 3., 5.]), k=2).values", None),
    ("top_k_indices", "tf.math.top_k(tf.constant([1., 5., 3., 5.]), k=2).indices", None),
    ("top_k_2d", "tf.math.top_k(tf.constant([[1, 3, 2], [6, 5, 4]])).indices", None),
    ("sort", "tf.sort(tf.constant([3, 1, 2]))", None),
    ("sort_desc", "tf.sort(tf.constant([[3., 1., 2.]]), direction='DESCENDING')", None),
    # ------------------------------------------------------------ printing
    ("shape_str", "str(tf.constant([[1, 2], [3, 4]]).shape)", None),
    ("shape_repr", "repr(tf.constant([[1, 2], [3, 4]]).shape)", None),
    ("shape_str_scalar", "str(tf.constant(1).shape)", None),
    ("shape_str_partial", "str(tf.TensorShape([None, 3]))", None),
    ("shape_repr_partial", "repr(tf.TensorShape([None, 3]))", None),
    ("dtype_repr", "repr(tf.constant(1.).dtype)", None),
    ("dtype_str", "str(tf.constant(1).dtype)", None),
    ("str_scalar_int", "str(tf.constant(3))", None),
    ("repr_scalar_int", "repr(tf.constant(3))", None),
    ("str_scalar_float", "str(tf.constant(2.5))", None),
    ("repr_scalar_float", "repr(tf.constant(2.5))", None),
    ("repr_scalar_float_third", "repr(tf.constant(1.) / 3.)", None),
    ("str_scalar_float_third", "str(tf.constant(1.) / 3.)", None),
    ("repr_scalar_float16_third", "repr(tf.constant(1., dtype=tf.float16) / 3.)", None),
    ("repr_variable_scalar_third", "repr(tf.Variable(tf.constant(1.) / 3.))", None),
    ("str_1d_int", "str(tf.constant([1, 2, 3]))", None),
    ("repr_1d_int", "repr(tf.constant([1, 2, 3]))", None),
    ("str_1d_float", "str(tf.constant([1., 2.5, 3.]))", None),
    ("repr_1d_float", "repr(tf.constant([1., 2.5, 3.]))", None),
    ("repr_1d_float64", "repr(tf.constant([0.1, 0.2], dtype=tf.float64))", None),
    ("repr_1d_bool", "repr(tf.constant([True, False]))", None),
    ("str_2d_int", "str(tf.constant([[1, 2], [3, 4]]))", None),
    ("repr_2d_int", "repr(tf.constant([[1, 2], [3, 4]]))", None),
    ("str_2d_float", "str(tf.constant([[1., 2.], [3., 4.5]]))", None),
    ("repr_2d_float", "repr(tf.constant([[1., 2.], [3., 4.5]]))", None),
    ("repr_int64", "repr(tf.constant([1, 2], dtype=tf.int64))", None),
    ("repr_variable_default", "repr(tf.Variable([1., 2.]))", None),
    ("str_variable_default", "str(tf.Variable([1., 2.]))", None),
    ("repr_variable_named", "repr(tf.Variable(3, name='v'))", None),
    ("repr_variable_2d", "repr(tf.Variable([[1, 2], [3, 4]], name='w'))", None),
    ("repr_variable_scalar_float", "repr(tf.Variable(0.5, name='lr'))", None),
    ("variable_value", "tf.Variable([[1., 2.]]) * 2.", None),
    ("variable_assign_add", "v = tf.Variable([1., 2.])\nv.assign_add([1., 1.])\nresult = v", None),
    ("variable_assign_int_list", "tf.Variable([1., 2.]).assign([1, 2])", None),
    ("bool_of_vector_error", "bool(tf.constant([1, 2]))", None),
    # ------------------------------------------------------------ gradients
    ("grad_cube", _grad("x = tf.constant(2.)", "x ** 3"), None),
    ("grad_sum_sq", _grad("x = tf.constant([1., -2., 3.])", "tf.reduce_sum(x * x)"), None),
    ("grad_variable", "v = tf.Variable(3.)\nwith tf.GradientTape() as t:\n    y = v * v + 2. * v\n"
                      "result = t.gradient(y, v)", None),
    ("grad_sparse_ce_logits", _grad(
        "x = tf.constant([[2., 1., 0.1], [0.5, 0.5, 3.]])",
        "tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits("
        "labels=tf.constant([0, 2]), logits=x))"),
     ACT),
    ("grad_dense_ce_logits", _grad(
        "x = tf.constant([[2., 1., 0.1]])",
        "tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant([[0.2, 0.3, 0.5]]), logits=x)"), ACT),
    ("grad_softmax", _grad("x = tf.constant([1., 2., 3.])", "tf.nn.softmax(x)[0]"), ACT),
    ("grad_log_softmax", _grad("x = tf.constant([[1., 2., 4.]])", "tf.nn.log_softmax(x)[:, 1]"), ACT),
    ("grad_matmul_both", _grad("a = tf.constant([[1., 2.], [3., 4.]])\n"
                               "b = tf.constant([[1., -1., 0.5], [2., 0., 1.]])",
                               "tf.reduce_sum(tf.matmul(a, b) ** 2)", "[a, b]"), None),
    ("grad_reduce_max_ties", _grad("x = tf.constant([1., 3., 3.])", "tf.reduce_max(x)"), None),
    ("grad_reduce_min_ties_axis", _grad("x = tf.constant([[1., 1.], [0., 2.]])",
                                        "tf.reduce_min(x, axis=1)"), None),
    ("grad_maximum_ties", _grad("a = tf.constant([1., 2.])\nb = tf.constant([1., 1.])",
                                "tf.maximum(a, b)", "[a, b]"), None),
    ("grad_relu_at_zero", _grad("x = tf.constant([-1., 0., 2.])", "tf.nn.relu(x)"), None),
    ("grad_sqrt", _grad("x = tf.constant([4., 0.])", "tf.sqrt(x)"), None),
    ("grad_where_nan_safe", _grad("x = tf.constant([0., 4.])", "tf.where(x > 0., tf.sqrt(x), 0.)"), None),
    ("grad_pow_zero_base", _grad("x = tf.constant([0., 2.])", "x ** 2."), None),
    ("grad_clip_bounds", _grad("x = tf.constant([-1., 0., 0.5, 1., 2.])", "tf.clip_by_value(x, 0., 1.)"),
     None),
    ("grad_cast", _grad("x = tf.constant([1.5, 2.5], dtype=tf.float64)",
                        "tf.reduce_sum(tf.cast(x, tf.float32) * 2.)"), None),
    ("grad_cast_to_int", _grad("x = tf.constant([1.5, 2.5])", "tf.cast(tf.cast(x, tf.int32), tf.float32)"),
     None),
    ("grad_gather", _grad("x = tf.constant([1., 2., 3.])", "tf.reduce_sum(tf.gather(x, [0, 0, 2]))",
                          convert=True), None),
    ("grad_broadcast_add", _grad("a = tf.constant([1., 2.])\nb = tf.constant(1.)",
                                 "(a + b) * tf.constant([[1., 1.], [2., 2.]])", "[a, b]"), None),
    ("grad_output_gradients", "x = tf.constant([1., 2.])\nwith tf.GradientTape() as t:\n    t.watch(x)\n"
                              "    y = x * 3.\n"
                              "result = t.gradient(y, x, output_gradients=tf.constant([1., -1.]))", None),
    ("grad_second_order", "x = tf.constant(2.)\nwith tf.GradientTape() as t2:\n    t2.watch(x)\n"
                          "    with tf.GradientTape() as t1:\n        t1.watch(x)\n        y = x ** 3\n"
                          "    dy = t1.gradient(y, x)\nresult = [dy, t2.gradient(dy, x)]", None),
    ("grad_second_order_tanh", "x = tf.constant(0.5)\nwith tf.GradientTape() as t2:\n    t2.watch(x)\n"
                               "    with tf.GradientTape() as t1:\n        t1.watch(x)\n"
                               "        y = tf.tanh(x)\n    dy = t1.gradient(y, x)\n"
                               "result = t2.gradient(dy, x)", ACT),
    ("grad_unconnected_none", _grad("x = tf.constant(1.)\nz = tf.constant(2.)", "z * 2."), None),
    ("grad_unconnected_zero", "x = tf.constant([1., 2.])\nwith tf.GradientTape() as t:\n    t.watch(x)\n"
                              "    y = tf.constant(3.)\nresult = t.gradient(y, x, "
                              "unconnected_gradients=tf.UnconnectedGradients.ZERO)", None),
    ("grad_int_source_none", _grad("x = tf.constant(2)", "x * x"), None),
    ("grad_persistent_twice", "x = tf.constant(3.)\nwith tf.GradientTape(persistent=True) as t:\n"
                              "    t.watch(x)\n    y = x * x\n    z = y * x\n"
                              "result = [t.gradient(y, x), t.gradient(z, x)]", None),
    ("grad_non_persistent_twice_error", _grad("x = tf.constant(3.)", "x * x") + "\nresult = t.gradient(y, x)",
     None),
    ("grad_variable_trainable_false", "v = tf.Variable(2., trainable=False)\n"
                                      "with tf.GradientTape() as t:\n    y = v * v\n"
                                      "result = t.gradient(y, v)", None),
]





_BUILTIN_ERRORS = (ValueError, TypeError, IndexError, KeyError, RuntimeError, AttributeError)


def encode(value):
    """The JSON form of one result."""
    if value is None:
        return {"none": True}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, (bool, int, float)):
        return {"py": value}
    if isinstance(value, (list, tuple)):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, (tf.Tensor, tf.Variable)):
        array = value.numpy()
        return {"dtype": value.dtype.name, "shape": list(array.shape),
                "value": np.asarray(array).tolist()}
    raise TypeError(f"cannot record a {type(value).__name__}: {value!r}")


def run(source):
    namespace = {"tf": tf, "np": np}
    if "\n" in source:
        exec(source, namespace)  # noqa: S102 - our own case list
        return namespace["result"]
    return eval(source, namespace)  # noqa: S307 - our own case list


def record(source):
    try:
        return encode(run(source))
    except Exception as exc:  # noqa: BLE001 - recording what TF raises is the point
        return {"error": type(exc).__name__,
                "op_error": isinstance(exc, tf.errors.OpError),
                "bases": [b.__name__ for b in _BUILTIN_ERRORS if isinstance(exc, b)]}


def main():
    ids = [c[0] for c in CASES]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        sys.exit(f"duplicate case ids: {sorted(dupes)}")
    cases = []
    for case_id, source, rtol in CASES:
        entry = {"id": case_id, ("code" if "\n" in source else "expr"): source, "expected": record(source)}
        if rtol is not None:
            entry["rtol"] = rtol
        cases.append(entry)
    doc = {"tensorflow": tf.__version__, "numpy": np.__version__,
           "note": "written by tools/make_golden_engine.py; do not edit by hand",
           "cases": cases}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

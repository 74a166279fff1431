"""Record Keras 3's reshaping, merging, regularization and activation layers in tests/golden/layers_core.json.

The test tests/keras/test_layers_core.py replays every case with saessak.keras
and compares.  What is recorded, per layer case:

* the eager output for fixed inputs (and fixed weights, for PReLU);
* the symbolic output shape for ``keras.Input`` placeholders (batch ``None``);
* ``keras.saving.serialize_keras_object(layer)`` after the eager call (config
  keys, defaults and build config);
* the losses the layer added (ActivityRegularization).

Plus the exact error messages of invalid arguments and incompatible shapes, and
the Lambda layer's config for a named function.

Run it with Keras 3 on TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_layers_core.py
"""

import json
import os
import pathlib
import warnings

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "layers_core.json"


def _sig(v, digits=8):
    return float(f"{float(v):.{digits}g}")


def _array(a):
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "value": [_sig(v) for v in a.astype(np.float64).reshape(-1)]}


_RNG = np.random.default_rng(1234)


def _input(shape):
    # Four decimals: both sides parse the same decimal into the same float32.
    return np.round(_RNG.standard_normal(shape), 4).astype(np.float32)


# (id, class name, constructor kwargs, input shapes (a list means a list of inputs),
#  symbolic input shapes (None = skip), weights)
CASES = [
    ("reshape", "Reshape", {"target_shape": (3, 4)}, (2, 12), (None, 12), None),
    ("reshape_infer", "Reshape", {"target_shape": (-1, 2)}, (2, 3, 4), (None, 3, 4), None),
    ("reshape_unknown", "Reshape", {"target_shape": (-1,)}, (2, 3, 4), (None, None, 4), None),
    ("permute", "Permute", {"dims": (2, 1)}, (2, 3, 4), (None, 3, 4), None),
    ("permute3", "Permute", {"dims": (3, 1, 2)}, (2, 3, 4, 5), (None, 3, None, 5), None),
    ("repeat_vector", "RepeatVector", {"n": 3}, (2, 4), (None, 4), None),
    ("identity", "Identity", {}, (2, 3), (None, 3), None),
    ("concatenate", "Concatenate", {}, [(2, 3), (2, 4)], [(None, 3), (None, 4)], None),
    ("concatenate_axis1", "Concatenate", {"axis": 1}, [(2, 2, 3), (2, 1, 3)],
     [(None, 2, 3), (None, 1, 3)], None),
    ("concatenate_unknown", "Concatenate", {"axis": 1}, [(2, 2, 3), (2, 1, 3)],
     [(None, None, 3), (None, 1, 3)], None),
    ("add", "Add", {}, [(2, 3), (2, 3), (2, 3)], [(None, 3), (None, 3), (None, 3)], None),
    ("add_broadcast", "Add", {}, [(2, 3, 4), (2, 1, 4)], [(None, 3, 4), (None, 1, 4)], None),
    ("add_ranks", "Add", {}, [(2, 3, 4), (2, 4)], [(None, 3, 4), (None, 4)], None),
    ("subtract", "Subtract", {}, [(2, 3), (2, 3)], [(None, 3), (None, 3)], None),
    ("multiply", "Multiply", {}, [(2, 3), (2, 3), (2, 3)], [(None, 3), (None, 3), (None, 3)], None),
    ("average", "Average", {}, [(2, 3), (2, 3), (2, 3)], [(None, 3), (None, 3), (None, 3)], None),
    ("maximum", "Maximum", {}, [(2, 3), (2, 3), (2, 3)], [(None, 3), (None, 3), (None, 3)], None),
    ("minimum", "Minimum", {}, [(2, 3), (2, 3)], [(None, 3), (None, 3)], None),
    ("dot", "Dot", {"axes": 1}, [(2, 3), (2, 3)], [(None, 3), (None, 3)], None),
    ("dot_axes", "Dot", {"axes": (1, 2)}, [(2, 3, 5), (2, 4, 3)], [(None, 3, 5), (None, 4, 3)], None),
    ("dot_normalize", "Dot", {"axes": -1, "normalize": True}, [(2, 4, 3), (2, 5, 3)],
     [(None, 4, 3), (None, 5, 3)], None),
    ("dot_rank3_2", "Dot", {"axes": (2, 1)}, [(2, 4, 3), (2, 3)], [(None, 4, 3), (None, 3)], None),
    ("activity_regularization", "ActivityRegularization", {"l1": 0.01, "l2": 0.02}, (4, 3),
     (None, 3), None),
    ("activity_regularization_default", "ActivityRegularization", {}, (2, 3), (None, 3), None),
    ("gaussian_noise", "GaussianNoise", {"stddev": 0.1, "seed": 3}, (2, 3), (None, 3), None),
    ("relu", "ReLU", {}, (3, 4), (None, 4), None),
    ("relu_options", "ReLU", {"max_value": 1.0, "negative_slope": 0.1, "threshold": 0.5}, (3, 4),
     (None, 4), None),
    ("relu6", "ReLU", {"max_value": 6.0}, (3, 4), (None, 4), None),
    ("leaky_relu", "LeakyReLU", {}, (3, 4), (None, 4), None),
    ("leaky_relu_slope", "LeakyReLU", {"negative_slope": 0.05}, (3, 4), (None, 4), None),
    ("prelu", "PReLU", {}, (2, 3, 4), (None, 3, 4), "alpha"),
    ("prelu_shared", "PReLU", {"shared_axes": [1], "alpha_initializer": "ones"}, (2, 3, 4),
     (None, 3, 4), "alpha"),
    ("prelu_shared_int", "PReLU", {"shared_axes": 2}, (2, 3, 4), (None, 3, 4), None),
    ("elu", "ELU", {}, (3, 4), (None, 4), None),
    ("elu_alpha", "ELU", {"alpha": 0.5}, (3, 4), (None, 4), None),
    ("softmax", "Softmax", {}, (3, 4), (None, 4), None),
    ("softmax_axis1", "Softmax", {"axis": 1}, (2, 3, 4), (None, 3, 4), None),
    ("softmax_axes", "Softmax", {"axis": [1, 2]}, (2, 3, 4), (None, 3, 4), None),
    ("softmax_axis_list1", "Softmax", {"axis": [1]}, (2, 3, 4), (None, 3, 4), None),
]


def _kwargs_json(kwargs):
    return {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}


def _run_case(case_id, cls_name, kwargs, in_shapes, sym_shapes, weights):
    cls = getattr(layers, cls_name)
    layer = cls(name=case_id, **kwargs)
    is_list = isinstance(in_shapes, list)
    inputs = [_input(s) for s in in_shapes] if is_list else _input(in_shapes)
    rec = {"id": case_id, "class_name": cls_name, "kwargs": _kwargs_json(kwargs),
           "inputs": [_array(x) for x in inputs] if is_list else _array(inputs), "list_input": is_list}
    if weights:
        layer.build(in_shapes)
        w = [np.round(_RNG.uniform(0.05, 0.5, v.shape), 4).astype(np.float32) for v in layer.weights]
        layer.set_weights(w)
        rec["weights"] = [_array(a) for a in w]
    out = layer(inputs)
    rec["output"] = _array(out)
    rec["weight_shapes"] = [list(v.shape) for v in layer.weights]
    rec["weight_paths"] = [v.path for v in layer.weights]
    rec["losses"] = [_sig(float(v)) for v in layer.losses]
    if cls_name == "GaussianNoise":
        noisy = np.asarray(layer(inputs, training=True))
        rec["training_differs"] = bool(np.any(noisy != inputs))
    rec["config"] = keras.saving.serialize_keras_object(layer)
    rec["config_json"] = json.dumps(rec["config"])  # keeps Keras's key order
    if sym_shapes is not None:
        fresh = cls(**kwargs)
        if is_list:
            sym = [keras.Input(batch_shape=s) for s in sym_shapes]
        else:
            sym = keras.Input(batch_shape=sym_shapes)
        y = fresh(sym)
        rec["symbolic"] = {"input_shapes": sym_shapes, "output_shape": list(y.shape),
                           "output_dtype": y.dtype}
    return rec


def _error(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - we record whatever Keras raises
        return {"type": type(exc).__name__, "message": str(exc)}
    return None


def _call_twice(layer, a, b):
    layer(a)
    layer(b)


def _errors():
    x23 = np.zeros((2, 3), np.float32)
    x24 = np.zeros((2, 4), np.float32)
    x33 = np.zeros((3, 3), np.float32)
    x234 = np.zeros((2, 3, 4), np.float32)
    x254 = np.zeros((2, 5, 4), np.float32)
    return {
        "reshape_size": _error(lambda: layers.Reshape((5,))(np.zeros((2, 3, 4), np.float32))),
        "reshape_divide": _error(lambda: layers.Reshape((-1, 5))(np.zeros((2, 3, 4), np.float32))),
        "reshape_two_unknown": _error(lambda: layers.Reshape((-1, -1))),
        "reshape_negative": _error(lambda: layers.Reshape((-2, 3))),
        "reshape_symbolic": _error(lambda: layers.Reshape((5,))(keras.Input((3, 4)))),
        "permute_dims": _error(lambda: layers.Permute((0, 1))),
        "permute_rank": _error(lambda: layers.Permute((2, 1))(x23)),
        "repeat_type": _error(lambda: layers.RepeatVector(2.0)),
        "repeat_value": _error(lambda: layers.RepeatVector(0)),
        "repeat_rank": _error(lambda: layers.RepeatVector(2)(x234)),
        "concatenate_mismatch": _error(lambda: layers.Concatenate()([x234, x254])),
        "concatenate_mismatch_symbolic": _error(
            lambda: layers.Concatenate(axis=1)([keras.Input((3, 4)), keras.Input((3, 5))])),
        "concatenate_ranks": _error(lambda: layers.Concatenate()([x23, x234])),
        "concatenate_not_list": _error(lambda: layers.Concatenate()(x23)),
        "merge_not_list": _error(lambda: layers.Add()(x23)),
        "merge_batch": _error(lambda: layers.Add()([x23, x33])),
        "merge_shapes": _error(lambda: layers.Add()([x23, x24])),
        "merge_shapes_symbolic": _error(lambda: layers.Add()([keras.Input((3,)), keras.Input((4,))])),
        "subtract_three": _error(lambda: layers.Subtract()([x23, x23, x23])),
        "dot_axes_type": _error(lambda: layers.Dot(axes="a")),
        "dot_axes_len": _error(lambda: layers.Dot(axes=(1, 2, 3))),
        "dot_axes_int": _error(lambda: layers.Dot(axes=(1, 1.5))),
        "dot_shapes": _error(lambda: layers.Dot(axes=1)([x23, x24])),
        "dot_three": _error(lambda: layers.Dot(axes=1)([x23, x23, x23])),
        "relu_max": _error(lambda: layers.ReLU(max_value=-1.0)),
        "relu_slope": _error(lambda: layers.ReLU(negative_slope=-0.1)),
        "relu_threshold": _error(lambda: layers.ReLU(threshold=None)),
        "leaky_relu_slope": _error(lambda: layers.LeakyReLU(negative_slope=-1)),
        "gaussian_noise_stddev": _error(lambda: layers.GaussianNoise(1.5)),
        "prelu_shape": _error(lambda: _call_twice(layers.PReLU(shared_axes=[1], name="prelu_twice"),
                                                  x234, np.zeros((2, 3, 5), np.float32))),
    }


def _lambda_records():
    def scaled(x, scale=2.0):
        return x * scale

    x = _input((2, 3))
    out = {}
    layer = layers.Lambda(scaled, arguments={"scale": 3.0}, name="lam")
    out["named"] = {"input": _array(x), "output": _array(layer(x)),
                    "config": keras.saving.serialize_keras_object(layer)}
    layer = layers.Lambda(scaled, output_shape=(5,), name="lam_shape")
    out["output_shape_tuple"] = {"config": keras.saving.serialize_keras_object(layer),
                                 "symbolic": list(layer(keras.Input((3,))).shape)}
    square = layers.Lambda(lambda t: t ** 2, name="square")
    out["lambda"] = {"input": _array(x), "output": _array(square(x)),
                     "config": keras.saving.serialize_keras_object(square)}
    cfg = square.get_config()
    out["safe_mode_error"] = _error(lambda: layers.Lambda.from_config(dict(cfg)))
    y = layers.Lambda(lambda t: t[:, :2])(keras.Input((3,)))
    out["inferred_shape"] = list(y.shape)
    return out


def main():
    cases = [_run_case(*c) for c in CASES]
    x = _input((2, 3))
    functional = {}
    for name in ("add", "subtract", "multiply", "average", "maximum", "minimum"):
        functional[name] = _array(getattr(layers, name)([x, x * 2.0]))
    functional["concatenate"] = _array(layers.concatenate([x, x * 2.0], axis=0))
    functional["dot"] = _array(layers.dot([x, x * 2.0], axes=1))
    logits = _input((2, 3, 4))
    mask = np.array([[1, 1, 0, 1], [0, 0, 0, 0], [1, 0, 1, 1]], bool)[None]
    softmax_mask = {"input": _array(logits), "mask": mask.tolist(),
                    "output": _array(layers.Softmax()(logits, mask=mask))}
    data = {"keras_version": keras.__version__, "cases": cases, "errors": _errors(),
            "softmax_mask": softmax_mask,
            "lambda": _lambda_records(), "functional": {"input": _array(x), "outputs": functional}}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()

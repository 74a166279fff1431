"""Record Keras 3's initializers, activations, regularizers and constraints in tests/golden/init_act.json.

The test tests/keras/test_initializers.py, test_activations.py and
test_regularizers_constraints.py replay every case with saessak.keras and
compare.  What is recorded:

* initializers: ``get_config()`` of each class (defaults and explicit
  arguments), the class each name resolves to, the fans Keras computes, exact
  values of the deterministic initializers, and for the random ones the
  statistics (mean, std, min, max) of a large Keras draw plus the limit or
  standard deviation from Keras's formula.  saessak draws from a different
  generator (PCG64, not Philox), so values are compared through statistics;
* activations: the output of every activation on fixed inputs;
* regularizers and constraints: their output on fixed weights and their configs.

Run it with Keras 3 on TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_init_act.py
"""

import json
import math
import os
import pathlib
import warnings

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.src.initializers import ALL_OBJECTS_DICT as INIT_NAMES  # noqa: E402
from keras.src.initializers.random_initializers import compute_fans  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "init_act.json"


def _sig(v, digits=8):
    return float(f"{float(v):.{digits}g}")


def _array(t, dtype=None):
    a = np.asarray(t)
    return {"dtype": str(a.dtype) if dtype is None else dtype, "shape": list(a.shape),
            "value": a.astype(np.float64).reshape(-1).tolist()}


# ---------------------------------------------------------------- initializers
INIT_CONFIGS = [
    ("Zeros", {}), ("Ones", {}), ("Constant", {}), ("Constant", {"value": 3.5}),
    ("Identity", {}), ("RandomNormal", {}), ("RandomNormal", {"mean": 1.0, "stddev": 2.0, "seed": 3}),
    ("RandomUniform", {}), ("RandomUniform", {"minval": -1, "maxval": 2, "seed": 5}),
    ("TruncatedNormal", {}), ("TruncatedNormal", {"mean": 0.5, "stddev": 0.1, "seed": 1}),
    ("VarianceScaling", {}), ("VarianceScaling", {"distribution": "normal"}),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_out", "distribution": "uniform", "seed": 1}),
    ("VarianceScaling", {"mode": "fan_avg", "distribution": "untruncated_normal",
                         "input_axes": [0], "output_axes": [1]}),
    ("GlorotUniform", {}), ("GlorotUniform", {"seed": 7}), ("GlorotNormal", {}), ("HeNormal", {}),
    ("HeUniform", {"seed": 2}), ("LecunNormal", {}), ("LecunUniform", {}), ("Orthogonal", {}),
    ("Orthogonal", {"gain": 2.0, "seed": 4}),
]

# (class_name, args, shape): large draws whose statistics saessak must reproduce.
INIT_STATS = [
    ("RandomNormal", {}, (256, 256)),
    ("RandomNormal", {"mean": 1.0, "stddev": 2.0}, (256, 256)),
    ("RandomUniform", {}, (256, 256)),
    ("RandomUniform", {"minval": -1.0, "maxval": 3.0}, (256, 256)),
    ("TruncatedNormal", {}, (256, 256)),
    ("TruncatedNormal", {"mean": 0.5, "stddev": 0.1}, (256, 256)),
    ("GlorotUniform", {}, (200, 300)),
    ("GlorotUniform", {}, (3, 3, 32, 64)),
    ("GlorotNormal", {}, (200, 300)),
    ("HeNormal", {}, (3, 3, 32, 64)),
    ("HeUniform", {}, (300, 200)),
    ("LecunNormal", {}, (300, 200)),
    ("LecunUniform", {}, (5, 40, 300)),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_out", "distribution": "untruncated_normal"},
     (300, 200)),
    ("VarianceScaling", {"scale": 0.5, "mode": "fan_avg", "distribution": "uniform"}, (65536,)),
    ("Orthogonal", {}, (256, 128)),
]

INIT_VALUES = [
    ("Zeros", {}, (2, 3), "float32"), ("Ones", {}, (2, 2), "int32"), ("Ones", {}, (), "float64"),
    ("Constant", {"value": 3.5}, (2, 2), "float32"), ("Constant", {"value": 2.7}, (3,), "int32"),
    ("Identity", {}, (3, 3), "float32"), ("Identity", {"gain": 2.0}, (2, 3), "float32"),
    ("Identity", {}, (3, 2), "float64"),
]

FAN_SHAPES = [(), (5,), (3, 4), (3, 3, 8, 16), (2, 5, 3, 4, 6), (7, 1, 9)]


def initializers():
    cls = keras.initializers
    out = {"configs": [], "names": {}, "fans": [], "stats": [], "values": [], "orthogonal": []}
    for name, args in INIT_CONFIGS:
        out["configs"].append({"class_name": name, "args": args,
                               "config": getattr(cls, name)(**args).get_config()})
    for name, obj in sorted(INIT_NAMES.items()):
        if "STFT" in name.upper():
            continue  # the STFT kernel initializer is not part of saessak
        out["names"][name] = obj.__name__
    for shape in FAN_SHAPES:
        out["fans"].append({"shape": list(shape), "fans": list(compute_fans(shape))})
    for name, args, shape in INIT_STATS:
        init = getattr(cls, name)(seed=11, **args)
        v = np.asarray(init(shape, dtype="float32"), dtype=np.float64)
        rec = {"class_name": name, "args": args, "shape": list(shape),
               "mean": _sig(v.mean()), "std": _sig(v.std()), "min": _sig(v.min()), "max": _sig(v.max())}
        if isinstance(init, cls.VarianceScaling):
            fan_in, fan_out = compute_fans(shape)
            n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[init.mode]
            variance = init.scale / max(1.0, n)
            rec["expected_std"] = math.sqrt(variance)
            if init.distribution == "uniform":
                rec["limit"] = math.sqrt(3 * variance)
            if init.distribution == "truncated_normal":
                rec["limit"] = 2 * math.sqrt(variance) / 0.87962566103423978
        out["stats"].append(rec)
    for name, args, shape, dtype in INIT_VALUES:
        out["values"].append({"class_name": name, "args": args,
                              **_array(getattr(cls, name)(**args)(shape, dtype=dtype), dtype)})
    for gain, shape in [(1.0, (4, 6)), (2.0, (6, 4)), (1.0, (3, 3, 4, 5)), (0.5, (2, 2, 5, 3))]:
        q = np.asarray(cls.Orthogonal(gain=gain, seed=1)(shape), dtype=np.float64)
        flat = q.reshape(-1, shape[-1])
        gram = flat @ flat.T if flat.shape[0] < flat.shape[1] else flat.T @ flat
        out["orthogonal"].append({"gain": gain, "shape": list(shape),
                                  "gram": np.round(gram, 5).tolist()})
    seeded, unseeded = cls.RandomNormal(seed=1), cls.GlorotUniform()
    out["repeatable"] = {
        "seeded_same_each_call": bool(np.array_equal(seeded((4, 4)), seeded((4, 4)))),
        "unseeded_same_each_call": bool(np.array_equal(unseeded((4, 4)), unseeded((4, 4)))),
        "two_unseeded_differ": not bool(np.array_equal(cls.GlorotUniform()((4, 4)),
                                                       cls.GlorotUniform()((4, 4)))),
    }
    out["serialize"] = [keras.initializers.serialize(cls.HeNormal(seed=3)),
                        keras.initializers.serialize(cls.Constant(2.0))]
    return out


# ---------------------------------------------------------------- activations
def activations():
    kinks = [-6.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0]
    x = np.concatenate([np.linspace(-7, 7, 31), kinks, [-20.0, 20.0, 1e-3, -1e-3]]).astype(np.float32)
    rng = np.random.default_rng(0)
    x2 = (rng.standard_normal((3, 4)) * 2).astype(np.float32)
    x3 = rng.standard_normal((2, 3, 4)).astype(np.float32)
    inputs = {"x": x, "x2": x2, "x3": x3, "x64": x.astype(np.float64)}
    a = keras.activations
    # (id, function name, kwargs, input)
    cases = [(n, n, {}, "x") for n in [
        "linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "hard_silu", "hard_swish", "tanh",
        "elu", "selu", "softplus", "softsign", "silu", "swish", "gelu", "leaky_relu", "exponential",
        "mish", "celu", "log_sigmoid", "tanh_shrink", "hard_tanh", "hard_shrink", "soft_shrink",
        "sparse_plus", "sparse_sigmoid", "squareplus"]]
    x = "x"
    cases += [
        ("relu_slope", "relu", {"negative_slope": 0.1}, x),
        ("relu_max", "relu", {"max_value": 4.0}, x),
        ("relu_max6", "relu", {"max_value": 6.0}, x),
        ("relu_threshold", "relu", {"threshold": 1.5}, x),
        ("relu_all", "relu", {"negative_slope": 0.3, "max_value": 5.0, "threshold": -1.0}, x),
        ("relu_slope_max", "relu", {"negative_slope": 0.25, "max_value": 2.5}, x),
        ("relu_slope_thr", "relu", {"negative_slope": 0.5, "threshold": 2.0}, x),
        ("elu_alpha", "elu", {"alpha": 0.5}, x), ("celu_alpha", "celu", {"alpha": 2.0}, x),
        ("gelu_approx", "gelu", {"approximate": True}, x),
        ("leaky_relu_05", "leaky_relu", {"negative_slope": 0.05}, x),
        ("hard_shrink_1", "hard_shrink", {"threshold": 1.0}, x),
        ("soft_shrink_2", "soft_shrink", {"threshold": 2.0}, x),
        ("squareplus_1", "squareplus", {"b": 1}, x),
        ("threshold", "threshold", {"threshold": 0.5, "default_value": -2.0}, x),
        ("softmax", "softmax", {}, "x2"), ("softmax_axis0", "softmax", {"axis": 0}, "x2"),
        ("softmax_axes", "softmax", {"axis": (1, 2)}, "x3"),
        ("softmax_3d", "softmax", {"axis": 1}, "x3"),
        ("log_softmax", "log_softmax", {}, "x2"), ("log_softmax_axis0", "log_softmax", {"axis": 0}, "x2"),
        ("log_softmax_axes", "log_softmax", {"axis": (0, 2)}, "x3"),
        ("glu", "glu", {}, "x2"), ("glu_axis0", "glu", {"axis": 0}, "x3"),
        ("relu_f64", "relu", {}, "x64"), ("gelu_f64", "gelu", {}, "x64"),
        ("mish_f64", "mish", {}, "x64"), ("hard_sigmoid_f64", "hard_sigmoid", {}, "x64"),
    ]
    out = {"inputs": {k: _array(v) for k, v in inputs.items()}, "cases": []}
    for cid, name, kwargs, inp in cases:
        y = getattr(a, name)(inputs[inp], **kwargs)
        out["cases"].append({"id": cid, "name": name, "kwargs": kwargs, "input": inp, **_array(y)})
    # sparsemax: only rows where the support has one element (Keras's TF backend sums the
    # running sums in its threshold, which is exact only then; saessak projects exactly).
    s_in = np.array([[1.0, 2.0, 3.0], [3.0, 1.0, -1.0], [0.0, 5.0, 1.0]], np.float32)
    out["sparsemax"] = {"input": _array(s_in), "output": _array(a.sparsemax(s_in))}
    out["names"] = {n: a.get(n).__name__ for n in sorted(keras.src.activations.ALL_OBJECTS_DICT)}
    out["serialize"] = {n: a.serialize(a.get(n)) for n in ["relu", "swish", "hard_swish", "softmax"]}
    return out


# ---------------------------------------------------------------- regularizers and constraints
def regularizers_constraints():
    rng = np.random.default_rng(1)
    w = (rng.standard_normal((4, 3)) * 1.5).astype(np.float32)
    r, c = keras.regularizers, keras.constraints
    regs = [("L1", {}), ("L1", {"l1": 0.3}), ("L2", {}), ("L2", {"l2": 0.05}), ("L1L2", {}),
            ("L1L2", {"l1": 0.01, "l2": 0.02}), ("OrthogonalRegularizer", {}),
            ("OrthogonalRegularizer", {"factor": 0.1, "mode": "columns"})]
    cons = [("MaxNorm", {}), ("MaxNorm", {"max_value": 0.5, "axis": 1}),
            ("MaxNorm", {"max_value": 1.0, "axis": [0, 1]}), ("NonNeg", {}), ("UnitNorm", {}),
            ("UnitNorm", {"axis": 1}), ("MinMaxNorm", {}),
            ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.5, "rate": 0.7, "axis": 1})]
    out = {"w": _array(w), "regularizers": [], "constraints": []}
    wt = keras.ops.convert_to_tensor(w)  # as a weight is (Keras's NumPy path of normalize differs)
    for name, args in regs:
        obj = getattr(r, name)(**args)
        out["regularizers"].append({"class_name": name, "args": args, "config": obj.get_config(),
                                    **_array(obj(wt))})
    for name, args in cons:
        obj = getattr(c, name)(**args)
        out["constraints"].append({"class_name": name, "args": args, "config": obj.get_config(),
                                   **_array(obj(wt))})
    out["regularizer_names"] = {n: type(r.get(n)).__name__ for n in ["l1", "l2", "l1l2", "L1L2",
                                                                     "orthogonal_regularizer"]}
    out["constraint_names"] = {n: type(c.get(n)).__name__ for n in ["max_norm", "non_neg", "unit_norm",
                                                                    "min_max_norm", "MaxNorm"]}
    out["serialize"] = [r.serialize(r.L2(0.1)), c.serialize(c.MaxNorm())]
    return out


def main():
    data = {"keras_version": keras.__version__, "initializers": initializers(),
            "activations": activations(), "regularizers_constraints": regularizers_constraints()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

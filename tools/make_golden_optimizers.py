"""Record Keras 3's optimizer updates and learning-rate schedules in tests/golden/optimizers.json.

tests/keras/test_optimizers.py replays every case with saessak.keras.optimizers
and compares: the optimizer's variables (paths, shapes, dtypes and values after
1 and after 10 steps), the trainable variables, ``get_config()``, and the
schedules' values at several steps.

Each optimizer case is a serialized optimizer (``{'class_name', 'config'}``,
given to ``optimizers.deserialize`` on both sides) plus options: ``none`` (names
of variables whose gradient is None at every step) and ``exclude`` (names given
to ``exclude_from_weight_decay(var_names=...)``).  The two variables are
``dense/kernel`` (2x3) and ``dense/bias`` (3,); gradients are a fixed float32
sequence stored in the file.

Run it with the real Keras 3 (TensorFlow backend) in a scratch virtualenv, never a
saessak dependency::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_optimizers.py
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
import tensorflow as tf  # noqa: E402
from keras import optimizers  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "optimizers.json"
STEPS = 10


def f32list(a):
    """Exact float32 values as Python floats (json keeps every digit needed)."""
    return [float(x) for x in np.asarray(a, dtype=np.float32).ravel()]


INIT = {
    "kernel": (np.linspace(-1.0, 1.0, 6).reshape(2, 3) + 0.1).astype(np.float32),
    "bias": np.array([0.5, -0.25, 0.75], np.float32),
}


def _grad(step, name):
    shape = INIT[name].shape
    i = np.arange(int(np.prod(shape)), dtype=np.float64) + (0 if name == "kernel" else 6)
    g = np.sin(1.3 * step + 0.7 * i + 0.2) * (0.5 + 0.4 * np.cos(0.9 * step + 0.3 * i))
    return g.reshape(shape).astype(np.float32)


GRADS = [{name: _grad(s, name) for name in INIT} for s in range(STEPS)]


def sched(name, **config):
    return {"module": "keras.optimizers.schedules", "class_name": name, "config": config,
            "registered_name": None}


def case(cid, cls, none=(), exclude=None, **config):
    return {"id": cid, "optimizer": {"class_name": cls, "config": dict(config, name=cid)},
            "none": list(none), "exclude": exclude}


CASES = [
    case("sgd", "SGD"),
    case("sgd_momentum", "SGD", learning_rate=0.1, momentum=0.9),
    case("sgd_nesterov", "SGD", learning_rate=0.1, momentum=0.9, nesterov=True),
    case("sgd_weight_decay", "SGD", learning_rate=0.1, weight_decay=0.05),
    case("sgd_exclude_bias", "SGD", exclude=["bias"], learning_rate=0.1, weight_decay=0.05),
    case("sgd_clipvalue", "SGD", learning_rate=0.1, clipvalue=0.3),
    case("sgd_none_bias", "SGD", none=["bias"], learning_rate=0.1, momentum=0.5),
    case("sgd_piecewise", "SGD", momentum=0.5,
         learning_rate=sched("PiecewiseConstantDecay", boundaries=[2, 5], values=[0.1, 0.05, 0.01])),
    case("sgd_ema_overwrite", "SGD", learning_rate=0.1, momentum=0.9, use_ema=True, ema_momentum=0.8,
         ema_overwrite_frequency=3),
    case("sgd_accumulate", "SGD", learning_rate=0.1, momentum=0.9, gradient_accumulation_steps=2),
    case("rmsprop", "RMSprop"),
    case("rmsprop_centered", "RMSprop", learning_rate=0.01, centered=True),
    case("rmsprop_momentum_centered", "RMSprop", learning_rate=0.01, momentum=0.5, centered=True),
    case("rmsprop_momentum", "RMSprop", learning_rate=0.01, rho=0.8, momentum=0.9),
    case("rmsprop_cosine_warmup", "RMSprop",
         learning_rate=sched("CosineDecay", initial_learning_rate=0.0, decay_steps=8,
                             warmup_target=0.02, warmup_steps=3)),
    case("adagrad", "Adagrad"),
    case("adagrad_custom", "Adagrad", learning_rate=0.1, initial_accumulator_value=0.5, epsilon=1e-5),
    case("adadelta", "Adadelta"),
    case("adadelta_custom", "Adadelta", learning_rate=1.0, rho=0.9, epsilon=1e-6),
    case("adam", "Adam"),
    case("adam_lr", "Adam", learning_rate=0.05, beta_1=0.8, beta_2=0.99),
    case("adam_amsgrad", "Adam", learning_rate=0.05, amsgrad=True),
    case("adam_clipnorm", "Adam", learning_rate=0.05, clipnorm=0.5),
    case("adam_global_clipnorm", "Adam", learning_rate=0.05, global_clipnorm=0.7),
    case("adam_clipvalue", "Adam", learning_rate=0.05, clipvalue=0.3),
    case("adam_weight_decay", "Adam", learning_rate=0.05, weight_decay=0.1),
    case("adam_ema", "Adam", learning_rate=0.05, use_ema=True, ema_momentum=0.9),
    case("adam_accumulate", "Adam", learning_rate=0.05, gradient_accumulation_steps=3),
    case("adam_loss_scale", "Adam", learning_rate=0.05, loss_scale_factor=4.0),
    case("adam_exponential", "Adam",
         learning_rate=sched("ExponentialDecay", initial_learning_rate=0.05, decay_steps=3,
                             decay_rate=0.5)),
    case("adam_none_bias", "Adam", none=["bias"], learning_rate=0.05),
    case("adamw", "AdamW"),
    case("adamw_amsgrad", "AdamW", learning_rate=0.05, weight_decay=0.1, amsgrad=True),
    case("adamax", "Adamax"),
    case("adamax_lr", "Adamax", learning_rate=0.05, beta_1=0.8),
    case("nadam", "Nadam"),
    case("nadam_lr", "Nadam", learning_rate=0.05, beta_2=0.99),
    case("nadam_none_bias", "Nadam", none=["bias"], learning_rate=0.05),
    case("lion", "Lion"),
    case("lion_weight_decay", "Lion", learning_rate=0.01, weight_decay=0.5, beta_1=0.8),
    case("lion_global_clipnorm", "Lion", learning_rate=0.01, global_clipnorm=0.5),
]

SCHEDULE_STEPS = [0, 1, 2, 3, 4, 5, 7, 10, 13, 15, 20, 30, 50, 100]
SCHEDULES = [
    sched("ExponentialDecay", initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5),
    sched("ExponentialDecay", initial_learning_rate=0.1, decay_steps=4, decay_rate=0.7, staircase=True),
    sched("InverseTimeDecay", initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5),
    sched("InverseTimeDecay", initial_learning_rate=0.2, decay_steps=3, decay_rate=1.5, staircase=True),
    sched("PiecewiseConstantDecay", boundaries=[3, 10], values=[1.0, 0.5, 0.1]),
    sched("PiecewiseConstantDecay", boundaries=[2.5, 7.9, 20], values=[0.4, 0.3, 0.2, 0.1]),
    sched("PolynomialDecay", initial_learning_rate=0.1, decay_steps=10),
    sched("PolynomialDecay", initial_learning_rate=0.1, decay_steps=10, end_learning_rate=0.01,
          power=0.5, cycle=True),
    sched("CosineDecay", initial_learning_rate=0.1, decay_steps=20),
    sched("CosineDecay", initial_learning_rate=0.1, decay_steps=20, alpha=0.1),
    sched("CosineDecay", initial_learning_rate=0.0, decay_steps=20, warmup_target=0.1,
          warmup_steps=5),
    sched("CosineDecay", initial_learning_rate=0.01, decay_steps=10, alpha=0.2, warmup_target=0.1,
          warmup_steps=4),
    sched("CosineDecayRestarts", initial_learning_rate=0.1, first_decay_steps=5),
    sched("CosineDecayRestarts", initial_learning_rate=0.1, first_decay_steps=4, t_mul=1.0, m_mul=0.5,
          alpha=0.05),
    sched("CosineDecayRestarts", initial_learning_rate=0.2, first_decay_steps=3, t_mul=1.5, m_mul=0.8),
]


def _snapshot(opt, variables):
    return {"optimizer": {v.path: f32list(v.numpy()) for v in opt.variables},
            "model": {v.path: f32list(v.numpy()) for v in variables.values()}}


def run_case(c):
    with keras.name_scope("dense"):
        variables = {n: keras.Variable(INIT[n], name=n) for n in INIT}
    opt = optimizers.deserialize(json.loads(json.dumps(c["optimizer"])))
    if c["exclude"]:
        opt.exclude_from_weight_decay(var_names=c["exclude"])
    out = {}
    for step in range(STEPS):
        pairs = [(None if n in c["none"] else tf.constant(GRADS[step][n]), variables[n]) for n in INIT]
        opt.apply_gradients(pairs)
        if step == 0:
            out["step1"] = _snapshot(opt, variables)
    out["step10"] = _snapshot(opt, variables)
    out["variables"] = [{"path": v.path, "name": v.name, "shape": list(v.shape), "dtype": v.dtype,
                         "trainable": bool(v.trainable)} for v in opt.variables]
    out["config"] = opt.get_config()
    return dict(c, **out)


def run_schedule(s):
    obj = optimizers.schedules.deserialize(dict(s))
    values = [float(obj(tf.constant(step, tf.int64)).numpy()) for step in SCHEDULE_STEPS]
    assert all(math.isfinite(v) for v in values), (s, values)
    return {"schedule": s, "values": values, "config": obj.get_config(),
            "serialized": optimizers.schedules.serialize(obj)}


def main():
    golden = {
        "keras_version": keras.__version__,
        "init": {n: {"shape": list(a.shape), "values": f32list(a)} for n, a in INIT.items()},
        "grads": [{n: f32list(g[n]) for n in INIT} for g in GRADS],
        "cases": [run_case(c) for c in CASES],
        "schedule_steps": SCHEDULE_STEPS,
        "schedules": [run_schedule(s) for s in SCHEDULES],
        "defaults": {name: optimizers.get(name).get_config() for name in
                     ["sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "adamax", "nadam",
                      "lion"]},
        "serialized": optimizers.serialize(optimizers.Adam(learning_rate=0.5, name="adam_s")),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(golden, indent=None, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(CASES)} optimizer cases, "
          f"{len(SCHEDULES)} schedules)")


if __name__ == "__main__":
    main()

"""saessak.keras.optimizers against Keras 3 (tests/golden/optimizers.json) and on its own.

The golden file, written by tools/make_golden_optimizers.py with the real Keras,
holds 1 and 10 update steps of every optimizer in several settings (momentum,
nesterov, amsgrad, centered, weight decay, clipping, EMA, gradient accumulation,
schedules, None gradients), the optimizer variables' paths/shapes/dtypes, the
configs and the schedules' values.  Values are compared to 1e-6 relative.
"""

import json
import pathlib
import re
import warnings

import numpy as np
import pytest

import saessak
from saessak.keras import optimizers
from saessak.keras.optimizers import schedules
from saessak.keras.variables import Variable

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "optimizers.json").read_text("utf-8"))
CASES = {c["id"]: c for c in GOLDEN["cases"]}
RTOL, ATOL = 1e-6, 1e-9


def _model_variables():
    out = {}
    for name, d in GOLDEN["init"].items():
        v = Variable(np.array(d["values"], np.float32).reshape(d["shape"]), name=name)
        v.path = f"dense/{name}"
        out[name] = v
    return out


def _grads(step, none=()):
    return {n: None if n in none else np.array(g, np.float32).reshape(GOLDEN["init"][n]["shape"])
            for n, g in GOLDEN["grads"][step].items()}


def _path(p):
    # Nadam's product variable is auto-named variable, variable_1...: the suffix depends on history.
    return re.sub(r"variable(_\d+)?$", "variable", p)


def _check_snapshot(opt, variables, snap, where):
    got = {_path(v.path): v.numpy() for v in opt.variables}
    assert list(got) == [_path(p) for p in snap["optimizer"]], where
    for p, expected in snap["optimizer"].items():
        np.testing.assert_allclose(np.ravel(got[_path(p)]), expected, rtol=RTOL, atol=ATOL,
                                   err_msg=f"{where}: {p}")
    for p, expected in snap["model"].items():
        np.testing.assert_allclose(variables[p.split("/")[1]].numpy().ravel(), expected, rtol=RTOL,
                                   atol=ATOL, err_msg=f"{where}: {p}")


@pytest.mark.parametrize("cid", list(CASES))
def test_golden_updates(cid):
    case = CASES[cid]
    variables = _model_variables()
    opt = optimizers.deserialize(json.loads(json.dumps(case["optimizer"])))
    if case["exclude"]:
        opt.exclude_from_weight_decay(var_names=case["exclude"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for step in range(10):
            grads = _grads(step, case["none"])
            opt.apply_gradients([(grads[n], variables[n]) for n in variables])
            if step == 0:
                _check_snapshot(opt, variables, case["step1"], f"{cid} step 1")
    _check_snapshot(opt, variables, case["step10"], f"{cid} step 10")
    assert int(opt.variables[0].numpy()) == 10  # the iteration counter, one per apply
    described = [{"path": _path(v.path), "name": _path(v.name), "shape": list(v.shape),
                  "dtype": v.dtype.name, "trainable": v.trainable} for v in opt.variables]
    expected = [dict(d, path=_path(d["path"]), name=_path(d["name"])) for d in case["variables"]]
    assert described == expected
    assert opt.get_config() == case["config"]


@pytest.mark.parametrize("index", range(len(GOLDEN["schedules"])))
def test_golden_schedules(index):
    s = GOLDEN["schedules"][index]
    schedule = schedules.deserialize(s["schedule"])
    values = [float(schedule(saessak.constant(t, dtype="int64"))) for t in GOLDEN["schedule_steps"]]
    np.testing.assert_allclose(values, s["values"], rtol=RTOL, atol=ATOL)
    assert schedule.get_config() == s["config"]
    assert schedules.serialize(schedule) == s["serialized"]
    assert type(schedule).from_config(schedule.get_config()).get_config() == s["config"]
    # A Python int step gives the same values (converted to int32 first, as Keras).
    assert float(schedule(3)) == pytest.approx(s["values"][GOLDEN["schedule_steps"].index(3)], rel=RTOL)


@pytest.mark.parametrize("name", list(GOLDEN["defaults"]))
def test_default_configs(name):
    expected = dict(GOLDEN["defaults"][name])
    opt = optimizers.get(name)
    got = opt.get_config()
    assert got.pop("name").startswith(expected.pop("name"))
    assert got == expected
    assert list(got) == list(expected)  # Keras's key order too
    assert type(optimizers.get(name.upper())) is type(opt)
    assert optimizers.get(opt) is opt


def test_serialize_roundtrip():
    assert optimizers.serialize(optimizers.Adam(learning_rate=0.5, name="adam_s")) == GOLDEN["serialized"]
    lr = schedules.ExponentialDecay(0.1, 10, 0.5)
    opt = optimizers.deserialize(optimizers.serialize(optimizers.SGD(learning_rate=lr, momentum=0.5)))
    assert isinstance(opt, optimizers.SGD) and isinstance(opt._learning_rate, schedules.ExponentialDecay)
    assert opt.get_config()["learning_rate"]["class_name"] == "ExponentialDecay"
    assert float(opt.learning_rate) == pytest.approx(0.1)
    again = optimizers.get({"class_name": "adamw", "config": {"learning_rate": 0.25}})
    assert isinstance(again, optimizers.AdamW) and again.get_config()["learning_rate"] == 0.25
    assert optimizers.get(None) is None


def test_get_errors():
    with pytest.raises(ValueError, match=r"identifier: adamm.*Did you mean 'adam'"):
        optimizers.get("adamm")
    with pytest.raises(ValueError, match=r"Did you mean 'rmsprop'"):
        optimizers.get({"class_name": "RMSProps", "config": {}})
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 3"):
        optimizers.get(3)
    with pytest.raises(ValueError, match="Could not interpret learning rate schedule.*ExponentialDecay"):
        schedules.deserialize({"class_name": "ExponentialDeca", "config": {}})


def test_constructor_errors():
    with pytest.raises(ValueError, match=r"learning_rate=1 \(write 1.0\)"):
        optimizers.SGD(learning_rate=1)
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        optimizers.Adam(clipnorm=1.0, clipvalue=0.5)
    with pytest.raises(ValueError, match=r"Argument\(s\) not recognized: \{'foo': 1\}"):
        optimizers.Adam(foo=1)
    with pytest.raises(ValueError, match=r"`momentum` must be a float between \[0, 1\]"):
        optimizers.SGD(momentum=1.5)
    with pytest.raises(ValueError, match="`beta_1` must be in the"):
        optimizers.Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="`weight_decay` must be a float"):
        optimizers.AdamW(weight_decay=None)
    with pytest.raises(ValueError, match="`ema_momentum` must be in the range"):
        optimizers.SGD(use_ema=True, ema_momentum=1.5)
    with pytest.raises(ValueError, match="`gradient_accumulation_steps` must be an integer >= 2"):
        optimizers.SGD(gradient_accumulation_steps=1)
    with pytest.raises(ValueError, match="`decay_steps` must be > 0"):
        schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="`first_decay_steps` must be > 0"):
        schedules.CosineDecayRestarts(0.1, -1)
    with pytest.raises(ValueError, match="boundaries should be 1 less than the length of values"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0, 0.5])
    with pytest.warns(UserWarning, match="`decay` is no longer supported"):
        optimizers.SGD(decay=0.1)


def test_apply_errors():
    v, w = Variable(np.ones(2, np.float32), name="v"), Variable(np.ones(2, np.float32), name="w")
    opt = optimizers.SGD()
    with pytest.raises(ValueError, match="must already be built"):
        opt.apply([np.ones(2, np.float32)])
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, v)])
    with pytest.raises(ValueError, match="Unknown variable: .*path=w"):
        opt.apply_gradients([(np.ones(2, np.float32), w)])
    with pytest.raises(ValueError, match="Received a list of 3 gradients.*tracking 1 trainable"):
        opt.apply([np.ones(2, np.float32)] * 3)
    with pytest.raises(ValueError, match=r"gradient for variable 'v' has shape=\(3,\).*shape=\(2,\)"):
        opt.apply_gradients([(np.ones(3, np.float32), v)])
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['w'\]"):
        opt2 = optimizers.SGD()
        opt2.apply_gradients([(np.ones(2, np.float32), v), (None, w)])
    sched_opt = optimizers.SGD(learning_rate=schedules.ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="its learning rate is not settable"):
        sched_opt.learning_rate = 0.3


def test_iterations_and_learning_rate_variables():
    v = Variable(np.ones(3, np.float32), name="v")
    opt = optimizers.Adam(learning_rate=0.01)
    assert opt.iterations.dtype == saessak.int64 and opt.iterations.path.endswith("/iteration")
    assert opt.learning_rate.dtype == saessak.float32 and opt.learning_rate.path.endswith("/learning_rate")
    opt.apply([np.ones(3, np.float32)], [v])
    opt.apply([np.ones(3, np.float32)])  # built: the variables may be left out
    assert int(opt.iterations.numpy()) == 2
    assert opt.apply_gradients([(np.ones(3, np.float32), v)]) is opt.iterations
    opt.learning_rate = 0.5
    assert float(opt.learning_rate.numpy()) == 0.5 and opt.get_config()["learning_rate"] == 0.5
    # Swapping in a schedule drops the learning_rate variable, as Keras does.
    opt.learning_rate = schedules.PolynomialDecay(0.1, 10)
    assert [p.split("/")[-1] for p in (x.path for x in opt.variables)][:2] == ["iteration", "v_momentum"]
    assert float(opt.learning_rate) == pytest.approx(0.1 - 0.0999 * 0.3)
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.1


def _copy(variables):
    out = {}
    for n, v in variables.items():
        out[n] = Variable(v.numpy(), name=n)
        out[n].path = v.path
    return out


@pytest.mark.parametrize("config", [
    {"class_name": "Adam", "config": {"learning_rate": 0.05, "clipnorm": 0.5, "weight_decay": 0.1,
                                      "amsgrad": True, "use_ema": True}},
    {"class_name": "Nadam", "config": {"learning_rate": 0.05, "global_clipnorm": 0.5}},
    {"class_name": "SGD", "config": {"momentum": 0.9, "nesterov": True, "gradient_accumulation_steps": 2,
                                     "learning_rate": {"class_name": "PiecewiseConstantDecay",
                                                       "config": {"boundaries": [1, 3],
                                                                  "values": [0.1, 0.05, 0.01]}}}},
    {"class_name": "RMSprop", "config": {"centered": True, "momentum": 0.5, "clipvalue": 0.3}},
    {"class_name": "Lion", "config": {"weight_decay": 0.1}},
])
def test_compiled_step_equals_eager(config):
    eager_vars = _model_variables()
    traced_vars = _copy(eager_vars)
    eager_opt = optimizers.deserialize(json.loads(json.dumps(config)))
    traced_opt = optimizers.deserialize(json.loads(json.dumps(config)))

    @saessak.function
    def step(gk, gb):
        traced_opt.apply_gradients([(gk, traced_vars["kernel"]), (gb, traced_vars["bias"])])

    for i in range(5):
        g = _grads(i)
        eager_opt.apply_gradients([(g["kernel"], eager_vars["kernel"]), (g["bias"], eager_vars["bias"])])
        step(g["kernel"], g["bias"])
        for a, b in zip(eager_opt.variables, traced_opt.variables):
            np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=f"step {i}: {a.path}")
        for n in eager_vars:
            np.testing.assert_array_equal(eager_vars[n].numpy(), traced_vars[n].numpy())
    assert step.experimental_get_tracing_count() == 1
    # float32 throughout: no constant captured by the compiled program is float64.
    (programs,) = step._cache.values()
    arrays = [x for x in programs[0]._fn.__globals__.values() if isinstance(x, np.ndarray)]
    assert arrays and all(a.dtype != np.float64 for a in arrays), [a.dtype for a in arrays]


def test_learning_rate_change_between_compiled_steps():
    v = Variable(np.zeros(2, np.float32), name="v")
    opt = optimizers.SGD(learning_rate=0.1)

    @saessak.function
    def step(g):
        opt.apply_gradients([(g, v)])

    g = np.array([1.0, -2.0], np.float32)
    step(g)
    np.testing.assert_allclose(v.numpy(), [-0.1, 0.2], rtol=1e-6)
    opt.learning_rate = 0.5
    step(g)
    np.testing.assert_allclose(v.numpy(), [-0.6, 1.2], rtol=1e-6)
    assert step.experimental_get_tracing_count() == 1
    assert int(opt.iterations.numpy()) == 2


def test_schedule_follows_iterations_in_compiled_step():
    v = Variable(np.zeros(1, np.float32), name="v")
    opt = optimizers.SGD(learning_rate=schedules.PiecewiseConstantDecay([1, 2], [1.0, 0.5, 0.25]))

    @saessak.function
    def step(g):
        opt.apply_gradients([(g, v)])

    for _ in range(4):
        step(np.ones(1, np.float32))
    # iterations 0, 1 -> 1.0; 2 -> 0.5; 3 -> 0.25
    np.testing.assert_allclose(v.numpy(), [-(1.0 + 1.0 + 0.5 + 0.25)], rtol=1e-6)
    assert step.experimental_get_tracing_count() == 1


@pytest.mark.parametrize("name, per_variable", [
    ("sgd", 1), ("rmsprop", 10), ("adagrad", 7), ("adadelta", 18), ("adam", 1), ("adamax", 11),
    ("nadam", 15), ("lion", 10), ("adamw", 3),
])
def test_ops_per_variable(name, per_variable):
    # The hot path: kernels plus in-place writes per extra variable in a compiled step (shared
    # per-step scalars such as Adam's bias correction are computed once, not per variable).
    def program_size(n):
        variables = [Variable(np.ones(4, np.float32), name=f"w{i}") for i in range(n)]
        opt = optimizers.get(name)

        @saessak.function
        def step(*grads):
            opt.apply(list(grads), variables)

        step(*[np.ones(4, np.float32)] * n)
        (source,) = step.experimental_get_program_source()
        return len(source.splitlines()) - 2  # minus the def and return lines

    assert (program_size(3) - program_size(1)) / 2 <= per_variable


def test_weights_roundtrip_and_ema_finalize():
    v = Variable(np.array([1.0, 2.0], np.float32), name="v")
    opt = optimizers.Adam(learning_rate=0.1, use_ema=True, ema_momentum=0.5)
    for _ in range(3):
        opt.apply_gradients([(np.array([1.0, -1.0], np.float32), v)])
    weights = opt.get_weights()
    store = {}
    opt.save_own_variables(store)
    assert [store[str(i)].tolist() for i in range(len(store))] == [w.tolist() for w in weights]
    fresh = optimizers.Adam(learning_rate=0.1, use_ema=True, ema_momentum=0.5)
    fresh.build([v])
    fresh.load_own_variables(store)
    for a, b in zip(opt.variables, fresh.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    with pytest.raises(ValueError, match="not compatible with provided weight shape"):
        fresh.set_weights([np.zeros(3)] * len(weights))
    average = opt._model_variables_moving_average[0].numpy()
    opt.finalize_variable_values([v])
    np.testing.assert_array_equal(v.numpy(), average)


def test_float64_variables_and_constraints():
    v = Variable(np.array([1.0, 2.0]), name="v", constraint=lambda x: saessak.clip_by_value(x, 0.0, 1.5))
    assert v.dtype == saessak.float64
    opt = optimizers.Adam(learning_rate=0.1)
    opt.apply_gradients([(np.array([1.0, -1.0], np.float32), v)])
    assert opt.variables[2].dtype == saessak.float64
    np.testing.assert_allclose(v.numpy(), [0.9, 1.5], rtol=1e-5)  # lr is float32

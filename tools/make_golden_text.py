"""Record Keras 3's exact text output in tests/golden/text.json.

saessak.keras promises Keras 3's user-visible text byte for byte: the
``Progbar`` redraws of ``fit(verbose=1)`` and ``verbose=2``, the
``model.summary()`` table (rendered by Keras with ``rich``), and the results of
``keras.utils.to_categorical`` / ``keras.utils.normalize``.  This tool runs the
real Keras 3.15 (TensorFlow backend) and writes down what it printed:

- ``progbar``: for each case, the constructor arguments, a scripted list of
  ``update``/``add`` calls each at a fixed fake clock time (``time.time`` in
  ``keras.src.utils.progbar`` is replaced by a fake clock), and the bytes each
  call wrote to a fake stdout whose ``isatty()`` is True.  ``plain`` is what
  saessak prints when stdout is *not* a terminal (a deliberate difference from
  Keras): nothing until the bar is finalized, then the final line once, without
  ANSI codes or ``\\b``/``\\r`` redraws.  It is derived here from Keras's own
  final line (its visible characters, without the padding spaces).
- ``summary``: for each case, the model-building code (run with ``keras`` bound
  to the real Keras here and to ``saessak.keras`` in the test), the terminal
  environment (``COLUMNS``, ``TERM``...), the ``summary()`` arguments, whether
  output went to ``print_fn`` or to a fake terminal stdout, and the exact text.
- ``numerical``: inputs and outputs (values and dtype) of ``to_categorical`` and
  ``normalize``.

Run it with TensorFlow 2.21 / Keras 3.15 in a scratch virtualenv (never a saessak
dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_text.py
"""

import io
import json
import os
import pathlib
import re
import sys
import warnings

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
for _var in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "COLORTERM", "PYCHARM_HOSTED"):
    os.environ.pop(_var, None)
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.src.utils import progbar as keras_progbar  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "text.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class FakeClock:
    now = 0.0

    @classmethod
    def time(cls):
        return cls.now


# ----------------------------------------------------------------------------- progbar
# Each call: [time, "update", current, values, finalize] or [time, "add", n, values].
PROGBAR_CASES = [
    {"id": "stateless_average", "kwargs": {"target": 5}, "start": 1000.0, "calls": [
        [1000.5, "update", 1, [["loss", 0.9]], None],
        [1000.52, "update", 2, [["loss", 0.8]], None],  # throttled: < interval since last draw
        [1000.9, "update", 3, [["loss", 0.7], ["acc", 0.5]], None],
        [1001.3, "update", 4, [["loss", 0.6], ["acc", 0.75]], None],
        [1001.7, "update", 5, [["loss", 0.5], ["acc", 1.0]], None]]},
    {"id": "progbar_logger_flow", "kwargs": {"target": 1500, "stateless_metrics": []},
     "start": 50.0, "calls": [
        [50.3, "update", 1, [["accuracy", 0.125], ["loss", 2.3021]], False],
        [51.0, "update", 700, [["accuracy", 0.7731], ["loss", 0.6612]], False],
        [51.01, "update", 701, [["accuracy", 0.7732], ["loss", 0.6611]], False],
        [51.8, "update", 1400, [["accuracy", 0.8512], ["loss", 0.4456]], False],
        [52.0, "update", 1500, [["accuracy", 0.8549], ["loss", 0.4377]], False],
        [52.0, "update", 1500, [["accuracy", 0.8549], ["loss", 0.4377],
                                ["val_accuracy", 0.8612], ["val_loss", 0.3921]], True]]},
    {"id": "small_and_negative_values", "kwargs": {"target": 3, "stateful_metrics": ["m"]},
     "start": 0.0, "calls": [
        [0.1, "update", 1, [["loss", 0.0005], ["m", -0.25], ["z", 0.0]], None],
        [0.2, "update", 2, [["loss", 0.0004], ["m", -0.0001], ["z", 0.0]], None],
        [0.3, "update", 3, [["loss", 0.001], ["m", 1e-9], ["z", -3.5]], None]]},
    {"id": "eta_formats", "kwargs": {"target": 10000}, "start": 100.0, "calls": [
        [101.0, "update", 1, None, None],
        [102.0, "update", 2, None, None],
        [10030.0, "update", 9930, None, None],
        [10090.0, "update", 9990, None, None],
        [10100.0, "update", 10000, None, None]]},
    {"id": "microseconds_per_step", "kwargs": {"target": 100000}, "start": 5.0, "calls": [
        [5.001, "update", 1, [["loss", 1.5]], None],
        [5.1, "update", 50000, [["loss", 1.25]], None],
        [5.2, "update", 100000, [["loss", 1.0]], None]]},
    {"id": "unknown_target", "kwargs": {"target": None}, "start": 10.0, "calls": [
        [10.2, "update", 1, [["loss", 3.0]], None],
        [10.4, "update", 2, [["loss", 1.0]], None],
        [10.6, "update", 3, [["loss", 2.0]], True]]},
    {"id": "verbose2", "kwargs": {"target": 19, "verbose": 2, "stateless_metrics": []},
     "start": 3.0, "calls": [
        [3.01, "update", 1, [["accuracy", 0.5], ["loss", 0.7]], False],
        [3.006, "update", 10, [["accuracy", 0.55], ["loss", 0.69]], False],
        [3.0075, "update", 19, [["accuracy", 0.5967], ["loss", -0.6658]], False],
        [3.0075, "update", 19, [["accuracy", 0.5967], ["loss", -0.6658]], True]]},
    {"id": "verbose2_stateless_seconds", "kwargs": {"target": 4, "verbose": 2}, "start": 0.0,
     "calls": [
        [1.0, "update", 1, [["loss", 4.0]], None],
        [2.5, "update", 2, [["loss", 2.0]], None],
        [4.0, "update", 4, [["loss", 1.0]], None]]},
    {"id": "add_steps", "kwargs": {"target": 6}, "start": 0.0, "calls": [
        [0.3, "add", 2, [["loss", 1.0]]],
        [0.6, "add", 2, [["loss", 0.5]]],
        [0.9, "add", 2, [["loss", 0.25]]]]},
    {"id": "width30_samples", "kwargs": {"target": 60000, "width": 30, "unit_name": "sample"},
     "start": 0.0, "calls": [
        [0.01, "add", 32, None],
        [0.5, "add", 32000, None],
        [1.4, "add", 27968, None]]},
    {"id": "target_one", "kwargs": {"target": 1}, "start": 7.0, "calls": [
        [9.6, "update", 1, [["loss", 0.123456]], None]]},
    {"id": "vector_and_int_metrics", "kwargs": {"target": 2, "stateless_metrics": []},
     "start": 0.0, "calls": [
        [0.5, "update", 1, [["f1", [0.5, 0.7, 0.9]], ["count", 3]], None],
        [1.0, "update", 2, [["f1", [0.25, 0.75]], ["count", 7]], None]]},
    {"id": "shrinking_line_and_interval0", "kwargs": {"target": 12, "interval": 0},
     "start": 0.0, "calls": [
        [0.001, "update", 1, [["loss", 123.25]], None],
        [0.002, "update", 2, [["loss", 0.5]], None],
        [100.0, "update", 3, [["loss", 0.5]], None],
        [100.5, "update", 11, [["loss", 0.5]], None],
        [100.6, "update", 12, [["loss", 0.5]], None]]},
    {"id": "verbose0_silent", "kwargs": {"target": 2, "verbose": 0}, "start": 0.0, "calls": [
        [1.0, "update", 1, [["loss", 1.0]], None],
        [2.0, "update", 2, [["loss", 1.0]], None]]},
]


def record_progbar(case):
    keras_progbar.time = FakeClock
    kwargs = dict(case["kwargs"])
    for key in ("stateful_metrics", "stateless_metrics"):
        if key in kwargs:
            kwargs[key] = set(kwargs[key])
    real = sys.stdout
    tty, plain = [], []
    try:
        FakeClock.now = case["start"]
        bar = keras.utils.Progbar(**kwargs)
        for call in case["calls"]:
            FakeClock.now = call[0]
            sys.stdout = FakeTTY()
            values = call[3]
            if call[1] == "update":
                current = call[2]
                finalize = call[4]
                if finalize is None:
                    finalize = bar.target is not None and current >= bar.target
                bar.update(call[2], values, finalize=call[4])
            else:
                current = bar._seen_so_far + call[2]
                finalize = bar.target is not None and current >= bar.target
                bar.add(call[2], values)
            written = sys.stdout.getvalue()
            tty.append(written)
            if bar.verbose == 1:
                if finalize:
                    visible = ANSI.sub("", written.rsplit("\r", 1)[1])
                    plain.append(visible[:bar._prev_total_width] + "\n")
                else:
                    plain.append("")
            else:
                plain.append(written)
    finally:
        sys.stdout = real
    return dict(case, tty=tty, plain=plain)


# ----------------------------------------------------------------------------- summary
MLP = """
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    keras.layers.Flatten(),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
"""
FIT = """
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(np.zeros((8, 28, 28), "float32"), np.zeros((8,), "int64"), epochs=1, batch_size=8,
          verbose=0)
"""
QUICKSTART = """
model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(10),
])
"""
KOREAN = """
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    keras.layers.Flatten(name="펼치기"),
    keras.layers.Dense(128, activation="relu", name="은닉층"),
    keras.layers.Dense(10, activation="softmax", name="출력"),
], name="패션 MNIST 모델")
"""
TWO_INPUTS = """
image = keras.Input(shape=(16,), name="image_features")
meta = keras.Input(shape=(8,), name="meta")
x = keras.layers.Dense(32, activation="relu", name="image_dense")(image)
y = keras.layers.Dense(8, activation="relu", name="meta_dense")(meta)
merged = keras.layers.Concatenate(name="concatenate")([x, y])
out = keras.layers.Dense(1, activation="sigmoid", name="score")(merged)
model = keras.Model(inputs=[image, meta], outputs=out, name="two_inputs")
"""
TWO_INPUTS_AUTO = """
a = keras.Input(shape=(16,))
b = keras.Input(shape=(8,))
merged = keras.layers.Concatenate()([keras.layers.Dense(32)(a), keras.layers.Dense(8)(b)])
model = keras.Model([a, b], keras.layers.Dense(1)(merged))
"""
SHARED = """
inp = keras.Input(shape=(4,), name="x")
shared = keras.layers.Dense(4, activation="tanh", name="shared")
h = shared(shared(inp))
out = keras.layers.Dense(2, name="head")(h)
model = keras.Model(inp, out, name="shared_twice")
"""
TWO_HEADS = """
inp = keras.Input(shape=(10,), name="features")
trunk = keras.layers.Dense(16, activation="relu", name="trunk")(inp)
left = keras.layers.Dense(3, activation="softmax", name="class_head")(trunk)
right = keras.layers.Dense(1, name="value_head")(trunk)
model = keras.Model(inputs=inp, outputs=[left, right], name="two_heads")
"""
LINEAR_FUNCTIONAL = """
inp = keras.Input(shape=(784,))
h = keras.layers.Dense(64, activation="relu")(inp)
model = keras.Model(inp, keras.layers.Dense(10)(h))
"""
UNBUILT = """
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
"""
EMPTY = """
model = keras.Sequential(name="empty")
"""
LONG_NAMES = """
model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(5, name="a_very_long_layer_name_that_cannot_fit_in_the_cell_at_all"),
    keras.layers.Dense(5, name="medium length name with spaces inside it"),
    keras.layers.Dropout(0.5, name="dropout_with_a_rather_long_name"),
    keras.layers.Dense(12345, name="wide"),
], name="names")
"""
FROZEN = """
model = keras.Sequential([
    keras.Input(shape=(6,)),
    keras.layers.Dense(4, name="frozen"),
    keras.layers.Dropout(0.1, name="drop"),
    keras.layers.Dense(2, name="trainable_head"),
], name="partly_frozen")
model.layers[0].trainable = False
"""
NESTED = """
inner = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4, name="inner_dense")],
                         name="inner")
model = keras.Sequential([keras.Input(shape=(8,)), inner, keras.layers.Dense(2, name="top")],
                         name="outer")
"""
FLOAT64 = """
model = keras.Sequential([keras.Input(shape=(1000,)),
                          keras.layers.Dense(1000, dtype="float64", name="big64"),
                          keras.layers.Dense(3000, name="big32")], name="sizes")
"""
SUBCLASSED = """
class TwoLayer(keras.Model):
    def __init__(self):
        super().__init__(name="two_layer")
        self.hidden = keras.layers.Dense(7, name="hidden")
        self.out = keras.layers.Dense(2, name="logits")

    def call(self, x):
        return self.out(self.hidden(x))

model = TwoLayer()
model(np.zeros((2, 5), "float32"))
"""
MULTI_OUTPUT = """
class Split(keras.layers.Layer):
    def call(self, x):
        return x[:, :2], x[:, 2:]

    def compute_output_shape(self, shape):
        return (shape[0], 2), (shape[0], shape[1] - 2)

inp = keras.Input(shape=(5,), name="inp")
a, b = Split(name="split")(inp)
model = keras.Model(inp, [keras.layers.Dense(1, name="da")(a), keras.layers.Dense(1, name="db")(b)],
                    name="multi_out")
"""
OUTSIDE_CALL = """
shared = keras.layers.Dense(3, name="shared")
a = keras.Input(shape=(4,), name="a")
b = keras.Input(shape=(4,), name="b")
ya = shared(a)
yb = shared(b)  # a call that is not part of the model below
model = keras.Model(a, [keras.layers.Dense(2, name="z")(ya), keras.layers.Dense(2, name="w")(ya)],
                    name="partial")
"""
BUILT_LATER = """
model = keras.Sequential([keras.layers.Dense(4, name="d1"), keras.layers.Dense(2, name="d2")])
model.build((None, 3))
"""
CALLED_ON_DATA = """
model = keras.Sequential([keras.layers.Dense(4, name="d1"), keras.layers.Dense(2, name="d2")])
model(np.zeros((2, 3), "float32"))
"""
FIT_UNBUILT = """
model = keras.Sequential([keras.layers.Dense(4, name="d1"), keras.layers.Dense(2, name="d2")])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((10, 3), "float32"), np.zeros((10, 2), "float32"), batch_size=5, verbose=0)
"""

# id, code, requires (saessak.keras attributes the test needs), env, mode, summary kwargs
SUMMARY_CASES = [
    ("mlp_80", MLP, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("mlp_200", MLP, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("mlp_fit_80", MLP + FIT, ["optimizers.Adam"], {"COLUMNS": "80"}, "print_fn", {}),
    ("mlp_compiled_not_fit", MLP + FIT.split("model.fit")[0], ["optimizers.Adam"],
     {"COLUMNS": "80"}, "print_fn", {}),
    ("quickstart_80", QUICKSTART, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("quickstart_120", QUICKSTART, [], {"COLUMNS": "120"}, "print_fn", {}),
    ("korean_80", KOREAN, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("korean_narrow_title", KOREAN, [], {"COLUMNS": "24"}, "print_fn", {"line_length": 60}),
    ("two_inputs_200", TWO_INPUTS, ["layers.Concatenate"], {"COLUMNS": "200"}, "print_fn", {}),
    ("two_inputs_80", TWO_INPUTS, ["layers.Concatenate"], {"COLUMNS": "80"}, "print_fn", {}),
    ("two_inputs_auto_80", TWO_INPUTS_AUTO, ["layers.Concatenate"], {"COLUMNS": "80"},
     "print_fn", {}),
    ("two_inputs_trainable_200", TWO_INPUTS, ["layers.Concatenate"], {"COLUMNS": "200"},
     "print_fn", {"show_trainable": True}),
    ("shared_200", SHARED, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("shared_80", SHARED, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("two_heads_200", TWO_HEADS, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("multi_output_200", MULTI_OUTPUT, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("tty_multi_output", MULTI_OUTPUT, [], {"COLUMNS": "90", "TERM": "xterm-256color"},
     "stdout_tty", {}),
    ("outside_call_200", OUTSIDE_CALL, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("linear_functional_80", LINEAR_FUNCTIONAL, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("unbuilt_80", UNBUILT, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("built_later_80", BUILT_LATER, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("called_on_data_80", CALLED_ON_DATA, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("fit_unbuilt_80", FIT_UNBUILT, ["optimizers.Adam"], {"COLUMNS": "80"}, "print_fn", {}),
    ("empty_80", EMPTY, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("long_names_80", LONG_NAMES, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("long_names_200", LONG_NAMES, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("line_length_100_on_80", QUICKSTART, [], {"COLUMNS": "80"}, "print_fn", {"line_length": 100}),
    ("line_length_100_on_200", QUICKSTART, [], {"COLUMNS": "200"}, "print_fn",
     {"line_length": 100}),
    ("line_length_50", QUICKSTART, [], {"COLUMNS": "200"}, "print_fn", {"line_length": 50}),
    ("positions_short", MLP, [], {"COLUMNS": "200"}, "print_fn",
     {"positions": [0.3, 0.5, 0.7]}),
    ("positions_absolute_like", MLP, [], {"COLUMNS": "200"}, "print_fn",
     {"line_length": 70, "positions": [0.5, 0.75, 0.9]}),
    ("trainable_80", FROZEN, [], {"COLUMNS": "80"}, "print_fn", {"show_trainable": True}),
    ("trainable_200", FROZEN, [], {"COLUMNS": "200"}, "print_fn", {"show_trainable": True}),
    ("layer_range", QUICKSTART, [], {"COLUMNS": "200"}, "print_fn",
     {"layer_range": ["dense", "dropout"]}),
    ("nested_80", NESTED, [], {"COLUMNS": "80"}, "print_fn", {}),
    ("nested_expanded_80", NESTED, [], {"COLUMNS": "80"}, "print_fn", {"expand_nested": True}),
    ("sizes_200", FLOAT64, [], {"COLUMNS": "200"}, "print_fn", {}),
    ("subclassed_80", SUBCLASSED, [], {"COLUMNS": "80"}, "print_fn", {}),
    # Output written straight to stdout: plain when not a terminal, ANSI colours on one.
    ("stdout_plain_80", MLP, [], {"COLUMNS": "80"}, "stdout_plain", {}),
    ("tty_256_100", MLP, [], {"COLUMNS": "100", "TERM": "xterm-256color"}, "stdout_tty", {}),
    ("tty_truecolor_trainable", FROZEN, [],
     {"COLUMNS": "100", "TERM": "xterm", "COLORTERM": "truecolor"}, "stdout_tty",
     {"show_trainable": True}),
    ("tty_standard_functional", SHARED, [], {"COLUMNS": "150", "TERM": "xterm"}, "stdout_tty", {}),
    ("tty_long_names", LONG_NAMES, [], {"COLUMNS": "80", "TERM": "xterm-256color"},
     "stdout_tty", {}),
    ("tty_no_color", MLP, [], {"COLUMNS": "80", "TERM": "xterm-256color", "NO_COLOR": "1"},
     "stdout_tty", {}),
    ("tty_dumb", MLP, [], {"COLUMNS": "80", "TERM": "dumb"}, "stdout_tty", {}),
    ("tty_fit", MLP + FIT, ["optimizers.Adam"], {"COLUMNS": "100", "TERM": "xterm-256color"},
     "stdout_tty", {}),
]


def _fresh_rich_styles():
    """Forget rich's cached styles: a Style keeps the ANSI codes of the first colour system it
    was rendered with, so without this a case's colours would depend on the cases before it
    (a fresh process, as a user has, renders with its own terminal's colour system)."""
    import rich.style  # noqa: PLC0415

    for name in dir(rich.style.Style):
        cached = getattr(getattr(rich.style.Style, name, None), "cache_clear", None)
        if cached is not None:
            cached()


def record_summary(case_id, code, requires, env, mode, kwargs):
    keras.utils.clear_session()
    _fresh_rich_styles()
    namespace = {"keras": keras, "np": np}
    exec(code, namespace)  # noqa: S102 - our own model-building snippets
    model = namespace["model"]
    saved = {k: os.environ.get(k) for k in ("COLUMNS", "TERM", "COLORTERM", "NO_COLOR")}
    for key in saved:
        os.environ.pop(key, None)
    os.environ.update(env)
    real = sys.stdout
    try:
        if mode == "print_fn":
            captured = []
            model.summary(print_fn=captured.append, **kwargs)
            calls = captured
        else:
            sys.stdout = FakeTTY() if mode == "stdout_tty" else io.StringIO()
            model.summary(**kwargs)
            calls = [sys.stdout.getvalue()]
    finally:
        sys.stdout = real
        for key, value in saved.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value
    return {"id": case_id, "code": code, "requires": requires, "env": env, "mode": mode,
            "kwargs": kwargs, "calls": calls}


# ----------------------------------------------------------------------------- numerical
CATEGORICAL_CASES = [
    ([0, 1, 2, 3], 4),
    ([0, 1, 2, 3], None),
    ([[0], [2], [1]], None),
    ([[0, 1], [2, 0]], 3),
    ([[[1]], [[0]]], None),
    (3, None),
    ([0.0, 1.9, 2.0], 3),
    ([2, -1, 0], 3),
    ([1, 0], 5),
]
NORMALIZE_CASES = [
    ([[3, 4]], -1, 2),
    ([[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]], -1, 2),
    ([[3.0, 4.0], [6.0, 8.0]], 0, 2),
    ([[1.0, -2.0, 2.0], [0.5, 0.5, 0.0]], 1, 1),
    ([3.0, 4.0], -1, 2),
    ([[[1.0, 2.0], [2.0, 1.0]], [[0.0, 3.0], [4.0, 0.0]]], 1, 2),
    ([[1.0, 2.0, 2.0]], -1, np.inf),
]


def record_numerical():
    cat = []
    for x, num_classes in CATEGORICAL_CASES:
        y = keras.utils.to_categorical(x, num_classes)
        cat.append({"x": x, "num_classes": num_classes, "dtype": str(y.dtype),
                    "shape": list(y.shape), "value": y.tolist()})
    norm = []
    for dtype in ("float32", "float64", None):
        for x, axis, order in NORMALIZE_CASES:
            arr = np.array(x) if dtype is None else np.array(x, dtype=dtype)
            y = keras.utils.normalize(arr, axis=axis, order=order)
            norm.append({"x": x, "in_dtype": str(arr.dtype), "axis": axis,
                         "order": "inf" if order == np.inf else order, "dtype": str(y.dtype),
                         "shape": list(y.shape), "value": [float(v) for v in y.ravel()]})
    # Tensor inputs take Keras's backend path: float32 results, epsilon instead of "norm 0 -> 1".
    import tensorflow as tf  # noqa: PLC0415

    cat_t = []
    for x, num_classes in [([[0], [2], [1]], 3), ([0, 3, 1], 4), ([2, 5, -1], 3)]:
        y = keras.utils.to_categorical(tf.constant(x), num_classes)
        cat_t.append({"x": x, "num_classes": num_classes, "dtype": y.dtype.name,
                      "shape": list(y.shape), "value": y.numpy().tolist()})
    norm_t = []
    for x, axis, order in [([[3.0, 4.0], [0.0, 0.0], [1.0, 2.0]], -1, 2), ([[1.0, -2.0], [3.0, 0.5]], 0, 2),
                           ([[1.0, -2.0, 2.0], [0.5, 0.5, 0.0]], 1, 1), (2.5, -1, 2),
                           ([[1e-9, 0.0]], -1, 2), ([[1e-9, 0.0]], -1, 1)]:
        y = keras.utils.normalize(tf.constant(x, dtype="float32"), axis=axis, order=order)
        norm_t.append({"x": x, "axis": axis, "order": order, "dtype": y.dtype.name,
                       "shape": list(y.shape), "value": [float(v) for v in y.numpy().ravel()]})
    return {"to_categorical": cat, "normalize": norm, "to_categorical_tensor": cat_t,
            "normalize_tensor": norm_t}


def main():
    golden = {
        "keras": keras.__version__,
        "note": "written by tools/make_golden_text.py; see its docstring",
        "progbar": [record_progbar(case) for case in PROGBAR_CASES],
        "summary": [record_summary(*case) for case in SUMMARY_CASES],
        "numerical": record_numerical(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

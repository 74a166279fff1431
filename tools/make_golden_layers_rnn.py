"""Record Keras 3's text, recurrent and attention layers in tests/golden/layers_rnn.json.

The tests tests/keras/test_layers_rnn.py and tests/keras/test_layers_attention.py
replay every case with saessak.keras and compare.  Recorded per layer case:

* the eager outputs (all of them: sequences, states, attention scores) for
  fixed inputs, fixed weights and, where the case has them, an explicit mask,
  initial states or call arguments;
* the weight paths and shapes (so Keras weight files load into saessak);
* ``keras.saving.serialize_keras_object(layer)`` after the call;
* the symbolic output shapes for ``keras.Input`` placeholders.

Plus a few models (Embedding(mask_zero) -> LSTM, Masking -> MultiHeadAttention)
and the exact error messages of invalid arguments.

Run it with Keras 3 on TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_layers_rnn.py
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

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "layers_rnn.json"
_RNG = np.random.default_rng(2024)


def _sig(v, digits=8):
    return float(f"{float(v):.{digits}g}")


def _array(a):
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "value": [_sig(v) if a.dtype.kind == "f" else int(v) for v in a.reshape(-1)]}


def _input(shape):
    # Four decimals: both sides parse the same decimal into the same float32.
    return np.round(_RNG.standard_normal(shape), 4).astype(np.float32)


def _weights(layer):
    return [np.round(_RNG.uniform(-0.6, 0.6, tuple(v.shape)), 4).astype(np.float32) for v in layer.weights]


def make(spec):
    """A layer from ``{"class", "kwargs"}``; nested specs (cells, wrapped layers) are built first."""
    def value(v):
        if isinstance(v, dict) and "class" in v:
            return make(v)
        if isinstance(v, list) and v and isinstance(v[0], dict) and "class" in v[0]:
            return [make(x) for x in v]
        return v
    return getattr(layers, spec["class"])(**{k: value(v) for k, v in spec.get("kwargs", {}).items()})


def L(cls, **kwargs):  # noqa: N802 - a short spec constructor
    return {"class": cls, "kwargs": kwargs}


def _flat(out):
    if isinstance(out, (list, tuple)):
        return [y for x in out for y in _flat(x)]
    return [out]


def _mask(batch, time):
    m = np.ones((batch, time), bool)
    m[0, -2:] = False  # right padding
    m[1, 0] = False  # left padding
    if batch > 2:
        m[2, 1] = False  # a hole
    return m


# (id, spec, input shape, options): options may hold "mask": True, "initial_state": [state shapes],
# "call": extra call kwargs, "int_input": vocabulary size, "symbolic": False.
RNN_CASES = [
    ("simple_rnn", L("SimpleRNN", units=3), (2, 4, 3), {}),
    ("simple_rnn_seq", L("SimpleRNN", units=3, return_sequences=True), (2, 4, 3), {}),
    ("simple_rnn_state", L("SimpleRNN", units=3, return_sequences=True, return_state=True), (2, 4, 3), {}),
    ("simple_rnn_backwards", L("SimpleRNN", units=3, go_backwards=True, return_sequences=True), (2, 4, 3), {}),
    ("simple_rnn_relu_nobias", L("SimpleRNN", units=2, activation="relu", use_bias=False), (2, 3, 3), {}),
    ("simple_rnn_mask", L("SimpleRNN", units=3, return_sequences=True, return_state=True), (3, 5, 2),
     {"mask": True}),
    ("simple_rnn_mask_backwards", L("SimpleRNN", units=3, return_sequences=True, go_backwards=True),
     (3, 5, 2), {"mask": True}),
    ("simple_rnn_initial_state", L("SimpleRNN", units=3), (2, 4, 3), {"initial_state": [(2, 3)]}),
    ("lstm", L("LSTM", units=3), (2, 4, 3), {}),
    ("lstm_seq_state", L("LSTM", units=3, return_sequences=True, return_state=True), (2, 4, 3), {}),
    ("lstm_backwards", L("LSTM", units=2, go_backwards=True, return_sequences=True), (2, 4, 3), {}),
    ("lstm_mask", L("LSTM", units=3, return_sequences=True, return_state=True), (3, 5, 2), {"mask": True}),
    ("lstm_mask_last", L("LSTM", units=3), (3, 5, 2), {"mask": True}),
    ("lstm_options", L("LSTM", units=2, activation="relu", recurrent_activation="hard_sigmoid",
                       unit_forget_bias=False, use_bias=False, implementation=1), (2, 3, 3), {}),
    ("lstm_initial_state", L("LSTM", units=2, return_state=True), (2, 4, 3),
     {"initial_state": [(2, 2), (2, 2)]}),
    ("gru", L("GRU", units=3), (2, 4, 3), {}),
    ("gru_seq_state", L("GRU", units=3, return_sequences=True, return_state=True), (2, 4, 3), {}),
    ("gru_reset_before", L("GRU", units=3, reset_after=False, return_sequences=True), (2, 4, 3), {}),
    ("gru_nobias", L("GRU", units=2, use_bias=False), (2, 4, 3), {}),
    ("gru_mask_backwards", L("GRU", units=3, go_backwards=True, return_sequences=True), (3, 5, 2),
     {"mask": True}),
    ("rnn_simple_cell", L("RNN", cell=L("SimpleRNNCell", units=3), return_sequences=True), (2, 4, 3), {}),
    ("rnn_zero_output", L("RNN", cell=L("GRUCell", units=2), return_sequences=True,
                          zero_output_for_mask=True), (3, 5, 2), {"mask": True}),
    ("rnn_stacked", L("RNN", cell=[L("LSTMCell", units=3), L("GRUCell", units=2)], return_sequences=True,
                      return_state=True), (2, 4, 3), {}),
    ("rnn_stacked_mask", L("RNN", cell=[L("SimpleRNNCell", units=2), L("LSTMCell", units=2)]), (3, 5, 2),
     {"mask": True}),
    ("bidirectional_concat", L("Bidirectional", layer=L("LSTM", units=2)), (2, 4, 3), {}),
    ("bidirectional_sum_seq", L("Bidirectional", layer=L("GRU", units=2, return_sequences=True),
                                merge_mode="sum"), (2, 4, 3), {}),
    ("bidirectional_ave", L("Bidirectional", layer=L("SimpleRNN", units=2, return_sequences=True),
                            merge_mode="ave"), (2, 4, 3), {}),
    ("bidirectional_mul", L("Bidirectional", layer=L("LSTM", units=2), merge_mode="mul"), (2, 4, 3), {}),
    ("bidirectional_none_state", L("Bidirectional", layer=L("LSTM", units=2, return_sequences=True,
                                                            return_state=True), merge_mode=None),
     (2, 4, 3), {}),
    ("bidirectional_mask", L("Bidirectional", layer=L("LSTM", units=2, return_sequences=True)), (3, 5, 2),
     {"mask": True}),
    ("bidirectional_backward_layer", L("Bidirectional", layer=L("SimpleRNN", units=2),
                                       backward_layer=L("SimpleRNN", units=3, go_backwards=True)),
     (2, 4, 3), {}),
    ("time_distributed_dense", L("TimeDistributed", layer=L("Dense", units=3, activation="tanh")),
     (2, 4, 3), {}),
    ("time_distributed_rank4", L("TimeDistributed", layer=L("Dense", units=2)), (2, 3, 2, 4), {}),
    ("embedding", L("Embedding", input_dim=6, output_dim=3), (2, 4), {"int_input": 6}),
    ("embedding_mask_zero", L("Embedding", input_dim=5, output_dim=2, mask_zero=True), (2, 4),
     {"int_input": 5}),
    ("masking", L("Masking", mask_value=0.0), (2, 4, 3), {"zero_steps": True}),
    ("masking_value", L("Masking", mask_value=1.5), (2, 3, 2), {"fill_steps": 1.5}),
]

# Attention cases: (id, spec, input shapes, options).  MultiHeadAttention is called as
# layer(query, value[, key]); Attention/AdditiveAttention on [query, value(, key)].
ATTENTION_CASES = [
    ("mha_self", L("MultiHeadAttention", num_heads=2, key_dim=3), [(2, 4, 5), (2, 4, 5)], {}),
    ("mha_cross_key", L("MultiHeadAttention", num_heads=2, key_dim=2, value_dim=3),
     [(2, 3, 4), (2, 5, 6), (2, 5, 2)], {}),
    ("mha_scores", L("MultiHeadAttention", num_heads=2, key_dim=3), [(2, 3, 4), (2, 5, 4)],
     {"call": {"return_attention_scores": True}}),
    ("mha_attention_mask", L("MultiHeadAttention", num_heads=2, key_dim=2), [(2, 3, 4), (2, 5, 4)],
     {"attention_mask": (2, 3, 5)}),
    ("mha_attention_mask_scores", L("MultiHeadAttention", num_heads=2, key_dim=2), [(2, 3, 4), (2, 5, 4)],
     {"attention_mask": (2, 3, 5), "call": {"return_attention_scores": True}}),
    ("mha_causal", L("MultiHeadAttention", num_heads=2, key_dim=2), [(2, 4, 3), (2, 4, 3)],
     {"call": {"use_causal_mask": True}}),
    ("mha_causal_scores", L("MultiHeadAttention", num_heads=1, key_dim=2), [(2, 4, 3), (2, 4, 3)],
     {"call": {"use_causal_mask": True, "return_attention_scores": True}}),
    ("mha_output_shape", L("MultiHeadAttention", num_heads=2, key_dim=2, output_shape=(2, 3), use_bias=False),
     [(2, 3, 4), (2, 3, 4)], {}),
    ("mha_attention_axes", L("MultiHeadAttention", num_heads=2, key_dim=2, attention_axes=(2,)),
     [(2, 3, 4, 5), (2, 3, 4, 5)], {"call": {"return_attention_scores": True}}),
    ("mha_attention_axes_2d", L("MultiHeadAttention", num_heads=1, key_dim=2, attention_axes=(1, 2)),
     [(2, 2, 3, 4), (2, 2, 3, 4)], {}),
    ("mha_gate_window", L("MultiHeadAttention", num_heads=2, key_dim=2, use_gate=True, sliding_window=2),
     [(2, 4, 3), (2, 4, 3)], {}),
    ("mha_keras_masks", L("MultiHeadAttention", num_heads=2, key_dim=2), [(3, 4, 3), (3, 4, 3)],
     {"keras_masks": True}),
    ("mha_keras_masks_scores", L("MultiHeadAttention", num_heads=2, key_dim=2), [(3, 4, 3), (3, 4, 3)],
     {"keras_masks": True, "call": {"return_attention_scores": True}}),
    ("attention_dot", L("Attention"), [(2, 3, 4), (2, 5, 4)], {}),
    ("attention_key_scale", L("Attention", use_scale=True), [(2, 3, 4), (2, 5, 2), (2, 5, 4)],
     {"call": {"return_attention_scores": True}}),
    ("attention_concat", L("Attention", score_mode="concat", use_scale=True), [(2, 3, 4), (2, 5, 4)],
     {"call": {"return_attention_scores": True}}),
    ("attention_masks", L("Attention"), [(3, 4, 3), (3, 5, 3)], {"list_mask": True}),
    ("attention_causal", L("Attention"), [(2, 4, 3), (2, 4, 3)],
     {"call": {"use_causal_mask": True, "return_attention_scores": True}}),
    ("attention_causal_masks", L("Attention"), [(3, 4, 3), (3, 4, 3)],
     {"list_mask": True, "call": {"use_causal_mask": True}}),
    ("additive_attention", L("AdditiveAttention"), [(2, 3, 4), (2, 5, 4)],
     {"call": {"return_attention_scores": True}}),
    ("additive_attention_noscale", L("AdditiveAttention", use_scale=False), [(3, 4, 3), (3, 5, 3)],
     {"list_mask": True}),
    ("einsum_dense", L("EinsumDense", equation="abc,cd->abd", output_shape=(None, 4), bias_axes="d",
                       activation="relu"), [(2, 3, 5)], {}),
    ("einsum_dense_ellipsis", L("EinsumDense", equation="...b,bc->...c", output_shape=3, bias_axes="c"),
     [(2, 3, 4, 5)], {}),
    ("einsum_dense_heads", L("EinsumDense", equation="abc,cde->abde", output_shape=(None, 2, 3),
                             bias_axes="de"), [(2, 4, 5)], {}),
]


def _symbolic_shape(shape):
    return (None,) + tuple(shape[1:])


def _config(layer):
    # Only the JSON text: it keeps Keras's key order (and the file small); tests parse it.
    return json.dumps(keras.saving.serialize_keras_object(layer))


def run_rnn_case(case_id, spec, shape, opts):
    keras.utils.clear_session()
    layer = make({**spec, "kwargs": {**spec.get("kwargs", {}), "name": case_id}})
    rec = {"id": case_id, "spec": spec, "opts": {k: v for k, v in opts.items()}}
    if "int_input" in opts:
        x = _RNG.integers(0, opts["int_input"], shape).astype(np.int32)
        x[0, -1] = 0
    else:
        x = _input(shape)
        if opts.get("zero_steps"):
            x[0, 1] = 0.0
            x[1, 3] = 0.0
        if "fill_steps" in opts:
            x[0, 2] = opts["fill_steps"]
    rec["input"] = _array(x)
    kwargs = dict(opts.get("call", {}))
    if opts.get("mask"):
        mask = _mask(shape[0], shape[1])
        rec["mask"] = mask.astype(int).tolist()
        kwargs["mask"] = mask
    if "initial_state" in opts:
        states = [_input(s) for s in opts["initial_state"]]
        rec["initial_state"] = [_array(s) for s in states]
        kwargs["initial_state"] = states
    layer(x, **kwargs)
    weights = _weights(layer)
    layer.set_weights(weights)
    rec["weights"] = [_array(w) for w in weights]
    out = layer(x, **kwargs)
    rec["outputs"] = [_array(o) for o in _flat(out)]
    mask_out = getattr(_flat(out)[0], "_keras_mask", None)
    rec["output_mask"] = None if mask_out is None else np.asarray(mask_out).astype(int).tolist()
    rec["weight_paths"] = [v.path for v in layer.weights]
    rec["weight_shapes"] = [list(v.shape) for v in layer.weights]
    rec["config_json"] = _config(layer)
    if opts.get("symbolic", True):
        fresh = make(spec)
        sym = keras.Input(batch_shape=_symbolic_shape(shape), dtype="int32" if "int_input" in opts else None)
        y = fresh(sym)
        rec["symbolic"] = {"input_shape": list(_symbolic_shape(shape)),
                           "output_shapes": [list(t.shape) for t in _flat(y)],
                           "output_dtypes": [t.dtype for t in _flat(y)]}
    return rec


def _attention_call(layer, spec, inputs, kwargs):
    if spec["class"] == "MultiHeadAttention":
        return layer(*inputs[:2], key=inputs[2] if len(inputs) > 2 else None, **kwargs)
    if spec["class"] == "EinsumDense":
        return layer(inputs[0], **kwargs)
    return layer(list(inputs), **kwargs)


def run_attention_case(case_id, spec, shapes, opts):
    keras.utils.clear_session()
    layer = make({**spec, "kwargs": {**spec.get("kwargs", {}), "name": case_id}})
    rec = {"id": case_id, "spec": spec, "opts": opts}
    xs = [_input(s) for s in shapes]
    rec["inputs"] = [_array(x) for x in xs]
    kwargs = dict(opts.get("call", {}))
    if "attention_mask" in opts:
        m = _RNG.uniform(size=opts["attention_mask"]) > 0.3
        m[0, 1, :] = False  # a fully masked query row
        rec["attention_mask"] = m.astype(int).tolist()
        kwargs["attention_mask"] = m
    if opts.get("list_mask"):
        masks = [_mask(shapes[0][0], shapes[0][1]), _mask(shapes[1][0], shapes[1][1])]
        rec["list_mask"] = [m.astype(int).tolist() for m in masks]
        kwargs["mask"] = masks
    if opts.get("keras_masks"):
        # Masking layers attach Keras masks to the query and the value (steps of zeros are padding).
        xs[0][0, -1] = 0.0
        xs[1][1, 0] = 0.0
        xs[1][2, 2] = 0.0
        rec["inputs"] = [_array(x) for x in xs]

    def call_inputs():
        # Fresh Masking outputs for every call: MultiHeadAttention removes the Keras masks of its inputs.
        return [layers.Masking()(x) for x in xs] if opts.get("keras_masks") else xs
    _attention_call(layer, spec, call_inputs(), kwargs)
    weights = _weights(layer)
    layer.set_weights(weights)
    rec["weights"] = [_array(w) for w in weights]
    out = _attention_call(layer, spec, call_inputs(), kwargs)
    rec["outputs"] = [_array(o) for o in _flat(out)]
    rec["weight_paths"] = [v.path for v in layer.weights]
    rec["weight_shapes"] = [list(v.shape) for v in layer.weights]
    rec["config_json"] = _config(layer)
    sym = [keras.Input(batch_shape=_symbolic_shape(s)) for s in shapes]
    call_kwargs = {k: v for k, v in opts.get("call", {}).items()}
    y = _attention_call(make(spec), spec, sym, call_kwargs)
    rec["symbolic"] = {"input_shapes": [list(_symbolic_shape(s)) for s in shapes],
                       "output_shapes": [list(t.shape) for t in _flat(y)]}
    return rec


def _model_embedding_lstm():
    return keras.Sequential([keras.Input((6,), dtype="int32"), layers.Embedding(8, 3, mask_zero=True),
                             layers.LSTM(4), layers.Dense(2, activation="softmax")])


def _model_embedding_bidirectional():
    return keras.Sequential([keras.Input((6,), dtype="int32"), layers.Embedding(8, 3, mask_zero=True),
                             layers.Bidirectional(layers.GRU(2, return_sequences=True)),
                             layers.TimeDistributed(layers.Dense(1))])


def _model_masking_mha():
    x = keras.Input((4, 3))
    m = layers.Masking()(x)
    return keras.Model(x, layers.MultiHeadAttention(2, 2)(m, m))


MODELS = [("embedding_lstm", _model_embedding_lstm, "ids"), ("embedding_bidirectional",
          _model_embedding_bidirectional, "ids"), ("masking_mha", _model_masking_mha, "floats")]


def run_model(model_id, build, kind):
    keras.utils.clear_session()
    model = build()
    if kind == "ids":
        x = _RNG.integers(1, 8, (3, 6)).astype(np.int32)
        x[0, 4:] = 0
        x[1, :2] = 0
        x[2, 3] = 0
    else:
        x = _input((3, 4, 3))
        x[0, 3] = 0.0
        x[2, 0] = 0.0
    weights = _weights(model)
    model.set_weights(weights)
    out = model(x)
    return {"id": model_id, "input": _array(x), "weights": [_array(w) for w in weights],
            "weight_paths": [v.path for v in model.weights], "output": _array(out)}


def _keras_file():
    """A small Keras-saved model using every kind of layer here (weights load by Keras's attribute paths).

    No mask_zero: Keras writes the mask computations of a masked Functional model as extra op nodes
    (``NotEqual`` from ``keras.src.ops``) in its config.
    """
    import base64  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    keras.utils.clear_session()
    ids = keras.Input((6,), dtype="int32")
    h = layers.Embedding(9, 4)(ids)
    h = layers.Bidirectional(layers.LSTM(3, return_sequences=True))(h)
    h = layers.MultiHeadAttention(2, 2)(h, h)
    h = layers.TimeDistributed(layers.Dense(3, activation="tanh"))(h)
    h = layers.RNN([layers.GRUCell(3), layers.SimpleRNNCell(2)])(h)
    model = keras.Model(ids, layers.Dense(1)(h))
    model.set_weights(_weights(model))
    x = _RNG.integers(1, 9, (3, 6)).astype(np.int32)
    x[0, 4:] = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "model.keras"
        model.save(path)
        blob = base64.b64encode(path.read_bytes()).decode("ascii")
    return {"input": _array(x), "output": _array(model(x)), "keras_zip_base64": blob}


ERRORS = {
    "simple_rnn_units": lambda: layers.SimpleRNN(0),
    "lstm_units": lambda: layers.LSTM(-2),
    "gru_cell_units": lambda: layers.GRUCell(0),
    "lstm_use_cudnn": lambda: layers.LSTM(2, use_cudnn="yes"),
    "rnn_cell_no_state_size": lambda: layers.RNN(layers.Dense(2)),
    "stateful_dynamic_batch": lambda: layers.LSTM(2, stateful=True)(keras.Input((3, 4))),
    "bidirectional_not_layer": lambda: layers.Bidirectional("lstm"),
    "bidirectional_merge_mode": lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="max"),
    "bidirectional_same_direction": lambda: layers.Bidirectional(layers.LSTM(2),
                                                                 backward_layer=layers.LSTM(2)),
    "bidirectional_mismatch": lambda: layers.Bidirectional(
        layers.LSTM(2), backward_layer=layers.LSTM(2, go_backwards=True, return_sequences=True)),
    "time_distributed_not_layer": lambda: layers.TimeDistributed("dense"),
    "time_distributed_rank2": lambda: layers.TimeDistributed(layers.Dense(2))(np.zeros((2, 3), "float32")),
    "embedding_input_dim": lambda: layers.Embedding(0, 3),
    "embedding_output_dim": lambda: layers.Embedding(3, 2.5),
    "mha_num_heads": lambda: layers.MultiHeadAttention(0, 2),
    "mha_key_dim": lambda: layers.MultiHeadAttention(2, "3"),
    "mha_value_dim": lambda: layers.MultiHeadAttention(2, 3, value_dim=-1),
    "mha_attention_axes": lambda: layers.MultiHeadAttention(2, 3, attention_axes="1"),
    "mha_sliding_window": lambda: layers.MultiHeadAttention(2, 3, sliding_window=0),
    "mha_key_value_mismatch": lambda: layers.MultiHeadAttention(2, 3)(
        np.zeros((2, 3, 4), "float32"), np.zeros((2, 5, 4), "float32"), key=np.zeros((2, 6, 4), "float32")),
    "attention_score_mode": lambda: layers.Attention(score_mode="dott"),
    "attention_not_list": lambda: layers.Attention()(np.zeros((2, 3, 4), "float32")),
    "attention_list_length": lambda: layers.Attention()([np.zeros((2, 3, 4), "float32")] * 4),
    "attention_mask_not_list": lambda: layers.Attention()(
        [np.zeros((2, 3, 4), "float32")] * 2, mask=np.ones((2, 3), bool)),
    "einsum_dense_equation": lambda: layers.EinsumDense("ab->b", output_shape=3)(np.zeros((2, 3), "float32")),
    "einsum_dense_bias_axes": lambda: layers.EinsumDense("ab,bc->ac", output_shape=3, bias_axes="x")(
        np.zeros((2, 3), "float32")),
}


def _error(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - we record whatever Keras raises
        return {"type": type(exc).__name__, "message": str(exc)}
    return None


def main():
    data = {"keras_version": keras.__version__,
            "rnn_cases": [run_rnn_case(*c) for c in RNN_CASES],
            "attention_cases": [run_attention_case(*c) for c in ATTENTION_CASES],
            "models": [run_model(*m) for m in MODELS],
            "keras_file": _keras_file(),
            "errors": {}}
    for name, fn in ERRORS.items():
        keras.utils.clear_session()
        data["errors"][name] = _error(fn)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

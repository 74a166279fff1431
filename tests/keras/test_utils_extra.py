"""keras.utils dataset/sequence/plotting helpers vs golden outputs of Keras 3.15.

Golden file: tests/golden/utils.json, from tools/make_golden_utils.py (real Keras).
"""

import json
import os
import sys

import numpy as np
import pytest

import saessak as tf
from saessak.keras.utils.dataset_utils import split_dataset, timeseries_dataset_from_array
from saessak.keras.utils.image_dataset_utils import image_dataset_from_directory
from saessak.keras.utils.plotting import model_graph, plot_history, plot_model
from saessak.keras.utils.sequence_utils import pad_sequences

sys.path.insert(0, os.path.dirname(__file__))
from _utils_images import IMAGE_TREE, image_pixels  # noqa: E402

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "utils.json")))


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return e
    return None


def _matches_kind(e, keras_name):
    """saessak may raise a subclass (InvalidArgumentError is a ValueError and a TypeError)."""
    if keras_name is None:
        return e is None
    return e is not None and isinstance(e, {"ValueError": ValueError, "TypeError": TypeError}[
        keras_name])


# ------------------------------------------------------------------ pad_sequences
@pytest.mark.parametrize("case", GOLDEN["pad_sequences"]["cases"], ids=lambda c: str(c["kwargs"]))
def test_pad_sequences_golden(case):
    seqs = case.get("seqs", GOLDEN["pad_sequences"]["seqs"])
    out = pad_sequences(seqs, **case["kwargs"])
    assert str(out.dtype) == case["dtype"]
    np.testing.assert_allclose(out, np.array(case["out"]), rtol=1e-6)


def test_pad_sequences_errors():
    seqs = GOLDEN["pad_sequences"]["seqs"]
    calls = {
        "bad_padding": lambda: pad_sequences(seqs, padding="mid"),
        "bad_truncating": lambda: pad_sequences(seqs, truncating="x"),
        "str_value": lambda: pad_sequences(seqs, value="a"),
        "not_iterable": lambda: pad_sequences([1, 2]),
        "shape_mismatch": lambda: pad_sequences([[[1, 2]], [[1, 2, 3]]]),
    }
    for key, expected in GOLDEN["pad_sequences"]["errors"].items():
        assert _matches_kind(_err(calls[key]), expected), key
    with pytest.raises(ValueError, match="Padding type"):
        pad_sequences(seqs, padding="mid")
    assert pad_sequences([["a", "bc"]], maxlen=3, dtype=object, value="").tolist() == [
        ["", "a", "bc"]]


# ------------------------------------------------------------------ split_dataset
X = np.arange(40, dtype="float32").reshape(20, 2)
Y = np.arange(20, dtype="int64")


@pytest.mark.parametrize("case", GOLDEN["split_dataset"]["cases"], ids=lambda c: str(c["kwargs"]))
def test_split_dataset_golden(case):
    left, right = split_dataset((X, Y), **case["kwargs"])
    assert [int(b[1]) for b in left] == case["left_y"]
    assert [int(b[1]) for b in right] == case["right_y"]
    for b in left:  # rows stay paired with their labels
        np.testing.assert_array_equal(b[0].numpy(), X[int(b[1])])


def test_split_dataset_batched_array_and_list():
    g = GOLDEN["split_dataset"]
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(3)
    left, right = split_dataset(ds, left_size=0.5, shuffle=True, seed=1)
    assert [b[1].numpy().tolist() for b in left] == g["batched"]["left_y"]
    assert [b[1].numpy().tolist() for b in right] == g["batched"]["right_y"]
    left, right = split_dataset(X, right_size=0.2)
    assert [b.numpy().tolist() for b in left] == g["array"]["left"]
    assert [b.numpy().tolist() for b in right] == g["array"]["right"]
    left, right = split_dataset([X, Y], left_size=3)  # a list comes back as tuple elements
    assert isinstance(left.element_spec, tuple)
    assert (len(list(left)), len(list(right))) == (3, 17)
    left, _ = split_dataset(tf.data.Dataset.from_tensor_slices({"a": X, "b": Y}), left_size=2)
    assert [int(e["b"]) for e in left] == [0, 1]


def test_split_dataset_errors():
    calls = {
        "no_sizes": lambda: split_dataset(X),
        "bad_type": lambda: split_dataset(X, left_size="a"),
        "both_bad_type": lambda: split_dataset(X, left_size="a", right_size="b"),
        "both_zero": lambda: split_dataset(X, left_size=0, right_size=0),
        "left_too_big": lambda: split_dataset(X, left_size=20),
        "right_float_1": lambda: split_dataset(X, right_size=1.0),
        "float_sum": lambda: split_dataset(X, left_size=0.6, right_size=0.6),
        "int_sum": lambda: split_dataset(X, left_size=15, right_size=10),
        "empty_split": lambda: split_dataset(X, left_size=0.01),
        "bad_dataset": lambda: split_dataset("abc", left_size=1),
        "ragged_tuple": lambda: split_dataset((X, Y[:5]), left_size=1),
        "list_non_array": lambda: split_dataset([X, [1, 2]], left_size=1),
    }
    for key, expected in GOLDEN["split_dataset"]["errors"].items():
        assert _matches_kind(_err(calls[key]), expected), key
    with pytest.raises(ValueError, match="split will be empty"):
        split_dataset(X, left_size=0.01)


# ------------------------------------------------------------------ timeseries
DATA = np.arange(60, dtype="float32").reshape(30, 2)
TARGETS = np.arange(30, dtype="int32") * 10


@pytest.mark.parametrize("case", GOLDEN["timeseries"]["cases"], ids=lambda c: str(c["kwargs"]))
def test_timeseries_golden(case):
    kw = dict(case["kwargs"])
    no_t = kw.pop("no_targets")
    ds = timeseries_dataset_from_array(DATA, None if no_t else TARGETS, **kw)
    xs, ys = [], []
    for el in ds:
        xs.append((el if no_t else el[0]).numpy().tolist())
        if not no_t:
            ys.append(el[1].numpy().tolist())
    if kw.get("shuffle"):  # TF's shuffle buffer draws other random numbers: compare as sets
        pairs = lambda xx, yy: sorted(  # noqa: E731
            (str(w), t) for bx, by in zip(xx, yy) for w, t in zip(bx, by))
        assert pairs(xs, ys) == pairs(case["x"], case["y"])
        assert [len(b) for b in xs] == [len(b) for b in case["x"]]
    else:
        assert xs == case["x"] and ys == case["y"]
    spec = ds.element_spec if no_t else ds.element_spec[0]
    assert spec.dtype.name == "float32"


def test_timeseries_errors():
    T = timeseries_dataset_from_array
    calls = {
        "neg_start": lambda: T(DATA, TARGETS, 3, start_index=-1),
        "start_too_big": lambda: T(DATA, TARGETS, 3, start_index=30),
        "end_before_start": lambda: T(DATA, TARGETS, 3, start_index=5, end_index=4),
        "end_too_big": lambda: T(DATA, TARGETS, 3, end_index=30),
        "zero_rate": lambda: T(DATA, TARGETS, 3, sampling_rate=0),
        "rate_too_big": lambda: T(DATA, TARGETS, 3, sampling_rate=30),
        "zero_stride": lambda: T(DATA, TARGETS, 3, sequence_stride=0),
    }
    for key, expected in GOLDEN["timeseries"]["errors"].items():
        assert _matches_kind(_err(calls[key]), expected), key


# ------------------------------------------------------------------ images
@pytest.fixture(scope="module")
def image_dir(tmp_path_factory):
    Image = pytest.importorskip("PIL.Image")
    root = tmp_path_factory.mktemp("images")
    for rel, (h, w) in IMAGE_TREE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image_pixels(rel, h, w)).save(path, format="PNG")
    (root / "cats" / "notes.txt").write_text("not an image")
    return str(root)


def _kwargs(kw):
    return {k: tuple(v) if k == "image_size" else v for k, v in kw.items()}


@pytest.mark.parametrize("case", GOLDEN["images"]["cases"], ids=lambda c: str(c["kwargs"]))
def test_image_dataset_golden(image_dir, case):
    out = image_dataset_from_directory(image_dir, verbose=False, **_kwargs(case["kwargs"]))
    parts = out if isinstance(out, list) else [out]
    assert len(parts) == len(case["parts"])
    shuffled = case["kwargs"].get("shuffle", True)
    for i, (ds, ref) in enumerate(zip(parts, case["parts"])):
        assert ds.class_names == ref["class_names"]
        assert [os.path.relpath(p, image_dir) for p in ds.file_paths] == ref["file_paths"]
        xs, ys = [], []
        for el in ds:
            x, y = el if isinstance(el, tuple) else (el, None)
            assert x.dtype.name == "float32"
            xs.append(x.numpy())
            if y is not None:
                ys.append(y.numpy().tolist())
        if shuffled and i == 0:  # the training stream is re-shuffled in a buffer: compare sets
            flat = lambda b: np.sort(np.concatenate(b).ravel())  # noqa: E731
            np.testing.assert_allclose(flat(xs), flat([np.array(b) for b in ref["x"]]), atol=1e-3)
            continue
        assert ys == ref["y"]
        for a, b in zip(xs, ref["x"], strict=True):
            np.testing.assert_allclose(a, np.array(b, dtype="float32"), atol=1e-3)


def test_image_dataset_errors(image_dir):
    I = lambda **kw: image_dataset_from_directory(image_dir, verbose=False, **kw)  # noqa: E731,E741
    calls = {
        "binary_3_classes": lambda: I(label_mode="binary"),
        "split_no_seed": lambda: I(validation_split=0.2, subset="training"),
        "split_no_subset": lambda: I(validation_split=0.2, seed=1),
        "bad_subset": lambda: I(validation_split=0.2, subset="test", seed=1),
        "bad_class_names": lambda: I(class_names=["x"]),
        "bad_color": lambda: I(color_mode="cmyk"),
        "bad_label_mode": lambda: I(label_mode="sparse"),
        "bad_labels": lambda: I(labels="names"),
        "wrong_label_count": lambda: I(labels=[0, 1]),
    }
    for key, expected in GOLDEN["images"]["errors"].items():
        assert _matches_kind(_err(calls[key]), expected), key
    with pytest.raises(ValueError, match="must provide a `seed`"):
        I(validation_split=0.2, subset="training")


def test_image_dataset_without_pillow(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("no PIL")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match="pip install pillow"):
        image_dataset_from_directory(str(tmp_path))


# ------------------------------------------------------------------ plotting
def _functional():
    keras = tf.keras
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    h = keras.layers.Dense(5, name="h")(a)
    c = keras.layers.Concatenate(name="cat")([h, b])
    out = keras.layers.Dense(2, activation="relu", name="out")(c)
    return keras.Model([a, b], out)


def test_model_graph_functional_and_sequential():
    model = _functional()
    nodes, edges = model_graph(model, show_shapes=True, show_layer_activations=True)
    names = {nid: label.split(" ")[0] for nid, label in nodes}
    named_edges = sorted((names[s], names[d]) for s, d in edges)
    assert named_edges == [("a", "h"), ("b", "cat"), ("cat", "out"), ("h", "cat")]
    label = dict((names[n], lab) for n, lab in nodes)["out"]
    assert "Output shape: (None, 2)" in label and "Activation: relu" in label
    seq = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, name="d1"),
                               tf.keras.layers.Dense(1, name="d2")])
    nodes, edges = model_graph(seq)
    assert [lab for _, lab in nodes] == ["d1 (Dense)", "d2 (Dense)"] and len(edges) == 1


def test_plot_model_missing_pydot(monkeypatch):
    import saessak.keras.utils.plotting as plotting

    monkeypatch.setattr(plotting, "_pydot", lambda: None)
    with pytest.raises(ImportError, match="pip install pydot"):
        plot_model(_functional())


def test_plot_history(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    history = {"loss": [1.0, 0.6, 0.4], "accuracy": [0.5, 0.7, 0.8],
               "val_loss": [1.1, 0.8, 0.7], "val_accuracy": [0.4, 0.6, 0.7]}
    path = tmp_path / "h.png"
    fig = plot_history(history, to_file=path, show=False)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["training", "validation"]
    assert list(lines[1].get_xdata()) == [1, 2, 3] and list(lines[1].get_ydata()) == [1.1, 0.8, 0.7]
    fig = plot_history(history, metrics="accuracy", show=False)
    assert len(fig.axes) == 1
    with pytest.raises(ValueError, match="not in the history"):
        plot_history(history, metrics=["f1"], show=False)
    import matplotlib.pyplot as plt

    plt.close("all")

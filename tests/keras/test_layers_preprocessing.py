"""Keras 3 preprocessing layers against golden outputs of real Keras (tests/golden/layers_preprocessing.json).

The golden file is written by tools/make_golden_layers_preprocessing.py (Keras 3.15 on
TensorFlow 2.21).  Every recorded case is rebuilt here from its constructor kwargs, adapted
on the same data and called on the same inputs; outputs, configs, vocabularies and learned
statistics must match.  The random layers are compared under fixed transformations and
single-point ranges, and checked statistically.
"""

import json
import pathlib

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.engine.gradcheck import check_gradients
from saessak.errors import InvalidArgumentError
from saessak.keras.layers import preprocessing as P
from saessak.keras.layers.preprocessing import _hashing
from saessak.keras.saving import deserialize_keras_object, serialize_keras_object
from saessak.ops import image_ops as _image_ops

GOLDEN = json.loads((pathlib.Path(__file__).resolve().parents[1] / "golden"
                     / "layers_preprocessing.json").read_text())
CASES = {c["id"]: c for c in GOLDEN["cases"]}
CUSTOM = {name: getattr(P, name) for name in P.__all__}


@pytest.fixture(autouse=True)
def _fresh():
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)


def _array(rec):
    if rec["dtype"] == "string":
        out = np.empty(len(rec["value"]), dtype=object)
        out[:] = rec["value"]
        return out.reshape(rec["shape"])
    return np.array(rec["value"], dtype=rec["dtype"]).reshape(rec["shape"])


def _kwargs(kwargs):
    kwargs = dict(kwargs)
    if isinstance(kwargs.get("ngrams"), list):
        kwargs["ngrams"] = tuple(kwargs["ngrams"])
    return kwargs


def _build(case):
    layer = getattr(P, case["layer"])(**_kwargs(case["kwargs"]))
    if "adapt" in case:
        data = _array(case["adapt"])
        if "adapt_batch" in case:
            data = tf.data.Dataset.from_tensor_slices(data).batch(case["adapt_batch"])
        layer.adapt(data)
    return layer


def _numpy(out):
    return out.numpy() if hasattr(out, "numpy") else np.asarray(out)


def _assert_output(out, expected):
    out = _numpy(out)
    assert list(out.shape) == expected["shape"]
    if expected["dtype"] == "string":
        assert out.reshape(-1).tolist() == expected["value"]
        return
    assert str(out.dtype) == expected["dtype"]
    want = np.array(expected["value"], dtype=np.float64).reshape(expected["shape"])
    if out.dtype.kind in "iub":
        np.testing.assert_array_equal(out, want)
    else:
        np.testing.assert_allclose(out.astype(np.float64), want, rtol=1e-5, atol=1e-5)


def _plain(x):
    return json.loads(json.dumps(x))


# ---------------------------------------------------------------------- golden cases
@pytest.mark.parametrize("cid", sorted(CASES))
def test_golden_case(cid):
    case = CASES[cid]
    layer = _build(case)
    out = layer(_array(case["input"]), **case["call_kwargs"])
    _assert_output(out, case["output"])
    assert _plain(serialize_keras_object(layer)) == case["config"]
    assert list(layer.get_config()) == list(case["config"]["config"])  # Keras's key order
    if "vocabulary" in case:
        assert layer.get_vocabulary() == case["vocabulary"]
        assert layer.get_vocabulary(include_special_tokens=False) == case["vocabulary_plain"]
    if "bin_boundaries" in case:
        np.testing.assert_allclose(layer.bin_boundaries, case["bin_boundaries"], rtol=1e-6)
    for w in layer.weights:
        rec = case.get("weights", {}).get(w.name)
        if rec is not None:
            assert str(w.numpy().dtype) == rec["dtype"]
            np.testing.assert_allclose(w.numpy(), _array(rec), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cid", sorted(CASES))
def test_config_round_trip(cid):
    layer = _build(CASES[cid])
    layer(_array(CASES[cid]["input"]), **CASES[cid]["call_kwargs"])
    clone = deserialize_keras_object(_plain(serialize_keras_object(layer)), custom_objects=CUSTOM)
    assert type(clone) is type(layer)
    want, got = _plain(layer.get_config()), _plain(clone.get_config())
    if CASES[cid]["layer"] == "TextVectorization" and "adapt" in CASES[cid]:
        # An adapted vocabulary is not part of the config (Keras saves it as an asset), and
        # TextVectorization reports its current vocabulary size, as Keras does.
        want.pop("vocabulary_size"), got.pop("vocabulary_size")
    assert got == want


def test_round_trip_keeps_vocabulary_and_statistics():
    tv = P.TextVectorization(vocabulary=["cat", "dog"], output_sequence_length=3)
    clone = P.TextVectorization.from_config(tv.get_config())
    np.testing.assert_array_equal(clone(["dog cat bird"]).numpy(), [[3, 2, 1]])
    d = P.Discretization(num_bins=3)
    d.adapt(np.arange(30.0))
    clone = deserialize_keras_object(_plain(serialize_keras_object(d)), custom_objects=CUSTOM)
    assert clone.bin_boundaries == d.bin_boundaries
    n = P.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0])
    clone = P.Normalization.from_config(n.get_config())
    np.testing.assert_allclose(clone(np.array([[3.0, 5.0]])).numpy(), [[1.0, 1.0]])


@pytest.mark.parametrize("i", range(len(GOLDEN["transforms"]["cases"])))
def test_fixed_transformations(i):
    rec = GOLDEN["transforms"]["cases"][i]
    images = tf.constant(_array(GOLDEN["transforms"]["images"]))
    layer = getattr(P, rec["layer"])(**rec["kwargs"])
    n, h, w = images.shape[0], images.shape[1], images.shape[2]
    if rec["layer"] == "RandomRotation":
        z, o = tf.zeros([n]), tf.ones([n])
        m = layer._compute_affine_matrix(0.5, 0.5, tf.constant(rec["angles"]), z, z, o, z, z, h, w)
        t = {"rotation_matrix": m}
    elif rec["layer"] == "RandomZoom":
        t = {"height_zoom": tf.constant(rec["height_zoom"]), "width_zoom": tf.constant(rec["width_zoom"])}
    elif rec["layer"] == "RandomTranslation":
        t = {"translations": tf.constant(rec["translations"])}
    else:
        t = {"flips": tf.constant(np.array(rec["flips"]).reshape(-1, 1, 1, 1))}
    _assert_output(layer.transform_images(images, t, training=True), rec["output"])


# ---------------------------------------------------------------------- hashing
def test_fingerprint64_known_values():
    # FarmHash Fingerprint64 reference values (farmhash's own test vectors for short inputs).
    assert _hashing.fingerprint64(b"") == 0x9AE16A3B2F90404F
    # Every length class agrees with TF through the golden 'hash_strings' case; check determinism
    # and the >64-byte block path against itself on shifted data.
    long = bytes(range(200))
    assert _hashing.fingerprint64(long) == _hashing.fingerprint64(bytes(long))
    assert _hashing.fingerprint64(long) != _hashing.fingerprint64(long[1:])


def test_hashing_numbers_inside_function_and_eager_agree():
    layer = P.Hashing(13, mask_value=0)
    f = tf.function(lambda x: layer(x))
    for values in ([[0, 5, 7]], [[3, 0, 12345]]):
        x = tf.constant(values, dtype=tf.int64)
        np.testing.assert_array_equal(f(x).numpy(), layer(x).numpy())


# ---------------------------------------------------------------------- adapt
def test_adapt_on_dataset_matches_adapt_on_array():
    x = (np.arange(60, dtype=np.float32).reshape(20, 3) ** 1.5) / 10
    a, b = P.Normalization(), P.Normalization()
    a.adapt(x)
    b.adapt(tf.data.Dataset.from_tensor_slices((x, np.zeros(20))).batch(6))  # (x, y) elements
    np.testing.assert_allclose(a.mean.numpy(), b.mean.numpy(), rtol=1e-5)
    np.testing.assert_allclose(a.variance.numpy(), b.variance.numpy(), rtol=1e-4)
    # unbatched vectors are batched by 128, as Keras does
    c = P.Normalization()
    c.adapt(tf.data.Dataset.from_tensor_slices(x))
    np.testing.assert_allclose(c.mean.numpy(), a.mean.numpy(), rtol=1e-5)
    # a generator of batches (read once)
    d = P.Normalization()
    d.adapt(x[i:i + 7] for i in range(0, 20, 7))
    np.testing.assert_allclose(d.variance.numpy(), a.variance.numpy(), rtol=1e-4)


def test_string_layers_adapt_on_iterables_of_batches():
    batches = [["the cat", "a dog"], ["the end"]]
    tv = P.TextVectorization()
    tv.adapt(iter(batches))
    assert tv.get_vocabulary() == ["", "[UNK]", "the", "end", "dog", "cat", "a"]
    sl = P.StringLookup()
    sl.adapt(iter([np.array(["b", "a"]), np.array(["b"])]))
    assert sl.get_vocabulary() == ["[UNK]", "b", "a"]
    il = P.IntegerLookup()
    il.adapt(tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2, 3, 1])).batch(4), steps=1)
    assert il.get_vocabulary() == [-1, 3, 2, 1]


def test_adapt_twice_replaces_the_vocabulary():
    sl = P.StringLookup()
    sl.adapt(["a", "b", "b"])
    sl.adapt(["c"])
    assert sl.get_vocabulary() == ["[UNK]", "c"]


# ---------------------------------------------------------------------- models and compiled code
def test_rescaling_and_normalization_train_in_a_model():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (64, 4)).astype(np.uint8)
    y = (x.astype(np.float32) @ np.array([1.0, -2.0, 0.5, 3.0], np.float32) / 255.0)[:, None]
    norm = P.Normalization()
    norm.adapt(x.astype(np.float32) / 255.0)
    model = keras.Sequential([keras.Input((4,)), P.Rescaling(1 / 255), norm, keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    hist = model.fit(x, y, epochs=40, batch_size=16, verbose=0)
    assert hist.history["loss"][-1] < 0.02 * hist.history["loss"][0]
    assert len(norm.trainable_weights) == 0 and len(norm.non_trainable_weights) == 3
    np.testing.assert_allclose(model.predict(x[:4], verbose=0), y[:4], atol=0.1)


def test_numeric_layers_inside_function_replay_eager_results():
    layers = [P.Rescaling(0.5, 1.0), P.Normalization(mean=2.0, variance=4.0), P.CategoryEncoding(5),
              P.Discretization(bin_boundaries=[0.5, 2.5]), P.IntegerLookup(vocabulary=[3, 1, 4]),
              P.Resizing(3, 2), P.CenterCrop(2, 2)]
    for layer in layers:
        image = isinstance(layer, (P.Resizing, P.CenterCrop))
        f = tf.function(lambda x, layer=layer: layer(x))
        for seed in (1, 2):
            shape = (2, 4, 4, 1) if image else (2, 3)
            x = np.random.default_rng(seed).integers(0, 5, shape)
            x = tf.constant(x.astype(np.float32) if image else x)
            np.testing.assert_allclose(f(x).numpy(), layer(x).numpy())


def test_augmentation_layers_in_fit_and_predict():
    rng = np.random.default_rng(4)
    x, y = rng.random((24, 8, 8, 1), dtype=np.float32), rng.random((24, 1), dtype=np.float32)
    model = keras.Sequential([keras.Input((8, 8, 1)), P.RandomFlip(seed=1), P.RandomRotation(0.1, seed=2),
                              P.RandomZoom(0.1), P.RandomTranslation(0.1, 0.1), P.Resizing(4, 4),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    hist = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert len(hist.history["loss"]) == 2 and np.isfinite(hist.history["loss"]).all()
    # inference is deterministic: no augmentation
    np.testing.assert_array_equal(model.predict(x[:3], verbose=0), model.predict(x[:3], verbose=0))


def test_integer_lookup_in_compiled_function_sees_a_new_vocabulary():
    il = P.IntegerLookup()
    il.adapt(np.array([5, 5, 6]))
    f = tf.function(lambda x: il(x))
    x = tf.constant([5, 6, 7], dtype=tf.int64)
    np.testing.assert_array_equal(f(x).numpy(), [1, 2, 0])
    il.adapt(np.array([7, 6, 6]))
    np.testing.assert_array_equal(f(x).numpy(), [0, 1, 2])


def test_random_layers_draw_fresh_transformations_in_compiled_steps():
    layer = P.RandomRotation(0.5, seed=3)
    f = tf.function(lambda x: layer(x, training=True))
    x = tf.constant(np.arange(2 * 5 * 5, dtype=np.float32).reshape(2, 5, 5, 1))
    a, b = f(x).numpy(), f(x).numpy()
    assert not np.allclose(a, b) and not np.allclose(a, x.numpy())


def test_string_layers_refuse_compiled_functions_clearly():
    sl = P.StringLookup(vocabulary=["a"])
    f = tf.function(lambda x: sl(x))
    with pytest.raises(InvalidArgumentError, match="saessak tensors hold numbers"):
        f(np.array(["a"]))
    with pytest.raises(TypeError, match="works on strings"):
        sl(tf.constant([1, 2]))


# ---------------------------------------------------------------------- random layers
def test_random_layers_identity_when_not_training():
    x = np.random.default_rng(1).integers(0, 255, (20, 6, 5, 2)).astype(np.uint8)
    for layer in (P.RandomFlip(), P.RandomRotation(0.3), P.RandomZoom(0.4), P.RandomTranslation(0.2, 0.3)):
        out = layer(x, training=False)
        assert out.dtype == tf.float32
        np.testing.assert_array_equal(out.numpy(), x.astype(np.float32))
        assert not np.array_equal(layer(x).numpy(), x)  # called alone: training, as in Keras 3


def test_random_flip_statistics_and_seeds():
    x = tf.constant(np.arange(400 * 2 * 3, dtype=np.float32).reshape(400, 2, 3, 1))
    for mode, axes in (("horizontal", [2]), ("vertical", [1]), ("horizontal_and_vertical", [1, 2])):
        out = P.RandomFlip(mode, seed=5)(x, training=True).numpy()
        flipped = np.all(out == tf.reverse(x, axes).numpy(), axis=(1, 2, 3))
        kept = np.all(out == x.numpy(), axis=(1, 2, 3))
        assert np.all(flipped | kept) and 160 < flipped.sum() < 240
    tf.random.set_seed(1)
    a = P.RandomFlip(seed=9)(x, training=True).numpy()
    tf.random.set_seed(1)
    b = P.RandomFlip(seed=9)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


def test_random_transformation_ranges():
    x = tf.zeros((500, 4, 6, 1))
    t = P.RandomRotation((-0.1, 0.3), seed=1).get_random_transformation(x)
    angle = t["angle"].numpy()
    assert angle.min() >= -36 and angle.max() <= 108 and abs(angle.mean() - 36) < 6
    t = P.RandomZoom((-0.2, 0.4), seed=1).get_random_transformation(x)
    hz = t["height_zoom"].numpy()
    assert hz.min() >= 0.8 and hz.max() <= 1.4 and t["width_zoom"] is t["height_zoom"]
    t = P.RandomTranslation(0.25, (0.0, 0.5), seed=1).get_random_transformation(x)
    tr = t["translations"].numpy()
    assert tr[:, 1].min() >= -1 and tr[:, 1].max() <= 1 and tr[:, 0].min() >= 0 and tr[:, 0].max() <= 3
    assert P.RandomFlip().get_random_transformation(x, training=False) is None


def test_random_layers_unbatched_and_channels_first():
    img = np.arange(4 * 5 * 2, dtype=np.float32).reshape(4, 5, 2)
    out = P.RandomRotation((0.5, 0.5), fill_mode="constant")(img, training=True).numpy()
    np.testing.assert_allclose(out, img[::-1, ::-1], atol=1e-4)  # half a turn
    chw = np.transpose(img, (2, 0, 1))[None]
    out = P.RandomFlip("horizontal", data_format="channels_first")(chw).numpy()[0]
    assert np.array_equal(out, chw[0]) or np.array_equal(out, chw[0][:, :, ::-1])


# ---------------------------------------------------------------------- gradients of the image ops
@pytest.mark.parametrize("method", ["bilinear", "nearest"])
def test_resize_gradients(method):
    x = np.random.default_rng(2).standard_normal((1, 3, 4, 2))
    check_gradients(lambda t: _image_ops.resize(t, (5, 3), method), [x], order=1)
    check_gradients(lambda t: _image_ops.resize(t, (2, 6), method), [x], order=2)


@pytest.mark.parametrize("fill", ["reflect", "wrap", "constant", "nearest"])
@pytest.mark.parametrize("interp", ["bilinear", "nearest"])
def test_affine_transform_gradients(fill, interp):
    x = np.random.default_rng(3).standard_normal((2, 4, 5, 1))
    t = tf.constant([[0.9, -0.3, 0.7, 0.35, 1.1, -0.6, 0.0, 0.0], [1.0, 0.0, -1.3, 0.0, 1.0, 0.45, 0.0, 0.0]])
    check_gradients(lambda im: _image_ops.affine_transform(im, t, interp, fill, 1.5), [x], order=2)


def test_gradient_flows_through_augmentation_in_a_tape():
    x = tf.Variable(np.ones((1, 4, 4, 1), np.float32))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(P.RandomZoom((0.5, 0.5), fill_mode="constant")(x, training=True))
    g = tape.gradient(y, x).numpy()
    assert g.shape == (1, 4, 4, 1) and g.sum() > 0


# ---------------------------------------------------------------------- behaviour details
def test_text_vectorization_callables_and_scalar_inputs():
    tv = P.TextVectorization(standardize=lambda a: np.array([s.upper() for s in a.reshape(-1)]).reshape(a.shape),
                             split=lambda a: [s.split("-") for s in a])
    tv.adapt(["a-b", "b-c"])
    assert tv.get_vocabulary() == ["", "[UNK]", "B", "C", "A"]
    np.testing.assert_array_equal(tv("c-a-z").numpy(), [3, 4, 1])
    np.testing.assert_array_equal(tv([b"b-c"]).numpy(), [[2, 3]])


def test_lookup_layer_details():
    sl = P.StringLookup(vocabulary=["a", "b"], output_mode="one_hot")
    assert sl.vocabulary_size() == 3
    np.testing.assert_array_equal(sl("b").numpy(), [[0, 0, 1]])  # Keras: a scalar is one sample
    il = P.IntegerLookup(vocabulary=[5, 6], invert=True)
    np.testing.assert_array_equal(il(np.array([0, 1, 2, 3])).numpy(), [-1, 5, 6, -1])
    sl = P.StringLookup(vocabulary=["a", "b"], invert=True)
    assert sl(np.array([2, 7])).tolist() == ["b", "[UNK]"]


# ---------------------------------------------------------------------- errors
def test_errors_name_the_argument_and_suggest_fixes():
    with pytest.raises(NotImplementedError, match="Did you mean 'reflect'"):
        P.RandomRotation(0.1, fill_mode="reflct")
    with pytest.raises(ValueError, match="factor"):
        P.RandomRotation(1.5)
    with pytest.raises(ValueError, match=r"\(-1.0, 1.0\]"):
        P.RandomZoom(-1.0)
    with pytest.raises(ValueError, match="Did you mean 'multi_hot'"):
        P.CategoryEncoding(3, output_mode="multihot")
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        P.Normalization(mean=1.0)
    with pytest.raises(ValueError, match="num_tokens must be set"):
        P.CategoryEncoding()
    with pytest.raises(ValueError, match="Only one of"):
        P.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(NotImplementedError, match="bicubic"):
        P.Resizing(2, 2, interpolation="bicubic")
    with pytest.raises(ValueError, match="Did you mean 'whitespace'"):
        P.TextVectorization(split="whitespaces")
    with pytest.raises(ValueError, match="`output_sequence_length` must not be set"):
        P.TextVectorization(output_mode="count", output_sequence_length=3)
    with pytest.raises(ValueError, match="either `num_bins` or `bin_boundaries`"):
        P.Discretization()
    with pytest.raises(ValueError, match="Cannot adapt a Discretization"):
        P.Discretization(bin_boundaries=[1.0]).adapt([1.0, 2.0])
    with pytest.raises(ValueError, match="repeated term"):
        P.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="static vocabulary"):
        P.StringLookup(vocabulary=["a"]).update_state(["b"])
    with pytest.raises(RuntimeError, match="set the layer's vocabulary"):
        P.StringLookup(output_mode="multi_hot")(["a"])
    with pytest.raises(ValueError, match="rank 3 .* or 4"):
        P.RandomFlip()(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="rectangular array of strings"):
        P.StringLookup(vocabulary=["a"])([["a"], ["a", "b"]])


def test_runtime_errors_for_bad_indices():
    with pytest.raises(InvalidArgumentError, match="must be >= 0"):
        P.CategoryEncoding(4, output_mode="count")(np.array([[0, 1, -1]]))
    assert GOLDEN["errors"]["cat_negative"] == "InvalidArgumentError"
    with pytest.raises(InvalidArgumentError, match="num_oov_indices=0"):
        P.IntegerLookup(vocabulary=[1, 2], num_oov_indices=0)(np.array([1, 3]))
    with pytest.raises(InvalidArgumentError, match="num_oov_indices=0"):
        P.StringLookup(vocabulary=["a"], num_oov_indices=0)(["b"])

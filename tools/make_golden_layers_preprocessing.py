"""Record Keras 3's preprocessing layers in tests/golden/layers_preprocessing.json.

The test tests/keras/test_layers_preprocessing.py replays every case with
saessak.keras and compares.  Recorded per case (a layer built from constructor
kwargs, optionally adapted on fixed data, then called on fixed inputs):

* the output (values, dtype, shape) -- exact for integers, 1e-5 for floats;
* ``keras.saving.serialize_keras_object(layer)`` (config keys and values);
* the vocabulary (lookup layers), the learned mean/variance (Normalization),
  the learned bin boundaries (Discretization);
* for the random image layers, outputs of ``transform_images`` under fixed
  transformations (given angles, zooms, translations, flips) and of calls whose
  random range is a single point (deterministic).

Inputs are small integers or multiples of 1/4, so both sides parse the same
float32 values from the JSON file.

Run it with Keras 3 on TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_layers_preprocessing.py
"""

import json
import os
import pathlib
import random
import string
import warnings

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "layers_preprocessing.json"
_RNG = np.random.default_rng(20240521)


def _sig(v, digits=8):
    return float(f"{float(v):.{digits}g}")


def _out(a):
    """An output: numbers (floats to 8 digits), or strings, with dtype and shape."""
    a = np.asarray(a)
    if a.dtype.kind in "OSU":
        flat = [x.decode() if isinstance(x, bytes) else str(x) for x in a.reshape(-1).tolist()]
        return {"dtype": "string", "shape": list(a.shape), "value": flat}
    if a.dtype.kind in "iub":
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.reshape(-1).tolist()}
    return {"dtype": str(a.dtype), "shape": list(a.shape), "value": [_sig(v) for v in a.reshape(-1)]}


def _image(shape, dtype="float32"):
    if dtype == "uint8":
        return _RNG.integers(0, 256, shape).astype(np.uint8)
    return (_RNG.integers(0, 1024, shape) / 4.0).astype(dtype)


def _data(x):
    """How an input is written to JSON (the test rebuilds the same array)."""
    a = np.asarray(x)
    if a.dtype.kind in "OSU":
        return {"dtype": "string", "shape": list(a.shape), "value": [str(v) for v in a.reshape(-1)]}
    return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.reshape(-1).tolist()}


def _cfg(layer):
    return json.loads(json.dumps(keras.saving.serialize_keras_object(layer)))


CASES = []


def case(cid, cls, kwargs, x, adapt=None, adapt_batch=None, call_kwargs=None, extra=None):
    """Build, maybe adapt, call; record everything."""
    layer = getattr(layers, cls)(**kwargs)
    rec = {"id": cid, "layer": cls, "kwargs": kwargs, "input": _data(x)}
    if adapt is not None:
        rec["adapt"] = _data(adapt)
        if adapt_batch:
            rec["adapt_batch"] = adapt_batch
            layer.adapt(tf.data.Dataset.from_tensor_slices(adapt).batch(adapt_batch))
        else:
            layer.adapt(adapt)
    out = layer(x, **(call_kwargs or {}))
    rec["call_kwargs"] = call_kwargs or {}
    rec["output"] = _out(out)
    rec["config"] = _cfg(layer)
    if hasattr(layer, "get_vocabulary"):
        rec["vocabulary"] = [v if isinstance(v, str) else int(v) for v in layer.get_vocabulary()]
        rec["vocabulary_plain"] = [v if isinstance(v, str) else int(v)
                                   for v in layer.get_vocabulary(include_special_tokens=False)]
    if cls == "Normalization" and layer.weights:
        rec["weights"] = {w.name: _out(w.numpy()) for w in layer.weights}
    if cls == "Discretization":
        rec["bin_boundaries"] = [_sig(b) for b in layer.bin_boundaries]
    if extra:
        rec.update(extra(layer))
    CASES.append(rec)


# ---------------------------------------------------------------- numeric layers
img = _image((2, 3, 3, 2), "uint8")
case("rescaling_uint8", "Rescaling", {"scale": 1 / 255, "name": "r1"}, img)
case("rescaling_offset", "Rescaling", {"scale": 1 / 127.5, "offset": -1, "name": "r2"}, _image((2, 4)))
case("rescaling_channels", "Rescaling", {"scale": [1.0, 2.0], "offset": 0.5, "name": "r3"}, _image((3, 2)))

adapt = _image((20, 3)).astype("float32")
case("norm_adapt", "Normalization", {"name": "n1"}, _image((4, 3)), adapt=adapt)
case("norm_axis_none", "Normalization", {"axis": None, "name": "n2"}, _image((4, 3)), adapt=adapt)
case("norm_given", "Normalization", {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0], "name": "n3"},
     _image((2, 3)))
case("norm_given_scalar", "Normalization", {"mean": 3.0, "variance": 2.0, "name": "n4"}, _image((3, 2)))
case("norm_invert", "Normalization", {"invert": True, "name": "n5"}, _image((2, 3)), adapt=adapt)
case("norm_axes_12", "Normalization", {"axis": (1, 2), "name": "n6"}, _image((2, 2, 3)),
     adapt=_image((10, 2, 3)))
case("norm_axis_1", "Normalization", {"axis": 1, "name": "n7"}, _image((2, 3, 2)), adapt=_image((10, 3, 2)))
case("norm_dataset", "Normalization", {"name": "n8"}, _image((3, 3)), adapt=_image((23, 3)), adapt_batch=5)
case("norm_dataset_none", "Normalization", {"axis": None, "name": "n9"}, _image((3, 3)),
     adapt=_image((23, 3)), adapt_batch=4)

images = _image((2, 7, 9, 3))
small = _image((1, 3, 4, 2))
case("resize_bilinear_down", "Resizing", {"height": 4, "width": 5, "name": "z1"}, images)
case("resize_bilinear_up", "Resizing", {"height": 7, "width": 6, "name": "z2"}, small)
case("resize_nearest_down", "Resizing", {"height": 4, "width": 5, "interpolation": "nearest", "name": "z3"},
     images)
case("resize_nearest_up", "Resizing", {"height": 7, "width": 10, "interpolation": "nearest", "name": "z4"},
     small)
case("resize_crop_aspect", "Resizing", {"height": 4, "width": 4, "crop_to_aspect_ratio": True, "name": "z5"},
     images)
case("resize_pad_aspect", "Resizing", {"height": 4, "width": 4, "pad_to_aspect_ratio": True,
                                       "fill_value": 0.5, "name": "z6"}, _image((1, 3, 6, 1)))
case("resize_uint8", "Resizing", {"height": 3, "width": 4, "name": "z7"}, _image((2, 5, 6, 1), "uint8"))
case("resize_unbatched", "Resizing", {"height": 3, "width": 3, "name": "z8"}, _image((5, 6, 2)))
case("resize_channels_first", "Resizing", {"height": 3, "width": 4, "data_format": "channels_first",
                                           "name": "z9"}, _image((1, 2, 5, 6)))
case("resize_same", "Resizing", {"height": 3, "width": 4, "name": "z10"}, small)

case("crop_even", "CenterCrop", {"height": 4, "width": 4, "name": "c1"}, _image((2, 6, 8, 3)))
case("crop_odd", "CenterCrop", {"height": 4, "width": 5, "name": "c2"}, _image((1, 7, 9, 1)))
case("crop_smart_resize", "CenterCrop", {"height": 5, "width": 5, "name": "c3"}, _image((1, 3, 4, 1)))
case("crop_unbatched_uint8", "CenterCrop", {"height": 2, "width": 3, "name": "c4"}, _image((4, 4, 2), "uint8"))

case("flip_inference", "RandomFlip", {"seed": 3, "name": "f1"}, _image((2, 3, 4, 1), "uint8"),
     call_kwargs={"training": False})
aff = _image((2, 5, 6, 2))
case("rotation_inference", "RandomRotation", {"factor": 0.2, "name": "o1"}, aff, call_kwargs={"training": False})
case("rotation_zero", "RandomRotation", {"factor": 0.0, "name": "o2"}, aff, call_kwargs={"training": True})
case("rotation_90", "RandomRotation", {"factor": (0.25, 0.25), "fill_mode": "constant", "name": "o3"}, aff,
     call_kwargs={"training": True})
case("zoom_fixed", "RandomZoom", {"height_factor": (0.5, 0.5), "width_factor": (-0.3, -0.3), "name": "m1"},
     aff, call_kwargs={"training": True})
case("zoom_aspect", "RandomZoom", {"height_factor": (-0.25, -0.25), "fill_mode": "nearest", "name": "m2"},
     aff, call_kwargs={"training": True})
case("translation_fixed", "RandomTranslation", {"height_factor": (0.2, 0.2), "width_factor": (-0.25, -0.25),
                                                "fill_mode": "wrap", "name": "t1"}, aff,
     call_kwargs={"training": True})
case("translation_inference", "RandomTranslation", {"height_factor": 0.1, "width_factor": 0.2, "name": "t2"},
     aff, call_kwargs={"training": False})

# Fixed transformations through transform_images (all fill modes and interpolations).
TRANSFORMS = []
angles = np.array([23.5, -131.25], dtype="float32")
for fill in ("reflect", "wrap", "constant", "nearest"):
    for interp in ("bilinear", "nearest"):
        lay = layers.RandomRotation(0.5, fill_mode=fill, interpolation=interp, fill_value=2.5)
        n, h, w = aff.shape[0], aff.shape[1], aff.shape[2]
        z, o = tf.zeros([n]), tf.ones([n])
        m = lay._compute_affine_matrix(0.5, 0.5, tf.constant(angles), z, z, o, z, z, h, w)
        out = lay.transform_images(tf.constant(aff), {"rotation_matrix": m}, training=True)
        TRANSFORMS.append({"layer": "RandomRotation", "kwargs": {"factor": 0.5, "fill_mode": fill,
                                                                 "interpolation": interp, "fill_value": 2.5},
                           "angles": angles.tolist(), "output": _out(out)})
zooms_h, zooms_w = np.array([[0.7], [1.6]], "float32"), np.array([[1.3], [0.55]], "float32")
for fill in ("reflect", "wrap", "constant", "nearest"):
    lay = layers.RandomZoom(0.5, 0.5, fill_mode=fill)
    out = lay.transform_images(tf.constant(aff), {"height_zoom": zooms_h, "width_zoom": zooms_w}, training=True)
    TRANSFORMS.append({"layer": "RandomZoom", "kwargs": {"height_factor": 0.5, "width_factor": 0.5,
                                                         "fill_mode": fill},
                       "height_zoom": zooms_h.tolist(), "width_zoom": zooms_w.tolist(), "output": _out(out)})
shifts = np.array([[1.75, -2.5], [-7.25, 3.0]], "float32")
for fill in ("reflect", "wrap", "constant", "nearest"):
    for interp in ("bilinear", "nearest"):
        lay = layers.RandomTranslation(0.5, 0.5, fill_mode=fill, interpolation=interp)
        out = lay.transform_images(tf.constant(aff), {"translations": shifts}, training=True)
        TRANSFORMS.append({"layer": "RandomTranslation", "kwargs": {"height_factor": 0.5, "width_factor": 0.5,
                                                                    "fill_mode": fill, "interpolation": interp},
                           "translations": shifts.tolist(), "output": _out(out)})
flips = np.array([True, False]).reshape(2, 1, 1, 1)
for mode in ("horizontal", "vertical", "horizontal_and_vertical"):
    lay = layers.RandomFlip(mode)
    out = lay.transform_images(tf.constant(aff), {"flips": flips}, training=True)
    TRANSFORMS.append({"layer": "RandomFlip", "kwargs": {"mode": mode}, "flips": [True, False],
                       "output": _out(out)})

# ---------------------------------------------------------------- categorical layers
case("cat_multi_hot", "CategoryEncoding", {"num_tokens": 5, "name": "e1"}, np.array([[0, 3, 3], [1, 4, 9]]))
case("cat_one_hot", "CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot", "name": "e2"},
     np.array([0, 3, 5, 1]))
case("cat_one_hot_col", "CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot", "name": "e3"},
     np.array([[0], [3], [2]]))
case("cat_count", "CategoryEncoding", {"num_tokens": 4, "output_mode": "count", "name": "e4"},
     np.array([[0, 1, 1, 5], [3, 3, 3, 2]]))
case("cat_count_weights", "CategoryEncoding", {"num_tokens": 4, "output_mode": "count", "name": "e5"},
     np.array([[0, 1, 1], [3, 2, 2]]), call_kwargs={"count_weights": [[0.5, 1.0, 2.0], [1.0, 0.25, 3.0]]})
case("cat_rank1", "CategoryEncoding", {"num_tokens": 4, "name": "e6"}, np.array([2, 0, 2]))

disc_data = (_RNG.integers(0, 4000, 400) / 16.0).astype("float32")
case("disc_bounds", "Discretization", {"bin_boundaries": [0.0, 1.0, 2.5], "name": "d1"},
     np.array([[-1.0, 0.0, 0.5, 1.0], [2.5, 3.0, 2.4999, 10.0]], "float32"))
case("disc_adapt", "Discretization", {"num_bins": 4, "name": "d2"}, disc_data[:12].reshape(3, 4),
     adapt=disc_data)
case("disc_adapt_eps", "Discretization", {"num_bins": 7, "epsilon": 0.05, "name": "d3"},
     disc_data[:10], adapt=disc_data[:97])
case("disc_one_hot", "Discretization", {"bin_boundaries": [0.0, 1.0], "output_mode": "one_hot", "name": "d4"},
     np.array([-0.5, 0.5, 1.5], "float32"))
case("disc_multi_hot", "Discretization", {"bin_boundaries": [0.0, 1.0], "output_mode": "multi_hot",
                                          "name": "d5"}, np.array([[-0.5, 0.5], [1.5, 1.5]], "float32"))
case("disc_count", "Discretization", {"bin_boundaries": [0.0, 1.0], "output_mode": "count", "name": "d6"},
     np.array([[-0.5, 0.5, 0.7], [1.5, 1.5, -3.0]], "float32"))
case("disc_dataset", "Discretization", {"num_bins": 3, "name": "d7"}, disc_data[:6],
     adapt=disc_data[:120], adapt_batch=32)

_rs = random.Random(7)
hash_strings = [""] + ["".join(_rs.choice(string.printable) for _ in range(n))
                       for n in (1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 128, 129, 200)]
hash_strings += ["hello", "héllo wörld", "日本語"]
case("hash_strings", "Hashing", {"num_bins": 1000003, "name": "h1"}, np.array(hash_strings).reshape(-1, 1))
case("hash_ints", "Hashing", {"num_bins": 97, "name": "h2"},
     np.array([[0, 1, -1], [42, 123456789012, -98765]], "int64"))
case("hash_floats", "Hashing", {"num_bins": 11, "name": "h3"}, np.array([1.5, -2.7, 3.0, 0.2], "float32"))
case("hash_salt", "Hashing", {"num_bins": 1000, "salt": 133, "name": "h4"}, np.array(hash_strings[:12]))
case("hash_salt_pair", "Hashing", {"num_bins": 50, "salt": [7, 123456789], "name": "h5"},
     np.array([[3, 14], [15, 92]], "int64"))
case("hash_mask", "Hashing", {"num_bins": 5, "mask_value": "", "name": "h6"},
     np.array([["a", ""], ["", "bcd"]]))
case("hash_mask_int", "Hashing", {"num_bins": 5, "mask_value": 0, "name": "h7"}, np.array([[0, 1], [2, 0]]))
case("hash_multi_hot", "Hashing", {"num_bins": 4, "output_mode": "multi_hot", "name": "h8"},
     np.array([["a", "b"], ["c", "a"]]))
case("hash_one_hot", "Hashing", {"num_bins": 4, "output_mode": "one_hot", "name": "h9"},
     np.array([["a"], ["b"], ["zz"]]))
case("hash_count_int32", "Hashing", {"num_bins": 3, "output_mode": "count", "name": "h10"},
     np.array([[1, 2, 3, 4]], "int32"))

# ---------------------------------------------------------------- lookups
words = np.array([["b", "a", "c", "a"], ["c", "d", "b", "e"], ["a", "c", "f", "a"]])
case("sl_adapt", "StringLookup", {"name": "s1"}, np.array([["a", "zz", "c"], ["d", "f", "b"]]), adapt=words)
case("sl_vocab", "StringLookup", {"vocabulary": ["x", "y", "z"], "name": "s2"}, np.array(["y", "q", "x"]))
case("sl_mask", "StringLookup", {"vocabulary": ["a", "b", "c"], "mask_token": "", "name": "s3"},
     np.array([["a", "a", ""], ["c", "z", ""]]))
case("sl_special_given", "StringLookup", {"vocabulary": ["[UNK]", "a", "b"], "name": "s4"}, np.array(["b", "k"]))
case("sl_num_oov", "StringLookup", {"vocabulary": ["a", "b"], "num_oov_indices": 3, "name": "s5"},
     np.array(["a", "x", "yy", "zzz", "b", "wwww"]))
case("sl_num_oov_salt", "StringLookup", {"vocabulary": ["a", "b"], "num_oov_indices": 4, "salt": 42,
                                         "name": "s6"}, np.array(["a", "x", "yy", "zzz", "b", "wwww"]))
case("sl_zero_oov", "StringLookup", {"vocabulary": ["a", "b"], "num_oov_indices": 0, "name": "s7"},
     np.array(["b", "a"]))
case("sl_invert", "StringLookup", {"vocabulary": ["a", "b", "c"], "invert": True, "mask_token": "",
                                   "name": "s8"}, np.array([[2, 3, 0], [4, 1, 9]]))
case("sl_multi_hot", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "multi_hot", "name": "s9"},
     np.array([["a", "b"], ["c", "z"]]))
case("sl_count_mask", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "count", "mask_token": "",
                                       "name": "s10"}, np.array([["a", "a", ""], ["c", "z", ""]]))
case("sl_one_hot", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "one_hot", "name": "s11"},
     np.array(["a", "z", "c"]))
case("sl_tf_idf_adapt", "StringLookup", {"output_mode": "tf_idf", "name": "s12"},
     np.array([["a", "b", "a"], ["f", "c", "q"]]), adapt=words)
case("sl_tf_idf_vocab", "StringLookup", {"output_mode": "tf_idf", "vocabulary": ["a", "b"],
                                         "idf_weights": [0.5, 1.25], "name": "s13"}, np.array([["a", "b", "b", "x"]]))
case("sl_max_tokens_pad", "StringLookup", {"max_tokens": 6, "output_mode": "count", "pad_to_max_tokens": True,
                                           "name": "s14"}, np.array([["a", "c", "c"]]), adapt=words)
case("sl_adapt_rank1", "StringLookup", {"max_tokens": 4, "name": "s15"}, np.array(["a", "b", "c", "d"]),
     adapt=np.array(["c", "a", "c", "b", "a", "c", "d"]))

ints = np.array([[12, 1138, 42, 7], [42, 1000, 36, 7], [7, 36, 42, 42]])
case("il_adapt", "IntegerLookup", {"name": "i1"}, np.array([[12, 1138, 42], [42, 5, 36]]), adapt=ints)
case("il_vocab", "IntegerLookup", {"vocabulary": [12, 36, 1138, 42], "name": "i2"}, np.array([[12, 1000, 42]]))
case("il_mask", "IntegerLookup", {"vocabulary": [12, 36, 1138, 42], "mask_token": 0, "name": "i3"},
     np.array([[12, 0, 42, 9]]))
case("il_num_oov", "IntegerLookup", {"vocabulary": [12, 36], "num_oov_indices": 3, "name": "i4"},
     np.array([12, 5, -7, 100, 36, 2]))
case("il_num_oov_farmhash", "IntegerLookup", {"vocabulary": [12, 36], "num_oov_indices": 3,
                                              "oov_method": "farmhash", "name": "i5"},
     np.array([12, 5, -7, 100, 36, 2]))
case("il_invert", "IntegerLookup", {"vocabulary": [12, 36, 1138, 42], "invert": True, "name": "i6"},
     np.array([[1, 2, 0], [4, 5, 9]]))
case("il_invert_mask", "IntegerLookup", {"vocabulary": [12, 36, 1138, 42], "invert": True, "mask_token": 0,
                                         "name": "i7"}, np.array([[1, 2, 0], [4, 5, 9]]))
case("il_multi_hot", "IntegerLookup", {"vocabulary": [12, 36, 1138, 42], "output_mode": "multi_hot",
                                       "name": "i8"}, np.array([[12, 1138], [42, 7]]))
case("il_tf_idf", "IntegerLookup", {"output_mode": "tf_idf", "name": "i9"}, np.array([[42, 7, 42, 99]]), adapt=ints)
case("il_dataset", "IntegerLookup", {"max_tokens": 5, "name": "i10"}, np.array([[7, 42, 1000]]), adapt=ints,
     adapt_batch=2)

texts = ["The Cat sat.", "the dog, ran!", "A cat\tand\x1c a  dog", "Ünïcode ÉCOLE café", "", "dog dog cat"]
case("tv_default", "TextVectorization", {"name": "v1"}, np.array(texts + ["unseen words"]), adapt=np.array(texts))
case("tv_seq_len", "TextVectorization", {"output_sequence_length": 4, "max_tokens": 6, "name": "v2"},
     np.array(texts), adapt=np.array(texts))
case("tv_ngrams", "TextVectorization", {"ngrams": 2, "output_sequence_length": 6, "name": "v3"},
     np.array(texts[:3]), adapt=np.array(texts))
case("tv_ngrams_tuple", "TextVectorization", {"ngrams": (1, 3), "output_mode": "multi_hot", "name": "v4"},
     np.array(["a b c d", "b c"]), adapt=np.array(["a b c d", "b c", "c"]))
case("tv_tf_idf", "TextVectorization", {"output_mode": "tf_idf", "name": "v5"}, np.array(texts),
     adapt=np.array(texts))
case("tv_char_count", "TextVectorization", {"split": "character", "standardize": None, "max_tokens": 6,
                                            "output_mode": "count", "pad_to_max_tokens": True, "name": "v6"},
     np.array(texts), adapt=np.array(texts))
case("tv_no_split", "TextVectorization", {"split": None, "name": "v7"}, np.array(["a b", "d", "c"]),
     adapt=np.array(["a b", "c", "a b"]))
case("tv_no_split_col", "TextVectorization", {"split": None, "name": "v8"}, np.array([["a b"], ["d"]]),
     adapt=np.array(["a b", "c", "a b"]))
case("tv_vocab", "TextVectorization", {"vocabulary": ["cat", "dog", "the"], "name": "v9"},
     np.array([["the cat"], ["a dog"]]))
case("tv_lower_only", "TextVectorization", {"standardize": "lower", "name": "v10"}, np.array(texts[:2]),
     adapt=np.array(texts))
case("tv_strip_only", "TextVectorization", {"standardize": "strip_punctuation", "name": "v11"},
     np.array(texts[:2]), adapt=np.array(texts))
case("tv_count", "TextVectorization", {"output_mode": "count", "name": "v12"}, np.array(texts),
     adapt=np.array(texts))
case("tv_scalar", "TextVectorization", {"name": "v13"}, np.array("the cat dog"), adapt=np.array(texts))

# Error messages whose wording is checked.
ERRORS = {}
try:
    layers.CategoryEncoding(4, output_mode="count")(np.array([[0, 1, -1]]))
except Exception as e:  # noqa: BLE001
    ERRORS["cat_negative"] = type(e).__name__

golden = {"cases": CASES, "transforms": {"images": _data(aff), "cases": TRANSFORMS}, "errors": ERRORS,
          "keras_version": keras.__version__}
OUT.write_text(json.dumps(golden, indent=None, separators=(",", ":"), ensure_ascii=False))
print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(CASES)} cases, {len(TRANSFORMS)} transforms)")

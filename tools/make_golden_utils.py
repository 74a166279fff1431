"""Golden outputs of Keras 3's ``keras.utils`` dataset/sequence helpers -> tests/golden/utils.json.

Run with real Keras 3.15 (TF backend), never from the tests:

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_utils.py

Covers ``pad_sequences`` (values and errors), ``split_dataset`` (sizes, contents with a
seeded shuffle, errors), ``timeseries_dataset_from_array`` (windows/targets for several
parameter sets, errors) and ``image_dataset_from_directory`` on a tiny folder of PNGs
whose pixels come from ``numpy.random.RandomState(0)`` (the test writes the same files).
"""

import json
import os
import sys
import tempfile

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "keras"))
from _utils_images import IMAGE_TREE, image_pixels  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "utils.json")


def err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return None


def pad_cases():
    seqs = [[1], [2, 3], [4, 5, 6], [], [7, 8, 9, 10]]
    cases = []
    for kw in [{}, {"maxlen": 2}, {"padding": "post"}, {"truncating": "post", "maxlen": 3},
               {"padding": "post", "truncating": "post", "maxlen": 2, "value": -1},
               {"dtype": "float32", "value": 0.5}, {"maxlen": 6, "value": 9}]:
        out = keras.utils.pad_sequences(seqs, **kw)
        cases.append({"kwargs": kw, "out": out.tolist(), "dtype": str(out.dtype)})
    nested = [np.arange(4).reshape(2, 2).tolist(), [[5, 6]]]
    out = keras.utils.pad_sequences(nested, maxlen=3)
    cases.append({"kwargs": {"maxlen": 3}, "seqs": nested, "out": out.tolist(),
                  "dtype": str(out.dtype)})
    errors = {
        "bad_padding": err(lambda: keras.utils.pad_sequences(seqs, padding="mid")),
        "bad_truncating": err(lambda: keras.utils.pad_sequences(seqs, truncating="x")),
        "str_value": err(lambda: keras.utils.pad_sequences(seqs, value="a")),
        "not_iterable": err(lambda: keras.utils.pad_sequences([1, 2])),
        "shape_mismatch": err(lambda: keras.utils.pad_sequences([[[1, 2]], [[1, 2, 3]]])),
    }
    return {"seqs": seqs, "cases": cases, "errors": errors}


def split_cases():
    x = np.arange(40, dtype="float32").reshape(20, 2)
    y = np.arange(20, dtype="int64")
    cases = []
    for kw in [{"left_size": 0.7}, {"right_size": 0.25}, {"left_size": 5}, {"right_size": 3},
               {"left_size": 0.3, "right_size": 0.5}, {"left_size": 4, "right_size": 6},
               {"left_size": 0.8, "shuffle": True, "seed": 7},
               {"left_size": 6, "right_size": 4, "shuffle": True, "seed": 123}]:
        left, right = keras.utils.split_dataset((x, y), **kw)
        cases.append({"kwargs": kw, "left_y": [int(b[1]) for b in left],
                      "right_y": [int(b[1]) for b in right]})
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(3)
    left, right = keras.utils.split_dataset(ds, left_size=0.5, shuffle=True, seed=1)
    batched = {"left_y": [b[1].numpy().tolist() for b in left],
               "right_y": [b[1].numpy().tolist() for b in right]}
    left, right = keras.utils.split_dataset(x, right_size=0.2)
    arr = {"left": [b.numpy().tolist() for b in left], "right": [b.numpy().tolist() for b in right]}
    S = keras.utils.split_dataset
    errors = {
        "no_sizes": err(lambda: S(x)),
        "bad_type": err(lambda: S(x, left_size="a")),
        "both_bad_type": err(lambda: S(x, left_size="a", right_size="b")),
        "both_zero": err(lambda: S(x, left_size=0, right_size=0)),
        "left_too_big": err(lambda: S(x, left_size=20)),
        "right_float_1": err(lambda: S(x, right_size=1.0)),
        "float_sum": err(lambda: S(x, left_size=0.6, right_size=0.6)),
        "int_sum": err(lambda: S(x, left_size=15, right_size=10)),
        "empty_split": err(lambda: S(x, left_size=0.01)),
        "bad_dataset": err(lambda: S("abc", left_size=1)),
        "ragged_tuple": err(lambda: S((x, y[:5]), left_size=1)),
        "list_non_array": err(lambda: S([x, [1, 2]], left_size=1)),
    }
    return {"cases": cases, "batched": batched, "array": arr, "errors": errors}


def timeseries_cases():
    data = np.arange(60, dtype="float32").reshape(30, 2)
    targets = np.arange(30, dtype="int32") * 10
    cases = []
    for kw in [{"sequence_length": 5}, {"sequence_length": 4, "sequence_stride": 3},
               {"sequence_length": 3, "sampling_rate": 2, "batch_size": 4},
               {"sequence_length": 4, "start_index": 3, "end_index": 25, "batch_size": 5},
               {"sequence_length": 2, "sequence_stride": 2, "sampling_rate": 3, "batch_size": 3,
                "start_index": 1},
               {"sequence_length": 6, "batch_size": 7, "shuffle": True, "seed": 3},
               {"sequence_length": 5, "batch_size": None, "sequence_stride": 5},
               {"sequence_length": 5, "no_targets": True, "batch_size": 10}]:
        kw = dict(kw)
        no_t = kw.pop("no_targets", False)
        ds = keras.utils.timeseries_dataset_from_array(data, None if no_t else targets, **kw)
        xs, ys = [], []
        for el in ds:
            if no_t:
                xs.append(el.numpy().tolist())
            else:
                xs.append(el[0].numpy().tolist())
                ys.append(el[1].numpy().tolist())
        kw["no_targets"] = no_t
        cases.append({"kwargs": kw, "x": xs, "y": ys})
    T = keras.utils.timeseries_dataset_from_array
    errors = {
        "neg_start": err(lambda: T(data, targets, 3, start_index=-1)),
        "start_too_big": err(lambda: T(data, targets, 3, start_index=30)),
        "end_before_start": err(lambda: T(data, targets, 3, start_index=5, end_index=4)),
        "end_too_big": err(lambda: T(data, targets, 3, end_index=30)),
        "zero_rate": err(lambda: T(data, targets, 3, sampling_rate=0)),
        "rate_too_big": err(lambda: T(data, targets, 3, sampling_rate=30)),
        "zero_stride": err(lambda: T(data, targets, 3, sequence_stride=0)),
    }
    return {"data_shape": list(data.shape), "cases": cases, "errors": errors}


def image_cases():
    root = tempfile.mkdtemp()
    for rel, (h, w) in IMAGE_TREE.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tf.io.write_file(path, tf.io.encode_png(image_pixels(rel, h, w)))
    cases = []
    for kw in [{"shuffle": False, "image_size": (4, 5)},
               {"shuffle": False, "image_size": (3, 3), "label_mode": "categorical",
                "batch_size": 4},
               {"shuffle": False, "image_size": (6, 4), "color_mode": "rgba",
                "interpolation": "nearest", "label_mode": None},
               {"shuffle": False, "image_size": (4, 4), "crop_to_aspect_ratio": True},
               {"shuffle": False, "image_size": (5, 5), "class_names": ["dogs", "cats"],
                "label_mode": "binary"},
               {"shuffle": True, "seed": 11, "image_size": (4, 4), "validation_split": 0.4,
                "subset": "both"},
               {"shuffle": False, "image_size": (4, 4), "validation_split": 0.3,
                "subset": "validation"},
               {"shuffle": False, "image_size": (4, 4), "labels": [0, 1, 0, 2, 1, 0, 1],
                "batch_size": None}]:
        out = keras.utils.image_dataset_from_directory(root, verbose=False, **kw)
        parts = out if isinstance(out, list) else [out]
        res = []
        for ds in parts:
            xs, ys = [], []
            for el in ds:
                if isinstance(el, tuple):
                    xs.append(np.round(el[0].numpy(), 4).tolist())
                    ys.append(el[1].numpy().tolist())
                else:
                    xs.append(np.round(el.numpy(), 4).tolist())
            res.append({"x": xs, "y": ys, "class_names": ds.class_names,
                        "file_paths": [os.path.relpath(p, root) for p in ds.file_paths],
                        "dtype": ds.element_spec[0].dtype.name if isinstance(ds.element_spec, tuple)
                        else ds.element_spec.dtype.name})
        cases.append({"kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
                      "parts": res})
    I = keras.utils.image_dataset_from_directory  # noqa: E741
    errors = {
        "binary_3_classes": err(lambda: I(root, label_mode="binary", verbose=False)),
        "split_no_seed": err(lambda: I(root, validation_split=0.2, subset="training",
                                       verbose=False)),
        "split_no_subset": err(lambda: I(root, validation_split=0.2, seed=1, verbose=False)),
        "bad_subset": err(lambda: I(root, validation_split=0.2, subset="test", seed=1,
                                    verbose=False)),
        "bad_class_names": err(lambda: I(root, class_names=["x"], verbose=False)),
        "bad_color": err(lambda: I(root, color_mode="cmyk", verbose=False)),
        "bad_label_mode": err(lambda: I(root, label_mode="sparse", verbose=False)),
        "bad_labels": err(lambda: I(root, labels="names", verbose=False)),
        "wrong_label_count": err(lambda: I(root, labels=[0, 1], verbose=False)),
    }
    return {"cases": cases, "errors": errors}


def main():
    golden = {"keras_version": keras.__version__, "pad_sequences": pad_cases(),
              "split_dataset": split_cases(), "timeseries": timeseries_cases(),
              "images": image_cases()}
    with open(OUT, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()

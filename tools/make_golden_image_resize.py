"""Write tests/golden/image_resize.json: ``tf.image.resize`` outputs from real TensorFlow.

Run with TensorFlow in a scratch venv (never a test dependency):

    /tmp/tfvenv/bin/python tools/make_golden_image_resize.py

Each case resizes a small deterministic image batch (``seed``, ``shape``, ``dtype``: the test
rebuilds the same input) and records the output's shape, dtype and values.
"""

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "image_resize.json"

CASES = [
    dict(name="down_bilinear", shape=[2, 5, 7, 3], dtype="float32", size=[3, 4], method="bilinear"),
    dict(name="up_bilinear", shape=[1, 3, 4, 2], dtype="float32", size=[7, 9], method="bilinear"),
    dict(name="uint8_bilinear", shape=[1, 6, 6, 1], dtype="uint8", size=[4, 5], method="bilinear"),
    dict(name="float64_bilinear", shape=[1, 4, 5, 2], dtype="float64", size=[6, 3], method="bilinear"),
    dict(name="nearest_uint8", shape=[2, 5, 4, 1], dtype="uint8", size=[8, 3], method="nearest"),
    dict(name="single_image", shape=[5, 6, 3], dtype="float32", size=[2, 2], method="bilinear"),
    dict(name="aspect", shape=[1, 5, 7, 1], dtype="float32", size=[4, 20], method="bilinear",
         preserve_aspect_ratio=True),
]


def make_input(seed, shape, dtype):
    rng = np.random.default_rng(seed)
    if dtype == "uint8":
        return rng.integers(0, 256, size=shape).astype(np.uint8)
    return (rng.standard_normal(shape) * 10).astype(dtype)


def main():
    cases = []
    for i, case in enumerate(CASES):
        x = make_input(i, case["shape"], case["dtype"])
        y = tf.image.resize(x, case["size"], method=case["method"],
                            preserve_aspect_ratio=case.get("preserve_aspect_ratio", False))
        cases.append(dict(case, seed=i, out_shape=list(y.shape), out_dtype=y.dtype.name,
                          values=np.asarray(y).astype(np.float64).reshape(-1).tolist()))
    OUT.write_text(json.dumps({"tensorflow_version": tf.__version__, "cases": cases}) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()

"""Golden values for saessak.keras.datasets: real Keras 3 loaders run on small synthetic files.

Run with real Keras (TensorFlow backend):
    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_datasets.py

The real dataset files are large and need the network, and the loaders' interesting logic
(shuffling, ``num_words`` / ``skip_top`` / ``maxlen`` / ``start_char`` / ``oov_char`` /
``index_from`` for IMDB and Reuters, the shuffled splits of the housing sets) does not depend on
the data. So this script writes tiny synthetic files in Keras's formats, makes Keras's
``get_file`` return them (Keras never sees a cache folder), calls the loaders with several
argument sets, and stores inputs and outputs in tests/golden/datasets.json. The test rebuilds
the same files from the stored inputs and compares saessak's loaders with Keras's results.
"""

import json
import os
import pathlib
import tempfile

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
from keras.src.datasets import boston_housing, california_housing, imdb, reuters

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "datasets.json"

IMDB_CASES = [
    {}, {"num_words": 15}, {"num_words": 15, "skip_top": 5}, {"maxlen": 8}, {"start_char": None},
    {"start_char": None, "index_from": 0}, {"oov_char": None, "num_words": 12},
    {"seed": 7, "index_from": 2, "start_char": 5, "oov_char": 9},
    {"maxlen": 6, "num_words": 20, "skip_top": 2, "oov_char": None},
]
REUTERS_CASES = IMDB_CASES + [{"test_split": 0.3}, {"test_split": 0.5, "maxlen": 10, "seed": 3}]
HOUSING_CASES = [{}, {"test_split": 0.3, "seed": 1}, {"test_split": 0.0}]


def sequences(rng, n):
    return [[int(w) for w in rng.randint(1, 30, size=rng.randint(1, 15))] for _ in range(n)]


def object_array(seqs):
    out = np.empty(len(seqs), dtype=object)
    for i, s in enumerate(seqs):
        out[i] = s
    return out


def encode(split):
    (x_train, y_train), (x_test, y_test) = split
    enc = lambda x: {"shape": list(x.shape), "dtype": str(x.dtype), "values": x.tolist()}
    return [[enc(x_train), enc(y_train)], [enc(x_test), enc(y_test)]]


def run(module, file_path, kwargs):
    module.get_file = lambda *a, **k: file_path
    return module.load_data(**kwargs)


def main():
    rng = np.random.RandomState(0)
    tmp = pathlib.Path(tempfile.mkdtemp())
    golden = {}

    inputs = {"x_train": sequences(rng, 12), "y_train": rng.randint(0, 2, 12).tolist(),
              "x_test": sequences(rng, 9), "y_test": rng.randint(0, 2, 9).tolist()}
    np.savez(tmp / "imdb.npz", x_train=object_array(inputs["x_train"]), y_train=np.array(inputs["y_train"]),
             x_test=object_array(inputs["x_test"]), y_test=np.array(inputs["y_test"]))
    golden["imdb"] = {"inputs": inputs, "cases": [
        {"kwargs": kw, "result": encode(run(imdb, str(tmp / "imdb.npz"), kw))} for kw in IMDB_CASES]}

    inputs = {"x": sequences(rng, 30), "y": rng.randint(0, 46, 30).tolist()}
    np.savez(tmp / "reuters.npz", x=object_array(inputs["x"]), y=np.array(inputs["y"]))
    golden["reuters"] = {"inputs": inputs, "cases": [
        {"kwargs": kw, "result": encode(run(reuters, str(tmp / "reuters.npz"), kw))} for kw in REUTERS_CASES]}

    # Housing: x[:, 0] is the row number, so the row order is all the test needs to compare.
    for name, module, n, features, cases in (
            ("boston_housing", boston_housing, 25, 13, HOUSING_CASES),
            ("california_housing", california_housing, 650, 8,
             HOUSING_CASES + [{"version": "small"}, {"version": "small", "test_split": 0.25, "seed": 5}])):
        x = np.arange(n * features, dtype="float64").reshape(n, features) / 4
        x[:, 0] = np.arange(n)
        y = np.arange(n, dtype="float64") * 1.5
        np.savez(tmp / f"{name}.npz", x=x, y=y)
        results = []
        for kw in cases:
            (x_train, y_train), (x_test, y_test) = run(module, str(tmp / f"{name}.npz"), kw)
            results.append({"kwargs": kw, "train_rows": x_train[:, 0].astype(int).tolist(),
                            "test_rows": x_test[:, 0].astype(int).tolist(),
                            "dtypes": [str(a.dtype) for a in (x_train, y_train, x_test, y_test)]})
        golden[name] = {"n": n, "features": features, "cases": results}

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

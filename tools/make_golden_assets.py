"""Write tests/golden/saving/keras_lookup.keras with real Keras 3: a model whose lookup layer was adapted.

Run with real Keras in a scratch venv (never a test dependency):

    /tmp/tfvenv/bin/python tools/make_golden_assets.py

The archive holds the adapted vocabulary as an asset, ``assets/layers/integer_lookup/vocabulary.txt``
(Keras's layout); ``keras_lookup.json`` records a test input and the predictions of the saved
model, for tests/keras/test_saving_assets.py.
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "saving"


def main():
    keras.utils.set_random_seed(0)
    lookup = keras.layers.IntegerLookup(output_mode="multi_hot", num_oov_indices=1)
    lookup.adapt(np.array([[5, 7], [7, 9], [9, 9], [2, 5], [11, 9]]))
    model = keras.Sequential([keras.Input((2,), dtype="int64"), lookup, keras.layers.Dense(3)])
    model.save(OUT / "keras_lookup.keras")
    x = np.array([[9, 4], [5, 7], [2, 2], [0, 11]])
    y = model.predict(x, verbose=0)
    record = {"x": x.tolist(), "y": [[float(v) for v in row] for row in y],
              "vocabulary": [int(v) for v in lookup.get_vocabulary()],
              "keras_version": keras.__version__}
    (OUT / "keras_lookup.json").write_text(json.dumps(record, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote keras_lookup.keras ({(OUT / 'keras_lookup.keras').stat().st_size} bytes) and keras_lookup.json")


if __name__ == "__main__":
    main()

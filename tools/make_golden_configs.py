"""Record Keras 3's serialized configs of small models, for tests/keras/test_configs.py.

Run with real Keras in a scratch venv (never a test dependency):

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_configs.py

Each case is Python source that builds `model` with `keras` (and `layers`) in scope; the
same source runs against saessak in the test.
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
from keras import layers  # noqa: E402

CASES = {
    "seed_mlp": """
model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(100, activation="relu"),
                          layers.Dense(10, activation="softmax")])
""",
    "quickstart_dropout": """
model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(128, activation="relu"),
                          layers.Dropout(0.2), layers.Dense(10)])
""",
    "named_unicode": """
model = keras.Sequential([keras.Input((784,)), layers.Dense(100, activation="sigmoid", name="hidden"),
                          layers.Dense(10, activation="softmax", name="output")], name="패션 MNIST 모델")
""",
    "functional_digits": """
inputs = keras.Input(shape=(784,), name="digits")
x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
x = layers.Dense(64, activation="relu", name="dense_2")(x)
outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
""",
    "functional_two_outputs": """
a = keras.Input((3,), name="a")
h = layers.Dense(4, activation="tanh", kernel_initializer="he_normal", bias_initializer="ones")(a)
model = keras.Model(a, [layers.Dense(1, name="r")(h), layers.Dense(2, activation="softmax", name="c")(h)])
""",
    "functional_ops": """
x = keras.Input((4,), name="x")
y = layers.Dense(2)(x / 255.0) + 1.0
model = keras.Model(x, 2.0 - y)
""",
    "masked_lstm": """
x = keras.Input((5,), dtype="int32")
model = keras.Model(x, layers.LSTM(2)(layers.Embedding(10, 3, mask_zero=True)(x)))
""",
    "compiled": """
model = keras.Sequential([keras.Input((8,)), layers.Dense(12, activation="relu"),
                          layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
""",
}


def main():
    out = {}
    for name, source in CASES.items():
        keras.utils.clear_session()
        scope = {"keras": keras, "layers": layers}
        exec(source, scope)  # noqa: S102 - our own test snippets
        out[name] = {"source": source, "config": keras.saving.serialize_keras_object(scope["model"])}
    path = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "configs.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(out)} cases)")


if __name__ == "__main__":
    main()

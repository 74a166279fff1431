"""Write small `.keras` files with real Keras 3 for the layers of issue 8, plus their predictions.

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_layer_files.py

The test (tests/keras/test_keras_written_layers.py) loads each file in saessak and compares
its predictions on the stored inputs with Keras's.
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "saving"


def models():
    cnn = keras.Sequential([
        keras.Input((12, 12, 2)), layers.Conv2D(4, 3, activation="relu"), layers.BatchNormalization(),
        layers.MaxPooling2D(), layers.Conv2D(3, 2, padding="same", dilation_rate=1),
        layers.GlobalAveragePooling2D(), layers.Dense(2, activation="softmax")], name="cnn")
    seq = keras.Sequential([
        keras.Input((6, 3)), layers.Conv1D(4, 2), layers.LayerNormalization(), layers.GRU(5, return_sequences=True),
        layers.Bidirectional(layers.LSTM(3)), layers.Dense(1)], name="seq")
    x = keras.Input((8, 8, 1))
    y = layers.SeparableConv2D(3, 3)(layers.ZeroPadding2D(1)(layers.Rescaling(1 / 255.0)(x)))
    y = layers.UpSampling2D()(layers.AveragePooling2D(2)(layers.DepthwiseConv2D(3)(y)))
    z = layers.Conv2DTranspose(2, 3, strides=2)(y)
    img = keras.Model(x, layers.Flatten()(layers.Cropping2D(1)(z)), name="img")
    return {"keras_cnn": (cnn, (3, 12, 12, 2)), "keras_rnn": (seq, (3, 6, 3)), "keras_img": (img, (2, 8, 8, 1))}


def main():
    rng = np.random.default_rng(0)
    expected = {}
    for name, (model, shape) in models().items():
        model.compile(optimizer="adam", loss="mse")
        x = rng.random(shape).astype("float32")
        if name == "keras_cnn":  # move the BatchNormalization statistics away from their initial values
            model.fit(x, rng.random((shape[0], 2)).astype("float32"), epochs=2, verbose=0)
        model.save(OUT / f"{name}.keras")
        expected[name] = {"x": x.tolist(), "y": model.predict(x, verbose=0).tolist()}
    (OUT / "layer_files.json").write_text(json.dumps(expected) + "\n")
    print(f"wrote {len(expected)} models to {OUT}")


if __name__ == "__main__":
    main()

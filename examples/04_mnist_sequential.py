"""Handwritten digits (MNIST) with a ``Sequential`` model: the seven steps of a Keras program.

What it shows, in the order every Keras tutorial follows:

1. load the data set (``keras.datasets.mnist.load_data()``) and prepare it: flatten each
   28x28 image to 784 numbers in [0, 1], one-hot encode the labels (``to_categorical``);
2. build the model: ``Sequential`` with a hidden ``Dense`` layer and a softmax output;
3. ``compile``: optimizer, loss, metrics;
4. ``fit``: train for a few epochs;
5. look at the training history (``history.history['loss']``, ...);
6. ``evaluate`` on the test set;
7. ``predict`` the digit of a new image.

MNIST is downloaded once into the Keras cache (``~/.keras/datasets``) or read from a mirror
(``SAESSAK_DATASETS_MIRROR``); offline, ``load_data()`` uses a small sample shipped with
saessak.

Run it:

    python examples/04_mnist_sequential.py            # --quick: 3000 images, 1 epoch (for the tests)

The same program written with ``from tensorflow import keras`` runs unchanged on saessak with
``saessak run that_script.py``.
"""

import argparse

import numpy as np

from saessak import keras  # with TensorFlow: from tensorflow import keras


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train on a slice, 1 epoch (for the tests)")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    # 1. Data: uint8 images (60000, 28, 28) and digit labels (60000,).
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    if args.quick:
        x_train, y_train, x_test, y_test = x_train[:3000], y_train[:3000], x_test[:1000], y_test[:1000]
    x_train = x_train.reshape(len(x_train), 784).astype("float32") / 255.0
    x_test = x_test.reshape(len(x_test), 784).astype("float32") / 255.0
    y_train = keras.utils.to_categorical(y_train, 10)   # 3 -> [0 0 0 1 0 0 0 0 0 0]
    y_test = keras.utils.to_categorical(y_test, 10)
    print(f"train {x_train.shape} {y_train.shape}, test {x_test.shape} {y_test.shape}")

    # 2. Model: 784 inputs -> 64 ReLU units -> 10 class probabilities.
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.summary()

    # 3. How to learn: one-hot labels go with categorical_crossentropy.
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])

    # 4. Learn.
    history = model.fit(x_train, y_train, epochs=1 if args.quick else 5, batch_size=32, verbose=2)

    # 5. The history: one value per epoch.
    print("training loss per epoch:", [round(v, 4) for v in history.history["loss"]])
    print("training accuracy per epoch:", [round(v, 4) for v in history.history["accuracy"]])

    # 6. Evaluate on images the model never saw.
    loss, accuracy = model.evaluate(x_test, y_test, batch_size=32, verbose=0)
    print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f}")

    # 7. Use it: the predicted digit is the most probable class.
    probabilities = model.predict(x_test[:1], verbose=0)
    print(f"first test image: predicted {int(np.argmax(probabilities))}, true {int(np.argmax(y_test[0]))}")


if __name__ == "__main__":
    main()

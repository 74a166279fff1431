"""A perceptron learns the OR gate; a two-layer network (MLP) learns XOR, which one layer cannot.

What it shows: the whole Keras workflow on four points -- data, ``Sequential`` model,
``compile`` (optimizer, loss, metrics), ``fit``, ``evaluate``, ``predict`` -- and why hidden
layers with a non-linear activation matter.

* OR: one ``Dense(1)`` unit with a linear activation is a straight line through the plane,
  enough to separate (0,0) from the other three points.  Trained with SGD on the mean squared
  error, as in the tutorial.
* XOR: no straight line separates {(1,0), (0,1)} from {(0,0), (1,1)}.  A hidden layer of 32
  ReLU units bends the plane; a sigmoid output gives a probability.

Run it:

    python examples/02_perceptron_or_xor.py            # --quick: fewer XOR epochs (for the tests)

The same program written with ``from tensorflow import keras`` runs unchanged on saessak with
``saessak run that_script.py``.
"""

import argparse

import numpy as np

import saessak as tf  # with TensorFlow: import tensorflow as tf
from saessak import keras  # with TensorFlow: from tensorflow import keras

X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype="float32")


def or_gate(epochs):
    print("== OR gate: one perceptron")
    y = np.array([[0], [1], [1], [1]], dtype="float32")
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(1, activation="linear"),   # y = w1*x1 + w2*x2 + b
    ])
    model.compile(optimizer=keras.optimizers.SGD(), loss=keras.losses.mse, metrics=["acc"])
    model.fit(X, y, epochs=epochs, verbose=0)
    # The output is a number near 0 or 1: threshold it at 0.5 to read the gate.
    outputs = model.predict(X, verbose=0).ravel()
    print("raw outputs:", outputs.astype(float).round(3).tolist())
    print("OR learned:", (outputs > 0.5).astype(int).tolist(), "expected: [0, 1, 1, 1]")
    loss, acc = model.evaluate(X, y, verbose=0)
    print(f"OR final loss {loss:.4f}, accuracy {acc:.2f}")


def xor_gate(epochs):
    print("== XOR gate: a hidden layer")
    y = np.array([[0], [1], [1], [0]], dtype="float32")
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(32, activation="relu"),     # the hidden layer: 32 bent lines
        keras.layers.Dense(1, activation="sigmoid"),   # probability of output 1
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["acc"])
    history = model.fit(X, y, epochs=epochs, verbose=0)
    print(f"loss after epoch 1: {history.history['loss'][0]:.4f}, "
          f"after epoch {epochs}: {history.history['loss'][-1]:.4f}")
    outputs = model.predict(X, verbose=0).ravel()
    print("probabilities:", outputs.astype(float).round(3).tolist())
    print("XOR learned:", (outputs > 0.5).astype(int).tolist(), "expected: [0, 1, 1, 0]")
    loss, acc = model.evaluate(X, y, verbose=0)
    print(f"XOR final loss {loss:.4f}, accuracy {acc:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer XOR epochs (for the tests)")
    args = parser.parse_args()
    tf.random.set_seed(777)  # same seed, same initial weights, same run every time
    or_gate(500)  # four points: 500 epochs take about a second
    xor_gate(200 if args.quick else 500)


if __name__ == "__main__":
    main()

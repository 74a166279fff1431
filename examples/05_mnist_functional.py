"""MNIST with the Functional API: layers called on tensors, a model from inputs to outputs.

What it shows: ``keras.Input`` gives a symbolic tensor; calling a layer on it gives the next
one; ``keras.Model(inputs, outputs)`` turns the graph into a model.  Unlike ``Sequential``,
the graph can branch, merge, have several inputs or outputs and share layers.  Here:

* the tutorial's network, with named layers: 784 -> 64 -> 64 -> 10 (softmax);
* a second model that reuses the trained layers to output the 64 hidden features of an image
  (same layer objects, so same weights: no retraining);
* integer labels with ``SparseCategoricalCrossentropy`` (no one-hot encoding needed);
* ``validation_split``: the last 10% of the training data is held out to watch overfitting.

Run it:

    python examples/05_mnist_functional.py            # --quick: 3000 images, 1 epoch (for the tests)

The same program written with ``from tensorflow import keras`` runs unchanged on saessak with
``saessak run that_script.py``.
"""

import argparse

import numpy as np

from saessak import keras  # with TensorFlow: from tensorflow import keras
from saessak.keras import layers  # with TensorFlow: from tensorflow.keras import layers


def build_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="mnist_mlp")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train on a slice, 1 epoch (for the tests)")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    if args.quick:
        x_train, y_train, x_test, y_test = x_train[:3000], y_train[:3000], x_test[:1000], y_test[:1000]
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

    model = build_model()
    model.summary()
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(),   # labels are digits 0..9
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    history = model.fit(x_train, y_train, batch_size=64, epochs=1 if args.quick else 3,
                        validation_split=0.1, verbose=2)
    print("validation accuracy per epoch:", [round(v, 4) for v in history.history["val_accuracy"]])

    results = model.evaluate(x_test, y_test, batch_size=128, verbose=0, return_dict=True)
    print(f"test loss {results['loss']:.4f}, test accuracy {results['accuracy']:.4f}")

    # Reuse part of the graph: from the same input to the second hidden layer.
    features = keras.Model(inputs=model.inputs, outputs=model.get_layer("dense_2").output, name="features")
    hidden = features.predict(x_test[:3], verbose=0)
    print(f"hidden features of 3 test images: shape {hidden.shape}, "
          f"{int(np.count_nonzero(hidden))} of {hidden.size} ReLU units active")
    predicted = np.argmax(model.predict(x_test[:10], verbose=0), axis=1)
    print("predicted digits:", predicted.tolist(), "true:", y_test[:10].tolist())


if __name__ == "__main__":
    main()

"""Saving a trained model and loading it back: ``.keras``, legacy ``.h5``, and weights only.

What it shows, the three ways tutorials save a model:

* ``model.save("model.keras")`` -- Keras 3's own format (a zip of the architecture as JSON,
  the weights and the optimizer's state).  ``keras.models.load_model`` rebuilds the model,
  compiled, ready to predict or to go on training.  Real Keras opens these files too;
* ``model.save("model.h5")`` -- the legacy HDF5 format of TensorFlow 2's Keras, still common
  in older tutorials (and what ``ModelCheckpoint('best-model.h5')`` writes);
* ``model.save_weights("model.weights.h5")`` -- the weights alone: rebuild the same
  architecture in code, then ``load_weights``.

Each reloaded model must give exactly the predictions of the original.

Run it:

    python examples/10_save_and_reload.py       # --quick: 2000 images, 1 epoch (for the tests)

It writes its three files in the current folder.  The same program written with
``from tensorflow import keras`` runs unchanged on saessak with ``saessak run that_script.py``.
"""

import argparse

import numpy as np

from saessak import keras  # with TensorFlow: from tensorflow import keras


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def same(a, b):
    return "identical" if np.array_equal(a, b) else f"DIFFERENT (max diff {np.max(np.abs(a - b)):.3g})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train on a slice, 1 epoch (for the tests)")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    n = 2000 if args.quick else 20000
    x_train, y_train = x_train[:n].reshape(-1, 784).astype("float32") / 255.0, y_train[:n]
    x_test, y_test = x_test[:1000].reshape(-1, 784).astype("float32") / 255.0, y_test[:1000]

    model = build_model()
    model.fit(x_train, y_train, epochs=1 if args.quick else 3, batch_size=32, verbose=0)
    expected = model.predict(x_test, verbose=0)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"trained model: test loss {loss:.4f}, test accuracy {accuracy:.4f}")

    # 1. The whole model in Keras 3's format.
    model.save("model.keras")
    restored = keras.models.load_model("model.keras")
    print(".keras: predictions", same(expected, restored.predict(x_test, verbose=0)))
    # It comes back compiled, with the optimizer's state: training can go on.
    print(f".keras: optimizer {type(restored.optimizer).__name__}, "
          f"{int(restored.optimizer.iterations.numpy())} steps taken so far")
    restored.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)
    print(f".keras: after one more epoch, test accuracy "
          f"{restored.evaluate(x_test, y_test, verbose=0)[1]:.4f}")

    # 2. The legacy HDF5 format (TensorFlow 2's model.save('model.h5')).
    model.save("model.h5")
    restored_h5 = keras.models.load_model("model.h5")
    print(".h5: predictions", same(expected, restored_h5.predict(x_test, verbose=0)))

    # 3. Weights only: the architecture comes from the code.
    model.save_weights("model.weights.h5")
    fresh = build_model()
    fresh.load_weights("model.weights.h5")
    print("weights: predictions", same(expected, fresh.predict(x_test, verbose=0)))


if __name__ == "__main__":
    main()

"""Binary classification of sonar echoes (mine or rock), with training curves.

What it shows: a real tabular data set end to end -- read a CSV, encode the string labels as
0/1, hold out a test split, build a ``Sequential`` model, train it with ``validation_data`` so
each epoch also reports the test loss and accuracy, plot the curves from ``history.history``
and evaluate.  Watch the two curves part ways: the training loss keeps falling while the
validation loss stalls -- overfitting on 146 training examples.

The data: 208 sonar returns, 60 energies each, labelled ``M`` (metal cylinder, a mine) or
``R`` (rock) -- UCI's "Connectionist Bench (Sonar, Mines vs. Rocks)".  The tutorial uses
pandas and scikit-learn's ``LabelEncoder``/``train_test_split``; this copy does the same with
NumPy so that it needs nothing beyond saessak.

Run it:

    python examples/03_sonar_classifier.py [--data path/to/sonar.csv] [--quick]

It writes ``sonar_loss.png`` and ``sonar_accuracy.png`` in the current folder when matplotlib
is installed.  The same program written with ``from tensorflow import keras`` runs unchanged on
saessak with ``saessak run that_script.py``.
"""

import argparse
from pathlib import Path

import numpy as np

import saessak as tf  # with TensorFlow: import tensorflow as tf
from saessak import keras  # with TensorFlow: from tensorflow import keras

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "sonar.csv"


def load_sonar(path):
    """Features (208, 60) float32 and labels (208,) with 1 for a mine, 0 for a rock."""
    raw = np.loadtxt(path, delimiter=",", dtype=str)
    x = raw[:, :60].astype("float32")
    y = (raw[:, 60] == "M").astype("float32")   # what LabelEncoder gives: M -> 1, R -> 0
    return x, y


def split(x, y, test_size=0.3, seed=0):
    """A shuffled train/test split (train_test_split in scikit-learn)."""
    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(round(len(x) * test_size))
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]


def plot_curves(history):
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed: no plots (pip install matplotlib)")
        return
    matplotlib.use("Agg")  # write files, open no window
    import matplotlib.pyplot as plt

    h = history.history
    epochs = range(1, len(h["loss"]) + 1)
    for key, title in (("loss", "Loss"), ("accuracy", "Accuracy")):
        plt.figure()
        plt.plot(epochs, h[key], "r--", label=f"training {key}")
        plt.plot(epochs, h[f"val_{key}"], "b-", label=f"validation {key}")
        plt.title(f"Model {key}")
        plt.xlabel("Epoch")
        plt.ylabel(title)
        plt.legend()
        plt.savefig(f"sonar_{key}.png")
        plt.close()
        print(f"saved sonar_{key}.png")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="path of sonar.csv")
    parser.add_argument("--quick", action="store_true", help="20 epochs instead of 130 (for the tests)")
    args = parser.parse_args()

    tf.random.set_seed(0)
    x, y = load_sonar(args.data)
    x_train, x_test, y_train, y_test = split(x, y)
    print(f"train {x_train.shape}, test {x_test.shape}, mines in train: {int(y_train.sum())}")

    model = keras.Sequential([
        keras.Input(shape=(60,)),
        keras.layers.Dense(24, activation="relu"),
        keras.layers.Dense(10, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),   # P(mine)
    ])
    # The tutorial's choice: the mean squared error between label and probability.
    # "binary_crossentropy" is the usual loss for this task and trains a little faster.
    model.compile(loss="mean_squared_error", optimizer="adam", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=20 if args.quick else 130, batch_size=5,
                        validation_data=(x_test, y_test), verbose=0)

    h = history.history
    print(f"epochs: {len(h['loss'])}; last epoch: loss {h['loss'][-1]:.4f}, accuracy {h['accuracy'][-1]:.4f}, "
          f"val_loss {h['val_loss'][-1]:.4f}, val_accuracy {h['val_accuracy'][-1]:.4f}")
    plot_curves(history)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()

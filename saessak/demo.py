"""``saessak demo``: the seeds' first neural network, trained on MNIST out of the box.

Flatten -> Dense(100, relu) -> Dense(10, softmax), Adam, sparse categorical
cross-entropy, 5 epochs of batch 32 with 20% held out for validation: the
model every seed tutorial starts with.  MNIST comes from the Keras cache if it
is there, else it is downloaded, else (offline) the demo trains on the small
real MNIST sample shipped inside saessak.
"""

import os
import pathlib
import time


def load_mnist():
    from .backend import xp  # noqa: PLC0415 - keep `saessak` import light; the demo needs Keras
    from .keras.datasets import mnist  # noqa: PLC0415

    try:
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
        return (x_train, y_train), (x_test, y_test), "MNIST (60,000 training images)"
    except Exception as exc:  # noqa: BLE001 - offline, no cache: any failure falls back to the sample
        print(f"Could not get the full MNIST ({type(exc).__name__}: {str(exc).splitlines()[0][:120]}).")
        sample = pathlib.Path(__file__).parent / "keras" / "datasets" / "sample" / "mnist_sample.npz"
        try:
            with xp.load(sample) as data:
                arrays = {k: data[k] for k in ("x_train", "y_train", "x_test", "y_test")}
        except RuntimeError as err:  # zipfile: "Compression requires the (missing) lzma module"
            raise RuntimeError(
                f"The MNIST sample shipped with saessak is LZMA-compressed and this Python has no "
                f"lzma module ({err}). Use a Python built with lzma, or put mnist.npz in the Keras "
                f"cache (~/.keras/datasets, or $KERAS_HOME/datasets).") from None
        print(f"Training on the MNIST sample shipped with saessak instead ({sample}).")
        return ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"]),
                "the embedded MNIST sample (4,000 training images)")


def plot_history(history, path):
    try:
        import matplotlib  # noqa: PLC0415

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    for ax, key in zip(axes, ("loss", "accuracy")):
        epochs = range(1, len(history.history[key]) + 1)
        ax.plot(epochs, history.history[key], "o-", label=f"training {key}")
        ax.plot(epochs, history.history["val_" + key], "s--", label=f"validation {key}")
        ax.set_xlabel("epoch")
        ax.set_xticks(list(epochs))
        ax.set_title(key)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def run(out_dir="saessak-demo", epochs=5):
    from . import keras  # noqa: PLC0415

    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test), source = load_mnist()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    print(f"Data: {source}; test set {len(x_test):,} images.\n")

    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="seed_mlp")
    model.summary()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=32, validation_split=0.2)
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"\nTrained in {seconds:.1f} s. Test accuracy: {accuracy:.4f} (loss {loss:.4f}).")

    model_path = out / "seed_mlp.keras"
    model.save(model_path)
    print(f"Model saved to {model_path.resolve()}")
    curves = plot_history(history, out / "training_curves.png")
    if curves:
        print(f"Training curves saved to {pathlib.Path(curves).resolve()}")
    else:
        print('Training curves: install matplotlib to get a PNG (pip install "saessak[plot]").')
    return accuracy


if __name__ == "__main__":  # pragma: no cover
    run(os.environ.get("SAESSAK_DEMO_DIR", "saessak-demo"))

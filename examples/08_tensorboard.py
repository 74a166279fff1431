"""Logging training to TensorBoard with the ``TensorBoard`` callback.

What it shows: ``keras.callbacks.TensorBoard(log_dir, histogram_freq=1)`` writes, at the end of
every epoch, the loss and accuracy (training run in ``log_dir/train``, validation run in
``log_dir/validation``), the learning rate, and a histogram of every weight; the model's
structure goes to the Graphs tab.  Each run gets its own time-stamped folder under
``logs/fit``, so TensorBoard can compare runs.  Look at them with

    pip install tensorboard
    tensorboard --logdir logs/fit          # then open http://localhost:6006

saessak writes the event files itself (no TensorFlow or tensorboard package needed to write
them).  At the end the script reads its own files back to show what TensorBoard will plot.

Run it:

    python examples/08_tensorboard.py      # --quick: 3000 images, 2 epochs (for the tests)

The same program written with ``import tensorflow as tf`` runs unchanged on saessak with
``saessak run that_script.py`` (except the read-back at the end, which uses saessak's reader).
"""

import argparse
import datetime
from pathlib import Path

import saessak as tf  # with TensorFlow: import tensorflow as tf
from saessak import keras  # with TensorFlow: from tensorflow import keras


def create_model():
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])


def show_logs(log_dir):
    """List the event files and the epoch curves they hold (saessak's reader, not a Keras API)."""
    from saessak.keras.callbacks.event_writer import read_events

    for path in sorted(Path(log_dir).rglob("events.out.tfevents.*")):
        curves = {}
        for event in read_events(path):
            for value in event.get("values", []):
                if value["tag"].startswith("epoch_") and "array" in value:
                    curves.setdefault(value["tag"], []).append(round(float(value["array"]), 4))
        print(f"{path.relative_to(log_dir)} ({path.stat().st_size} bytes)")
        for tag, values in sorted(curves.items()):
            print(f"    {tag}: {values}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train on a slice, 2 epochs (for the tests)")
    args = parser.parse_args()
    tf.random.set_seed(0)

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    if args.quick:
        x_train, y_train, x_test, y_test = x_train[:3000], y_train[:3000], x_test[:1000], y_test[:1000]
    x_train, x_test = x_train.astype("float32") / 255.0, x_test.astype("float32") / 255.0

    model = create_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    log_dir = "logs/fit/" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    tensorboard_callback = keras.callbacks.TensorBoard(log_dir=log_dir, histogram_freq=1)
    history = model.fit(x=x_train, y=y_train, epochs=2 if args.quick else 5,
                        validation_data=(x_test, y_test), callbacks=[tensorboard_callback], verbose=2)

    print(f"final val_accuracy {history.history['val_accuracy'][-1]:.4f}")
    print(f"TensorBoard logs written to {log_dir}:")
    show_logs(log_dir)


if __name__ == "__main__":
    main()

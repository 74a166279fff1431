"""Fighting overfitting: ``Dropout``, and the ``ModelCheckpoint`` and ``EarlyStopping`` callbacks.

What it shows:

* ``Dropout(0.3)`` switches off a random 30% of the hidden units at each training step (and
  none at evaluation or prediction), so the network cannot lean on any single unit;
* a callback is an object ``fit`` calls at set moments (each epoch's end, ...):
  ``ModelCheckpoint(save_best_only=True)`` saves the model whenever the validation loss
  improves; ``EarlyStopping(patience=2, restore_best_weights=True)`` stops training after two
  epochs without improvement and puts back the best weights;
* the saved best model is loaded back (``keras.models.load_model``) and evaluated.

The tutorial trains on Fashion-MNIST; this copy uses MNIST, which the offline mirror has
(replace ``mnist`` with ``fashion_mnist`` below for the clothes).

Run it:

    python examples/07_dropout_checkpoint_earlystopping.py    # --quick: 500 images (for the tests)

It writes ``best-model.keras`` in the current folder.  The same program written with
``from tensorflow import keras`` runs unchanged on saessak with ``saessak run that_script.py``.
"""

import argparse

from saessak import keras  # with TensorFlow: from tensorflow import keras


def model_fn(a_layer=None):
    """The tutorial's model: Flatten, Dense(100), an optional extra layer, softmax output."""
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten()])
    model.add(keras.layers.Dense(100, activation="relu"))
    if a_layer:
        model.add(a_layer)
    model.add(keras.layers.Dense(10, activation="softmax"))
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train on a slice (for the tests)")
    args = parser.parse_args()
    keras.utils.set_random_seed(42)

    (train_input, train_target), (test_input, test_target) = keras.datasets.mnist.load_data()
    # The first 48000 images train, the last 12000 validate (train_test_split in the tutorial).
    val_input, val_target = train_input[48000:], train_target[48000:]
    train_input, train_target = train_input[:48000], train_target[:48000]
    if args.quick:
        train_input, train_target = train_input[:500], train_target[:500]
        val_input, val_target = val_input[:500], val_target[:500]
        test_input, test_target = test_input[:1000], test_target[:1000]
    train_scaled = train_input.astype("float32") / 255.0   # pixels 0..255 -> 0..1
    val_scaled = val_input.astype("float32") / 255.0
    test_scaled = test_input.astype("float32") / 255.0

    model = model_fn(keras.layers.Dropout(0.3))
    model.summary()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    checkpoint_cb = keras.callbacks.ModelCheckpoint("best-model.keras", save_best_only=True)
    early_stopping_cb = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    history = model.fit(train_scaled, train_target, epochs=20, verbose=0,
                        validation_data=(val_scaled, val_target),
                        callbacks=[checkpoint_cb, early_stopping_cb])

    val_loss = history.history["val_loss"]
    best = min(range(len(val_loss)), key=val_loss.__getitem__)
    print("validation loss per epoch:", [round(v, 4) for v in val_loss])
    if early_stopping_cb.stopped_epoch:
        # stopped_epoch counts from 0, as in Keras: training stopped after epoch stopped_epoch + 1.
        print(f"early stopping after epoch {early_stopping_cb.stopped_epoch + 1}; "
              f"best epoch {best + 1}, whose weights were restored")
    else:
        print(f"trained all {len(val_loss)} epochs; best epoch {best + 1}")

    best_model = keras.models.load_model("best-model.keras")
    loss, accuracy = best_model.evaluate(val_scaled, val_target, verbose=0)
    print(f"best-model.keras reloaded: validation loss {loss:.4f}, accuracy {accuracy:.4f}")
    loss, accuracy = best_model.evaluate(test_scaled, test_target, verbose=0)
    print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()

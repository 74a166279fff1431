"""MNIST with a hand-written training loop: ``GradientTape`` inside ``function``.

What it shows: what ``model.fit`` does for you, written out.  For each batch of a
``tf.data.Dataset``:

1. run the model and the loss under a ``GradientTape``;
2. ask the tape for the gradient of the loss with respect to every trainable weight;
3. let the optimizer apply them (``optimizer.apply_gradients``);
4. update a running metric.

The step is decorated with ``@tf.function``: the first call traces it into a flat program
(forward pass, backward pass and the optimizer's in-place updates), the next calls replay that
program without running the Python code again.  The last batch of an epoch is smaller, so it
gets a trace of its own (one trace per input shape in saessak).

Run it:

    python examples/06_mnist_gradient_tape.py         # --quick: 3000 images, 1 epoch (for the tests)

The same program written with ``import tensorflow as tf`` runs unchanged on saessak with
``saessak run that_script.py``.
"""

import argparse
import time

import saessak as tf  # with TensorFlow: import tensorflow as tf
from saessak import keras  # with TensorFlow: from tensorflow import keras


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

    batch_size = 64
    train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    train_dataset = train_dataset.shuffle(buffer_size=1024).batch(batch_size)   # reshuffled every epoch
    test_dataset = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(256)

    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu")(inputs)
    x = keras.layers.Dense(64, activation="relu")(x)
    outputs = keras.layers.Dense(10, name="logits")(x)       # no softmax: the loss takes logits
    model = keras.Model(inputs=inputs, outputs=outputs)

    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    train_acc = keras.metrics.SparseCategoricalAccuracy()
    test_acc = keras.metrics.SparseCategoricalAccuracy()

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss_value = loss_fn(y, logits)
        grads = tape.gradient(loss_value, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        train_acc.update_state(y, logits)
        return loss_value

    @tf.function
    def test_step(x, y):
        test_acc.update_state(y, model(x, training=False))

    epochs = 1 if args.quick else 3
    for epoch in range(epochs):
        start = time.perf_counter()
        for step, (x_batch, y_batch) in enumerate(train_dataset):
            loss_value = train_step(x_batch, y_batch)
            if step % 200 == 0:
                print(f"epoch {epoch + 1} step {step}: loss {float(loss_value):.4f} "
                      f"({(step + 1) * batch_size} images seen)")
        for x_batch, y_batch in test_dataset:
            test_step(x_batch, y_batch)
        print(f"epoch {epoch + 1}: train accuracy {float(train_acc.result()):.4f}, "
              f"test accuracy {float(test_acc.result()):.4f}, {time.perf_counter() - start:.1f} s")
        train_acc.reset_state()
        test_acc.reset_state()
    print("train_step was traced", train_step.experimental_get_tracing_count(), "times "
          "(full batches, then the smaller last batch)")


if __name__ == "__main__":
    main()

"""The workloads written once against the Keras API, run on saessak, TensorFlow/Keras or Keras 3
on the torch backend.

The code is what a user writes: ``Sequential`` of ``Dense`` layers, ``compile``, ``fit`` with a
callback that times each epoch, ``evaluate`` on the test images, ``predict``; W8 is the seeds'
hand-written loop (``GradientTape`` inside ``function`` over a shuffled, batched ``Dataset``).
"""

import os
import time

from workloads import NotApplicable, load_mnist, xor_data


def import_framework(framework):
    """``(keras, tf_or_None, version)``: the module that plays ``tf.keras`` and the one that plays
    ``tf`` (None for Keras-on-torch)."""
    if framework == "saessak":
        import saessak as tf
        from saessak import keras

        return keras, tf, f"saessak {getattr(tf, '__version__', '?')}"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if framework == "tf":
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import keras
        import tensorflow as tf

        if os.environ.get("SAESSAK_BENCH_THREADS"):
            n = int(os.environ["SAESSAK_BENCH_THREADS"])
            tf.config.threading.set_intra_op_parallelism_threads(n)
            tf.config.threading.set_inter_op_parallelism_threads(n)
        return keras, tf, f"TensorFlow {tf.__version__}, Keras {keras.__version__}"
    os.environ["KERAS_BACKEND"] = "torch"
    import keras
    import torch

    if os.environ.get("SAESSAK_BENCH_THREADS"):
        torch.set_num_threads(int(os.environ["SAESSAK_BENCH_THREADS"]))
    return keras, None, f"Keras {keras.__version__} on torch {torch.__version__}"


def _layer(keras, name):
    """A layer class; saessak's convolution layers may not be exported from keras.layers yet."""
    try:
        return getattr(keras.layers, name)
    except Exception:
        from saessak.keras.layers import convolutional, pooling

        return getattr(convolutional, name, None) or getattr(pooling, name)


def build_mlp(keras, spec):
    layers = [keras.Input((784,) if spec["flat"] else (28, 28))]
    if not spec["flat"]:
        layers.append(keras.layers.Flatten())
    for units in spec["hidden"]:
        layers.append(keras.layers.Dense(units, activation="relu"))
        if spec["dropout"]:
            layers.append(keras.layers.Dropout(spec["dropout"]))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers)


def build_cnn(keras):
    conv, pool = _layer(keras, "Conv2D"), _layer(keras, "MaxPooling2D")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        conv(32, 3, activation="relu"), pool(),
        conv(64, 3, activation="relu"), pool(),
        keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])


def optimizer(keras, spec):
    if spec["opt"] == "sgd":
        return keras.optimizers.SGD(learning_rate=spec["lr"])
    return keras.optimizers.Adam(learning_rate=spec["lr"])


def epoch_timer(keras):
    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self._start)

    return EpochTimer()


def run(framework, spec, seed):
    keras, tf, version = import_framework(framework)
    keras.utils.set_random_seed(seed)
    kind = spec["kind"]
    result = {"version": version}
    if kind == "xor":
        x, y = xor_data()
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=spec["lr"]), loss="mse")
        start = time.perf_counter()
        model.fit(x, y, batch_size=4, epochs=spec["epochs"], verbose=0)
        result["total"] = result["first_epoch"] = time.perf_counter() - start
        pred = model.predict(x, verbose=0)
        result["test_accuracy"] = float(((pred > 0.5) == (y > 0.5)).mean())
        return result

    (xtr, ytr), (xte, yte), source = load_mnist(spec)
    result["data"] = source
    if kind == "predict":
        model = build_mlp(keras, dict(spec, flat=False, hidden=(100,), dropout=0.0))
        result["predict"] = {}
        for batch in spec["batches"]:
            start = time.perf_counter()
            model.predict(xte, batch_size=batch, verbose=0)
            first = time.perf_counter() - start
            times = []
            for _ in range(spec["passes"]):
                start = time.perf_counter()
                model.predict(xte, batch_size=batch, verbose=0)
                times.append(time.perf_counter() - start)
            result["predict"][str(batch)] = {"first": first, "times": times, "images": len(xte)}
        return result

    if kind == "loop":
        return _custom_loop(keras, tf, framework, spec, xtr, ytr, xte, yte, result)

    if kind == "cnn":
        model = build_cnn(keras)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=spec["lr"]),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        xtr, xte = xtr[..., None], xte[..., None]
    else:
        model = build_mlp(keras, spec)
        if spec["loss"] == "categorical":
            ytr, yte = keras.utils.to_categorical(ytr, 10), keras.utils.to_categorical(yte, 10)
        if spec["flat"]:
            xtr, xte = xtr.reshape(len(xtr), 784), xte.reshape(len(xte), 784)
        loss = "categorical_crossentropy" if spec["loss"] == "categorical" else "sparse_categorical_crossentropy"
        model.compile(optimizer=optimizer(keras, spec), loss=loss, metrics=["accuracy"])
    timer = epoch_timer(keras)
    model.fit(xtr, ytr, batch_size=spec["batch"], epochs=spec["epochs"], verbose=0,
              validation_split=spec.get("val_split", 0.0), callbacks=[timer])
    result["epoch_times"] = timer.times
    result["test_accuracy"] = float(model.evaluate(xte, yte, batch_size=256, verbose=0)[1])
    return result


def _custom_loop(keras, tf, framework, spec, xtr, ytr, xte, yte, result):
    if tf is None:
        raise NotApplicable(f"{framework} has no GradientTape loop")
    n_train = int(len(xtr) * (1 - spec["val_split"]))  # the training part of W1's split
    xtr, ytr = xtr[:n_train], ytr[:n_train]
    model = build_mlp(keras, spec)
    opt = optimizer(keras, spec)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    dataset = tf.data.Dataset.from_tensor_slices((xtr, ytr)).shuffle(
        buffer_size=spec["shuffle_buffer"], seed=0).batch(spec["batch"])

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss_value = loss_fn(y, logits)
        grads = tape.gradient(loss_value, model.trainable_weights)
        opt.apply_gradients(zip(grads, model.trainable_weights))
        return loss_value

    times = []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        for x_batch, y_batch in dataset:
            train_step(x_batch, y_batch)
        times.append(time.perf_counter() - start)
    result["epoch_times"] = times
    pred = model.predict(xte, batch_size=256, verbose=0)
    result["test_accuracy"] = float((pred.argmax(axis=1) == yte).mean())
    return result

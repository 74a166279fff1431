"""The issue's bar: a small CNN reaches >= 0.98 test accuracy on MNIST in 2 epochs.

Conv2D(32, 3, relu) -> MaxPooling2D -> Conv2D(64, 3, relu) -> MaxPooling2D ->
Flatten -> Dense(10, softmax), Adam, batch 128, on the 60,000 MNIST training
images (the shared offline copy: no network).  About a minute or two on 2 cores
(benchmarks/cnn_bench.py times it against TensorFlow), hence ``slow``.
"""

import time
from pathlib import Path

import numpy as np
import pytest

from saessak import keras
from saessak.keras.layers.convolutional import Conv2D
from saessak.keras.layers.pooling import MaxPooling2D

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
KERAS_HOME = SHARED / "keras_home"


@pytest.fixture
def mnist(monkeypatch):
    if not (KERAS_HOME / "datasets" / "mnist.npz").exists():
        pytest.skip(f"the shared MNIST copy is absent (expected {KERAS_HOME / 'datasets' / 'mnist.npz'})")
    monkeypatch.setenv("KERAS_HOME", str(KERAS_HOME))
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(KERAS_HOME / "datasets"))
    monkeypatch.setenv("SAESSAK_OFFLINE", "1")
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    prepare = lambda x: (x.astype("float32") / 255.0)[..., None]  # noqa: E731
    return (prepare(x_train), y_train), (prepare(x_test), y_test)


@pytest.mark.slow
def test_small_cnn_reaches_98_percent_on_mnist_in_two_epochs(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28, 1) and x_test.shape == (10000, 28, 28, 1)
    keras.utils.clear_session()
    keras.utils.set_random_seed(42)
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv2D(32, 3, activation="relu"), MaxPooling2D(),
        Conv2D(64, 3, activation="relu"), MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    assert model.count_params() == 320 + 18496 + 16010
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x_train, y_train, batch_size=128, epochs=2, verbose=0).history
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(x_test, y_test, batch_size=512, verbose=0)
    print(f"2 epochs in {seconds:.1f} s; train accuracy {history['accuracy']}, test accuracy "
          f"{accuracy:.4f}, test loss {loss:.4f}")
    assert history["loss"][1] < history["loss"][0]
    assert accuracy >= 0.98
    predictions = model.predict(x_test[:256], verbose=0)
    assert predictions.shape == (256, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    assert (predictions.argmax(axis=1) == y_test[:256]).mean() >= 0.95

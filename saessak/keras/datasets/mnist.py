"""MNIST handwritten digits: 60,000 training and 10,000 test grayscale images, 28x28, ten classes."""

from ...backend import xp
from .mirror import fetch

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz"):
    """``(x_train, y_train), (x_test, y_test)``: uint8 ``(60000, 28, 28)``, ``(60000,)``,
    ``(10000, 28, 28)``, ``(10000,)``; pixels 0-255, labels 0-9.

    ``path`` is the file name under ``$KERAS_HOME/datasets`` (Keras's ``mnist.npz``). The file
    comes from the cache, the ``SAESSAK_DATASETS_MIRROR`` mirror or Keras's origin
    (``saessak.keras.datasets.mirror`` describes the order and the checks).
    MNIST: Yann LeCun and Corinna Cortes, CC BY-SA 3.0.
    """
    path = fetch(path, ORIGIN, FILE_HASH)
    with xp.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])

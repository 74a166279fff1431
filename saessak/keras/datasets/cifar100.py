"""CIFAR-100: 50,000 + 10,000 colour 32x32 images in 100 fine classes grouped into 20 coarse ones.

Keras caches the archive as ``datasets/cifar-100-python-target_archive`` and unpacks it into
``datasets/cifar-100-python-target/cifar-100-python/``; so do we. As in Keras, the labels keep
the dtype NumPy gives a list of ints (int64), unlike CIFAR-10's uint8.
"""

import os

from ...backend import xp
from .. import config
from ._readers import load_cifar_batch
from .mirror import fetch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
FILE_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"
DIRNAME = "cifar-100-python-target"


def load_data(label_mode="fine"):
    """``(x_train, y_train), (x_test, y_test)``: uint8 ``(50000, 32, 32, 3)``, int64 ``(50000, 1)``,
    ``(10000, 32, 32, 3)``, ``(10000, 1)``; ``label_mode`` "fine" (0-99) or "coarse" (0-19)."""
    if label_mode not in ("fine", "coarse"):
        raise ValueError(f'`label_mode` must be one of "fine", "coarse". Received: label_mode={label_mode}.')
    folder = os.path.join(fetch(DIRNAME, ORIGIN, FILE_HASH, extract=True), "cifar-100-python")
    x_train, y_train = load_cifar_batch(os.path.join(folder, "train"), f"{label_mode}_labels")
    x_test, y_test = load_cifar_batch(os.path.join(folder, "test"), f"{label_mode}_labels")
    y_train, y_test = xp.reshape(y_train, (len(y_train), 1)), xp.reshape(y_test, (len(y_test), 1))
    if config.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)

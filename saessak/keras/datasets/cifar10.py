"""CIFAR-10: 50,000 training and 10,000 test colour images, 32x32, ten classes.

Labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship, 9 truck.
Keras caches the archive as ``datasets/cifar-10-batches-py-target_archive`` and unpacks it into
``datasets/cifar-10-batches-py-target/cifar-10-batches-py/``; so do we.
"""

import os

from ...backend import xp
from .. import config
from ._readers import load_cifar_batch
from .mirror import fetch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
DIRNAME = "cifar-10-batches-py-target"


def load_data():
    """``(x_train, y_train), (x_test, y_test)``: uint8 ``(50000, 32, 32, 3)`` and ``(50000, 1)``,
    ``(10000, 32, 32, 3)`` and ``(10000, 1)`` (images ``(n, 3, 32, 32)`` under
    ``image_data_format() == "channels_first"``)."""
    folder = os.path.join(fetch(DIRNAME, ORIGIN, FILE_HASH, extract=True), "cifar-10-batches-py")
    batches = [load_cifar_batch(os.path.join(folder, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = xp.concatenate([data for data, _ in batches]).astype("uint8")
    y_train = xp.concatenate([xp.asarray(labels) for _, labels in batches]).astype("uint8")
    x_test, y_test = load_cifar_batch(os.path.join(folder, "test_batch"))
    x_test, y_test = x_test.astype("uint8"), xp.asarray(y_test).astype("uint8")
    y_train, y_test = y_train.reshape(-1, 1), y_test.reshape(-1, 1)
    if config.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)

"""Fashion-MNIST: 60,000 + 10,000 grayscale 28x28 images of ten kinds of clothing (Zalando, MIT).

Keras downloads the four original IDX files (gzip) into ``$KERAS_HOME/datasets/fashion-mnist/``
and publishes no hash for them; ``idx.load_idx`` checks their headers and sizes instead.
Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker,
8 Bag, 9 Ankle boot.
"""

import os

from .idx import IdxFormatError, load_idx
from .mirror import fetch

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")
CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")


def load_data():
    """``(x_train, y_train), (x_test, y_test)``: uint8 ``(60000, 28, 28)``, ``(60000,)``,
    ``(10000, 28, 28)``, ``(10000,)``."""
    paths = [fetch(name, BASE + name, None, cache_subdir=CACHE_SUBDIR) for name in FILES]
    arrays = [load_idx(p) for p in paths]
    for (labels, images), (lpath, ipath) in zip((arrays[0:2], arrays[2:4]), (paths[0:2], paths[2:4])):
        if labels.ndim != 1 or images.ndim != 3 or len(images) != len(labels):
            raise IdxFormatError(f"{ipath} holds images of shape {images.shape} but {lpath} holds labels "
                                 f"of shape {labels.shape}: expected (n, 28, 28) and (n,). Delete both "
                                 "and download them again.")
    y_train, x_train, y_test, x_test = arrays
    return (x_train, y_train), (x_test, y_test)

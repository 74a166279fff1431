"""``keras.datasets``: Keras's small datasets, cached where and as Keras caches them.

``load_data()`` of each module returns Keras's arrays (layout and dtypes). Files come from the
Keras cache (``$KERAS_HOME/datasets``, default ``~/.keras/datasets``), else from an offline
mirror named by ``SAESSAK_DATASETS_MIRROR``, else from Keras's origin URL, with Keras's hashes
checked; ``mirror`` documents the order, the checks and the mirror layout, ``idx`` the IDX
format of the MNIST family.
"""

from . import boston_housing, california_housing, cifar10, cifar100, fashion_mnist, idx, imdb, mirror, mnist, reuters

__all__ = ["boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist", "idx", "imdb",
           "mirror", "mnist", "reuters"]

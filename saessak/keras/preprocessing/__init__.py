"""``keras.preprocessing``: Keras 3's older home of a few data utilities (now in ``keras.utils``).

``keras.preprocessing.sequence.pad_sequences`` and the dataset builders are the
``keras.utils`` functions under their old names; ``keras.preprocessing.image``'s
PIL helpers are not implemented.
"""

from ..._unsupported import module_getattr as _module_getattr
from ..utils import image_dataset_from_directory, timeseries_dataset_from_array  # noqa: F401
from . import image, sequence  # noqa: F401

__getattr__ = _module_getattr("keras.preprocessing")

"""``keras.utils``: seeding, one-hot encoding, the progress bar, and other helpers."""

from .file_utils import get_file
from .numerical_utils import normalize, to_categorical
from .progbar import Progbar
from .random_utils import clear_session, set_random_seed

__all__ = ["Progbar", "clear_session", "get_file", "normalize", "set_random_seed", "to_categorical"]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.utils")

"""``keras.utils``: seeding, one-hot encoding, the progress bar, and other helpers."""

from .file_utils import get_file
from .random_utils import clear_session, set_random_seed

__all__ = ["clear_session", "get_file", "set_random_seed"]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.utils")

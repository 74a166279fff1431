"""``keras.preprocessing.sequence``: ``pad_sequences`` (the same function as ``keras.utils``'s)."""

from ..._unsupported import module_getattr as _module_getattr
from ..utils import pad_sequences  # noqa: F401

__getattr__ = _module_getattr("keras.preprocessing.sequence")

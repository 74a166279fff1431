"""``keras.preprocessing.image``: Keras's PIL-based image helpers are not implemented in saessak."""

from ..._unsupported import module_getattr as _module_getattr

__getattr__ = _module_getattr("keras.preprocessing.image")

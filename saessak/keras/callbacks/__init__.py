"""``keras.callbacks``: hooks into fit / evaluate / predict."""

from .callback import Callback
from .callback_list import CallbackList
from .history import History
from .progbar_logger import ProgbarLogger

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger"]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.callbacks")

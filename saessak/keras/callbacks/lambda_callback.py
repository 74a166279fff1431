"""LambdaCallback: a callback assembled from plain functions (``on_epoch_end=lambda epoch, logs: ...``).

Each given function replaces the hook of the same name on this object; hooks
not given do nothing.  Extra keyword arguments are set as attributes, so any
other hook (``on_test_batch_end=...``, ``on_batch_end=...``) can be given too.
"""

from .callback import Callback
from .monitor_callback import batch_hooks_beyond


class LambdaCallback(Callback):
    """Callback for creating simple, custom callbacks on-the-fly (``keras.callbacks.LambdaCallback``)."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end,
                 "on_train_begin": on_train_begin, "on_train_end": on_train_end,
                 "on_train_batch_begin": on_train_batch_begin, "on_train_batch_end": on_train_batch_end}
        for name, fn in hooks.items():
            if fn is not None:
                setattr(self, name, fn)

    def _uses_batch_hooks(self, mode):
        return batch_hooks_beyond(self, LambdaCallback, mode)

    # The functions are instance attributes, which a look at the class cannot see: these
    # pass-throughs mark the class as one whose batch hooks must be called (when
    # ``_uses_batch_hooks`` is not consulted).
    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

"""TerminateOnNaN: stop training at the first batch whose loss is NaN or infinite.

It reads the batch's ``loss`` after each training step (one host read of a
scalar that the step has already computed) and sets ``model.stop_training``;
with ``raise_error=True`` it raises instead, so that the weights of the bad
step are not used further.
"""

import math

from ...backend import xp
from .callback import Callback
from .monitor_callback import print_msg, to_python


class TerminateOnNaN(Callback):
    """Callback that terminates training when a NaN loss is encountered (``keras.callbacks.TerminateOnNaN``)."""

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = to_python(loss)
        finite = math.isfinite(loss) if isinstance(loss, (int, float)) else bool(xp.isfinite(loss).all())
        if not finite:
            if self.raise_error:
                raise RuntimeError(
                    f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. Terminating "
                    "training immediately.")
            print_msg(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True

"""Keras's hidden tensor attributes, kept beside the tensors: masks and softmax/sigmoid logits.

Keras sets ``tensor._keras_mask`` (which timesteps are padding) and
``tensor._keras_logits`` (the input of the softmax that produced this output,
so cross-entropy can use the stable logits formula).  saessak tensors carry
only their array, so these live in side tables keyed by the tensor's identity
and cleared when the tensor is garbage-collected.
"""

import weakref

from ..engine.tensor import Tensor

_MASKS = {}
_LOGITS = {}


def _tag(table, tensor, value):
    key = id(tensor)
    if key not in table:
        weakref.finalize(tensor, table.pop, key, None)
    table[key] = value


def set_keras_mask(tensor, mask):
    """Attach a boolean ``mask`` to ``tensor`` (Keras's ``tensor._keras_mask``); None removes it."""
    if mask is None:
        _MASKS.pop(id(tensor), None)
    else:
        _tag(_MASKS, tensor, mask)


def get_keras_mask(tensor):
    return _MASKS.get(id(tensor)) if isinstance(tensor, Tensor) else None


def set_keras_logits(output, logits):
    """Record that ``output`` is ``softmax(logits)`` or ``sigmoid(logits)`` (``_keras_logits``).

    Activations call this so that the cross-entropy losses can use the logits
    formula, as Keras does inside ``fit``.
    """
    _tag(_LOGITS, output, logits)


def get_keras_logits(output):
    return _LOGITS.get(id(output)) if isinstance(output, Tensor) else None

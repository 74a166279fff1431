"""Concatenate: join a list of tensors along one axis (``keras.layers.Concatenate``).

All inputs must have the same shape except along ``axis``; the output's size
there is the sum of theirs.  The gradient of concat slices the incoming
gradient back into the inputs' pieces.
"""

from ....ops import array_ops, layout_ops, math_ops, reduce_ops
from .base_merge import Merge


class Concatenate(Merge):
    """Concatenate the inputs along ``axis`` (default -1, the features)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self._reshape_required = False

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 1 or \
                not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                "A `Concatenate` layer should be called on a list of at least 1 input. Received: "
                f"input_shape={input_shape}")
        if all(shape is None for shape in input_shape):
            self.built = True
            return
        reduced = set()
        for shape in input_shape:
            shape = list(shape)
            if len(shape) > self.axis:  # Keras's test (always true for a negative axis)
                if not -len(shape) <= self.axis < len(shape):
                    raise ValueError(
                        f"A `Concatenate` layer with axis={self.axis} cannot join inputs of rank "
                        f"{len(shape)}. Received: input_shape={input_shape}")
                del shape[self.axis]
            reduced.add(tuple(shape))
        if len(reduced) != 1:
            message = ("A `Concatenate` layer requires inputs with matching shapes except for the "
                       f"concatenation axis. Received: input_shape={input_shape}")
            ranks = {len(shape) for shape in reduced}
            if len(ranks) != 1:
                raise ValueError(message)
            for axis in range(ranks.pop()):
                # Unknown sizes (None) may match anything.
                if len({shape[axis] for shape in reduced if shape[axis] is not None}) > 1:
                    raise ValueError(message)
        self.built = True

    def _merge_function(self, inputs):
        return layout_ops.concat(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or not input_shape or \
                not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                "A `Concatenate` layer should be called on a list of inputs. Received: "
                f"input_shape={input_shape}")
        out = list(input_shape[0])
        for shape in input_shape[1:]:
            if out[self.axis] is None or shape[self.axis] is None:
                out[self.axis] = None
                break
            out[self.axis] += shape[self.axis]
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        """The concatenated masks (an unmasked input counts as all True), reduced over the last axis."""
        if mask is None:
            return None
        if not isinstance(mask, (tuple, list)):
            raise ValueError(f"`mask` should be a list. Received mask={mask}")
        if len(mask) != len(inputs):
            raise ValueError(
                "The lists `inputs` and `mask` should have the same length. Received: "
                f"inputs={inputs} of length {len(inputs)}, and mask={mask} of length {len(mask)}")
        if all(m is None for m in mask):
            return None
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                masks.append(array_ops.ones_like(x, dtype="bool"))
            elif m.ndim < x.ndim:
                masks.append(math_ops.logical_or(array_ops.expand_dims(m, -1),
                                                 array_ops.zeros_like(x, dtype="bool")))
            else:
                masks.append(m)
        return reduce_ops.reduce_any(layout_ops.concat(masks, axis=self.axis), axis=-1)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form: ``Concatenate(axis=axis, **kwargs)(inputs)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)

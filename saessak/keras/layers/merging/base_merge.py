"""Merge: the base of the layers that combine a list of tensors elementwise (Add, Maximum, ...).

Shapes follow NumPy broadcasting on the sample axes: aligned from the right,
two sizes agree when they are equal or one of them is 1 (it is then
stretched).  When the inputs have different ranks, the lower-rank ones get
size-1 axes inserted right after the batch axis until all ranks match, so
``(batch, 4)`` combines with ``(batch, 3, 4)`` as ``(batch, 1, 4)``.

Gradients need nothing special: each output is a chain of binary ops
(add, multiply, maximum...) whose VJPs already sum the gradient back over
broadcast axes.
"""

from ....ops import array_ops
from ..keras_tensor import KerasTensor
from ..layer import Layer


class Merge(Layer):
    """Generic merge layer: subclasses implement ``_merge_function(list_of_tensors)``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _compute_elemwise_op_output_shape(self, shape1, shape2):
        """The broadcast of two sample shapes (None: unknown), or a ValueError if they clash."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            return self._compute_elemwise_op_output_shape(shape2, shape1)
        if not shape2:
            return tuple(shape1)
        out = list(shape1[:-len(shape2)])
        for i, j in zip(shape1[-len(shape2):], shape2):
            if i is None or j is None:
                out.append(None)
            elif i == 1:
                out.append(j)
            elif j == 1 or i == j:
                out.append(i)
            else:
                raise ValueError(
                    f"Inputs have incompatible shapes. Received shapes {tuple(shape1)} and "
                    f"{tuple(shape2)}")
        return tuple(out)

    def _sample_shape(self, input_shape):
        out = None if input_shape[0] is None else tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            out = self._compute_elemwise_op_output_shape(out, None if shape is None else tuple(shape[1:]))
        return out

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not input_shape or \
                not isinstance(input_shape[0], (tuple, list)):
            if isinstance(input_shape, list) and not input_shape:
                raise ValueError(
                    "A merge layer should be called on a list of at least 1 input. Received 0 inputs. "
                    f"Full input_shape received: {input_shape}")
            raise ValueError(
                "A merge layer should be called on a list of inputs. "
                f"Received: input_shape={input_shape} (not a list of shapes)")
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Cannot merge tensors with different batch sizes. Received tensors with shapes "
                f"{input_shape}")
        self._sample_shape(input_shape)  # raises if the shapes do not broadcast
        self._reshape_required = None in input_shape or len({len(s) for s in input_shape}) != 1
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. Received: inputs={inputs} "
                "(not a list of tensors)")
        if self._reshape_required:
            max_ndim = max(x.ndim for x in inputs)
            expanded = []
            for x in inputs:
                for _ in range(max_ndim - x.ndim):
                    x = array_ops.expand_dims(x, 1)
                expanded.append(x)
            inputs = expanded
        return self._merge_function(list(inputs))

    def compute_output_shape(self, input_shape):
        sample = self._sample_shape(input_shape)
        batch_sizes = {s[0] for s in input_shape if s is not None} - {None}
        batch = next(iter(batch_sizes)) if len(batch_sizes) == 1 else None
        return (batch,) + tuple(sample)

    def compute_output_spec(self, inputs, **kwargs):
        return KerasTensor(self.compute_output_shape([x.shape for x in inputs]), dtype=self.compute_dtype)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (tuple, list)):
            raise ValueError(f"`mask` should be a list. Received: mask={mask}")
        if not isinstance(inputs, (tuple, list)):
            raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
        if len(mask) != len(inputs):
            raise ValueError(
                "The lists `inputs` and `mask` should have the same length. Received: "
                f"inputs={inputs} of length {len(inputs)}, and mask={mask} of length {len(mask)}")
        if any(m is None for m in mask):
            return None
        from ....ops import math_ops  # noqa: PLC0415

        out = mask[0]
        for m in mask[1:]:
            out = math_ops.logical_or(out, m)
        return out

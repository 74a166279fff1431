"""Permute: reorder the non-batch axes of each sample (a transpose that keeps axis 0 first)."""

from ....ops import array_ops
from ..input_spec import InputSpec
from ..layer import Layer


class Permute(Layer):
    """Transpose the sample axes by ``dims``, numbered from 1 (axis 0 is the batch).

    ``Permute((2, 1))`` turns ``(batch, steps, features)`` into ``(batch, features, steps)``.
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return array_ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        config = super().get_config()
        config["dims"] = self.dims
        return config

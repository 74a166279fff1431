"""CategoryEncoding: integer category indices -> one-hot, multi-hot or count vectors."""

from ....ops import math_ops
from ..keras_tensor import KerasTensor
from ..layer import Layer
from . import _encoding
from ._image_base import check_choice


class CategoryEncoding(Layer):
    """Encode integer indices in ``[0, num_tokens)`` as vectors of length ``num_tokens``.

    Args:
        num_tokens: the number of categories.
        output_mode: 'multi_hot' (default: 1 where the index occurs in the sample, a sample
            being the last axis), 'one_hot' (one vector per index) or 'count' (occurrences,
            optionally weighted by ``count_weights`` at call time).

    A negative index is an error (in 'multi_hot' and 'count', as in TensorFlow's
    bincount); indices >= ``num_tokens`` are dropped.  Runs with ops: it works inside
    models and compiled functions.
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        check_choice(output_mode, ("count", "one_hot", "multi_hot"), "output_mode", "CategoryEncoding")
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of tokens is not known "
                             "beforehand, use the IntegerLookup layer instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise NotImplementedError("CategoryEncoding: sparse=True is not supported by saessak.")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError("`count_weights` is not used when `output_mode` is not `'count'`. Received "
                                 f"`count_weights={count_weights}`.")
            from ....ops import array_ops  # noqa: PLC0415

            count_weights = math_ops.cast(array_ops.convert_to_tensor(count_weights), self.compute_dtype)
        return _encoding.encode(inputs, self.output_mode, self.num_tokens, self.compute_dtype,
                                count_weights=count_weights)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot" and len(input_shape) == 1:
            return input_shape + (self.num_tokens,)
        return _encoding.output_shape(input_shape, self.output_mode, self.num_tokens)

    def compute_output_spec(self, inputs, count_weights=None):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self.compute_dtype)

    def get_build_config(self):
        return {"input_shape": None}  # Keras records no shape (its inputs are not converted)

    def get_config(self):
        config_ = super().get_config()
        config_.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode})
        return config_

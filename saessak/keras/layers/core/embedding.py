"""Embedding: integer ids -> rows of a trainable ``(input_dim, output_dim)`` table.

``outputs[..., :] = embeddings[ids[...]]`` is a gather; its gradient is a
scatter-add into the table (a row used twice receives both gradients, unused
rows receive zero).  With ``mask_zero=True`` id 0 is padding: the layer
emits the mask ``ids != 0`` that downstream layers (RNNs, attention) use to
skip those steps.
"""

import warnings

from ....ops import array_ops, indexing_ops, math_ops
from ... import constraints, initializers, regularizers
from ..keras_tensor import KerasTensor
from ..layer import Layer


class Embedding(Layer):
    """Turns positive integers (indexes) into dense vectors of fixed size (``keras.layers.Embedding``).

    Args:
        input_dim: size of the vocabulary (largest id + 1).
        output_dim: size of each vector.
        embeddings_initializer / embeddings_regularizer / embeddings_constraint: for the table.
        mask_zero: treat id 0 as padding and emit a mask (then id 0 cannot be a real token).
        weights: optional initial table, ``[array]`` or ``array`` of shape ``(input_dim, output_dim)``.
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        for arg, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"`{arg}` must be a positive integer. Received: {arg}={value} "
                                 f"(of type {type(value).__name__}).")
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.", stacklevel=2)
        if lora_rank or quantization_config is not None:
            raise NotImplementedError("Embedding: LoRA and quantization are not supported by saessak.")
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.autocast = False
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.quantization_config = quantization_config
        if weights is not None:
            self._maybe_build(None)
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        self._embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint, trainable=True)
        self.built = True

    @property
    def embeddings(self):
        if not self.built:
            raise AttributeError("You must build the layer before accessing `embeddings`.")
        return self._embeddings

    def call(self, inputs):
        if inputs.dtype.name not in ("int32", "int64"):
            inputs = math_ops.cast(inputs, "int32")
        outputs = indexing_ops.gather(self.embeddings, inputs)
        if outputs.dtype.name != self.compute_dtype:
            outputs = math_ops.cast(outputs, self.compute_dtype)
        return outputs

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        inputs = array_ops.convert_to_tensor(inputs)
        return math_ops.not_equal(inputs, array_ops.zeros((), dtype=inputs.dtype))

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def compute_output_spec(self, inputs, *args, **kwargs):
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        })
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config

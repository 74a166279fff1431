"""Dense: ``output = activation(inputs @ kernel + bias)``."""

from ....ops import dense_ops, linalg_ops, math_ops
from ... import activations, constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer


class Dense(Layer):
    """A fully connected layer: every input feature feeds every one of ``units`` outputs.

    Args:
        units: number of outputs.
        activation: activation function or its name (None: linear).
        use_bias: add a bias vector.
        kernel_initializer / bias_initializer: how the weights start ('glorot_uniform', 'zeros').
        kernel_regularizer / bias_regularizer / activity_regularizer: penalties added to the loss.
        kernel_constraint / bias_constraint: projections applied after each optimizer update.
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, quantization_config=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank:
            raise NotImplementedError("Dense(lora_rank=...) (LoRA) is not implemented in saessak.")
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"Received an invalid value for `units`, expected a positive integer. Received: units={units!r}")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        in_features = input_shape[-1]
        if in_features is None:
            raise ValueError(
                f"Layer {self.name}: the last dimension of the inputs must be known to build a Dense "
                f"layer, received input_shape={input_shape}.")
        self.kernel = self.add_weight(name="kernel", shape=(in_features, self.units),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.units,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: in_features})
        self.built = True

    def call(self, inputs):
        if inputs.dtype != self.kernel.dtype:
            inputs = math_ops.cast(inputs, self.kernel.dtype)  # uint8 images, int features
        if self.bias is not None and dense_ops.can_fuse(inputs, self.kernel, self.bias):
            # x @ W + b (and a plain relu) as one kernel: the same values (ops/dense_ops.py).
            relu = self.activation is activations.relu
            y = dense_ops.dense(inputs, self.kernel, self.bias, "relu" if relu else None)
            return y if relu else self.activation(y)
        x = linalg_ops.matmul(inputs, self.kernel) if inputs.ndim == 2 else _dot_last(inputs, self.kernel)
        if self.bias is not None:
            x = math_ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        })
        return config


def _dot_last(x, kernel):
    """Apply the kernel to the last axis of a rank > 2 input (e.g. a time series)."""
    from ....ops import array_ops  # noqa: PLC0415

    shape = x._value.shape
    flat = array_ops.reshape(x, (-1, shape[-1]))
    out = linalg_ops.matmul(flat, kernel)
    return array_ops.reshape(out, tuple(shape[:-1]) + (kernel._value.shape[-1],))

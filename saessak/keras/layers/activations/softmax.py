"""Softmax layer: ``exp(x - max x) / sum exp(x - max x)`` along ``axis``, with an optional mask.

Masked positions (mask False, or <= 0.5 for a numeric mask) get a large
negative logit before the softmax, so their weight is ~0, and are set to
exactly 0 afterwards (which also covers a fully masked row).  Over several
axes at once the layer computes ``exp(x - logsumexp(x, axes))``.
"""

from ....ops import array_ops, math_ops
from ... import activations
from ..layer import Layer


def _large_negative_number(dtype):
    return -3e4 if dtype == "float16" else -1e9


class Softmax(Layer):
    """Softmax along ``axis`` (an int or a list of ints; default -1)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = array_ops.convert_to_tensor(mask)
            m_shape, i_shape = tuple(mask.shape), tuple(inputs.shape)
            if len(m_shape) > len(i_shape):
                raise ValueError(
                    "The `mask` must be broadcastable to `inputs` and must not have more dimensions. "
                    f"Received: inputs.shape={i_shape}, mask.shape={m_shape}")
            for m_dim, i_dim in zip(m_shape[::-1], i_shape[::-1]):
                if m_dim != 1 and m_dim != i_dim:
                    raise ValueError(
                        "The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 "
                        f"or match the corresponding input dimension. Received: "
                        f"inputs.shape={i_shape}, mask.shape={m_shape}")
            if mask.dtype.name != "bool":
                mask = math_ops.greater(mask, array_ops.constant(0.5, dtype=mask.dtype))
            fill = array_ops.constant(_large_negative_number(inputs.dtype.name), dtype=inputs.dtype)
            inputs = math_ops.where(mask, inputs, fill)
        if isinstance(self.axis, (tuple, list)):
            if len(self.axis) > 1:
                outputs = activations.softmax(inputs, axis=tuple(self.axis))
            else:
                outputs = activations.softmax(inputs, axis=self.axis[0])
        else:
            outputs = activations.softmax(inputs, axis=self.axis)
        if mask is not None:
            outputs = math_ops.where(mask, outputs, array_ops.zeros((), dtype=outputs.dtype))
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config

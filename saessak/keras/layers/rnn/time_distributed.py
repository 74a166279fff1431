"""TimeDistributed: apply one layer (one set of weights) to every timestep of a ``(batch, time, ...)`` input.

Keras calls the wrapped layer's ``call`` once per step and stacks the
results.  For layers that treat every row independently (Dense,
EinsumDense, Activation, Dropout) that equals one call on the input
reshaped to ``(batch * time, ...)``, which is what saessak does for them:
one big matmul instead of ``time`` small ones.  Other layers (say a
BatchNormalization, whose statistics depend on the rows it sees together)
run step by step, as in Keras.
"""

from ....ops import array_ops, layout_ops
from ..core.wrapper import Wrapper
from ..keras_tensor import KerasTensor
from ..layer import Layer


class TimeDistributed(Wrapper):
    """Apply ``layer`` to every temporal slice of the input (``keras.layers.TimeDistributed``)."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. "
                             f"Received: {layer}")
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _get_child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                             f"dimensions, received: {input_shape}")
        return (input_shape[0], *input_shape[2:])

    def compute_output_shape(self, input_shape):
        child = self._get_child_input_shape(tuple(input_shape))
        try:
            child_out = tuple(self.layer.compute_output_shape(child))
        except NotImplementedError:
            child_out = tuple(self.layer.compute_output_spec(KerasTensor(child, dtype=self.compute_dtype)).shape)
        return (child_out[0], input_shape[1], *child_out[1:])

    def build(self, input_shape):
        super().build(self._get_child_input_shape(tuple(input_shape)))

    def call(self, inputs, training=None, mask=None):
        shape = tuple(inputs._value.shape)
        if mask is not None:
            mask = array_ops.convert_to_tensor(mask)
            _check_mask(tuple(mask._value.shape), shape)
        kwargs = {}
        if self.layer._call_has_training:
            kwargs["training"] = training
        takes_mask = self.layer._call_has_mask and mask is not None
        if not takes_mask and type(self.layer) in _row_wise_layers():
            flat = array_ops.reshape(inputs, (shape[0] * shape[1],) + shape[2:])
            out = self.layer.call(flat, **kwargs)
            return array_ops.reshape(out, shape[:2] + tuple(out._value.shape[1:]))
        steps = layout_ops.unstack(inputs, axis=1)
        step_masks = layout_ops.unstack(mask, axis=1) if takes_mask else [None] * len(steps)
        outputs = []
        for x_t, m_t in zip(steps, step_masks):
            step_kwargs = dict(kwargs, mask=m_t) if takes_mask else kwargs
            outputs.append(self.layer.call(x_t, **step_kwargs))
        return layout_ops.stack(outputs, axis=1)


def _check_mask(mask_shape, input_shape):
    if len(mask_shape) < 2:
        raise ValueError(
            "The `mask` passed to the `TimeDistributed` layer must be at least 2D (e.g., `(batch_size, "
            f"timesteps)`), but it has {len(mask_shape)} dimension(s) with shape {mask_shape}.")
    if mask_shape[0] != input_shape[0] or mask_shape[1] != input_shape[1]:
        raise ValueError(
            f"The `mask` passed to the `TimeDistributed` layer has a shape {mask_shape} that is "
            f"incompatible with the input shape {input_shape}. The first two dimensions of the mask "
            "(batch size and timesteps) must match the input's first two dimensions. Expected mask shape "
            f"prefix: ({input_shape[0]}, {input_shape[1]}).")


def _row_wise_layers():
    from ..core.activation import Activation  # noqa: PLC0415
    from ..core.dense import Dense  # noqa: PLC0415
    from ..core.dropout import Dropout  # noqa: PLC0415
    from ..core.einsum_dense import EinsumDense  # noqa: PLC0415

    return (Dense, EinsumDense, Activation, Dropout)

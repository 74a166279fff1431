"""PReLU layer: a leaky ReLU whose negative slope ``alpha`` is learned.

``f(x) = relu(x) - alpha * relu(-x)``, i.e. ``x`` for ``x >= 0`` and ``alpha * x``
otherwise, with one ``alpha`` per input element (batch axis excluded), or one
per group of elements along ``shared_axes``.  Gradients:
``df/dx = 1`` where ``x > 0`` and ``alpha`` where ``x < 0``; ``df/dalpha = min(x, 0)``
(summed over the batch and the shared axes by the broadcast).
"""

from ....ops import math_ops
from ... import activations, constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer


class PReLU(Layer):
    """Parametric ReLU.

    Args:
        alpha_initializer: how ``alpha`` starts (default zeros: a plain ReLU).
        alpha_regularizer / alpha_constraint: penalty and projection for ``alpha``.
        shared_axes: axes (numbered with the batch as 0) along which one ``alpha`` is shared,
            e.g. ``[1, 2]`` for one slope per channel of ``(batch, height, width, channels)``.
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for i in self.shared_axes or ():
            param_shape[i - 1] = 1
        if any(d is None for d in param_shape):
            raise ValueError(
                f"Layer {self.name}: PReLU needs the size of every non-batch axis that is not in "
                f"`shared_axes` to create `alpha`. Received input_shape={tuple(input_shape)}, "
                f"shared_axes={self.shared_axes}. Share the unknown axes or give them a size.")
        self.alpha = self.add_weight(shape=param_shape, name="alpha", initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        axes = {}
        if self.shared_axes:
            axes = {i: input_shape[i] for i in range(1, len(input_shape)) if i not in self.shared_axes}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        pos = activations.relu(inputs)
        neg = math_ops.multiply(math_ops.negative(self.alpha), activations.relu(math_ops.negative(inputs)))
        return math_ops.add(pos, neg)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        })
        return config

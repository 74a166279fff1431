"""RepeatVector: ``(batch, features) -> (batch, n, features)``, the vector repeated n times."""

from ....ops import array_ops, layout_ops
from ..input_spec import InputSpec
from ..layer import Layer


class RepeatVector(Layer):
    """Repeat each input vector ``n`` times along a new axis 1 (e.g. to feed an RNN decoder)."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        if n <= 0:
            raise ValueError(f"Argument `n` should be a positive integer. Received: n={n}")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        # The gradient of tile sums the n copies back onto the vector.
        return layout_ops.tile(array_ops.expand_dims(inputs, 1), (1, self.n, 1))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        config = super().get_config()
        config["n"] = self.n
        return config

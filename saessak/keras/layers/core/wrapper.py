"""Wrapper: the base of layers that wrap another layer (TimeDistributed; Bidirectional is its own).

``build_sublayer`` builds a layer owned by another one so that its weights are
named under the owner (``time_distributed/dense/kernel``), also when the owner's
``build`` is called directly rather than on first use.
"""

from ..layer import Layer, _context


def build_sublayer(parent, child, input_shape):
    """Build ``child`` (if needed) inside ``parent``'s name scope."""
    if child.built:
        return
    enter = not _context.scope or _context.scope[-1] != parent.name
    if enter:
        _context.scope.append(parent.name)
    try:
        child._maybe_build(input_shape)
    finally:
        if enter:
            _context.scope.pop()


class Wrapper(Layer):
    """Holds ``layer`` as a sub-layer and serializes it inside its own config (``keras.layers.Wrapper``)."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer} supplied to Wrapper isn't a supported layer type. Please ensure wrapped "
                "layer is a valid Keras layer.")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        build_sublayer(self, self.layer, input_shape)
        self.built = True

    def get_config(self):
        from ...saving.serialization import serialize_keras_object  # noqa: PLC0415

        config = super().get_config()
        config["layer"] = serialize_keras_object(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ...saving.serialization import deserialize_keras_object  # noqa: PLC0415
        from ..rnn.rnn import with_rnn_classes  # noqa: PLC0415

        config = dict(config)
        config["layer"] = deserialize_keras_object(config["layer"],
                                                   custom_objects=with_rnn_classes(custom_objects))
        return super().from_config(config)

"""Sequential: a plain stack of layers, each feeding the next."""

from ..layers.input_layer import InputLayer
from ..layers.keras_tensor import KerasTensor
from ..layers.layer import Layer
from .model import Model


class Sequential(Model):
    """``keras.Sequential([layer, ...])``: layers applied one after another.

    The input shape comes from a ``keras.Input`` given first, from
    ``input_shape=``/``input_dim=`` on the first layer (Keras 2 style), or from the
    first data the model sees (``model(x)``, ``fit``).
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._input_layer = None
        self._seq_layers = []
        self._output = None
        if isinstance(layers, (Layer, KerasTensor)):
            layers = [layers]  # Keras 3 raises here; the seeds pass one layer, so we accept it
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        if isinstance(layer, KerasTensor) and layer._keras_history is not None:
            origin = layer._keras_history[0]
            if isinstance(origin, InputLayer):
                layer = origin
        if not isinstance(layer, Layer):
            raise ValueError(
                "Only instances of `keras.Layer` can be added to a Sequential model. "
                f"Received: {layer!r} (of type {type(layer).__name__})")
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._seq_layers:
                raise ValueError(
                    f"Sequential model '{self.name}' has already been configured to use an input "
                    "shape; an InputLayer can only be the first layer.")
            self._input_layer = layer
            self._track(layer)
        else:
            if not self._seq_layers and self._input_layer is None and layer._input_shape_arg is not None:
                self._input_layer = InputLayer(shape=layer._input_shape_arg,
                                               dtype=getattr(layer, "_input_dtype_arg", None))
                self._track(self._input_layer)
            names = {x.name for x in self._seq_layers}
            if layer.name in names:
                raise ValueError(
                    f"All layers added to a Sequential model should have unique names. Name "
                    f"'{layer.name}' is already the name of a layer in this model. Update the `name` "
                    "argument to pass a unique name.")
            self._seq_layers.append(layer)
            self._track(layer)
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        if not self._seq_layers:
            raise IndexError("There are no layers in the model.")
        layer = self._seq_layers.pop()
        self._layers[:] = [x for x in self._layers if x is not layer]
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        self.built = False
        self._output = None
        if self._input_layer is not None and self._seq_layers:
            self.build(self._input_layer.batch_shape)

    def build(self, input_shape=None):
        if input_shape is None:
            raise ValueError(f"Sequential model '{self.name}': build() needs an input_shape.")
        if isinstance(input_shape, (list, tuple)) and input_shape and isinstance(input_shape[0], (list, tuple)):
            raise ValueError(
                f"Sequential model '{self.name}' takes one input, but build() received shapes "
                f"{input_shape}. Use the Functional API for several inputs.")
        if self._input_layer is None:
            # Keras keeps the shape it was first built with, batch size included ((3, 3) after
            # model(tf.ones((3, 3)))); other batch sizes still work, nothing checks that axis.
            self._input_layer = InputLayer(batch_shape=tuple(input_shape))
            self._layers.insert(0, self._input_layer)
        from ..layers.layer import _context  # noqa: PLC0415

        x = self._input_layer.output_tensor
        _context.scope.append(self.name)  # weights are named 'sequential/dense/kernel', as in Keras
        try:
            for layer in self._seq_layers:
                x = layer(x)
        finally:
            _context.scope.pop()
        self._output = x
        self._build_shapes = self._input_layer.batch_shape
        self.built = True

    def call(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self._seq_layers:
            x = layer(x, training=training)
        return x

    @property
    def layers(self):
        return list(self._seq_layers)

    @property
    def inputs(self):
        return [self._input_layer.output_tensor] if self._input_layer is not None else None

    @property
    def outputs(self):
        return [self._output] if self._output is not None else None

    @property
    def input_shape(self):
        if self._input_layer is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input shape yet.")
        return self._input_layer.batch_shape

    @property
    def output_shape(self):
        if self._output is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined output shape yet.")
        return self._output.shape

    def compute_output_spec(self, *args, **kwargs):
        x = args[0]
        for layer in self._seq_layers:
            x = layer.compute_output_spec(x)
        return x

    def get_config(self):
        from ..saving.serialization import serialize_keras_object  # noqa: PLC0415

        layer_configs = []
        if self._input_layer is not None:
            layer_configs.append(serialize_keras_object(self._input_layer))
        layer_configs += [serialize_keras_object(layer) for layer in self._seq_layers]
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": {"module": "keras", "class_name": "DTypePolicy",
                            "config": {"name": self.dtype}, "registered_name": None},
                  "layers": layer_configs}
        if self.built and self._input_layer is not None:
            config["build_input_shape"] = list(self._input_layer.batch_shape)
        return config

    def get_build_config(self):
        if self.built and self._input_layer is not None:
            return {"input_shape": list(self._input_layer.batch_shape)}
        return None

    def build_from_config(self, config):
        if not self.built and config and config.get("input_shape") is not None:
            self.build(tuple(config["input_shape"]))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..saving.serialization import deserialize_keras_object  # noqa: PLC0415

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            # The model builds its layers itself (so weight paths read 'sequential/dense/kernel').
            layer_config = {k: v for k, v in layer_config.items() if k != "build_config"}
            model.add(deserialize_keras_object(layer_config, custom_objects=custom_objects), rebuild=False)
        model._maybe_rebuild()
        if not model.built and config.get("build_input_shape") is not None:
            model.build(tuple(config["build_input_shape"]))
        return model

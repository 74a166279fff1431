"""Model: a Layer that can be trained (``compile``/``fit``/``evaluate``/``predict``).

``Model(inputs=..., outputs=...)`` builds a Functional model; subclassing
``Model`` and writing ``call`` gives a subclassed model.  The training loop
itself lives in :mod:`saessak.keras.trainers.trainer`.
"""

from .. import naming
from ..layers.layer import Layer
from ..trainers.trainer import Trainer


def _is_functional_call(args, kwargs):
    return "inputs" in kwargs and "outputs" in kwargs or len(args) >= 2 or (
        len(args) == 1 and "outputs" in kwargs)


class Model(Trainer, Layer):
    """A trainable stack of layers (``keras.Model``)."""

    def __new__(cls, *args, **kwargs):
        if cls is Model and _is_functional_call(args, kwargs):
            from .functional import Functional  # noqa: PLC0415

            return Functional.__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if type(self) is not Model and _is_functional_call(args, kwargs) and \
                not hasattr(self, "_inputs_struct"):
            raise NotImplementedError(
                "Subclassed models that pass inputs/outputs to Model.__init__ are not supported yet; "
                "build a keras.Model(inputs, outputs) instead.")
        name = kwargs.pop("name", None)
        trainable = kwargs.pop("trainable", True)
        dtype = kwargs.pop("dtype", None)
        Layer.__init__(self, name=name or naming.auto_name(type(self).__name__), trainable=trainable,
                       dtype=dtype, **{k: v for k, v in kwargs.items() if k in ("input_shape",)})
        Trainer.__init__(self)

    @property
    def layers(self):
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        """A layer by its name or by its index in ``model.layers``."""
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index, not both.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(self.layers)} layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        from ..utils.summary_utils import print_summary  # noqa: PLC0415

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable, layer_range=layer_range)

    def build(self, input_shape=None):
        """Subclassed models: create the weights by running ``call`` once on zeros of that shape."""
        if self.built:
            return
        if input_shape is None:
            raise ValueError(f"Model {self.name}: build() needs an input_shape, e.g. (None, 784).")
        from ...backend import xp  # noqa: PLC0415
        from ...engine.tensor import Tensor  # noqa: PLC0415

        def zeros(shape):
            return Tensor(xp.zeros(tuple(1 if d is None else d for d in shape), xp.float32))
        shapes = input_shape
        if isinstance(shapes, (list, tuple)) and shapes and isinstance(shapes[0], (list, tuple)):
            dummy = [zeros(s) for s in shapes]
        elif isinstance(shapes, dict):
            dummy = {k: zeros(s) for k, s in shapes.items()}
        else:
            dummy = zeros(shapes)
        self.built = True  # so that __call__ does not recurse into build
        self._build_shapes = input_shape
        self.__call__(dummy, training=False)

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Save architecture, weights and optimizer state (``.keras``; ``.h5`` for the legacy format)."""
        from ..saving.saving_api import save_model  # noqa: PLC0415

        return save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None, **kwargs):
        from ..saving.saving_api import save_weights  # noqa: PLC0415

        return save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size, **kwargs)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        from ..saving.saving_api import load_weights  # noqa: PLC0415

        return load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        import json  # noqa: PLC0415

        from ..saving.serialization import serialize_keras_object  # noqa: PLC0415

        return json.dumps(serialize_keras_object(self), **kwargs)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable}

    @property
    def input_shape(self):
        raise AttributeError(f"Model {self.name} has no defined input shape (it is a subclassed model).")

"""Lambda: wrap a Python function of tensors as a layer.

Saving a Lambda layer has to record its function.  A named function is
recorded by name (and found again by name when loading: register it, or pass
it in ``custom_objects``).  A Python ``lambda`` has no name to look up, so, as
Keras 3 does, its compiled bytecode is stored: ``marshal`` of the code object,
base64-encoded, with its default arguments and closure values.  Loading such a
config would run code written into the file, so it is refused unless safe mode
is switched off (``safe_mode=False``), and the bytecode only loads on the same
Python version that wrote it.
"""

import base64
import binascii
import builtins
import inspect
import marshal
import types

from ....engine import nest
from ...saving import serialization
from ..keras_tensor import KerasTensor
from ..layer import Layer, _merge_runs


class Lambda(Layer):
    """``call(inputs) = function(inputs, **arguments)``.

    Args:
        function: the function to apply; it receives the layer's inputs first (and
            ``mask=`` / ``training=`` if it declares those parameters).
        output_shape: the output shape without the batch axis (a tuple), or a function
            from the full input shape to the full output shape.  Usually not needed: by
            default the shape is found by running ``function`` on small zero tensors.
        mask: None, a function ``(inputs, mask) -> mask``, or a fixed mask.
        arguments: a dict of keyword arguments passed to ``function``.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.arguments = arguments or {}
        self.function = function
        self.supports_masking = mask is not None
        self.mask = mask
        self._output_shape = output_shape
        params = _arg_names(function)
        self._fn_expects_training_arg = "training" in params
        self._fn_expects_mask_arg = "mask" in params

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    # ------------------------------------------------------------------ shapes
    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is not None:
            return super().compute_output_spec(*args, **kwargs)
        try:
            runs = [self._dummy_call(args, kwargs, fill) for fill in (2, 3)]
        except Exception as exc:  # noqa: BLE001 - any failure of the user's function
            raise NotImplementedError(
                "We could not automatically infer the shape of the Lambda's output. Please specify "
                f"the `output_shape` argument for this Lambda layer. (Running the function on "
                f"placeholder zeros failed with {type(exc).__name__}: {exc})") from exc
        return _merge_runs(*runs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            def placeholders(shape):
                if _is_shape(shape):
                    return KerasTensor(shape, dtype=self.compute_dtype)
                if isinstance(shape, dict):
                    return {k: placeholders(v) for k, v in shape.items()}
                return [placeholders(s) for s in shape]
            spec = self.compute_output_spec(placeholders(input_shape))
            return nest.map_structure(lambda t: t.shape, spec) if nest.is_nested(spec) else spec.shape
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        first = input_shape
        while not _is_shape(first):  # the batch size of the first input
            first = next(iter(first.values())) if isinstance(first, dict) else first[0]
        batch = first[0] if first else None
        if _is_shape(self._output_shape):
            return (batch,) + tuple(self._output_shape)
        return [(batch,) + tuple(s) for s in self._output_shape]

    # ------------------------------------------------------------------ config
    def get_config(self):
        config = {"function": _serialize_function(self.function)}
        if self._output_shape is not None:
            if callable(self._output_shape):
                config["output_shape"] = _serialize_function(self._output_shape)
            else:
                config["output_shape"] = self._output_shape
        if self.mask is not None:
            if callable(self.mask):
                config["mask"] = _serialize_function(self.mask)
            else:
                config["mask"] = serialization.serialize_keras_object(self.mask)
        config["arguments"] = serialization.serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        safe = (serialization.in_safe_mode() if safe_mode is None else safe_mode) is not False
        config = dict(config)
        config["function"] = _deserialize_function(config["function"], custom_objects, safe)
        if "output_shape" in config:
            shape = config["output_shape"]
            if isinstance(shape, dict):
                shape = _deserialize_function(shape, custom_objects, safe)
            elif isinstance(shape, (list, tuple)):
                shape = tuple(shape) if _is_shape(shape) else [tuple(s) for s in shape]
            config["output_shape"] = shape
        if isinstance(config.get("mask"), dict):
            config["mask"] = _deserialize_function(config["mask"], custom_objects, safe)
        if "arguments" in config:
            config["arguments"] = _deserialize_plain(config["arguments"], custom_objects)
        return super().from_config(config)


# ---------------------------------------------------------------------- helpers
def _arg_names(function):
    try:
        return set(inspect.getfullargspec(function).args)
    except TypeError:  # some builtins have no introspectable signature
        return set()


def _is_shape(value):
    return isinstance(value, (list, tuple)) and all(d is None or isinstance(d, int) for d in value)


def _serialize_function(fn):
    """Keras 3's record of a function: bytecode for a ``lambda``, a name otherwise."""
    if isinstance(fn, types.FunctionType) and fn.__name__ == "<lambda>":
        code, defaults, closure = _func_dump(fn)
        return {"class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure}}
    if isinstance(fn, types.FunctionType):
        # Keras records every plain function under the public class "function".
        from ...saving.object_registration import get_registered_name  # noqa: PLC0415

        return {"module": "builtins", "class_name": "function", "config": get_registered_name(fn),
                "registered_name": "function"}
    if callable(fn):
        return serialization.serialize_keras_object(fn)
    raise ValueError(f"Invalid input type for serialization. Received: {fn} of type {type(fn)}.")


def _func_dump(fn):
    code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(c.cell_contents for c in fn.__closure__) if fn.__closure__ else None
    return code, fn.__defaults__, closure


def _deserialize_function(config, custom_objects, safe):
    if isinstance(config, dict) and config.get("class_name") == "__lambda__":
        if safe:
            raise ValueError(
                "Requested the deserialization of a `Lambda` layer whose `function` is a Python "
                "lambda. This carries a potential risk of arbitrary code execution and thus it is "
                "disallowed by default. If you trust the source of the artifact, you can override "
                "this error by passing `safe_mode=False` to the loading function, or calling "
                "`keras.config.enable_unsafe_deserialization().")
        inner = config["config"]
        return _func_load(inner["code"], inner.get("defaults"), inner.get("closure"))
    if callable(config):
        return config
    return serialization.deserialize_keras_object(config, custom_objects=custom_objects)


def _deserialize_plain(value, custom_objects):
    """Keras's reading of plain data: object configs inside dicts and lists are rebuilt."""
    if isinstance(value, dict):
        if "class_name" in value and "config" in value:
            return serialization.deserialize_keras_object(value, custom_objects=custom_objects)
        return {k: _deserialize_plain(v, custom_objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_deserialize_plain(v, custom_objects) for v in value]
    return value


def _func_load(code, defaults=None, closure=None):
    """Rebuild a function from :func:`_func_dump`'s record (runs only with safe mode off)."""
    if isinstance(code, (list, tuple)):  # an older record: (code, defaults, closure) in one
        code, defaults, closure = code
    try:
        raw = base64.decodebytes(code.encode("ascii"))
    except (UnicodeEncodeError, binascii.Error):
        raw = code.encode("raw_unicode_escape")
    try:
        code_obj = marshal.loads(raw)
    except (ValueError, EOFError, TypeError) as exc:
        raise ValueError(
            "Could not load the bytecode of a Lambda layer's function: Python bytecode only loads "
            "on the Python version that wrote it. Re-create the layer with a named function "
            f"instead. ({exc})") from None
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    cells = tuple(types.CellType(v) for v in closure) if closure is not None else None
    return types.FunctionType(code_obj, {"__builtins__": builtins}, name=code_obj.co_name,
                              argdefs=defaults, closure=cells)

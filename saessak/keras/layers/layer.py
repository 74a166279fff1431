"""Layer: the base class of every Keras layer and model.

A layer owns weights (created in ``build`` by ``add_weight``, once the input
shape is known) and computes ``call(inputs, training=None)``.  ``__call__``
wraps ``call`` with what every layer needs: converting NumPy inputs,
casting floats to the layer's dtype, building on first use, checking the
input spec, propagating the ``training`` flag to nested layers, collecting
losses, and -- when the inputs are symbolic KerasTensors -- recording a node
of a Functional graph instead of computing.
"""

import inspect
import threading
import warnings

from ...backend import xp
from ...engine import nest
from ...engine.tensor import Tensor
from ...engine.variable import Variable as _EngineVariable
from ...ops import array_ops, math_ops
from .. import config, naming
from ..variables import Variable
from .input_spec import assert_input_compatibility
from .keras_tensor import KerasTensor, Node, is_symbolic

_LEGACY_KWARGS = {"input_shape", "batch_input_shape", "batch_size", "input_dim", "weights",
                  "input_dtype"}


class _CallContext(threading.local):
    def __init__(self):
        self.depth = 0
        self.training = None
        self.scope = []  # names of the layers being built, outermost first: variable paths


_context = _CallContext()


class Layer:
    """Base layer (``keras.layers.Layer``).

    Subclasses implement ``build(input_shape)`` (optional), ``call(inputs, ...)``
    and ``get_config()`` when they take constructor arguments.
    """

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        # Tracking must work even if a subclass sets attributes before super().__init__().
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_inbound_nodes", [])
        object.__setattr__(self, "_losses", [])
        object.__setattr__(self, "_tracking", True)
        return self

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        unknown = set(kwargs) - _LEGACY_KWARGS
        if unknown:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                f"{ {k: kwargs[k] for k in sorted(unknown)} }")
        self.name = name or naming.auto_name(type(self).__name__)
        if not isinstance(self.name, str):
            raise TypeError(f"Layer name must be a string, received name={self.name!r}.")
        self._trainable = bool(trainable)
        self._dtype = _dtype_name(dtype) if dtype is not None else config.floatx()
        self.autocast = autocast
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        from .. import regularizers  # noqa: PLC0415

        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._build_shapes = None
        self._input_shape_arg = _legacy_input_shape(kwargs)
        if self._input_shape_arg is not None:
            self._input_dtype_arg = kwargs.get("input_dtype")
            warn_legacy_input_shape(self)
        self._call_has_training = "training" in _call_params(type(self))
        self._call_has_mask = "mask" in _call_params(type(self))

    # ------------------------------------------------------------------ tracking
    def __setattr__(self, name, value):
        if getattr(self, "_tracking", False) and not name.startswith("__"):
            self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value):
        if isinstance(value, Layer):
            if value is not self and not any(value is x for x in self._layers):
                self._layers.append(value)
        elif isinstance(value, _EngineVariable):
            self._track_variable(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, (Layer, _EngineVariable, list, tuple, dict)):
                    self._track(item)
        elif isinstance(value, dict):
            for item in value.values():
                if isinstance(item, (Layer, _EngineVariable, list, tuple, dict)):
                    self._track(item)

    def _track_variable(self, var):
        pool = self._trainable_variables if var.trainable else self._non_trainable_variables
        if not any(var is v for v in self._trainable_variables + self._non_trainable_variables):
            pool.append(var)

    def __delattr__(self, name):
        value = getattr(self, name, None)
        if isinstance(value, Layer):
            self._layers[:] = [x for x in self._layers if x is not value]
        object.__delattr__(self, name)

    # ------------------------------------------------------------------ properties
    @property
    def dtype(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._dtype

    @property
    def variable_dtype(self):
        return self._dtype

    @property
    def dtype_policy(self):
        return self._dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for v in self._trainable_variables:
            v.trainable = value
        for layer in self._layers:
            layer.trainable = value

    @property
    def weights(self):
        """All weights: this layer's own (trainable first), then each sub-layer's, without repeats."""
        out, seen = [], set()
        for v in self._trainable_variables + self._non_trainable_variables:
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
        for layer in self._layers:
            for v in layer.weights:
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    variables = weights

    @property
    def trainable_weights(self):
        return [v for v in self.weights if v.trainable] if self.trainable else []

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not v.trainable]

    non_trainable_variables = non_trainable_weights

    @property
    def input(self):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} has never been called and thus has no defined input.")
        node = self._inbound_nodes[0]
        return node.input_tensors[0] if len(node.input_tensors) == 1 else node.input_tensors

    @property
    def output(self):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} has never been called and thus has no defined output.")
        return self._inbound_nodes[0].outputs

    # ------------------------------------------------------------------ weights
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none", overwrite_with_gradient=False,
                   name=None):
        """Create a weight of this layer (call it from ``build``)."""
        from .. import constraints, initializers, regularizers  # noqa: PLC0415

        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = _dtype_name(dtype) if dtype is not None else self.variable_dtype
        if initializer is None:
            initializer = "glorot_uniform" if "float" in dtype else "zeros"
        init = initializers.get(initializer)
        from ..saving.weights_store import charge_allocation  # noqa: PLC0415

        charge_allocation(shape, dtype, f"weight '{name}' of layer '{self.name}'")  # bounded while loading
        var = Variable(init, shape=shape, dtype=dtype, trainable=trainable, name=name or "variable",
                       constraint=constraints.get(constraint))
        var.path = "/".join(_context.scope + [var.name]) if _context.scope else f"{self.name}/{var.name}"
        var.regularizer = regularizers.get(regularizer)
        self._track_variable(var)
        return var

    def get_weights(self):
        return [xp.array(v._value, copy=True) for v in self.weights]

    def set_weights(self, weights):
        params = self.weights
        weights = list(weights)
        if len(params) != len(weights):
            raise ValueError(
                f"Layer {self.name} expected {len(params)} weights, but received {len(weights)} input "
                f"weights. Call get_weights() to see what it expects.")
        for v, w in zip(params, weights):
            w = xp.asarray(w)
            if tuple(v._value.shape) != tuple(w.shape):
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(v._value.shape)} is not compatible with "
                    f"provided weight shape {tuple(w.shape)} (weight '{v.path}').")
        for v, w in zip(params, weights):
            xp.copyto(v._value, xp.asarray(w, dtype=v._value.dtype))

    def count_params(self):
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                "You can build it manually via: `layer.build(input_shape)`.")
        return int(sum(int(xp.prod(v._value.shape)) for v in self.weights))

    # ------------------------------------------------------------------ losses
    def add_loss(self, loss):
        """Add a loss tensor (e.g. an activity penalty) computed during ``call``."""
        self._losses.append(loss)

    @property
    def losses(self):
        """Losses added in the last call, plus the weight regularization penalties (computed now)."""
        out = []
        for layer in self._flatten_layers():
            out.extend(layer._losses)
        for v in self.trainable_weights:
            reg = getattr(v, "regularizer", None)
            if reg is not None:
                out.append(reg(v))
        return out

    def _clear_losses(self):
        for layer in self._flatten_layers():
            layer._losses.clear()

    def _flatten_layers(self, include_self=True):
        seen, out = set(), []
        stack = [self] if include_self else list(self._layers)
        while stack:
            layer = stack.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            out.append(layer)
            stack.extend(layer._layers)
        return out

    # ------------------------------------------------------------------ building
    def build(self, input_shape):
        self.built = True

    def build_from_config(self, config):
        shape = config.get("input_shape") if config else None
        if shape is not None and not self.built:
            self._maybe_build(_shape_tuple(shape))

    def get_build_config(self):
        if self._build_shapes is not None:
            return {"input_shape": self._build_shapes}
        return None

    def _maybe_build(self, shapes):
        if self.built:
            return
        self._build_shapes = shapes
        _context.scope.append(self.name)
        try:
            self.build(shapes)
        finally:
            _context.scope.pop()
        self.built = True

    # ------------------------------------------------------------------ calling
    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Layer {type(self).__name__} does not implement call().")

    def __call__(self, *args, **kwargs):
        if not args:
            if "inputs" in kwargs:
                args = (kwargs.pop("inputs"),)
            else:
                raise ValueError(f"Layer {self.name}: call() needs at least one input.")
        if is_symbolic((args, kwargs)):
            return self._symbolic_call(args, kwargs)
        first = self._convert_inputs(args[0])
        args = (first,) + tuple(args[1:])
        if not self.built:
            self._maybe_build(_shapes_of(first))
        self._check_input_spec(first)
        training = kwargs.pop("training", None)
        previous_mask = _masks_of(first)
        if self._call_has_mask and kwargs.get("mask") is None and previous_mask is not None:
            kwargs["mask"] = previous_mask
        outer = _context.depth == 0
        if outer:
            self._clear_losses()
        if training is None:
            training = _context.training
        saved = _context.training
        _context.depth += 1
        _context.training = training
        try:
            if self._call_has_training:
                kwargs["training"] = training
            elif "training" in kwargs:
                kwargs.pop("training")
            explicit_mask = kwargs.get("mask")
            if not self._call_has_mask:
                kwargs.pop("mask", None)
            outputs = self.call(*args, **kwargs)
        finally:
            _context.depth -= 1
            _context.training = saved
        out_mask = self.compute_mask(first, explicit_mask if explicit_mask is not None else previous_mask)
        if out_mask is not None:
            _set_masks(outputs, out_mask)
        if self.activity_regularizer is not None:
            for out in nest.flatten(outputs):
                if isinstance(out, Tensor):
                    n = out._value.shape[0] if out._value.ndim else 1
                    penalty = self.activity_regularizer(out)
                    self.add_loss(penalty if n == 0 else math_ops.divide(penalty, math_ops.cast(n, out.dtype)))
        return outputs

    def _convert_inputs(self, inputs):
        def convert(x):
            if isinstance(x, Tensor):
                t = x
            elif isinstance(x, (xp.ndarray, xp.generic, list, float, int)) and not isinstance(x, bool):
                t = array_ops.convert_to_tensor(xp.asarray(x) if isinstance(x, list) else x)
            else:
                return x
            if self.autocast and t._value.dtype.kind == "f" and t.dtype.name != self.compute_dtype \
                    and "float" in self.compute_dtype:
                t = math_ops.cast(t, self.compute_dtype)
            return t
        if isinstance(inputs, (list, tuple, dict)):
            return nest.map_structure(convert, inputs)
        return convert(inputs)

    def _check_input_spec(self, inputs):
        if self.input_spec is None:
            return
        specs = self.input_spec if isinstance(self.input_spec, (list, tuple)) else [self.input_spec]
        flat = nest.flatten(inputs)
        for i, (spec, x) in enumerate(zip(specs, flat)):
            shape = getattr(x, "shape", None)
            if shape is not None:
                assert_input_compatibility(spec, tuple(shape), self.name, i)

    def _symbolic_call(self, args, kwargs):
        if self._call_has_mask and "mask" not in kwargs:
            kwargs = {**kwargs, "mask": None}  # Keras records the (absent) mask of such calls
        first = args[0]
        shapes = nest.map_structure(lambda t: t.shape if isinstance(t, KerasTensor) else None, first) \
            if isinstance(first, (list, tuple, dict)) else getattr(first, "shape", None)
        if not self.built:
            self._maybe_build(shapes)
        self._check_input_spec(first)
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, args, kwargs, outputs)
        return outputs

    def compute_mask(self, inputs, previous_mask):
        """The mask of the outputs (which timesteps are padding); by default passed through if supported."""
        if not self.supports_masking:
            return None
        return previous_mask

    def compute_output_shape(self, *args, **kwargs):
        raise NotImplementedError

    def compute_output_spec(self, *args, **kwargs):
        """Output KerasTensors for symbolic inputs.

        Uses ``compute_output_shape`` when the layer defines it; otherwise runs
        ``call`` on small zero tensors twice, with unknown dimensions set to two
        different sizes: output dimensions that change are unknown (``None``).
        """
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            first = args[0]
            shapes = nest.map_structure(lambda t: t.shape, first) if isinstance(first, (list, tuple, dict)) \
                else first.shape
            out_shapes = self.compute_output_shape(shapes)
            dtype = nest.flatten(first)[0].dtype if nest.flatten(first) else self.compute_dtype
            if "float" in str(dtype):
                dtype = self.compute_dtype
            return _shapes_to_keras_tensors(out_shapes, dtype)
        runs = [self._dummy_call(args, kwargs, fill) for fill in (2, 3)]
        return nest.map_structure(lambda t: t, _merge_runs(*runs))

    def _dummy_call(self, args, kwargs, fill):
        def concrete(t):
            if not isinstance(t, KerasTensor):
                return t
            shape = tuple(fill if d is None else d for d in t.shape)
            return Tensor(xp.zeros(shape, dtype=_np_dtype(t.dtype)))
        c_args = nest.map_structure(concrete, args)
        c_kwargs = {k: nest.map_structure(concrete, v) for k, v in kwargs.items()}
        c_kwargs.setdefault("training", False)
        from ...engine import context  # noqa: PLC0415

        state = context.state
        saved_tapes, saved_tracer = state.tapes, state.tracer
        state.tapes, state.tracer = [], None
        try:
            return self.__call__(*c_args, **c_kwargs)
        finally:
            state.tapes, state.tracer = saved_tapes, saved_tracer

    # ------------------------------------------------------------------ config
    def get_config(self):
        config_ = {"name": self.name, "trainable": self.trainable, "dtype": _dtype_policy_config(self._dtype)}
        if self._input_shape_arg is not None:
            config_["batch_input_shape"] = (None,) + tuple(self._input_shape_arg)
        return config_

    @classmethod
    def from_config(cls, config_):
        config_ = dict(config_)
        dtype = config_.get("dtype")
        if isinstance(dtype, dict):
            config_["dtype"] = dtype.get("config", {}).get("name", "float32")
        if "batch_input_shape" in config_:
            config_["input_shape"] = tuple(config_.pop("batch_input_shape"))[1:]
        return cls(**config_)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


# ---------------------------------------------------------------------- helpers
_PARAMS_CACHE = {}


def _masks_of(inputs):
    from ..tensor_tags import get_keras_mask  # noqa: PLC0415

    if isinstance(inputs, (list, tuple)):
        masks = [get_keras_mask(x) for x in inputs]
        return None if all(m is None for m in masks) else masks
    return get_keras_mask(inputs)


def _set_masks(outputs, mask):
    from ..tensor_tags import set_keras_mask  # noqa: PLC0415

    if isinstance(outputs, (list, tuple)):
        masks = mask if isinstance(mask, (list, tuple)) else [mask] * len(outputs)
        for out, m in zip(outputs, masks):
            if isinstance(out, Tensor) and m is not None:
                set_keras_mask(out, m)
    elif isinstance(outputs, Tensor):
        set_keras_mask(outputs, mask)


def _call_params(cls):
    params = _PARAMS_CACHE.get(cls)
    if params is None:
        try:
            params = set(inspect.signature(cls.call).parameters)
        except (TypeError, ValueError):
            params = set()
        _PARAMS_CACHE[cls] = params
    return params


def _dtype_name(dtype):
    if isinstance(dtype, dict):
        return dtype.get("config", {}).get("name", "float32")
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(dtype, str):
        return dtype
    return xp.dtype(dtype).name


def _dtype_policy_config(name):
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": name},
            "registered_name": None}


def _np_dtype(name):
    return xp.dtype("bool" if name == "bool" else name)


def _legacy_input_shape(kwargs):
    if kwargs.get("input_shape") is not None:
        return tuple(kwargs["input_shape"])
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])[1:]
    if kwargs.get("input_dim") is not None:
        return (int(kwargs["input_dim"]),)
    return None


def _shape_tuple(shape):
    if isinstance(shape, dict):
        return {k: _shape_tuple(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple, dict)):
        return [_shape_tuple(s) for s in shape]
    return tuple(shape)


def _shapes_of(inputs):
    if isinstance(inputs, Tensor):
        return tuple(inputs._value.shape)
    if isinstance(inputs, (list, tuple, dict)):
        return nest.map_structure(lambda t: tuple(t.shape) if hasattr(t, "shape") else None, inputs)
    return tuple(getattr(inputs, "shape", ()))


def _shapes_to_keras_tensors(shapes, dtype):
    if isinstance(shapes, dict):
        return {k: _shapes_to_keras_tensors(v, dtype) for k, v in shapes.items()}
    if isinstance(shapes, (list, tuple)) and shapes and isinstance(shapes[0], (list, tuple)):
        return [_shapes_to_keras_tensors(s, dtype) for s in shapes]
    return KerasTensor(tuple(shapes), dtype=dtype)


def _merge_runs(a, b):
    """KerasTensors from two dummy runs: dimensions that differ between the runs are unknown."""
    fa, fb = nest.flatten(a), nest.flatten(b)
    out = []
    for x, y in zip(fa, fb):
        if isinstance(x, Tensor):
            shape = tuple(dx if dx == dy else None for dx, dy in zip(x._value.shape, y._value.shape))
            out.append(KerasTensor(shape, dtype=x.dtype.name))
        else:
            out.append(x)
    if not nest.is_nested(a):
        return out[0]
    return nest.pack_sequence_as(a, out)


def warn_legacy_input_shape(layer):
    warnings.warn(
        "Do not pass an `input_shape`/`input_dim` argument to a layer. When using Sequential models, "
        "prefer using an `Input(shape)` object as the first layer in the model instead.",
        UserWarning, stacklevel=4)

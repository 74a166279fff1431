"""Model state as plain data, so that wrapped estimators can be pickled, cloned and seeded.

scikit-learn copies estimators constantly: ``clone`` before every fit in
``cross_val_score`` and ``GridSearchCV``, pickling to send them to worker
processes (``n_jobs=-1``), ``joblib.dump`` to save a fitted one.  A Keras
model holds compiled step functions that cannot be pickled, so the wrappers
store a model as a :class:`ModelState`: its architecture config (the Keras
serialization format), its weights, the arguments it was compiled with and the
values of its optimizer's variables (step count, moments), and rebuild an
equivalent model from that.  A rebuilt model predicts exactly as the original
and continues training from the same optimizer state.
"""

import contextlib
import copy
import random
import warnings

from ...backend import rng, xp


def is_keras_model(obj):
    from ..models.model import Model  # noqa: PLC0415

    return isinstance(obj, Model)


def _custom_classes(model):
    """Classes defined outside saessak (custom layers, subclassed models), by class name."""
    found, stack, seen = {}, [model], set()
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        cls = type(obj)
        if not cls.__module__.startswith("saessak."):
            found[cls.__name__] = cls
        stack.extend(getattr(obj, "layers", None) or [])
    return found


class ModelState:
    """Everything needed to rebuild a Keras model: config, weights, compile arguments, optimizer state."""

    def __init__(self, model):
        from ..saving.serialization import serialize_keras_object  # noqa: PLC0415

        self.custom_objects = _custom_classes(model)
        try:
            config = serialize_keras_object(model)
        except Exception as exc:
            raise TypeError(
                f"Could not save the Keras model {getattr(model, 'name', model)!r} of a scikit-learn "
                f"wrapper (needed to clone or pickle the estimator): {exc}. Give custom layers a "
                "get_config() that returns their constructor arguments.") from exc
        config.pop("compile_config", None)  # the compile arguments are kept as objects below
        self.config = config
        self.weights = model.get_weights()
        self.compile_args = None
        self.optimizer = None
        if getattr(model, "compiled", False):
            args = getattr(model, "_compile_args", None) or {"loss": model.loss}
            self.compile_args = copy.deepcopy(dict(args))
            self.compile_args["run_eagerly"] = model.run_eagerly
            self.compile_args["steps_per_execution"] = model.steps_per_execution
            opt = model.optimizer
            if opt is not None:
                values = [xp.array(v.numpy(), copy=True) for v in opt.variables]
                self.optimizer = (type(opt), opt.get_config(), values)

    def restore(self, weights=True):
        """A new model equal to the saved one (same outputs, same optimizer state).

        With ``weights=False`` the model keeps the fresh weights its layers were
        built with and a fresh optimizer (what ``keras.models.clone_model`` gives).
        """
        from ..saving.serialization import deserialize_keras_object  # noqa: PLC0415

        model = deserialize_keras_object(self.config, custom_objects=self.custom_objects, compile=False)
        if weights and self.weights:
            model.set_weights(self.weights)
        if self.compile_args is not None:
            optimizer = None
            if self.optimizer is not None:
                cls, config, _ = self.optimizer
                optimizer = cls.from_config(dict(config))
            model.compile(optimizer=optimizer, **copy.deepcopy(self.compile_args))
            if weights and self.optimizer is not None:
                _restore_optimizer_variables(model, self.optimizer[2])
        return model


def _restore_optimizer_variables(model, values):
    opt = model.optimizer
    if len(values) != len(opt.variables) and not opt.built:
        opt.build(model.trainable_variables)  # create the slots (moments...) before filling them
    if len(values) != len(opt.variables):
        warnings.warn(
            f"The optimizer state of model {model.name!r} could not be restored ({len(values)} saved "
            f"values for {len(opt.variables)} variables); training continues from a fresh optimizer "
            "state.", stacklevel=3)
        return
    for var, value in zip(opt.variables, values):
        var.assign(value)


def copy_model(model):
    """An independent copy of ``model`` with the same weights and compile state."""
    return ModelState(model).restore()


def clone_model(model):
    """A copy of ``model`` with new weights, compiled the same way (``keras.models.clone_model``)."""
    return ModelState(model).restore(weights=False)


# ------------------------------------------------------------ estimator pickling
class _PackedModel:
    """A model inside a pickled estimator; ``key`` keeps shared models shared."""

    def __init__(self, key, state):
        self.key = key
        self.state = state


def pack(value, memo):
    """``value`` with every Keras model replaced by its state, and callbacks detached from models."""
    from ..callbacks.callback import Callback  # noqa: PLC0415

    if is_keras_model(value):
        if id(value) not in memo:
            memo[id(value)] = _PackedModel(len(memo), ModelState(value))
        return memo[id(value)]
    if isinstance(value, Callback) and value.model is not None:
        detached = copy.copy(value)
        detached.set_model(None)  # the trained model is saved elsewhere; callbacks get it again at fit
        return detached
    if type(value) in (list, tuple):
        return type(value)(pack(v, memo) for v in value)
    if isinstance(value, dict):
        out = copy.copy(value)
        for k, v in value.items():
            out[k] = pack(v, memo)
        return out
    return value


def unpack(value, memo):
    if isinstance(value, _PackedModel):
        if value.key not in memo:
            memo[value.key] = value.state.restore()
        return memo[value.key]
    if type(value) in (list, tuple):
        return type(value)(unpack(v, memo) for v in value)
    if isinstance(value, dict):
        out = copy.copy(value)
        for k, v in value.items():
            out[k] = unpack(v, memo)
        return out
    return value


class PicklableModelsMixin:
    """``__getstate__``/``__setstate__`` that store the estimator's Keras models as ModelStates."""

    def __getstate__(self):
        state = super().__getstate__()
        memo = {}
        return {k: pack(v, memo) for k, v in state.items()}

    def __setstate__(self, state):
        memo = {}
        super().__setstate__({k: unpack(v, memo) for k, v in state.items()})


def clone_params(estimator, clone):
    """``type(estimator)(**params)`` with models copied and other params cloned (``sklearn.base.clone``)."""
    params = estimator.get_params(deep=False)
    new_params = {k: copy_model(v) if is_keras_model(v) else clone(v, safe=False) for k, v in params.items()}
    new = type(estimator)(**new_params)
    if hasattr(estimator, "_metadata_request"):
        new._metadata_request = copy.deepcopy(estimator._metadata_request)
    if hasattr(estimator, "_sklearn_output_config"):
        new._sklearn_output_config = copy.deepcopy(estimator._sklearn_output_config)
    return new


# ------------------------------------------------------------ seeding
def seed_from_random_state(random_state):
    """An int seed from ``None``/int/``numpy.random.RandomState`` (a RandomState is not advanced)."""
    if random_state is None or isinstance(random_state, (int, xp.integer)) and not isinstance(random_state, bool):
        return None if random_state is None else int(random_state)
    if isinstance(random_state, xp.random.RandomState):
        copy_ = xp.random.RandomState()
        copy_.set_state(random_state.get_state())
        return int(copy_.randint(0, 2**31 - 1))
    raise ValueError(
        f"`random_state` must be None, an int or a numpy.random.RandomState; received "
        f"random_state={random_state!r}.")


@contextlib.contextmanager
def seeded(seed):
    """Run the block with every random stream seeded by ``seed``, then restore the streams."""
    if seed is None:
        yield
        return
    from ..utils.random_utils import set_random_seed  # noqa: PLC0415

    saved = (random.getstate(), xp.random.get_state(), rng.snapshot())
    set_random_seed(seed)
    try:
        yield
    finally:
        random.setstate(saved[0])
        xp.random.set_state(saved[1])
        rng.restore(saved[2])

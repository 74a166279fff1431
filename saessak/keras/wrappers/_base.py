"""scikeras's ``BaseWrapper``: the shared core of KerasClassifier and KerasRegressor.

It builds the model from the routed parameters (:mod:`._routing`), compiles
it if the build function did not, validates and encodes the data, trains with
the fit parameters under the ``random_state`` seed, and stores ``history_``.
The public classes and the module overview are in :mod:`.scikeras`.
"""

import warnings
from collections import defaultdict

from ...backend import xp
from . import _routing, _state
from ._encoders import RegressorTargetEncoder
from ._routing import route_params
from ._sklearn import BaseEstimator, require_sklearn, sklearn


class BaseWrapper(_state.PicklableModelsMixin, BaseEstimator):
    """The shared core of KerasClassifier and KerasRegressor (scikeras's ``BaseWrapper``).

    Args:
        model: a function returning a Keras model (compiled or not), a Keras
            model (copied at each fit), or None when a subclass implements
            ``_keras_build_fn``.  The function receives the wrapper parameters
            it names, the ``model__`` ones, and if it asks for them ``meta``
            (fitted attributes such as ``n_features_in_``, ``n_classes_``),
            ``compile_kwargs`` and ``params``.
        build_fn: the deprecated name of ``model``.
        warm_start: keep training the same model on the next ``fit``.
        random_state: int or RandomState seeding initialization and shuffling.
        optimizer, loss, metrics, run_eagerly: how an uncompiled model is compiled.
        batch_size, validation_batch_size, verbose, callbacks, validation_split,
        shuffle, epochs: arguments of ``Model.fit`` (``batch_size=-1``: the whole set).
        **kwargs: more parameters, routed by prefix or by name.
    """

    _fit_kwargs = _routing.FIT_KWARGS
    _predict_kwargs = _routing.PREDICT_KWARGS
    _compile_kwargs = _routing.COMPILE_KWARGS
    _routing_prefixes = _routing.ROUTING_PREFIXES

    def __init__(self, model=None, *, build_fn=None, warm_start=False, random_state=None, optimizer="rmsprop",
                 loss=None, metrics=None, batch_size=None, validation_batch_size=None, verbose=1,
                 callbacks=None, validation_split=0.0, shuffle=True, run_eagerly=False, epochs=1, **kwargs):
        require_sklearn(type(self).__name__)
        self.model = model
        self.build_fn = build_fn
        self.warm_start = warm_start
        self.random_state = random_state
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.batch_size = batch_size
        self.validation_batch_size = validation_batch_size
        self.verbose = verbose
        self.callbacks = callbacks
        self.validation_split = validation_split
        self.shuffle = shuffle
        self.run_eagerly = run_eagerly
        self.epochs = epochs
        vars(self).update(kwargs)

    # ------------------------------------------------------------ scikit-learn protocol
    def _get_param_names(self):
        """Every public attribute that is not a fitted one (``name_``) is a parameter."""
        return sorted(k for k in vars(self) if not k.startswith("_") and not k.endswith("_"))

    def set_params(self, **params):
        for param, value in params.items():
            if any(param.startswith(prefix + "__") for prefix in self._routing_prefixes):
                setattr(self, param, value)  # routed parameters need not exist beforehand
                continue
            try:
                super().set_params(**{param: value})
            except ValueError:
                name = type(self).__name__
                raise ValueError(
                    f"Invalid parameter {param} for estimator {name}. Set it in the constructor, "
                    f"`{name}({param}={value!r})`, or route it with a prefix such as model__{param}. "
                    "Check the list of available parameters with `estimator.get_params().keys()`."
                ) from None
        return self

    def __sklearn_clone__(self):
        return _state.clone_params(self, sklearn.base.clone)

    def __sklearn_is_fitted__(self):
        return self.initialized_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        return tags

    @property
    def initialized_(self):
        return "model_" in vars(self)

    @property
    def current_epoch(self):
        history = getattr(self, "history_", None)
        return len(history.get("loss", [])) if history else 0

    @property
    def feature_encoder(self):
        """The transformer applied to X before the model (identity; override in a subclass)."""
        from sklearn.preprocessing import FunctionTransformer  # noqa: PLC0415

        return FunctionTransformer()

    @property
    def target_encoder(self):
        """The transformer from y to model targets and back (override in a subclass)."""
        return RegressorTargetEncoder()

    # ------------------------------------------------------------ data checks
    def _type_of_target(self, y):
        from sklearn.utils.multiclass import type_of_target  # noqa: PLC0415

        return type_of_target(y)

    def _y_is_multi_output(self, y):
        return True

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False, require_y=False):
        """Check X and y, record their shapes and dtypes at ``reset``, compare with them after."""
        from sklearn.utils.validation import check_array, validate_data  # noqa: PLC0415

        multi = self._y_is_multi_output(y) if y is not None else False
        if X is not None and y is None and require_y:
            validate_data(self, X, y)  # raises "... requires y to be passed, but the target y is None."
        if X is not None and y is not None:
            X, y = validate_data(self, X, y, reset=reset, allow_nd=True, multi_output=multi, y_numeric=y_numeric)
        elif X is not None:
            X = validate_data(self, X, reset=reset, allow_nd=True)
        elif y is not None:
            y = check_array(y, ensure_2d=False, dtype=None, input_name="y")
            if y_numeric and y.dtype.kind == "O":
                y = y.astype(xp.float64)
        name = type(self).__name__
        if y is not None:
            if reset:
                self.target_type_ = self._type_of_target(y)
                self.y_dtype_ = y.dtype
                self.y_ndim_ = y.ndim
            elif hasattr(self, "y_ndim_") and y.ndim != self.y_ndim_:
                raise ValueError(f"y has {y.ndim} dimensions, but this {name} expected {self.y_ndim_} dimensions.")
        if X is not None:
            if reset:
                self.X_dtype_ = X.dtype
                self.X_shape_ = X.shape
            elif X.shape[1:] != self.X_shape_[1:]:
                raise ValueError(f"X has shape {X.shape[1:]}, but this {name} is expecting X of shape "
                                 f"{self.X_shape_[1:]}.")
        return X, y

    @staticmethod
    def _validate_sample_weight(X, y, sample_weight):
        """Check ``sample_weight`` and drop the samples of weight 0, as scikit-learn estimators ignore them."""
        sw = xp.asarray(sample_weight, dtype=xp.float64)
        n = X.shape[0]
        if sw.ndim == 0:
            sw = xp.full(n, float(sw))
        if sw.shape != (n,):
            raise ValueError(f"sample_weight.shape == {sw.shape}, expected {(n,)}!")
        if not xp.isfinite(sw).all() or (sw < 0).any():
            raise ValueError("sample_weight must contain finite, non-negative values.")
        if not sw.any():
            raise ValueError("No training samples had any weight; only zeros were passed in sample_weight. "
                             "There is nothing to train on.")
        keep = sw != 0
        return X[keep], y[keep], sw[keep]

    # ------------------------------------------------------------ building and compiling
    def _check_model_param(self):
        model = self.model
        if model is None and self.build_fn is not None:
            model = self.build_fn
            warnings.warn("``build_fn`` will be renamed to ``model`` in a future release, at which point use "
                          "of ``build_fn`` will raise an Error instead.", UserWarning, stacklevel=4)
        if model is None:
            if not hasattr(self, "_keras_build_fn"):
                raise ValueError("If not using the `build_fn` param, you must implement `_keras_build_fn`.")
            return self._keras_build_fn
        if _state.is_keras_model(model):
            return lambda: _state.copy_model(model)  # each fit starts from the given model's weights
        if callable(model):
            if hasattr(self, "_keras_build_fn"):
                raise ValueError("This class cannot implement `_keras_build_fn` if using the `model` parameter.")
            return model
        raise TypeError(f"`model` must be a callable returning a Keras model, a Keras model, or None; "
                        f"received model={model!r}.")

    def _get_metadata(self):
        return {k: v for k, v in vars(self).items()
                if len(k) > 1 and k.endswith("_") and k[-2] != "_" and not k.startswith("_")}

    def _get_compile_kwargs(self):
        params = self.get_params(deep=False)
        kwargs = route_params(params, "compile", self._compile_kwargs)
        for kind, key in (("optimizer", "optimizer"), ("loss", "loss"), ("metric", "metrics")):
            item = kwargs.get(key)
            routed = route_params(params, key, set())
            if item is not None and (routed or kind == "optimizer"):
                kwargs[key] = _routing.instantiate(_routing.classes_from_strings(item, kind), routed)
        return kwargs

    def _build_keras_model(self, build_fn):
        params = self.get_params(deep=False)
        names = _routing.named_parameters(build_fn)
        # As scikeras: the build function gets model__ parameters and the extra keyword arguments
        # its signature names, not the wrapper's own parameters (optimizer, loss, epochs...).
        import inspect  # noqa: PLC0415

        declared = set(inspect.signature(type(self).__init__).parameters)
        build_params = route_params(params, "model", names - declared)
        if "meta" in names:
            build_params["meta"] = self._get_metadata()
        if "compile_kwargs" in names:
            build_params["compile_kwargs"] = self._get_compile_kwargs()
        if "params" in names:
            build_params["params"] = params
        model = build_fn(**build_params)
        if not _state.is_keras_model(model):
            raise TypeError(f"The model-building function {getattr(build_fn, '__name__', build_fn)} must return "
                            f"a Keras model; it returned {type(model).__name__}.")
        return model

    def _warn_unused_params(self, build_fn):
        init_names = _routing.named_parameters(type(self).__init__)
        extra = {"class_weight"}
        unused = _routing.unused_params(self.get_params(deep=False), init_names,
                                        _routing.named_parameters(build_fn), extra)
        for name, hint in unused:
            warnings.warn(
                f"{type(self).__name__}: parameter {name}={getattr(self, name)!r} is not used: it is not an "
                f"argument of the model-building function, of Model.fit/predict/compile, nor routed with a "
                f"prefix ({', '.join(p + '__' for p in self._routing_prefixes)}). {hint}",
                UserWarning, stacklevel=5)

    def _ensure_compiled_model(self):
        if self.model_.compiled:
            return
        kwargs = self._get_compile_kwargs()
        if kwargs.get("loss") is None:
            raise ValueError(
                f"{type(self).__name__}: the model is not compiled and no loss was given. Pass a loss to the "
                f"wrapper, e.g. {type(self).__name__}(model=..., loss='mse'), or compile the model in the "
                "build function.")
        self.model_.compile(**kwargs)

    def _callbacks(self, destination):
        """The callbacks for ``fit`` or ``predict``: ``callbacks`` then ``<destination>__callbacks``."""
        from ..callbacks.callback import Callback  # noqa: PLC0415

        params = self.get_params(deep=False)
        out = []
        for key in ("callbacks", f"{destination}__callbacks"):
            value = params.get(key)
            if value is None:
                continue
            value = _routing.instantiate(value, route_params(params, key, set()))
            if isinstance(value, dict):
                value = list(value.values())
            elif isinstance(value, Callback):
                value = [value]
            flat = []
            for cb in value if isinstance(value, (list, tuple)) else [value]:
                flat.extend(cb if isinstance(cb, (list, tuple)) else [cb])
            bad = [cb for cb in flat if not isinstance(cb, Callback)]
            if bad:
                raise TypeError(f"`{key}` must be a Callback, a list or dict of callbacks, or callback classes "
                                f"(built with `{key}__` parameters); received {bad[0]!r}.")
            out.extend(flat)
        return out

    # ------------------------------------------------------------ fitting
    def _initialize(self, X, y=None, require_y=False):
        self._random_state = _state.seed_from_random_state(self.random_state)
        X, y = self._validate_data(X, y, reset=True, y_numeric=self._y_numeric, require_y=require_y)
        self.target_encoder_ = self.target_encoder.fit(y)
        vars(self).update(getattr(self.target_encoder_, "get_metadata", dict)())
        self.feature_encoder_ = self.feature_encoder.fit(X)
        vars(self).update(getattr(self.feature_encoder_, "get_metadata", dict)())
        build_fn = self._check_model_param()
        self._warn_unused_params(build_fn)
        with _state.seeded(self._random_state):
            self.model_ = self._build_keras_model(build_fn)
        self._after_build(y)
        return X, y

    def _after_build(self, y):
        """Hook run after the model is built (the classifier adapts its target encoder to the loss)."""

    def initialize(self, X, y=None):
        """Build the model (and fit the encoders) without training it; returns self."""
        self._initialize(X, y)
        return self

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Train a new model (or keep training with ``warm_start``); ``kwargs`` go to ``Model.fit``."""
        kwargs["epochs"] = kwargs.get("epochs", getattr(self, "fit__epochs", self.epochs))
        kwargs["initial_epoch"] = kwargs.get("initial_epoch", 0)
        self._fit(X, y, sample_weight=sample_weight, warm_start=self.warm_start, **kwargs)
        return self

    def partial_fit(self, X, y, sample_weight=None, **kwargs):
        """Train for one epoch, continuing from the previous state."""
        kwargs["epochs"] = 1
        kwargs["initial_epoch"] = self.current_epoch
        self._fit(X, y, sample_weight=sample_weight, warm_start=True, **kwargs)
        return self

    _y_numeric = False

    def _fit(self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs):
        if (self.warm_start or warm_start) and self.initialized_:
            X, y = self._validate_data(X, y, y_numeric=self._y_numeric, require_y=True)
        else:
            X, y = self._initialize(X, y, require_y=True)
        self._ensure_compiled_model()
        if sample_weight is not None:
            X, y, sample_weight = self._validate_sample_weight(X, y, sample_weight)
            self._check_weighted_targets(y)
        y = self.target_encoder_.transform(y)
        X = self.feature_encoder_.transform(X)
        self._fit_keras_model(X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs)

    def _check_weighted_targets(self, y):
        """Hook: the classifier refuses to train when weights leave a single class."""

    def _fit_keras_model(self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs):
        params = self.get_params(deep=False)
        fit_args = route_params(params, "fit", self._fit_kwargs)
        fit_args.pop("callbacks", None)
        self._drop_fit_args(fit_args)
        fit_args["callbacks"] = self._callbacks("fit")
        fit_args["sample_weight"] = sample_weight
        fit_args["epochs"] = initial_epoch + epochs
        fit_args["initial_epoch"] = initial_epoch
        fit_args.update(kwargs)
        for key in ("batch_size", "validation_batch_size"):
            if fit_args.get(key) == -1:
                fit_args[key] = X.shape[0]
        with _state.seeded(self._random_state):
            history = self.model_.fit(x=X, y=y, **fit_args)
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        for key, values in history.history.items():
            self.history_[key] += list(values)

    def _drop_fit_args(self, fit_args):
        """Hook: the classifier applies ``class_weight`` itself, as sample weights."""

    # ------------------------------------------------------------ predicting and scoring
    def _predict_raw(self, X, **kwargs):
        if not self.initialized_:
            from sklearn.exceptions import NotFittedError  # noqa: PLC0415

            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet: call `fit` (or "
                                 "`initialize`) before `predict`.")
        X, _ = self._validate_data(X=X)
        X = self.feature_encoder_.transform(X)
        params = self.get_params(deep=False)
        pred_args = route_params(params, "predict", self._predict_kwargs)
        pred_args.pop("callbacks", None)
        pred_args["callbacks"] = self._callbacks("predict")
        pred_args.update(kwargs)
        if pred_args.get("batch_size") == -1:
            pred_args["batch_size"] = X.shape[0]
        return self.model_.predict(x=X, **pred_args)

    def predict(self, X, **kwargs):
        """Predictions for ``X``, decoded to the target's format; ``kwargs`` go to ``Model.predict``."""
        raw = self._predict_raw(X, **kwargs)
        return self.target_encoder_.inverse_transform(raw)

    @staticmethod
    def scorer(y_true, y_pred, **kwargs):
        raise NotImplementedError("Scoring is not implemented on BaseWrapper.")

    def score(self, X, y, sample_weight=None):
        """``scorer(y, predict(X))``: R^2 for the regressor, accuracy for the classifier."""
        if sample_weight is not None:
            sample_weight = xp.asarray(sample_weight, dtype=xp.float64)
        _, y = self._validate_data(y=y, y_numeric=self._y_numeric)
        y_pred = self.predict(X)
        score_args = route_params(self.get_params(deep=False), "score", set())
        return self.scorer(y, y_pred, sample_weight=sample_weight, **score_args)


__all__ = ["BaseWrapper"]

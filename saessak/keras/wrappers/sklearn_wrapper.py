"""Keras 3's own scikit-learn wrappers: ``SKLearnClassifier``, ``SKLearnRegressor``, ``SKLearnTransformer``.

``model`` is either a compiled Keras model (copied with fresh weights at each
``fit``, as ``keras.models.clone_model`` does) or a function
``model(X=X, y=y, **model_kwargs)`` that returns a compiled model; ``fit``
arguments come from ``fit_kwargs`` and from ``fit``'s own keyword arguments.
Targets are encoded as Keras 3 does: a 1-D target becomes one column, and
classifier labels (any type: ints, strings) become one-hot rows, so the model
needs one output unit per class.  The scikeras-style wrappers with
``model__``/``fit__`` parameter routing are in :mod:`.scikeras`.
"""

from ...backend import xp
from . import _state
from ._sklearn import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    TransformerMixin,
    require_sklearn,
    sklearn,
)


def _validate_data(estimator, X, y="no_validation", reset=True):
    from sklearn.utils.validation import validate_data  # noqa: PLC0415

    if y is None:
        raise ValueError(
            f"This {type(estimator).__name__} estimator requires y to be passed, but the target y is None.")
    return validate_data(estimator, X, y, reset=reset)


def _type_of_target(y):
    from sklearn.utils.multiclass import type_of_target  # noqa: PLC0415

    target_type = type_of_target(y)
    if target_type == "unknown":
        raise ValueError(f"Unknown label type for data: {y!r}")
    return target_type


def _check_model(model, owner):
    if not getattr(model, "compiled", False) or not model.loss or not model.optimizer:
        raise RuntimeError(
            f"{owner}: the given model needs to be compiled, with a loss and an optimizer. Call "
            "model.compile(optimizer=..., loss=...) before passing it (or inside the function that "
            "builds it).")


class SKLBase(_state.PicklableModelsMixin, BaseEstimator):
    """Shared logic of the three wrappers: build or copy the model, fit it, predict with it.

    Args:
        model: a compiled Keras model, or a callable returning one; the callable
            is called as ``model(X=X, y=y, **model_kwargs)`` with the validated
            inputs and the encoded targets.
        warm_start: reuse the weights of the previous fit instead of starting
            from a new model.
        model_kwargs: keyword arguments for ``model`` when it is a callable.
        fit_kwargs: keyword arguments for ``Model.fit``; those passed to
            ``fit`` itself take precedence.

    Attributes:
        model_: the fitted Keras model.
        history_: the History returned by ``Model.fit``.
    """

    def __init__(self, model, warm_start=False, model_kwargs=None, fit_kwargs=None):
        require_sklearn(type(self).__name__)
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = True
        return tags

    def __sklearn_clone__(self):
        return _state.clone_params(self, sklearn.base.clone)

    @property
    def epoch_(self):
        """How many epochs the last ``fit`` ran."""
        history = getattr(self, "history_", None)
        return len(history.epoch) if history is not None else 0

    def set_fit_request(self, **kwargs):
        """Request metadata (e.g. ``sample_weight``) for ``fit`` under metadata routing."""
        if not sklearn.get_config().get("enable_metadata_routing", False):
            raise RuntimeError(
                "This method is only available when metadata routing is enabled. You can enable it "
                "using sklearn.set_config(enable_metadata_routing=True).")
        from sklearn.utils.metadata_routing import MetadataRequest  # noqa: PLC0415

        self._metadata_request = MetadataRequest(owner=type(self).__name__)
        for param, alias in kwargs.items():
            self._metadata_request.fit.add_request(param=param, alias=alias)
        return self

    def _get_model(self, X, y):
        if self.warm_start and hasattr(self, "model_"):
            return self.model_
        if _state.is_keras_model(self.model):
            if self.warm_start:
                return self.model
            return _state.clone_model(self.model)
        if not callable(self.model):
            raise TypeError(
                f"{type(self).__name__}: `model` must be a compiled Keras model or a callable that "
                f"returns one; received model={self.model!r}.")
        return self.model(X=X, y=y, **(self.model_kwargs or {}))

    def fit(self, X, y, **kwargs):
        """Fit the model on ``X`` and ``y``; ``kwargs`` go to ``Model.fit``."""
        X, y = _validate_data(self, X, y, reset=True)
        y = self._process_target(y, reset=True)
        model = self._get_model(X, y)
        _check_model(model, type(self).__name__)
        fit_kwargs = dict(self.fit_kwargs or {})
        fit_kwargs.update(kwargs)
        self.history_ = model.fit(X, y, **fit_kwargs)
        self.model_ = model
        return self

    def _raw_predict(self, X):
        from sklearn.utils.validation import check_is_fitted  # noqa: PLC0415

        check_is_fitted(self)
        X = _validate_data(self, X, reset=False)
        return self.model_.predict(X)

    def predict(self, X):
        """The model's predictions, decoded back to the target's format."""
        return self._reverse_process_target(self._raw_predict(X))

    def _process_target(self, y, reset=False):
        _type_of_target(y)
        if reset:
            self._target_ndim = y.ndim
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def _reverse_process_target(self, y):
        if self._target_ndim == 1 and y.ndim == 2 and y.shape[1] == 1:
            return y[:, 0]
        return y


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """scikit-learn classifier around a Keras model (``keras.wrappers.SKLearnClassifier``).

    Labels may be of any type; they are one-hot encoded for the model, which
    must have one output unit per class (e.g. softmax).  ``predict`` returns
    the label of the largest output, ``decision_function`` the raw outputs.

    Attributes:
        classes_: the class labels, sorted.
    """

    def decision_function(self, X):
        """The model's raw outputs, one column per class."""
        return self._raw_predict(X)

    def _process_target(self, y, reset=False):
        target_type = _type_of_target(y)
        if target_type not in ("binary", "multiclass"):
            raise ValueError(
                f"Only binary and multiclass target types are supported. Target type: {target_type}")
        if reset:
            self.classes_ = xp.unique(y)
            if len(self.classes_) == 1:
                raise ValueError("Classifier can't train when only one class is present.")
        index = xp.searchsorted(self.classes_, y)
        unknown = (index >= len(self.classes_)) | (self.classes_[xp.minimum(index, len(self.classes_) - 1)] != y)
        if unknown.any():
            raise ValueError(f"Found unknown categories {sorted(set(xp.asarray(y)[unknown].tolist()))} in "
                             f"the target; the classifier was fitted on {self.classes_.tolist()}.")
        one_hot = xp.zeros((len(y), len(self.classes_)), dtype="float64")
        one_hot[xp.arange(len(y)), index] = 1.0
        return one_hot

    def _reverse_process_target(self, y):
        if y.ndim != 2 or y.shape[1] != len(self.classes_):
            raise ValueError(
                f"The model returned outputs of shape {y.shape}, but the classifier needs one column per "
                f"class ({len(self.classes_)}) to decode labels. Give the last layer "
                f"{len(self.classes_)} units.")
        return self.classes_[xp.argmax(y, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags


class SKLearnRegressor(RegressorMixin, SKLBase):
    """scikit-learn regressor around a Keras model (``keras.wrappers.SKLearnRegressor``).

    A 1-D target is given to the model as one column and predictions come
    back 1-D; ``score`` is R^2.
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags


class SKLearnTransformer(TransformerMixin, SKLBase):
    """scikit-learn transformer around a Keras model (``keras.wrappers.SKLearnTransformer``).

    ``transform(X)`` returns the model's outputs, e.g. an embedding to feed a
    scikit-learn estimator further down a Pipeline.
    """

    def transform(self, X):
        """The model's outputs for ``X``."""
        return self._raw_predict(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags


__all__ = ["SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer"]

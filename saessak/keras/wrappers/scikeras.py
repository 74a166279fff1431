"""scikeras's ``KerasClassifier`` and ``KerasRegressor``: the wrappers most tutorials use.

``KerasRegressor(model=build_fn, epochs=50, batch_size=5, verbose=0)`` is a
scikit-learn estimator: ``fit`` builds a model by calling ``build_fn`` with
the wrapper parameters it names (see :mod:`._routing`), compiles it with the
wrapper's ``optimizer``/``loss``/``metrics`` unless ``build_fn`` did, and
trains it with the fit parameters; ``predict`` returns NumPy arrays, ``score``
is R^2 (regressor) or accuracy (classifier).  Every parameter is tunable by
``GridSearchCV``, including routed ones (``model__units``,
``optimizer__learning_rate``) and extra keyword arguments.  Estimators clone
and pickle (fitted or not) because their models are stored as plain state
(see :mod:`._state`), so ``n_jobs=-1`` works.  ``random_state`` seeds the
weight initialization and the shuffling, which makes ``fit`` reproducible.

scikeras itself (0.13) is unmaintained and breaks on scikit-learn >= 1.6;
this is a re-implementation of its documented API on the current
estimator-tag protocol.
"""

from ...backend import xp
from ._base import BaseWrapper
from ._encoders import ClassifierLabelEncoder, is_categorical_crossentropy
from ._sklearn import ClassifierMixin, RegressorMixin


class KerasClassifier(ClassifierMixin, BaseWrapper):
    """scikit-learn classifier around a Keras model (scikeras's ``KerasClassifier``).

    Labels of any type are encoded for the model as class indices, or one-hot
    rows when the loss is ``categorical_crossentropy`` (see :mod:`._encoders`);
    ``predict`` decodes them back, ``predict_proba`` returns the model's
    probabilities.  ``class_weight`` (a dict or ``'balanced'``) becomes sample
    weights.  Attributes after fit: ``classes_``, ``n_classes_``,
    ``n_features_in_``, ``model_``, ``history_``.
    """

    def __init__(self, model=None, *, build_fn=None, warm_start=False, random_state=None, optimizer="rmsprop",
                 loss=None, metrics=None, batch_size=None, validation_batch_size=None, verbose=1,
                 callbacks=None, validation_split=0.0, shuffle=True, run_eagerly=False, epochs=1,
                 class_weight=None, **kwargs):
        super().__init__(model=model, build_fn=build_fn, warm_start=warm_start, random_state=random_state,
                         optimizer=optimizer, loss=loss, metrics=metrics, batch_size=batch_size,
                         validation_batch_size=validation_batch_size, verbose=verbose, callbacks=callbacks,
                         validation_split=validation_split, shuffle=shuffle, run_eagerly=run_eagerly,
                         epochs=epochs, **kwargs)
        self.class_weight = class_weight

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        tags.classifier_tags.multi_label = True
        return tags

    @property
    def target_encoder(self):
        classes = getattr(self, "_partial_fit_classes", None)
        return ClassifierLabelEncoder(loss=self.loss, categories="auto" if classes is None else [classes])

    def _y_is_multi_output(self, y):
        shape = xp.asarray(y).shape
        return len(shape) == 2 and shape[1] > 1  # a column vector is a 1-D target (with a warning)

    def _after_build(self, y):
        encoder = self.target_encoder_
        if (isinstance(encoder, ClassifierLabelEncoder) and not encoder._one_hot and self.model_.compiled
                and encoder.target_type_ in ("binary", "multiclass")
                and is_categorical_crossentropy(self.model_.loss)):
            # The build function compiled with categorical cross-entropy: targets must be one-hot.
            encoder._one_hot = True

    def _check_weighted_targets(self, y):
        if self.target_type_ in ("binary", "multiclass") and len(xp.unique(y)) < 2:
            raise ValueError("The classifier can't train when the samples of nonzero weight all belong to one "
                             "class: give weight to samples of at least two classes.")

    def _drop_fit_args(self, fit_args):
        fit_args.pop("class_weight", None)

    @staticmethod
    def scorer(y_true, y_pred, **kwargs):
        from sklearn.metrics import accuracy_score  # noqa: PLC0415

        return accuracy_score(y_true, y_pred, **kwargs)

    def fit(self, X, y, sample_weight=None, **kwargs):
        if self.class_weight is not None:
            from sklearn.utils.class_weight import compute_sample_weight  # noqa: PLC0415

            weights = compute_sample_weight(class_weight=self.class_weight, y=y)
            sample_weight = weights if sample_weight is None else xp.asarray(sample_weight) * weights
        return super().fit(X, y, sample_weight=sample_weight, **kwargs)

    def partial_fit(self, X, y, classes=None, sample_weight=None, **kwargs):
        """One epoch of training; ``classes`` lists every class on the first call."""
        if classes is not None and not self.initialized_:
            self._partial_fit_classes = xp.asarray(classes)
        return super().partial_fit(X, y, sample_weight=sample_weight, **kwargs)

    def predict_proba(self, X, **kwargs):
        """Class probabilities, one column per class (in the order of ``classes_``)."""
        raw = self._predict_raw(X, **kwargs)
        return self.target_encoder_.predict_proba(raw)


class KerasRegressor(RegressorMixin, BaseWrapper):
    """scikit-learn regressor around a Keras model (scikeras's ``KerasRegressor``).

    Targets go to the model as they are (1-D or one column per output);
    predictions of a 1-D target come back 1-D.  ``score`` is R^2.
    """

    _y_numeric = True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        tags.target_tags.multi_output = True
        return tags

    @staticmethod
    def scorer(y_true, y_pred, **kwargs):
        from sklearn.metrics import r2_score  # noqa: PLC0415

        return r2_score(y_true, y_pred, **kwargs)


__all__ = ["BaseWrapper", "KerasClassifier", "KerasRegressor"]

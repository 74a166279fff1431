"""Target encoders of the scikeras-style wrappers: labels to model targets and model outputs back.

Classifier targets, by scikit-learn's ``type_of_target``:

* ``binary`` / ``multiclass`` labels (ints, strings...) become their index in
  ``classes_`` as one float column (for ``sparse_categorical_crossentropy`` or
  ``binary_crossentropy``), or one-hot rows when the loss is
  ``categorical_crossentropy``.  Outputs decode by argmax, or, for a single
  sigmoid unit, by ``p > 0.5``;
* ``multilabel-indicator`` (0/1 matrices) pass through; rows with exactly one
  1 are ``multiclass-onehot`` and decode to one-hot rows by argmax, others by
  ``p > 0.5`` per column.

Regressor targets pass through; a 1-D target comes back 1-D.
"""

from ...backend import xp
from ._sklearn import BaseEstimator, TransformerMixin

_CCE_NAMES = {"categorical_crossentropy", "categoricalcrossentropy", "cce"}


def is_categorical_crossentropy(loss):
    """True for every spelling of categorical cross-entropy (name, function, class, instance)."""
    if loss is None:
        return False
    if isinstance(loss, str):
        return loss.replace("_", "").lower() in {n.replace("_", "") for n in _CCE_NAMES}
    name = getattr(loss, "__name__", None) or type(loss).__name__
    if name == "LossFunctionWrapper":
        name = getattr(getattr(loss, "fn", None), "__name__", name)
    return name.replace("_", "").lower() in {n.replace("_", "") for n in _CCE_NAMES}


def _floatx():
    from ..config import floatx  # noqa: PLC0415

    return floatx()


class ClassifierLabelEncoder(TransformerMixin, BaseEstimator):
    """Class labels <-> model targets (see the module docstring)."""

    def __init__(self, loss=None, categories="auto"):
        self.loss = loss
        self.categories = categories

    def fit(self, y):
        from sklearn.utils.multiclass import type_of_target  # noqa: PLC0415

        if y is None:
            raise ValueError("A classifier needs `y` to learn its classes: pass y to initialize/fit.")
        y = xp.asarray(y)
        target_type = type_of_target(y)
        self._one_hot = False
        if target_type == "multilabel-indicator":
            if y.min() == 0 and (y.sum(axis=1) == 1).all():
                target_type = "multiclass-onehot"
            self.classes_ = xp.arange(y.shape[1])
        elif target_type in ("binary", "multiclass"):
            y1 = y.reshape(-1)
            self.classes_ = xp.unique(y1) if isinstance(self.categories, str) else xp.asarray(self.categories[0])
            if len(self.classes_) < 2:
                raise ValueError(
                    f"The classifier can't train when only one class is present (classes: "
                    f"{self.classes_.tolist()}): it needs samples of at least two classes.")
            if target_type == "binary" and len(self.classes_) > 2:
                target_type = "multiclass"  # partial_fit(classes=...) announced more classes than seen
            self._one_hot = is_categorical_crossentropy(self.loss)
        else:
            raise ValueError(
                f"Unknown label type: {target_type!r}. The classifier supports binary, multiclass, "
                "multilabel-indicator and one-hot targets; for other targets pass your own "
                "`target_encoder` (a subclass property) that turns them into model targets.")
        self.target_type_ = target_type
        self.n_classes_ = len(self.classes_)
        self._y_dtype = y.dtype
        return self

    def _codes(self, y):
        y1 = xp.asarray(y).reshape(-1)
        index = xp.searchsorted(self.classes_, y1)
        clipped = xp.minimum(index, len(self.classes_) - 1)
        unknown = (index >= len(self.classes_)) | (self.classes_[clipped] != y1)
        if unknown.any():
            raise ValueError(
                f"y contains previously unseen labels: {sorted(set(y1[unknown].tolist()))[:10]}; the "
                f"classifier knows {self.classes_.tolist()}.")
        return index

    def transform(self, y):
        if self.target_type_ in ("multilabel-indicator", "multiclass-onehot"):
            return xp.asarray(y, dtype=_floatx())
        codes = self._codes(y)
        if self._one_hot:
            out = xp.zeros((len(codes), len(self.classes_)), dtype=_floatx())
            out[xp.arange(len(codes)), codes] = 1
            return out
        return codes.astype(_floatx()).reshape(-1, 1)

    def inverse_transform(self, y_pred):
        y_pred = xp.asarray(y_pred)
        if y_pred.ndim == 1:
            y_pred = y_pred.reshape(-1, 1)
        if self.target_type_ == "multilabel-indicator":
            return (y_pred > 0.5).astype(self._y_dtype)
        if y_pred.shape[1] == 1:
            if self.n_classes_ != 2:
                raise ValueError(
                    f"The model has one output unit but there are {self.n_classes_} classes: give the "
                    f"last layer {self.n_classes_} units (softmax) to predict them.")
            codes = (y_pred[:, 0] > 0.5).astype(int)
        else:
            codes = xp.argmax(y_pred, axis=1)
        if self.target_type_ == "multiclass-onehot":
            out = xp.zeros(y_pred.shape, dtype=self._y_dtype)
            out[xp.arange(len(codes)), codes] = 1
            return out
        return self.classes_[codes]

    def predict_proba(self, y_pred):
        """Class probabilities: a single sigmoid unit ``p`` becomes columns ``[1 - p, p]``."""
        y_pred = xp.asarray(y_pred)
        if self.target_type_ in ("binary", "multiclass") and y_pred.ndim == 2 and y_pred.shape[1] == 1:
            return xp.concatenate([1 - y_pred, y_pred], axis=1)
        return y_pred

    def get_metadata(self):
        return {"classes_": self.classes_, "n_classes_": self.n_classes_, "n_outputs_": 1,
                "n_outputs_expected_": 1}


class RegressorTargetEncoder(TransformerMixin, BaseEstimator):
    """Regression targets pass through; predictions come back 1-D for a 1-D target, in its float dtype."""

    def fit(self, y):
        self._y_ndim = None if y is None else xp.ndim(y)
        kind = None if y is None else xp.asarray(y).dtype.kind
        self._y_dtype = xp.asarray(y).dtype if kind == "f" else xp.dtype("float64")
        self.n_outputs_ = 1 if y is None or xp.ndim(y) == 1 else int(xp.shape(y)[1])
        return self

    def transform(self, y):
        return y

    def inverse_transform(self, y_pred):
        y_pred = xp.asarray(y_pred, dtype=self._y_dtype)  # predictions in the target's float dtype
        if self._y_ndim == 1 and y_pred.ndim == 2 and y_pred.shape[1] == 1:
            return y_pred[:, 0]
        return y_pred

    def get_metadata(self):
        return {"n_outputs_": self.n_outputs_, "n_outputs_expected_": 1}

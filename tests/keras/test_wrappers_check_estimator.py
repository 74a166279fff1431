"""scikit-learn's own estimator checks (``parametrize_with_checks``) on the five wrappers.

Each wrapper gets a small, fast model (one epoch).  The checks that are
expected to fail are listed in ``EXPECTED_FAILED_CHECKS`` with their reason;
docs/sklearn.md lists the same ones (a test below keeps the two in step).
"""

import pathlib

import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.utils.estimator_checks import estimator_checks_generator  # noqa: E402

from saessak import keras  # noqa: E402
from saessak.keras.wrappers import (  # noqa: E402
    KerasClassifier,
    KerasRegressor,
    SKLearnClassifier,
    SKLearnRegressor,
    SKLearnTransformer,
)

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "sklearn.md"

_ROUNDING = ("NumPy's float32 matmul rounds some rows differently depending on their position in the batch "
             "(1 ulp, e.g. X of shape (20, 3) @ W of shape (3, 1)); the check demands rtol=1e-7")
_WEIGHTS = ("weighting a sample by k and repeating it k times give the same loss in exact arithmetic, but "
            "the float32 sums round differently (~3e-7) and repeated rows change the mini-batches")
_DECISION = ("decision_function returns the model's raw outputs, one column per class, as Keras 3 does; "
             "the check expects scikit-learn's 1-D score for binary problems")
EXPECTED_FAILED_CHECKS = {
    "KerasRegressor": {
        "check_methods_sample_order_invariance": _ROUNDING,
        "check_sample_weight_equivalence_on_dense_data": _WEIGHTS,
    },
    "KerasClassifier": {
        "check_methods_sample_order_invariance": _ROUNDING,
        "check_sample_weight_equivalence_on_dense_data": _WEIGHTS,
    },
    "SKLearnClassifier": {
        "check_classifiers_train": _DECISION,
        "check_classifiers_classes": _DECISION,
        "check_classifiers_one_label_sample_weights": (
            "sample_weight goes to Model.fit unchanged, as in Keras 3: samples of weight 0 are not dropped, "
            "and after one epoch the model still predicts the class that only they have"),
        "check_methods_sample_order_invariance": _ROUNDING,
    },
    "SKLearnRegressor": {"check_methods_sample_order_invariance": _ROUNDING},
    "SKLearnTransformer": {"check_methods_sample_order_invariance": _ROUNDING},
}


def _dense_head(meta):
    """The output layer and loss a scikeras build function derives from the fitted metadata."""
    target = meta["target_type_"]
    if target == "binary":
        return keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
    if target == "multilabel-indicator":
        return keras.layers.Dense(meta["n_classes_"], activation="sigmoid"), "binary_crossentropy"
    loss = "sparse_categorical_crossentropy" if target == "multiclass" else "categorical_crossentropy"
    return keras.layers.Dense(meta["n_classes_"], activation="softmax"), loss


def scikeras_classifier_model(meta):
    head, loss = _dense_head(meta)
    model = keras.Sequential([keras.Input((meta["n_features_in_"],)),
                              keras.layers.Dense(8, activation="relu"), head])
    model.compile(optimizer="adam", loss=loss)
    return model


def scikeras_regressor_model(meta):
    # Uncompiled: the wrapper compiles it with its own loss and optimizer.
    return keras.Sequential([keras.Input((meta["n_features_in_"],)), keras.layers.Dense(meta["n_outputs_"])])


def keras_model(X, y, loss, activation="softmax"):
    """Keras 3's wrappers pass X and the encoded y; seeding here makes every fit reproducible."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(y.shape[1], activation=activation)])
    model.compile(optimizer="adam", loss=loss)
    return model


ESTIMATORS = [
    KerasRegressor(model=scikeras_regressor_model, loss="mse", verbose=0),
    KerasClassifier(model=scikeras_classifier_model, verbose=0),
    SKLearnClassifier(model=keras_model, model_kwargs={"loss": "categorical_crossentropy"},
                      fit_kwargs={"verbose": 0}),
    SKLearnRegressor(model=keras_model, model_kwargs={"loss": "mse", "activation": "linear"},
                     fit_kwargs={"verbose": 0}),
    SKLearnTransformer(model=keras_model, model_kwargs={"loss": "mse", "activation": "linear"},
                       fit_kwargs={"verbose": 0}),
]


def _check_id(estimator, check):
    """``KerasRegressor-check_fit2d_1sample``: stable ids (the estimators' reprs hold memory addresses)."""
    name = getattr(check, "func", check).__name__
    kwargs = getattr(check, "keywords", None)
    if kwargs:
        name += "(" + ",".join(f"{k}={v}" for k, v in kwargs.items()) + ")"
    return f"{type(estimator).__name__}-{name}"


def _cases():
    # What sklearn's parametrize_with_checks does, with readable ids.
    for estimator in ESTIMATORS:
        expected = EXPECTED_FAILED_CHECKS[type(estimator).__name__]
        for param in estimator_checks_generator(estimator, expected_failed_checks=expected, mark="xfail"):
            (est, check), marks = (param.values, param.marks) if hasattr(param, "marks") else (param, ())
            yield pytest.param(est, check, marks=marks, id=_check_id(est, check))


@pytest.mark.parametrize("estimator, check", list(_cases()))
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_docs_list_every_expected_failure():
    text = DOCS.read_text(encoding="utf-8")
    missing = [(name, check) for name, checks in EXPECTED_FAILED_CHECKS.items() for check in checks
               if f"`{check}`" not in text or name not in text]
    assert missing == []

"""``keras.metrics``: Metric classes, metric functions, and ``get``/``serialize``/``deserialize``.

``get`` resolves identifiers as Keras 3 does: a class name (``"AUC"``) or its
snake-case form (``"auc"``, ``"binary_accuracy"``, ``"sparse_categorical_accuracy"``)
or an alias (``"mse"``, ``"mae"``, ``"mape"``, ``"msle"``, ``"bce"`` and their
capitals) gives a *new Metric instance* with default arguments; a dict gives
the configured instance; anything else is returned as is.  ``"accuracy"``
gives ``Accuracy()`` here: choosing binary / categorical / sparse accuracy
from the label and prediction shapes is the trainer's job (as in Keras).
"""

import inspect

from ..losses import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from ..losses.serialization import deserialize_keras_object, serialize_keras_object
from ..naming import to_snake_case
from .accuracy_metrics import CLASSES as _ACC
from .accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from .auc_metrics import AUC
from .confusion_metrics import CLASSES as _CONF
from .confusion_metrics import (
    FalseNegatives,
    FalsePositives,
    Precision,
    PrecisionAtRecall,
    Recall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    TrueNegatives,
    TruePositives,
)
from .f_score_metrics import F1Score, FBetaScore
from .metric import Metric
from .probabilistic_metrics import CLASSES as _PROB
from .probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    Hinge,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
)
from .reduction_metrics import Mean, MeanMetricWrapper, Sum
from .regression_metrics import CLASSES as _REG
from .regression_metrics import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    R2Score,
    RootMeanSquaredError,
)

ALL_OBJECTS = [Metric, Mean, Sum, MeanMetricWrapper, AUC, F1Score, FBetaScore] + \
    _REG + _CONF + _PROB + _ACC
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update({
    "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
})
# Functions a serialized MeanMetricWrapper may name as its "fn".
_FUNCTIONS = {fn.__name__: fn for fn in (
    binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, binary_crossentropy,
    binary_focal_crossentropy, categorical_crossentropy, categorical_focal_crossentropy,
    sparse_categorical_crossentropy, categorical_hinge, hinge, squared_hinge, huber,
    kl_divergence, log_cosh, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_error, mean_squared_logarithmic_error, poisson)}
# Keras metrics saessak does not implement yet: named in errors instead of "unknown".
_MISSING = {"IoU", "BinaryIoU", "MeanIoU", "OneHotIoU", "OneHotMeanIoU", "PearsonCorrelation",
            "ConcordanceCorrelation"}
_MISSING |= {to_snake_case(n) for n in _MISSING}


def serialize(metric):
    """The Keras config of a Metric instance or metric function."""
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """A Metric instance (or function) from ``serialize``'s output."""
    _check_missing(config)
    if isinstance(config, dict) and config.get("class_name") == "function":
        return deserialize_keras_object(config, _FUNCTIONS, custom_objects, kind="metric")
    return deserialize_keras_object(config, {**_FUNCTIONS, **ALL_OBJECTS_DICT}, custom_objects,
                                    kind="metric")


def get(identifier):
    """A Metric instance (or the callable itself) for ``identifier``."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        _check_missing(identifier)
        obj = deserialize_keras_object(identifier, ALL_OBJECTS_DICT, kind="metric")
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(
        f"Could not interpret metric identifier: {identifier!r}. Pass a metric name such as "
        "'mae' or 'sparse_categorical_accuracy', a Metric instance, or a function "
        "fn(y_true, y_pred).")


def _check_missing(name):
    if isinstance(name, dict):
        name = name.get("class_name")
    if isinstance(name, str) and name in _MISSING:
        from ...errors import UnsupportedAPIError  # noqa: PLC0415

        raise UnsupportedAPIError(f"keras.metrics.{name}")


__all__ = [
    "AUC", "Accuracy", "BinaryAccuracy", "BinaryCrossentropy", "CategoricalAccuracy",
    "CategoricalCrossentropy", "CategoricalHinge", "CosineSimilarity", "F1Score", "FBetaScore",
    "FalseNegatives", "FalsePositives", "Hinge", "KLDivergence", "LogCoshError", "Mean",
    "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanMetricWrapper", "MeanSquaredError",
    "MeanSquaredLogarithmicError", "Metric", "Poisson", "Precision", "PrecisionAtRecall",
    "R2Score", "Recall", "RecallAtPrecision", "RootMeanSquaredError", "SensitivityAtSpecificity",
    "SparseCategoricalAccuracy", "SparseCategoricalCrossentropy", "SparseTopKCategoricalAccuracy",
    "SpecificityAtSensitivity", "SquaredHinge", "Sum", "TopKCategoricalAccuracy", "TrueNegatives",
    "TruePositives", "binary_accuracy", "binary_crossentropy", "binary_focal_crossentropy",
    "categorical_accuracy", "categorical_crossentropy", "categorical_focal_crossentropy",
    "categorical_hinge", "deserialize", "get", "hinge", "huber", "kl_divergence", "log_cosh",
    "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
    "mean_squared_logarithmic_error", "poisson", "serialize", "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy", "sparse_top_k_categorical_accuracy", "squared_hinge",
    "top_k_categorical_accuracy",
]

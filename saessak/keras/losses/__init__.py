"""``keras.losses``: loss functions, Loss classes, and ``get``/``serialize``/``deserialize``.

Loss functions ``fn(y_true, y_pred, **options)`` return one value per sample;
Loss classes wrap them and reduce with sample weights (see ``loss.py``).
``get`` resolves identifiers as Keras 3 does: a function name
(``"mean_squared_error"``, aliases ``"mse"``, ``"mae"``, ``"mape"``, ``"msle"``,
``"kld"``, ``"bce"`` and their capitals) gives the function, a class name
(``"MeanSquaredError"``) an instance with default arguments, a dict
(``{"class_name": ..., "config": ...}``) the configured instance, a callable itself.
"""

import inspect

from .hinge import CLASSES as _HINGE_CLASSES
from .hinge import FUNCTIONS as _HINGE_FUNCTIONS
from .hinge import (
    CategoricalHinge,
    Dice,
    Hinge,
    SquaredHinge,
    Tversky,
    categorical_hinge,
    dice,
    hinge,
    squared_hinge,
    tversky,
)
from .loss import (
    Loss,
    LossFunctionWrapper,
    get_keras_logits,
    get_keras_mask,
    reduce_weighted_values,
    set_keras_logits,
    set_keras_mask,
)
from .probabilistic import CLASSES as _PROB_CLASSES
from .probabilistic import FUNCTIONS as _PROB_FUNCTIONS
from .probabilistic import (
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from .regression import CLASSES as _REG_CLASSES
from .regression import FUNCTIONS as _REG_FUNCTIONS
from .regression import (
    CosineSimilarity,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from .serialization import deserialize_keras_object, serialize_keras_object

# Short names Keras accepts for the same functions.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
bce = BCE = binary_crossentropy

ALL_OBJECTS = ([Loss, LossFunctionWrapper] + _REG_CLASSES + _PROB_CLASSES + _HINGE_CLASSES
               + _REG_FUNCTIONS + _PROB_FUNCTIONS + _HINGE_FUNCTIONS)
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({
    "bce": binary_crossentropy, "BCE": binary_crossentropy,
    "kld": kl_divergence, "KLD": kl_divergence,
    "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "mse": mean_squared_error, "MSE": mean_squared_error,
    "mape": mean_absolute_percentage_error, "MAPE": mean_absolute_percentage_error,
    "msle": mean_squared_logarithmic_error, "MSLE": mean_squared_logarithmic_error,
})
# Keras losses saessak does not implement yet: named in errors instead of "unknown".
_MISSING = {"CTC", "ctc", "Circle", "circle", "CategoricalGeneralizedCrossEntropy",
            "categorical_generalized_cross_entropy"}


def serialize(loss):
    """The Keras config of a Loss instance or loss function."""
    return serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """A Loss instance or loss function from ``serialize``'s output (or a name)."""
    _check_missing(name)
    return deserialize_keras_object(name, ALL_OBJECTS_DICT, custom_objects, kind="loss")


def get(identifier):
    """A loss function or Loss instance for ``identifier`` (None gives None)."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        _check_missing(identifier)
        obj = deserialize_keras_object(identifier, ALL_OBJECTS_DICT, kind="loss")
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(
        f"Could not interpret loss identifier: {identifier!r}. Pass a loss name such as "
        "'mse' or 'sparse_categorical_crossentropy', a Loss instance, or a function "
        "fn(y_true, y_pred).")


def _check_missing(name):
    if isinstance(name, dict):
        name = name.get("class_name") if name.get("class_name") != "function" else name.get("config")
    if isinstance(name, str) and name in _MISSING:
        from ...errors import UnsupportedAPIError  # noqa: PLC0415

        raise UnsupportedAPIError(f"keras.losses.{name}")


__all__ = [
    "BCE", "BinaryCrossentropy", "BinaryFocalCrossentropy", "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy", "CategoricalHinge", "CosineSimilarity", "Dice", "Hinge",
    "Huber", "KLD", "KLDivergence", "LogCosh", "Loss", "LossFunctionWrapper", "MAE", "MAPE",
    "MSE", "MSLE", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredError",
    "MeanSquaredLogarithmicError", "Poisson", "SparseCategoricalCrossentropy", "SquaredHinge",
    "Tversky", "bce", "binary_crossentropy", "binary_focal_crossentropy",
    "categorical_crossentropy", "categorical_focal_crossentropy", "categorical_hinge",
    "cosine_similarity", "deserialize", "dice", "get", "get_keras_logits", "get_keras_mask",
    "hinge", "huber", "kl_divergence", "kld", "log_cosh", "mae", "mape", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_error", "mean_squared_logarithmic_error",
    "mse", "msle", "poisson", "reduce_weighted_values", "serialize", "set_keras_logits",
    "set_keras_mask", "sparse_categorical_crossentropy", "squared_hinge", "tversky",
]

"""``keras.wrappers``: Keras models as scikit-learn estimators (the optional ``sklearn`` extra).

Two families:

* Keras 3's own ``SKLearnClassifier``, ``SKLearnRegressor``,
  ``SKLearnTransformer`` (``model``, ``warm_start``, ``model_kwargs``,
  ``fit_kwargs``), in :mod:`.sklearn_wrapper`;
* scikeras's ``KerasClassifier`` and ``KerasRegressor`` (``model=build_fn``,
  ``epochs=``, ``batch_size=``, ``model__``/``fit__``/``optimizer__``
  parameter routing, what most tutorials use), in :mod:`.scikeras`.

The classes are loaded on first access, so ``import saessak.keras`` does not
import scikit-learn; without scikit-learn installed, constructing a wrapper
raises ImportError with the command to install it
(``pip install "saessak[sklearn]"``).
"""

import importlib

_HOMES = {
    "SKLearnClassifier": "sklearn_wrapper",
    "SKLearnRegressor": "sklearn_wrapper",
    "SKLearnTransformer": "sklearn_wrapper",
    "KerasClassifier": "scikeras",
    "KerasRegressor": "scikeras",
    "BaseWrapper": "scikeras",
}


def __getattr__(name):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_HOMES))


__all__ = ["BaseWrapper", "KerasClassifier", "KerasRegressor", "SKLearnClassifier", "SKLearnRegressor",
           "SKLearnTransformer"]

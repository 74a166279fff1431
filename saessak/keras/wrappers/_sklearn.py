"""scikit-learn, if it is installed: it is saessak's optional ``sklearn`` extra.

The wrapper classes must subclass scikit-learn's ``BaseEstimator`` and mixins,
so they are imported here once; without scikit-learn, empty stand-ins take
their place so that the wrapper modules still import, and constructing a
wrapper raises an ImportError that says how to install the extra.
"""

INSTALL_HINT = 'pip install "saessak[sklearn]"'

try:
    import sklearn
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin
except ImportError:  # the optional extra is not installed
    sklearn = None

    class BaseEstimator:
        pass

    class ClassifierMixin:
        pass

    class RegressorMixin:
        pass

    class TransformerMixin:
        pass


def require_sklearn(owner):
    """Raise ImportError (with the install command) when scikit-learn is missing."""
    if sklearn is None:
        raise ImportError(
            f"{owner} requires scikit-learn, which is an optional extra of saessak. "
            f"Install it with: {INSTALL_HINT}")


__all__ = ["INSTALL_HINT", "BaseEstimator", "ClassifierMixin", "RegressorMixin", "TransformerMixin",
           "require_sklearn", "sklearn"]

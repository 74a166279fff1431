"""scikit-learn, if it is installed: it is saessak's optional ``sklearn`` extra.

The wrapper classes must subclass scikit-learn's ``BaseEstimator`` and mixins,
so they are imported here once; without scikit-learn, empty stand-ins take
their place so that the wrapper modules still import, and constructing a
wrapper raises an ImportError that says how to install the extra.
"""

INSTALL_HINT = 'pip install "saessak[sklearn]"'
MIN_VERSION = (1, 6)  # validate_data and the __sklearn_tags__ protocol

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


def _version_tuple(version):
    parts = []
    for piece in version.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def require_sklearn(owner):
    """Raise ImportError (with the install command) when scikit-learn is missing or too old."""
    if sklearn is None:
        raise ImportError(
            f"{owner} requires scikit-learn, which is an optional extra of saessak. "
            f"Install it with: {INSTALL_HINT}")
    if _version_tuple(sklearn.__version__) < MIN_VERSION:
        raise ImportError(
            f"{owner} requires scikit-learn >= {'.'.join(map(str, MIN_VERSION))}, found "
            f"{sklearn.__version__}. Upgrade it with: pip install -U \"saessak[sklearn]\"")


__all__ = ["INSTALL_HINT", "MIN_VERSION", "BaseEstimator", "ClassifierMixin", "RegressorMixin", "TransformerMixin",
           "require_sklearn", "sklearn"]

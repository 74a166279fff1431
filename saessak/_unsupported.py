"""Module ``__getattr__`` hooks: an unimplemented TF/Keras name raises UnsupportedAPIError."""

from .errors import UnsupportedAPIError


def module_getattr(public_prefix):
    """A ``__getattr__`` for a public namespace known to users as ``public_prefix`` (e.g. 'tf.nn')."""
    def __getattr__(name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise UnsupportedAPIError(f"{public_prefix}.{name}")
    return __getattr__

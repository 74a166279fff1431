"""Exceptions raised by saessak, mirroring ``tf.errors`` where TensorFlow has one.

Every message follows one formula: what failed (the op, layer or argument),
what was expected, what was received, and, where we can tell, the likely fix.
"""


class SaessakError(Exception):
    """Base class of saessak's own errors."""


class InvalidArgumentError(SaessakError, ValueError, TypeError):
    """An op received arguments of incompatible shapes, dtypes or values.

    It is both a ``ValueError`` and a ``TypeError`` so that code written for
    either of TensorFlow's conventions catches it.
    """

    def __init__(self, message, op=None):
        super().__init__(message)
        self.op = op
        self.message = message


class UnsupportedAPIError(SaessakError, AttributeError, NotImplementedError):
    """A TensorFlow/Keras name that saessak does not implement."""

    def __init__(self, name):
        super().__init__(f"{name} is not implemented in saessak (see docs/coverage.md)")
        self.name = name


class OutOfRangeError(SaessakError, IndexError):
    """Iteration or indexing ran past the end."""


class FailedPreconditionError(SaessakError, RuntimeError):
    """The operation needs state that is not there yet (a lookup table with no vocabulary)."""


def describe(value):
    """Short description of an op argument for error messages: shape and dtype."""
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is None:
        return f"{type(value).__name__} {value!r}"
    name = getattr(dtype, "name", dtype)
    return f"shape={tuple(shape)} dtype={name}"

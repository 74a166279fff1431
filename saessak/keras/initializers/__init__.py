"""Weight initializers (``keras.initializers``): the classes, their names, and ``get``.

``get`` turns whatever a layer was given as ``kernel_initializer=`` into a
callable ``init(shape, dtype=None) -> Tensor``: a name (snake_case or the class
name, as Keras: ``"glorot_uniform"``, ``"GlorotUniform"``, ``"normal"``...), a
config dict, a class (instantiated), an instance, a function, or a tensor /
array of the exact weight shape (used as the value).
"""

from ...backend import is_array
from ...engine.tensor import Tensor
from ...ops import math_ops
from .. import _lookup
from ..naming import to_snake_case
from .constant_initializers import Constant, Identity, Ones, Zeros
from .initializer import Initializer, standardize_dtype, standardize_shape
from .random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomInitializer,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    compute_fans,
)

ALL_OBJECTS = (Initializer, Constant, Identity, Ones, Zeros, GlorotNormal, GlorotUniform, HeNormal,
               HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal, RandomUniform,
               TruncatedNormal, VarianceScaling)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update({"IdentityInitializer": Identity, "OrthogonalInitializer": Orthogonal,
                         "normal": RandomNormal, "uniform": RandomUniform, "one": Ones, "zero": Zeros})

# keras.initializers also exports the snake_case names as aliases of the classes.
constant, identity, ones, zeros = Constant, Identity, Ones, Zeros
glorot_normal, glorot_uniform, he_normal, he_uniform = GlorotNormal, GlorotUniform, HeNormal, HeUniform
lecun_normal, lecun_uniform, orthogonal = LecunNormal, LecunUniform, Orthogonal
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling = VarianceScaling
IdentityInitializer, OrthogonalInitializer = Identity, Orthogonal


def serialize(initializer):
    """The Keras config dict of an initializer (None for None)."""
    return _lookup.serialize(initializer, "keras.initializers", ALL_OBJECTS_DICT)


def deserialize(config, custom_objects=None):
    """An initializer from a name or a ``{"class_name", "config"}`` dict."""
    obj = _lookup.deserialize(config, ALL_OBJECTS_DICT, "initializer", custom_objects)
    return obj() if isinstance(obj, type) else obj


def get(identifier):
    """An initializer for ``identifier`` (see the module docstring); None stays None."""
    if identifier is None:
        return None
    if isinstance(identifier, Tensor) or is_array(identifier):
        return _from_value(identifier)
    return _lookup.resolve(identifier, ALL_OBJECTS_DICT, "initializer", deserialize)


def _from_value(value):
    value = value if isinstance(value, Tensor) else Tensor(value)

    def initialize_fn(shape, dtype=None):
        shape = standardize_shape(shape, "initializer")
        if shape != tuple(value.shape):
            raise ValueError(
                f"Expected `shape` to be {tuple(value.shape)} for direct tensor as initializer. "
                f"Received shape={shape}. Pass a value of the weight's exact shape.")
        return math_ops.cast(value, standardize_dtype(dtype, "initializer"))

    return initialize_fn


__all__ = [
    "Initializer", "Constant", "Identity", "Ones", "Zeros", "GlorotNormal", "GlorotUniform",
    "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal", "RandomNormal",
    "RandomUniform", "TruncatedNormal", "VarianceScaling", "IdentityInitializer",
    "OrthogonalInitializer", "constant", "identity", "ones", "zeros", "glorot_normal",
    "glorot_uniform", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform", "orthogonal",
    "random_normal", "random_uniform", "truncated_normal", "variance_scaling", "serialize",
    "deserialize", "get", "compute_fans", "RandomInitializer",
]

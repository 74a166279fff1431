"""``keras.backend``: the backend-level helpers Keras 3 keeps public (``tf.keras.backend`` in TF 2).

Most are the ``keras.config`` settings under their old names; ``get_uid`` shares the
counters that name layers (``dense``, ``dense_1``...), as in Keras.  ``result_type``
(Keras's own dtype-promotion lattice) is not implemented.
"""

from .._unsupported import module_getattr as _module_getattr
from ..backend import as_dtype as _as_dtype
from .config import (  # noqa: F401 - re-exported
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from .layers.keras_tensor import KerasTensor as _KerasTensor
from .naming import get_uid  # noqa: F401 - re-exported: the layer-naming counters, as in Keras
from .utils import clear_session  # noqa: F401 - re-exported

_ALIASES = {"int": "int64", "uint": "uint64", "double": "float64", "half": "float16", "bool_": "bool"}


def standardize_dtype(dtype):
    """The canonical name of a dtype ('float32', 'int64'...); None means ``floatx()``."""
    if dtype is None:
        return floatx()
    name = getattr(dtype, "name", None) if not isinstance(dtype, str) else dtype
    if name is None:
        name = getattr(dtype, "__name__", str(dtype))
    name = _ALIASES.get(name, name)
    if name == "float":
        raise ValueError(f"Invalid dtype: {dtype}")
    try:
        return _as_dtype(name).name
    except (TypeError, ValueError, KeyError):
        raise ValueError(f"Invalid dtype: {dtype}") from None


def is_float_dtype(dtype):
    return standardize_dtype(dtype).startswith(("float", "bfloat"))


def is_int_dtype(dtype):
    return standardize_dtype(dtype).startswith(("int", "uint"))


def is_keras_tensor(x):
    """Whether ``x`` is a symbolic KerasTensor (``keras.Input``), not a value."""
    return isinstance(x, _KerasTensor)


__getattr__ = _module_getattr("keras.backend")

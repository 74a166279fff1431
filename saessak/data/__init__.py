"""``tf.data``: streaming input pipelines (``saessak.data.Dataset``).

``Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)`` and friends,
with TensorFlow 2.21's names, defaults, element structures, cardinalities and
shuffle semantics.  Pipelines are lazy and stream element by element (whole
batches at a time where the elements are rows of in-memory arrays); see
``dataset.py`` and ``_base.py``.
"""

from . import experimental
from ._base import INFINITE as INFINITE_CARDINALITY
from ._base import UNKNOWN as UNKNOWN_CARDINALITY
from .dataset import AUTOTUNE, Dataset, Iterator, NumpyIterator

__all__ = ["Dataset", "Iterator", "NumpyIterator", "AUTOTUNE", "INFINITE_CARDINALITY",
           "UNKNOWN_CARDINALITY", "experimental"]

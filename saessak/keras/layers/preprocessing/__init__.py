"""Keras 3 preprocessing layers: image resizing and augmentation, normalization, text and categories.

Numeric layers (Rescaling, Normalization, the image layers, CategoryEncoding,
Discretization, IntegerLookup, Hashing of numbers) run with saessak ops and work
inside models and compiled functions.  String layers (TextVectorization,
StringLookup, Hashing of strings) work on the host with Python/NumPy strings and
return tensors: use them in the input pipeline, before the model.
"""

from .category_encoding import CategoryEncoding
from .discretization import Discretization
from .hashing import Hashing
from .lookups import IntegerLookup, StringLookup
from .normalization import Normalization
from .random_affine import RandomRotation, RandomTranslation, RandomZoom
from .random_flip import RandomFlip
from .rescaling import Rescaling
from .resizing import CenterCrop, Resizing
from .text_vectorization import TextVectorization

__all__ = [
    "CategoryEncoding", "CenterCrop", "Discretization", "Hashing", "IntegerLookup", "Normalization",
    "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
    "StringLookup", "TextVectorization",
]

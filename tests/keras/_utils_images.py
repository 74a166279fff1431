"""The tiny image folder shared by tools/make_golden_utils.py and test_utils_extra.py."""

import numpy as np

# relative path -> (height, width); three classes, a nested folder, an ignored file type
IMAGE_TREE = {
    "cats/a.png": (6, 8), "cats/b.png": (5, 5), "cats/sub/c.png": (7, 4),
    "dogs/d.png": (4, 6), "dogs/e.PNG": (8, 8),
    "fish/f.png": (3, 9), "fish/g.png": (6, 6),
}


def image_pixels(rel, height, width):
    """Deterministic uint8 RGB pixels for one file (seeded by its path)."""
    seed = sum(ord(c) for c in rel)
    return np.random.RandomState(seed).randint(0, 256, size=(height, width, 3)).astype("uint8")

"""Boston housing prices (StatLib): 506 samples of 13 features; targets in k$.

Keras keeps this dataset with a warning about its ethically problematic "B" feature; prefer
``california_housing`` outside teaching about that problem.
"""

from ...backend import xp
from ._readers import check_test_split, shuffle_split
from .mirror import fetch

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """``(x_train, y_train), (x_test, y_test)``: float64 ``(n, 13)`` and ``(n,)``, shuffled with
    ``RandomState(seed)``; the last ``test_split`` fraction is the test set."""
    check_test_split(test_split)
    path = fetch(path, ORIGIN, FILE_HASH)
    with xp.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffle_split(x, y, test_split, seed)

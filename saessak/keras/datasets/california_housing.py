"""California housing (1990 census): 20,640 block groups, 8 features; targets are median house
values in dollars. ``version="small"`` keeps the first 600 samples, as Keras does."""

from ...backend import xp
from ._readers import check_test_split, shuffle_split
from .mirror import fetch

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz"
FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """``(x_train, y_train), (x_test, y_test)``: float ``(n, 8)`` and ``(n,)``, shuffled with
    ``RandomState(seed)``; the last ``test_split`` fraction is the test set."""
    check_test_split(test_split)
    if version not in ("small", "large"):
        raise ValueError(f"Argument `version` must be one of 'small', 'large'. Received: version={version}")
    path = fetch(path, ORIGIN, FILE_HASH)
    with xp.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffle_split(x, y, test_split, seed)

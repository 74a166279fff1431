"""``keras.preprocessing``: the old names of pad_sequences and the dataset builders."""

import subprocess
import sys

import numpy as np
import pytest

from saessak import keras
from saessak.errors import UnsupportedAPIError


def test_old_names_are_the_utils_functions():
    assert keras.preprocessing.sequence.pad_sequences is keras.utils.pad_sequences
    assert keras.preprocessing.image_dataset_from_directory is keras.utils.image_dataset_from_directory
    assert keras.preprocessing.timeseries_dataset_from_array is keras.utils.timeseries_dataset_from_array
    np.testing.assert_array_equal(keras.preprocessing.sequence.pad_sequences([[1, 2], [3]], maxlen=3),
                                  [[0, 1, 2], [0, 0, 3]])


def test_image_helpers_are_reported_missing():
    with pytest.raises(UnsupportedAPIError, match="keras.preprocessing.image.load_img"):
        keras.preprocessing.image.load_img("x.png")


def test_tensorflow_import_paths_resolve():
    code = ("import saessak.compat as c; c.alias_tensorflow()\n"
            "from tensorflow.keras.preprocessing.sequence import pad_sequences\n"
            "from keras.preprocessing import sequence\n"
            "print(pad_sequences([[5]], maxlen=2).tolist(), sequence.pad_sequences is pad_sequences)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split("\n")[0] == "[[0, 5]] True", out.stderr[-2000:]

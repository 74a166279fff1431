"""`.keras` files written by real Keras 3 with convolution, normalization and recurrent layers load here."""

import json
import pathlib

import numpy as np
import pytest

from saessak import keras

GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "golden" / "saving"
EXPECTED = json.loads((GOLDEN / "layer_files.json").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_keras_written_file_predicts_the_same(name):
    model = keras.models.load_model(GOLDEN / f"{name}.keras")
    x = np.array(EXPECTED[name]["x"], np.float32)
    np.testing.assert_allclose(model.predict(x, verbose=0), np.array(EXPECTED[name]["y"]), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_round_trip_through_saessak_keeps_predictions(name, tmp_path):
    model = keras.models.load_model(GOLDEN / f"{name}.keras")
    model.save(tmp_path / "again.keras")
    again = keras.models.load_model(tmp_path / "again.keras")
    x = np.array(EXPECTED[name]["x"], np.float32)
    np.testing.assert_array_equal(model.predict(x, verbose=0), again.predict(x, verbose=0))

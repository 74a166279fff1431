"""Assets in ``.keras`` files: an adapted lookup layer's vocabulary survives save and load.

Keras writes what a layer's ``save_assets(dir)`` produces under ``assets/<the layer's path>/``
of the archive (or of the directory with ``zipped=False``); a lookup layer writes
``vocabulary.txt``, one token per line, special tokens first.  A vocabulary given to the
constructor travels in the config instead, and no asset is written.
"""

import json
import pathlib
import zipfile

import numpy as np
import pytest

from saessak import keras
from saessak.keras import layers

DATA = np.array([5, 7, 7, 9, 9, 9, 2])


def _model(lookup):
    return keras.Sequential([keras.Input((1,), dtype="int64"), lookup])


def _adapted(**kwargs):
    lookup = layers.IntegerLookup(**kwargs)
    lookup.adapt(DATA)
    return lookup


@pytest.mark.parametrize("kwargs", [{}, {"output_mode": "multi_hot"}, {"mask_token": 0},
                                    {"num_oov_indices": 2}, {"invert": False, "output_mode": "count"}])
def test_adapted_vocabulary_round_trips(tmp_path, kwargs):
    model = _model(_adapted(**kwargs))
    x = np.array([[9], [4], [5], [0], [2]])
    want = model(x).numpy()
    path = tmp_path / "lookup.keras"
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        (name,) = [n for n in zf.namelist() if n.startswith("assets/")]
        text = zf.read(name).decode()
    assert name == "assets/layers/integer_lookup/vocabulary.txt"  # the layer's path, as for its weights
    assert text.split("\n") == [str(t) for t in model.layers[0].get_vocabulary()]
    loaded = keras.models.load_model(path)
    assert loaded.layers[0].get_vocabulary() == model.layers[0].get_vocabulary()
    np.testing.assert_array_equal(loaded(x).numpy(), want)


def test_unzipped_format_keeps_assets_too(tmp_path):
    model = _model(_adapted())
    path = tmp_path / "unzipped"
    model.save(path, zipped=False)
    vocab_file = path / "assets" / "layers" / "integer_lookup" / "vocabulary.txt"
    assert vocab_file.read_text().split("\n") == ["-1", "9", "7", "5", "2"]
    loaded = keras.models.load_model(path)
    assert loaded.layers[0].get_vocabulary() == [-1, 9, 7, 5, 2]


def test_a_vocabulary_from_the_constructor_travels_in_the_config(tmp_path):
    model = _model(layers.IntegerLookup(vocabulary=[3, 1, 4]))
    path = tmp_path / "config_vocab.keras"
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        assert not [n for n in zf.namelist() if n.startswith("assets/")]
    assert keras.models.load_model(path).layers[0].get_vocabulary() == [-1, 3, 1, 4]


def test_a_lookup_without_vocabulary_fails_clearly():
    # TensorFlow: FailedPreconditionError "Table not initialized".
    from saessak.errors import FailedPreconditionError

    with pytest.raises(FailedPreconditionError, match="no vocabulary yet.*adapt"):
        layers.IntegerLookup()(np.array([3, 4]))
    with pytest.raises(FailedPreconditionError, match="StringLookup 'string_lookup.*no vocabulary yet"):
        layers.StringLookup()(np.array(["a"]))


def test_an_adapted_tf_idf_lookup_warns_that_it_is_not_saved(tmp_path):
    model = keras.Sequential([keras.Input((3,), dtype="int64"), _adapted(output_mode="tf_idf")])
    with pytest.warns(UserWarning, match="does not save the adapted vocabulary and idf weights"):
        model.save(tmp_path / "tfidf.keras")


GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "golden" / "saving"


def test_loads_the_vocabulary_keras_saved():
    # tools/make_golden_assets.py: an adapted IntegerLookup (multi_hot) and a Dense, saved by Keras 3.
    record = json.loads((GOLDEN / "keras_lookup.json").read_text(encoding="utf-8"))
    model = keras.models.load_model(GOLDEN / "keras_lookup.keras")
    assert model.layers[0].get_vocabulary() == record["vocabulary"]
    np.testing.assert_allclose(model.predict(np.array(record["x"]), verbose=0), record["y"],
                               rtol=1e-6, atol=1e-6)


def test_writes_the_asset_keras_writes(tmp_path):
    lookup = layers.IntegerLookup(output_mode="multi_hot")
    lookup.adapt(np.array([[5, 7], [7, 9], [9, 9], [2, 5], [11, 9]]))  # as the golden file's
    model = keras.Sequential([keras.Input((2,), dtype="int64"), lookup, layers.Dense(3)])
    model.save(tmp_path / "m.keras")
    name = "assets/layers/integer_lookup/vocabulary.txt"
    with zipfile.ZipFile(tmp_path / "m.keras") as ours, zipfile.ZipFile(GOLDEN / "keras_lookup.keras") as theirs:
        assert ours.read(name) == theirs.read(name)
        assert sorted(ours.namelist()) == sorted(theirs.namelist())


@pytest.mark.parametrize("bad", ["abc", "--5", "1.5"])
def test_a_damaged_vocabulary_names_its_bad_line(tmp_path, bad):
    model = _model(_adapted())
    path = tmp_path / "damaged"
    model.save(path, zipped=False)
    vocab_file = path / "assets" / "layers" / "integer_lookup" / "vocabulary.txt"
    vocab_file.write_text(vocab_file.read_text() + "\n" + bad)
    with pytest.raises(ValueError, match=f"line '{bad}' that is not an integer token"):
        keras.models.load_model(path)

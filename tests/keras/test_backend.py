"""``keras.backend`` (``tf.keras.backend``): values checked against Keras 3.15."""

import numpy as np
import pytest

from saessak import keras
from saessak.errors import UnsupportedAPIError

B = keras.backend


def test_settings_are_keras_config():
    assert B.floatx() == keras.config.floatx() == "float32"
    assert B.epsilon() == keras.config.epsilon() == 1e-7
    assert B.image_data_format() == "channels_last"
    B.set_epsilon(1e-5)
    try:
        assert keras.config.epsilon() == 1e-5
    finally:
        B.set_epsilon(1e-7)


@pytest.mark.parametrize("dtype, name", [("int", "int64"), (np.float32, "float32"), ("float16", "float16"),
                                         (None, "float32"), (np.dtype("uint8"), "uint8")])
def test_standardize_dtype(dtype, name):
    assert B.standardize_dtype(dtype) == name


def test_standardize_dtype_rejects_float():
    with pytest.raises(ValueError, match="Invalid dtype: float"):
        B.standardize_dtype("float")


def test_dtype_kinds():
    assert B.is_float_dtype("float16") and not B.is_float_dtype("int32")
    assert B.is_int_dtype("uint8") and not B.is_int_dtype("float32")


def test_get_uid_counts_per_prefix_with_the_layer_names():
    B.clear_session()
    assert [B.get_uid("thing"), B.get_uid("thing"), B.get_uid("other")] == [1, 2, 1]
    B.clear_session()
    assert keras.layers.Dense(1).name == "dense"
    assert B.get_uid("dense") == 2  # the counter that named the layer, as in Keras
    assert keras.layers.Dense(1).name == "dense_2"


def test_is_keras_tensor():
    assert B.is_keras_tensor(keras.Input((2,)))
    assert not B.is_keras_tensor(np.zeros(2))


def test_result_type_is_reported_missing():
    with pytest.raises(UnsupportedAPIError, match="keras.backend.result_type"):
        B.result_type("int32", "float32")

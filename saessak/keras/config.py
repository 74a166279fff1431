"""Global Keras settings (``keras.config`` / ``keras.backend``): floatx, epsilon, image format."""

_settings = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}


def floatx():
    return _settings["floatx"]


def set_floatx(value):
    if value not in ("float16", "float32", "float64", "bfloat16"):
        raise ValueError(f"Unknown floatx type: {value!r}. Expected 'float16', 'float32' or 'float64'.")
    _settings["floatx"] = str(value)


def epsilon():
    """The fuzz factor used to clip probabilities in losses (1e-7, as Keras)."""
    return _settings["epsilon"]


def set_epsilon(value):
    _settings["epsilon"] = float(value)


def image_data_format():
    return _settings["image_data_format"]


def set_image_data_format(data_format):
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"data_format must be 'channels_first' or 'channels_last', received {data_format!r}.")
    _settings["image_data_format"] = data_format


def backend():
    return "saessak"

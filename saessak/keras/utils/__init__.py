"""``keras.utils``: seeding, one-hot encoding, the progress bar, and other helpers."""

from .dataset_utils import split_dataset, timeseries_dataset_from_array
from .file_utils import get_file
from .image_dataset_utils import image_dataset_from_directory
from .numerical_utils import normalize, to_categorical
from .plotting import model_to_dot, plot_history, plot_model
from .progbar import Progbar
from .random_utils import clear_session, set_random_seed
from .sequence_utils import pad_sequences

__all__ = ["Progbar", "clear_session", "get_file", "image_dataset_from_directory", "model_to_dot",
           "normalize", "pad_sequences", "plot_history", "plot_model", "set_random_seed",
           "split_dataset", "timeseries_dataset_from_array", "to_categorical"]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.utils")

"""CSVLogger: append one CSV row per epoch (``epoch`` then the logged values) to a file.

The columns are fixed at the first epoch: ``epoch`` followed by the log keys in
sorted order; when no key starts with ``val_``, a ``val_<key>`` column is added
for each key (validation may start later), and missing values are written as
``NA``.  Values are written as Python's ``str`` of them (so floats show all
their digits, e.g. ``0.6521754264831543``); a 1-D array becomes the quoted text
``"[a, b]"``.  Rows end with ``\\r\\n`` (the csv module's ``excel`` dialect).
With ``append=True`` the file is continued and the header is written only if
the file was empty.
"""

import collections.abc
import csv
import os

from ...backend import xp
from ...engine.tensor import Tensor
from .callback import Callback


def _cell(value):
    if isinstance(value, Tensor):
        value = value.numpy()  # NumPy values are written as Keras writes them (str of the value)
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (isinstance(value, xp.ndarray) and value.ndim == 0):
        return f'"[{", ".join(map(str, value))}]"'
    return value


class CSVLogger(Callback):
    """Callback that streams epoch results to a CSV file (``keras.callbacks.CSVLogger``)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename) if isinstance(filename, os.PathLike) else filename
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, encoding="utf-8") as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        # newline="" hands the dialect's "\r\n" to the file unchanged on every platform
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")  # noqa: SIM115
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys.extend([f"val_{k}" for k in self.keys])
        if not self.writer:
            sep = self.sep

            class Dialect(csv.excel):
                delimiter = sep

            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + (self.keys or []),
                                         dialect=Dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None

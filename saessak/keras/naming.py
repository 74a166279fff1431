"""Automatic names: ``dense``, ``dense_1``, ... per process, reset by ``clear_session``."""

import re
from collections import defaultdict

_counts = defaultdict(int)


def to_snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name.lstrip("_")


def uniquify(base):
    """``base`` the first time, then ``base_1``, ``base_2``..."""
    n = _counts[base]
    _counts[base] += 1
    return base if n == 0 else f"{base}_{n}"


def get_uid(prefix=""):
    """1, 2, 3... for successive calls with the same ``prefix`` (``keras.backend.get_uid``)."""
    _counts[prefix] += 1
    return _counts[prefix]


def auto_name(prefix):
    return uniquify(to_snake_case(prefix))


def reset():
    _counts.clear()

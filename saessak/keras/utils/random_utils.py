"""Seeding and session reset: ``keras.utils.set_random_seed``, ``keras.utils.clear_session``."""

import random as _py_random

from ...backend import rng, xp
from .. import naming


def set_random_seed(seed):
    """Seed Python's ``random``, NumPy's global RNG and saessak's streams in one call."""
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed!r}")
    _py_random.seed(seed)
    xp.random.seed(seed)
    rng.set_seed(seed)


def clear_session(free_memory=True):
    """Reset the automatic layer/model names (``dense``, ``dense_1``...)."""
    naming.reset()

"""Random number streams with TensorFlow's global-seed / op-seed semantics.

``set_seed(s)`` resets the global stream; an op given ``seed=k`` draws from its
own stream derived from ``(global seed, k)``.  The same seeds therefore give
bit-identical numbers in every run on the same machine.
"""

import numpy as _np

_state = {"seed": None, "global": _np.random.default_rng(), "per_op": {}}


def set_seed(seed):
    seed = None if seed is None else int(seed)
    _state["seed"] = seed
    _state["global"] = _np.random.default_rng(seed)
    _state["per_op"] = {}


def get_seed():
    return _state["seed"]


def generator(seed=None):
    """The stream an op draws from: the global one, or the one for its op seed."""
    if seed is None:
        return _state["global"]
    streams = _state["per_op"]
    gen = streams.get(seed)
    if gen is None:
        base = _state["seed"] if _state["seed"] is not None else 0
        gen = streams[seed] = _np.random.default_rng([int(base), int(seed) & 0xFFFFFFFF])
    return gen


def snapshot():
    """The complete state of every stream (to undo trial draws, e.g. a Dataset's shape probe)."""
    return {"seed": _state["seed"], "global": _state["global"].bit_generator.state,
            "per_op": {k: g.bit_generator.state for k, g in _state["per_op"].items()}}


def restore(snap):
    _state["seed"] = snap["seed"]
    _state["global"].bit_generator.state = snap["global"]
    for k in list(_state["per_op"]):
        if k not in snap["per_op"]:
            del _state["per_op"][k]
    for k, st in snap["per_op"].items():
        gen = _state["per_op"].get(k) or _np.random.default_rng()
        gen.bit_generator.state = st
        _state["per_op"][k] = gen

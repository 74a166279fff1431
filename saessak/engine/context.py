"""Per-thread engine state: which tapes are recording and whether a trace is open.

Ops consult this on every call, so it is kept to two attributes.  When no tape
records and no trace is open, an op costs one kernel call and one wrapper.
"""

import threading


class _State(threading.local):
    def __init__(self):
        self.tapes = []  # GradientTapes currently recording, innermost last
        self.tracer = None  # the Trace being recorded by saessak.function, if any


state = _State()


def recording():
    """True when some tape or trace would see an op executed now."""
    return bool(state.tapes) or state.tracer is not None

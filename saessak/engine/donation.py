"""Buffer donation: a kernel may reuse a dead temporary of a compiled program as scratch space.

An Adam step needs two scratch arrays the size of its variable.  In a compiled
train step the gradient it receives is a temporary that nothing reads
afterwards, so the kernel can compute in the gradient's memory instead of
allocating: one less array streams through the CPU's cache on every step, which
for a 784x100 kernel is about 5% of a whole MNIST training step.

Two conditions make that safe, and both are checked:

1. *Nothing reads the temporary later* -- a static fact of the program, known when
   the trace is built (:meth:`Trace.build` passes ``donated=True`` to ops that
   declare ``Op(donates=...)`` only for such arguments).
2. *Nothing else holds the array* -- a runtime fact.  The same program line can
   receive an array that is shared on one call and private on another (an op
   that returns its input unchanged when it is already contiguous, a view kept
   by a later line, the caller's own input).  Every holder of an array owns a
   reference to it (a view owns one to its base), so :func:`is_private` compares
   the array's reference count with the count of a private temporary passed the
   same way, measured once at import by :func:`_calibrate`.  NumPy elides
   temporaries in ``a + b + c`` by the same kind of reference-count test.

Results do not depend on donation: a donating kernel does the same arithmetic in
another buffer.
"""

import sys

from ..backend import xp

_refcount = sys.getrefcount


def _count(array):
    return _refcount(array)


def _measure(array):  # the probe's is_private: the same depth of calls, returning the count
    return _count(array)


def _probe_kernel(array, donated=False):
    return _measure(array)


# A generated program calls a kernel as ``t1 = kernel(t0, ..., donated=True)`` with ``t0`` a
# local of the program; the kernel then asks is_private(t0).  _calibrate makes that same
# chain of calls on a private array, and on a shared one as a check that counts are usable.
_PROBE_SOURCE = """
def probe_private():
    t0 = new()
    return kernel(t0, donated=True)

def probe_shared():
    t0 = new()
    t1 = t0[:]
    return kernel(t0, donated=True)
"""


def _calibrate():
    namespace = {"kernel": _probe_kernel, "new": lambda: xp.empty(4, xp.float32)}
    exec(compile(_PROBE_SOURCE, "<saessak donation probe>", "exec"), namespace)  # noqa: S102
    private, shared = namespace["probe_private"](), namespace["probe_shared"]()
    # Where reference counts do not tell a view's base from a private array (an interpreter
    # without them), donation stays off.
    return private if shared > private else -1


_PRIVATE_COUNT = _calibrate()


def is_private(array):
    """Whether ``array``, passed to a kernel as a program's donated temporary, is held by nothing else.

    Call it from the kernel itself, directly: the calibrated count includes the
    kernel's own parameter and this function's.
    """
    return (array.base is None and array.flags.writeable
            and _count(array) <= _PRIVATE_COUNT)


def enabled():
    """Whether this interpreter's reference counts allow donation at all."""
    return _PRIVATE_COUNT > 0

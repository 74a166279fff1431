"""``Dataset.shuffle``: TensorFlow's bounded shuffle buffer.

The algorithm is TF's: fill a buffer with the first ``buffer_size`` elements;
then, for every output, pick one buffered element uniformly at random, emit
it, and put the next input element in its slot; when the input ends, emit
what is left in a uniformly random order.  Consequences users rely on:
``buffer_size=1`` does not shuffle at all, the first output is one of the first
``buffer_size`` inputs, and a buffer at least as large as the dataset gives a
uniformly random permutation.  (``buffer_size=UNKNOWN_CARDINALITY`` means a
buffer holding the whole dataset.)

Seeds follow TF's rules with the numbers from ``saessak.backend.rng``: with
``seed`` given, the order depends only on (global seed, ``seed``), so two
datasets built with the same seeds shuffle alike; with ``seed=None`` each
dataset draws its seed from the global stream when it is built, so
``tf.random.set_seed`` makes a program repeatable.  Each new iteration gets a
new order (``reshuffle_each_iteration=True``) or the same one (``False``).
The numbers cannot equal TF's (TF uses Philox, NumPy PCG64), the semantics do.

The same routine shuffles elements or, on the fast path, row indices (see
``_base``), drawing the same random numbers, so both paths agree exactly.
"""

import operator

from ..backend import rng, xp
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from ._base import UNKNOWN, Node, Plan

_DEFAULT_GLOBAL_SEED = 87654321  # TF's graph-level seed when only an op seed is given
_MASK = 2**64 - 1
_DRAWS = 512  # random indices drawn at once in the steady state


def shuffle_stream(items, buffer_size, gen):
    """TF's buffered shuffle of the iterable ``items`` (``buffer_size=None``: unbounded)."""
    it = iter(items)
    buf = []
    for item in it:
        buf.append(item)
        if buffer_size is not None and len(buf) >= buffer_size:
            break
    else:  # the input ended while filling: the buffer holds everything
        for j in gen.permutation(len(buf)).tolist():
            yield buf[j]
        return
    # Steady state: the buffer is full, so every pick is uniform over buffer_size slots.
    ended = False
    while not ended:
        draws = gen.integers(0, buffer_size, size=_DRAWS).tolist()
        for j in draws:
            nxt = next(it, _END)
            if nxt is _END:
                ended = True
                break
            yield buf[j]
            buf[j] = nxt
    for j in gen.permutation(len(buf)).tolist():
        yield buf[j]


_END = object()


def _base_seed(seed):
    """The entropy of a shuffle's stream, fixed when the dataset is built (TF's seed rules)."""
    if seed is None:
        # Drawn from the global stream: repeatable after tf.random.set_seed, different per dataset.
        return [int(rng.generator(None).integers(0, 2**63))]
    global_seed = rng.get_seed()
    g = _DEFAULT_GLOBAL_SEED if global_seed is None else global_seed
    return [1, int(g) & _MASK, int(seed) & _MASK]


class ShuffleNode(Node):
    name = "_ShuffleDataset"

    def __init__(self, child, buffer_size, seed, reshuffle_each_iteration):
        self.inputs = (child,)
        if isinstance(buffer_size, Tensor):
            buffer_size = buffer_size._concrete("int")
        try:
            buffer_size = operator.index(buffer_size)
        except TypeError:
            raise InvalidArgumentError(
                f"Dataset.shuffle: buffer_size must be an integer, received {buffer_size!r}.") from None
        if buffer_size <= 0 and buffer_size != UNKNOWN:
            raise InvalidArgumentError(
                "Dataset.shuffle: buffer_size must be greater than zero or UNKNOWN_CARDINALITY (-2, "
                f"a buffer holding the whole dataset), received {buffer_size}.")
        if seed is not None:
            if isinstance(seed, Tensor):
                seed = seed._concrete("int")
            try:
                seed = operator.index(seed)
            except TypeError:
                raise InvalidArgumentError(
                    f"Dataset.shuffle: seed must be an integer or None, received {seed!r}.") from None
        self.buffer_size = None if buffer_size == UNKNOWN else buffer_size
        self.entropy = _base_seed(seed)
        self.reshuffle = bool(reshuffle_each_iteration)
        self.iterations = 0

    def _generator(self):
        """The stream of one iteration: a new one per iteration when reshuffling."""
        k = 0
        if self.reshuffle:
            k = self.iterations
            self.iterations += 1
        return xp.random.default_rng([*self.entropy, k])

    def plan(self):
        p = self.inputs[0].plan()
        if p is None:
            return None
        return Plan(p.table, lambda: self._index_chunks(p))

    def _index_chunks(self, p):
        def indices():
            for chunk in p.chunks():
                yield from chunk.tolist()
        out = []
        for i in shuffle_stream(indices(), self.buffer_size, self._generator()):
            out.append(i)
            if len(out) == 1024:
                yield xp.asarray(out, dtype=xp.int64)
                out = []
        if out:
            yield xp.asarray(out, dtype=xp.int64)

    def generic_elements(self):
        return shuffle_stream(self.inputs[0].elements(), self.buffer_size, self._generator())

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


def shuffle_indices(chunks, buffer_size, gen):
    """:func:`shuffle_stream` over a stream of index arrays, a round of picks at a time.

    Same random draws, same output order; only the bookkeeping is vectorised.  In a round,
    pick ``t`` takes slot ``d[t]`` and refills it with input ``nxt[t]``, so it emits the input
    that the latest earlier pick of the same slot in this round put there, or, if there is
    none, what the slot held when the round began.
    """
    reader = _IndexReader(chunks)
    if buffer_size is None:
        everything = reader.take(None)
        yield everything[gen.permutation(len(everything))]
        return
    buf = reader.take(buffer_size)
    if len(buf) == buffer_size:  # full: the steady state (even if the input ends right here)
        while True:
            draws = gen.integers(0, buffer_size, size=_DRAWS)
            nxt = reader.take(_DRAWS)
            if len(nxt):
                yield _one_round(buf, draws[:len(nxt)], nxt)
            if len(nxt) < _DRAWS:
                break
    yield buf[gen.permutation(len(buf))]


def _one_round(buf, slots, nxt):
    """The picks of one round (``slots[t]`` emitted, then refilled with ``nxt[t]``); updates ``buf``."""
    order = xp.argsort(slots, kind="stable")  # by slot, then by time
    by_slot = slots[order]
    same = by_slot[1:] == by_slot[:-1]  # sorted neighbours that share a slot
    out = buf[slots]
    out[order[1:][same]] = nxt[order[:-1][same]]  # the earlier pick of the slot refilled it
    last = xp.append(~same, True)  # each slot's last pick leaves its input in the buffer
    buf[by_slot[last]] = nxt[order[last]]
    return out


class _IndexReader:
    """``take(n)``: the next ``n`` indices of a stream of index arrays (fewer at its end)."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)
        self._rest = xp.empty(0, dtype=xp.int64)

    def take(self, n):
        parts, have = [], 0
        while n is None or have < n:
            if not len(self._rest):
                chunk = next(self._chunks, None)
                if chunk is None:
                    break
                self._rest = xp.asarray(chunk, dtype=xp.int64)
                continue
            part = self._rest if n is None else self._rest[:n - have]
            self._rest = self._rest[len(part):]
            parts.append(part)
            have += len(part)
        return xp.concatenate(parts) if parts else xp.empty(0, dtype=xp.int64)


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
        return shuffle_indices(p.chunks(), self.buffer_size, self._generator())

    def generic_elements(self):
        return shuffle_stream(self.inputs[0].elements(), self.buffer_size, self._generator())

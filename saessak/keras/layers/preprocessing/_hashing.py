"""String hashing as TensorFlow does it: FarmHash ``Fingerprint64`` and keyed SipHash-2-4.

``tf.strings.to_hash_bucket_fast(s, n)`` is ``Fingerprint64(s) mod n`` and
``tf.strings.to_hash_bucket_strong(s, n, key)`` is ``SipHash-2-4(key, s) mod n``;
Keras's ``Hashing`` and the lookup layers' extra OOV buckets use them, hashing
numbers through their decimal text (floats are first truncated to int64).
Both are written here in pure Python on 64-bit unsigned arithmetic (``& M``);
they reproduce TF's values bit for bit (checked by the golden tests).

``Fingerprint64`` is FarmHash's ``farmhashna::Hash64``: strings of up to 64
bytes are mixed by length class, longer ones in 64-byte blocks with two 16-byte
"weak hash" states.  SipHash-2-4 compresses 8-byte words with two rounds each
and finalises with four.
"""

from ....backend import xp
from ....engine.op import Op, execute

M = (1 << 64) - 1
_K0, _K1, _K2 = 0xC3A5C85C97CB3127, 0xB492B66FBE98F273, 0x9AE16A3B2F90404F
_KMUL = 0x9DDFEA08EB382D69


def _rot(v, s):
    return ((v >> s) | (v << (64 - s))) & M


def _u64(b, i):
    return int.from_bytes(b[i:i + 8], "little")


def _u32(b, i):
    return int.from_bytes(b[i:i + 4], "little")


def _shift_mix(v):
    return v ^ (v >> 47)


def _hash16(u, v, mul=_KMUL):
    a = ((u ^ v) * mul) & M
    a ^= a >> 47
    b = ((v ^ a) * mul) & M
    b ^= b >> 47
    return (b * mul) & M


def _len0to16(s, n):
    if n >= 8:
        mul = _K2 + n * 2
        a = (_u64(s, 0) + _K2) & M
        b = _u64(s, n - 8)
        c = (_rot(b, 37) * mul + a) & M
        d = ((_rot(a, 25) + b) * mul) & M
        return _hash16(c, d, mul)
    if n >= 4:
        return _hash16((n + (_u32(s, 0) << 3)) & M, _u32(s, n - 4), _K2 + n * 2)
    if n:
        y = (s[0] + (s[n >> 1] << 8)) & 0xFFFFFFFF
        z = (n + (s[n - 1] << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & M) * _K2) & M
    return _K2


def _len17to32(s, n):
    mul = _K2 + n * 2
    a = (_u64(s, 0) * _K1) & M
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & M
    d = (_u64(s, n - 16) * _K2) & M
    return _hash16((_rot((a + b) & M, 43) + _rot(c, 30) + d) & M,
                   (a + _rot((b + _K2) & M, 18) + c) & M, mul)


def _len33to64(s, n):
    mul = _K2 + n * 2
    a = (_u64(s, 0) * _K2) & M
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & M
    d = (_u64(s, n - 16) * _K2) & M
    y = (_rot((a + b) & M, 43) + _rot(c, 30) + d) & M
    z = _hash16(y, (a + _rot((b + _K2) & M, 18) + c) & M, mul)
    e = (_u64(s, 16) * mul) & M
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & M
    h = ((z + _u64(s, n - 24)) * mul) & M
    return _hash16((_rot((e + f) & M, 43) + _rot(g, 30) + h) & M,
                   (e + _rot((f + a) & M, 18) + g) & M, mul)


def _weak32(s, i, a, b):
    """FarmHash's WeakHashLen32WithSeeds over the 32 bytes at ``s[i:]``."""
    w, x, y, z = _u64(s, i), _u64(s, i + 8), _u64(s, i + 16), _u64(s, i + 24)
    a = (a + w) & M
    b = _rot((b + a + z) & M, 21)
    c = a
    a = (a + x + y) & M
    b = (b + _rot(a, 44)) & M
    return (a + z) & M, (b + c) & M


def fingerprint64(s):
    """FarmHash ``Fingerprint64`` of the bytes ``s`` (TF's ``to_hash_bucket_fast``)."""
    n = len(s)
    if n <= 16:
        return _len0to16(s, n)
    if n <= 32:
        return _len17to32(s, n)
    if n <= 64:
        return _len33to64(s, n)
    seed = 81
    y = (seed * _K1 + 113) & M
    z = (_shift_mix((y * _K2 + 113) & M) * _K2) & M
    v, w = (0, 0), (0, 0)
    x = (seed * _K2 + _u64(s, 0)) & M
    end = ((n - 1) // 64) * 64
    i = 0
    while True:  # 64-byte blocks, all but the last
        x = (_rot((x + y + v[0] + _u64(s, i + 8)) & M, 37) * _K1) & M
        y = (_rot((y + v[1] + _u64(s, i + 48)) & M, 42) * _K1) & M
        x ^= w[1]
        y = (y + v[0] + _u64(s, i + 40)) & M
        z = (_rot((z + w[0]) & M, 33) * _K1) & M
        v = _weak32(s, i, (v[1] * _K1) & M, (x + w[0]) & M)
        w = _weak32(s, i + 32, (z + w[1]) & M, (y + _u64(s, i + 16)) & M)
        z, x = x, z
        i += 64
        if i == end:
            break
    mul = _K1 + ((z & 0xFF) << 1)
    i = end + ((n - 1) & 63) - 63  # the last 64 bytes (overlapping the previous block)
    w0 = (w[0] + ((n - 1) & 63)) & M
    v0 = (v[0] + w0) & M
    w = ((w0 + v0) & M, w[1])
    v = (v0, v[1])
    x = (_rot((x + y + v[0] + _u64(s, i + 8)) & M, 37) * mul) & M
    y = (_rot((y + v[1] + _u64(s, i + 48)) & M, 42) * mul) & M
    x ^= (w[1] * 9) & M
    y = (y + v[0] * 9 + _u64(s, i + 40)) & M
    z = (_rot((z + w[0]) & M, 33) * mul) & M
    v = _weak32(s, i, (v[1] * mul) & M, (x + w[0]) & M)
    w = _weak32(s, i + 32, (z + w[1]) & M, (y + _u64(s, i + 16)) & M)
    z, x = x, z
    return _hash16((_hash16(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & M,
                   (_hash16(v[1], w[1], mul) + x) & M, mul)


def _rotl(v, s):
    return ((v << s) | (v >> (64 - s))) & M


def _sip_round(v0, v1, v2, v3):
    v0 = (v0 + v1) & M
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & M
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & M
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & M
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash(key, s):
    """SipHash-2-4 of the bytes ``s`` under the 128-bit ``key = (k0, k1)`` (``to_hash_bucket_strong``)."""
    k0, k1 = key[0] & M, key[1] & M
    v = (k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D, k0 ^ 0x6C7967656E657261,
         k1 ^ 0x7465646279746573)
    n = len(s)
    end = n - n % 8
    for word in [_u64(s, i) for i in range(0, end, 8)] + [((n & 0xFF) << 56) | int.from_bytes(
            s[end:], "little")]:
        v = _sip_round(v[0], v[1], v[2], v[3] ^ word)
        v = _sip_round(*v)
        v = (v[0] ^ word,) + v[1:]
    v = (v[0], v[1], v[2] ^ 0xFF, v[3])
    for _ in range(4):
        v = _sip_round(*v)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def hash_strings(strings, num_bins, salt=None, encoding="utf-8"):
    """Bucket of each string (a flat sequence of str/bytes) as an int64 array."""
    cache = {}
    out = xp.empty(len(strings), dtype=xp.int64)
    for i, s in enumerate(strings):
        h = cache.get(s)
        if h is None:
            b = s.encode(encoding) if isinstance(s, str) else bytes(s)
            h = cache[s] = (siphash(salt, b) if salt is not None else fingerprint64(b)) % num_bins
        out[i] = h
    return out


def number_text(values):
    """The decimal text TF's ``as_string`` gives integers (floats truncated to int64 first)."""
    if values.dtype.kind == "f":
        values = values.astype(xp.int64)
    return [str(int(v)) for v in values.reshape(-1).tolist()]


def _hash_numbers_kernel(x, num_bins, salt):
    flat = x.reshape(-1)
    uniq, inverse = xp.unique(flat, return_inverse=True)
    buckets = hash_strings(number_text(uniq), num_bins, salt)
    return buckets[inverse.reshape(-1)].reshape(x.shape)


# Numbers are hashed by an op, so Hashing and IntegerLookup work inside saessak.function.
HASH_NUMBERS = Op("keras_hash_numbers", _hash_numbers_kernel)


def hash_numbers(x, num_bins, salt=None):
    """Bucket of each number of the tensor ``x`` (int64), hashing its decimal text."""
    return execute(HASH_NUMBERS, [x], {"num_bins": int(num_bins),
                                       "salt": None if salt is None else tuple(salt)})

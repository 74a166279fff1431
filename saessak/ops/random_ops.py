"""Random tensors (``tf.random``): samplers that draw when they run, not when they are traced.

Each sampler is an Op with no gradient whose kernel asks ``rng.generator(seed)``
for its stream *at call time*; the seed is an attr.  So a ``saessak.function``
that returns ``tf.random.normal(...)`` replays the kernel and draws fresh
numbers on every call, and ``set_seed`` followed by the same calls repeats
the same numbers, bit for bit, as TensorFlow's global-seed / op-seed rules say.

Location and scale parameters given as Python numbers are applied inside the
kernel (one pass over the output).  Given as tensors they are applied with
ordinary ops, ``y = mean + stddev * z``, exactly as TensorFlow composes them,
so gradients reach them: ``dy/dmean = 1`` and ``dy/dstddev = z``.  The draw
``z`` itself is a constant for differentiation.

The ``stateless_*`` variants take their stream from the seed pair alone, so the
same ``seed`` always gives the same tensor (NumPy's PCG64, not TF's Philox:
the numbers differ from TensorFlow's, the guarantees do not).
"""

from ..backend import as_dtype, dtypes, rng, xp
from ..engine.op import Op, execute
from ..engine.shape import TensorShape
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from . import math_ops as M
from ._helpers import tensor

_FLOATS = ("float16", "float32", "float64")
_INTS = ("int32", "int64")


# ---------------------------------------------------------------- argument checks
def set_seed(seed):
    """Set the global random seed (``tf.random.set_seed``); ``None`` makes runs unrepeatable."""
    if seed is not None and not _is_int(seed):
        raise InvalidArgumentError(
            f"random.set_seed: expected an integer seed or None, received {seed!r}.")
    rng.set_seed(seed)


def _is_int(x):
    return isinstance(x, (int, xp.integer)) and not isinstance(x, (bool, xp.bool_))


def _is_number(x):
    return isinstance(x, (int, float, xp.integer, xp.floating)) and not isinstance(x, (bool, xp.bool_))


def _shape(shape, op_name):
    """A 1-D shape argument (list, tuple, TensorShape, int tensor) as a tuple of ints >= 0."""
    fix = "Pass a list of non-negative ints, e.g. shape=[2, 3]."
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise InvalidArgumentError(f"{op_name}: shape={shape} is not fully defined. {fix}",
                                       op=op_name)
        dims = shape.as_list()
    elif isinstance(shape, (Tensor, xp.ndarray)):
        value = shape._concrete("int") if isinstance(shape, Tensor) else shape
        if value.ndim != 1 or value.dtype.kind not in "iu":
            raise InvalidArgumentError(
                f"{op_name}: shape must be a 1-D int32/int64 tensor, received shape={value.shape} "
                f"dtype={value.dtype}. {fix}", op=op_name)
        dims = value.tolist()
    elif isinstance(shape, (list, tuple)):
        dims = []
        for d in shape:
            if isinstance(d, Tensor) and d.ndim == 0 and d.dtype.is_integer:
                d = int(d)
            if not _is_int(d):
                raise InvalidArgumentError(
                    f"{op_name}: every dimension of shape must be an int, received shape={shape!r}. "
                    f"{fix}", op=op_name)
            dims.append(int(d))
    else:
        raise InvalidArgumentError(
            f"{op_name}: shape must be a vector (list, tuple or 1-D tensor), received {shape!r}. "
            f"{fix}", op=op_name)
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(
                f"{op_name}: dimension {d} in shape={list(dims)} must be >= 0. {fix}", op=op_name)
    return tuple(dims)


def _dtype(dtype, allowed, op_name):
    try:
        d = as_dtype(dtype)
    except TypeError:
        d = None
    if d is None or d.name not in allowed:
        raise InvalidArgumentError(
            f"{op_name}: dtype={getattr(d, 'name', dtype)} is not supported; expected one of "
            f"{', '.join(allowed)}.", op=op_name)
    return d


def _seed(seed, op_name):
    if seed is not None and not _is_int(seed):
        raise InvalidArgumentError(f"{op_name}: seed must be an int or None, received {seed!r}.",
                                   op=op_name)
    return None if seed is None else int(seed)


# ---------------------------------------------------------------- samplers (kernels)
# A sampler is ``sampler(gen, *arrays, **attrs) -> array``; ``_stateful`` and
# ``_stateless`` decide where ``gen`` comes from.
def _standard_normal(gen, shape, dtype):
    if dtype == "float16":
        return gen.standard_normal(shape, dtype=xp.float32).astype(xp.float16)
    return gen.standard_normal(shape, dtype=xp.dtype(dtype))


def _affine(z, loc, scale):
    """``loc + scale * z`` in place, in the output's precision."""
    if scale != 1.0:
        z *= z.dtype.type(scale)
    if loc != 0.0:
        z += z.dtype.type(loc)
    return z


def _normal(gen, *, shape, dtype, loc, scale):
    return _affine(_standard_normal(gen, shape, dtype), loc, scale)


def _truncated(gen, *, shape, dtype, loc, scale):
    # Rejection sampling: redraw every value beyond two standard deviations until none is left
    # (about 4.6% per round, so a few rounds suffice).
    z = _standard_normal(gen, shape, dtype)
    bad = xp.flatnonzero(xp.abs(z) > 2)
    flat = z.reshape(-1)
    while bad.size:
        flat[bad] = _standard_normal(gen, (bad.size,), dtype)
        bad = bad[xp.abs(flat[bad]) > 2]
    return _affine(z, loc, scale)


def _uniform(gen, *, shape, dtype, loc, scale):
    if dtype == "float16":
        z = gen.random(shape, dtype=xp.float32).astype(xp.float16)
    else:
        z = gen.random(shape, dtype=xp.dtype(dtype))
    return _affine(z, loc, scale)


def _uniform_int(gen, lo, hi, *, shape, dtype, endpoint=False):
    if not endpoint and lo >= hi:
        raise InvalidArgumentError(
            f"random.uniform: need minval < maxval for an integer dtype, received minval={lo} and "
            f"maxval={hi} (maxval is exclusive).", op="random_uniform_int")
    return gen.integers(lo, hi, size=shape, dtype=xp.dtype(dtype), endpoint=endpoint)


def _categorical(gen, logits, *, num_samples, dtype):
    # Inverse CDF per row: class k is drawn when cdf[k-1] <= u < cdf[k], u uniform in [0, 1).
    logits = logits.astype(xp.float64)
    with xp.errstate(all="ignore"):
        p = xp.exp(logits - logits.max(axis=1, keepdims=True))
        cdf = xp.cumsum(p, axis=1)
        cdf /= cdf[:, -1:]
    u = gen.random((logits.shape[0], num_samples))
    out = xp.empty(u.shape, dtype=xp.dtype(dtype))
    for row in range(u.shape[0]):
        out[row] = xp.searchsorted(cdf[row], u[row], side="right")
    return xp.minimum(out, logits.shape[1] - 1, out=out)


def _shuffle(gen, value):
    if value.ndim == 0:
        return value.copy()
    return value[gen.permutation(value.shape[0])]


def _gamma(gen, alpha, beta, *, shape, dtype):
    alpha, beta = xp.broadcast_arrays(alpha, beta)
    draw = gen.standard_gamma(alpha, size=shape + alpha.shape)
    with xp.errstate(all="ignore"):
        return (draw / beta).astype(xp.dtype(dtype))


def _poisson(gen, lam, *, shape, dtype):
    return gen.poisson(lam, size=shape + lam.shape).astype(xp.dtype(dtype))


def _stateful(sampler):
    def forward(*arrays, seed, **attrs):
        return sampler(rng.generator(seed), *arrays, **attrs)
    forward.__name__ = sampler.__name__.lstrip("_")
    return forward


def _stateless(sampler):
    def forward(seed, *arrays, **attrs):
        key = [int(s) & 0xFFFFFFFFFFFFFFFF for s in seed.reshape(-1).tolist()]
        return sampler(xp.random.default_rng(key), *arrays, **attrs)
    forward.__name__ = "stateless" + sampler.__name__
    return forward


RANDOM_NORMAL = Op("random_normal", _stateful(_normal), stateful=True)
TRUNCATED_NORMAL = Op("truncated_normal", _stateful(_truncated), stateful=True)
RANDOM_UNIFORM = Op("random_uniform", _stateful(_uniform), stateful=True)
RANDOM_UNIFORM_INT = Op("random_uniform_int", _stateful(_uniform_int), stateful=True)
MULTINOMIAL = Op("multinomial", _stateful(_categorical), stateful=True)
RANDOM_SHUFFLE = Op("random_shuffle", _stateful(_shuffle), stateful=True)
RANDOM_GAMMA = Op("random_gamma", _stateful(_gamma), stateful=True)
RANDOM_POISSON = Op("random_poisson", _stateful(_poisson), stateful=True)
STATELESS = {
    "normal": Op("stateless_random_normal", _stateless(_normal)),
    "truncated_normal": Op("stateless_truncated_normal", _stateless(_truncated)),
    "uniform": Op("stateless_random_uniform", _stateless(_uniform)),
    "uniform_int": Op("stateless_random_uniform_int", _stateless(_uniform_int)),
    "categorical": Op("stateless_multinomial", _stateless(_categorical)),
}


# ---------------------------------------------------------------- public API
def _located(op, inputs, attrs, dtype, loc, scale, op_name):
    """Run ``op`` with loc/scale as attrs, or compose ``loc + scale * z`` when they are tensors."""
    if _is_number(loc) and _is_number(scale):
        return execute(op, inputs, {**attrs, "loc": float(loc), "scale": float(scale)})
    z = execute(op, inputs, {**attrs, "loc": 0.0, "scale": 1.0})
    return M.add(M.multiply(z, _param(scale, dtype, op_name)), _param(loc, dtype, op_name))


def _param(x, dtype, op_name):
    try:
        return tensor(x, dtype=dtype)
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(f"{op_name}: {exc}", op=op_name) from None


def _stateless_seed(seed, op_name):
    s = seed if isinstance(seed, Tensor) else tensor(seed)
    if s.shape != (2,) or not s.dtype.is_integer:
        raise InvalidArgumentError(
            f"{op_name}: seed must be a pair of ints (shape [2]), received shape={s.shape} "
            f"dtype={s.dtype.name}. Pass e.g. seed=[1, 2].", op=op_name)
    return s


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples from the normal distribution ``N(mean, stddev^2)`` (``tf.random.normal``)."""
    op_name = "random.normal"
    attrs = {"shape": _shape(shape, op_name), "dtype": _dtype(dtype, _FLOATS, op_name).name,
             "seed": _seed(seed, op_name)}
    return _located(RANDOM_NORMAL, [], attrs, dtype, mean, stddev, op_name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples, redrawn while more than two standard deviations from the mean."""
    op_name = "random.truncated_normal"
    attrs = {"shape": _shape(shape, op_name), "dtype": _dtype(dtype, _FLOATS, op_name).name,
             "seed": _seed(seed, op_name)}
    return _located(TRUNCATED_NORMAL, [], attrs, dtype, mean, stddev, op_name)


def _uniform_call(ops, inputs, shape, minval, maxval, dtype, attrs, op_name):
    """Shared by ``uniform`` and ``stateless_uniform``: floats in [minval, maxval), ints likewise."""
    d = _dtype(dtype, _FLOATS + _INTS, op_name)
    attrs = {"shape": _shape(shape, op_name), "dtype": d.name, **attrs}
    if d.is_integer:
        if maxval is None:
            raise InvalidArgumentError(
                f"{op_name}: must specify maxval for integer dtype {d.name} (the range is "
                "[minval, maxval)).", op=op_name)
        lo, hi = _param(minval, d, op_name), _param(maxval, d, op_name)
        for what, t in (("minval", lo), ("maxval", hi)):
            if t.ndim:
                raise InvalidArgumentError(
                    f"{op_name}: {what} must be a scalar for an integer dtype, received shape="
                    f"{t.shape}.", op=op_name)
        return execute(ops[1], inputs + [lo, hi], attrs)
    maxval = 1 if maxval is None else maxval
    if _is_number(minval) and _is_number(maxval):
        lo, hi = d._np.type(minval), d._np.type(maxval)
        return execute(ops[0], inputs, {**attrs, "loc": float(lo), "scale": float(hi - lo)})
    lo, hi = _param(minval, d, op_name), _param(maxval, d, op_name)
    z = execute(ops[0], inputs, {**attrs, "loc": 0.0, "scale": 1.0})
    return M.add(M.multiply(z, M.subtract(hi, lo)), lo)


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in ``[minval, maxval)`` (``tf.random.uniform``); ints need ``maxval``."""
    op_name = "random.uniform"
    return _uniform_call((RANDOM_UNIFORM, RANDOM_UNIFORM_INT), [], shape, minval, maxval, dtype,
                         {"seed": _seed(seed, op_name)}, op_name)


def _logits(logits, num_samples, dtype, op_name):
    logits = tensor(logits)
    if logits.ndim != 2 or not logits.dtype.is_floating:
        raise InvalidArgumentError(
            f"{op_name}: logits must be a floating matrix [batch_size, num_classes], received "
            f"shape={logits.shape} dtype={logits.dtype.name}.", op=op_name)
    if logits.shape[1] == 0:
        raise InvalidArgumentError(f"{op_name}: logits has no classes (shape={logits.shape}).",
                                   op=op_name)
    if isinstance(num_samples, Tensor):
        num_samples = num_samples._concrete("int")
    if not _is_int(num_samples) and not (isinstance(num_samples, xp.ndarray) and num_samples.ndim == 0
                                         and num_samples.dtype.kind in "iu"):
        raise InvalidArgumentError(
            f"{op_name}: num_samples must be an int, received {num_samples!r}.", op=op_name)
    if int(num_samples) < 0:
        raise InvalidArgumentError(f"{op_name}: num_samples must be >= 0, received {num_samples}.",
                                   op=op_name)
    return logits, {"num_samples": int(num_samples),
                    "dtype": _dtype(dtype, _INTS, op_name).name}


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draw class indices from ``softmax(logits)`` per row: ``[batch, num_samples]`` int64."""
    op_name = "random.categorical"
    logits, attrs = _logits(logits, num_samples, dtype or dtypes.int64, op_name)
    return execute(MULTINOMIAL, [logits], {**attrs, "seed": _seed(seed, op_name)})


def shuffle(value, seed=None, name=None):
    """Randomly permute ``value`` along its first axis (not differentiable, as in TF)."""
    return execute(RANDOM_SHUFFLE, [tensor(value)], {"seed": _seed(seed, "random.shuffle")})


def gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma(alpha, rate=beta) samples of shape ``shape + broadcast(alpha, beta).shape``.

    Unlike TensorFlow, no gradient flows to ``alpha`` (TF differentiates the sampler).
    """
    op_name = "random.gamma"
    d = _dtype(dtype, _FLOATS, op_name)
    alpha = _param(alpha, d, op_name)
    beta = _param(1.0 if beta is None else beta, d, op_name)
    return execute(RANDOM_GAMMA, [alpha, beta],
                   {"shape": _shape(shape, op_name), "dtype": d.name, "seed": _seed(seed, op_name)})


def poisson(shape, lam, dtype=dtypes.float32, seed=None, name=None):
    """Poisson(lam) samples of shape ``shape + lam.shape``."""
    op_name = "random.poisson"
    d = _dtype(dtype, _FLOATS + _INTS, op_name)
    lam = tensor(lam)
    if not lam.dtype.is_floating:
        lam = M.cast(lam, dtypes.float32)
    return execute(RANDOM_POISSON, [lam],
                   {"shape": _shape(shape, op_name), "dtype": d.name, "seed": _seed(seed, op_name)})


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                     alg="auto_select"):
    """``normal`` whose result depends only on the ``seed`` pair."""
    op_name = "random.stateless_normal"
    s = _stateless_seed(seed, op_name)
    attrs = {"shape": _shape(shape, op_name), "dtype": _dtype(dtype, _FLOATS, op_name).name}
    return _located(STATELESS["normal"], [s], attrs, dtype, mean, stddev, op_name)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                               alg="auto_select"):
    op_name = "random.stateless_truncated_normal"
    s = _stateless_seed(seed, op_name)
    attrs = {"shape": _shape(shape, op_name), "dtype": _dtype(dtype, _FLOATS, op_name).name}
    return _located(STATELESS["truncated_normal"], [s], attrs, dtype, mean, stddev, op_name)


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select"):
    """``uniform`` whose result depends only on ``seed``; ints with no bounds cover the full range."""
    op_name = "random.stateless_uniform"
    s = _stateless_seed(seed, op_name)
    d = _dtype(dtype, _FLOATS + _INTS, op_name)
    ops = (STATELESS["uniform"], STATELESS["uniform_int"])
    if d.is_integer and maxval is None and minval is None:
        lo, hi = Tensor(xp.array(d.min, d._np)), Tensor(xp.array(d.max, d._np))
        return execute(ops[1], [s, lo, hi],
                       {"shape": _shape(shape, op_name), "dtype": d.name, "endpoint": True})
    if d.is_integer and (maxval is None or minval is None):
        raise InvalidArgumentError(
            f"{op_name}: for integer dtype {d.name}, minval and maxval must be both None or both "
            f"set, received minval={minval!r} and maxval={maxval!r}.", op=op_name)
    return _uniform_call(ops, [s], shape, 0 if minval is None else minval, maxval, d, {}, op_name)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    op_name = "random.stateless_categorical"
    logits, attrs = _logits(logits, num_samples, dtype, op_name)
    return execute(STATELESS["categorical"], [_stateless_seed(seed, op_name), logits], attrs)


__all__ = [
    "set_seed", "normal", "truncated_normal", "uniform", "categorical", "shuffle", "gamma",
    "poisson", "stateless_normal", "stateless_truncated_normal", "stateless_uniform",
    "stateless_categorical",
]

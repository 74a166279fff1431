"""Random initializers: normal, truncated normal and uniform draws, variance scaling, orthogonal.

Seeds follow Keras 3.  A random initializer owns one integer seed and every
call draws from a fresh stream made from it, so *the same initializer object
returns the same values on every call* (for one shape and dtype).  With
``seed=None`` that integer is drawn from the global stream when the initializer
is created, so ``keras.utils.set_random_seed`` / ``tf.random.set_seed`` before
building a model makes its initial weights repeatable, while two layers given
``"glorot_uniform"`` still start differently (each ``get`` makes a new object).
The numbers come from NumPy's PCG64, not TensorFlow's Philox: they differ from
Keras's, their distributions do not.

Variance scaling (Glorot & Bengio 2010, He et al. 2015, LeCun 1998) picks the
spread from the weight's fans so that activations keep their variance:
``scale / n`` with ``n`` the fan-in, the fan-out or their mean.  For a
convolution kernel ``(..., in, out)`` both fans include the receptive field
(the product of the leading dimensions).  The uniform variant draws from
``[-limit, limit]`` with ``limit = sqrt(3 * scale / n)``; the truncated normal
one redraws values beyond two standard deviations, which shrinks the standard
deviation by the factor 0.8796..., so the stddev asked for is divided by it.
"""

import math

from ...backend import rng, xp
from .initializer import Initializer, constant, standardize_dtype, standardize_shape

_TRUNCATED_STDDEV = 0.87962566103423978  # std of N(0, 1) truncated to [-2, 2]


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool) or type(x).__name__.startswith(("int", "uint"))


class RandomInitializer(Initializer):
    """Base of the random initializers: owns the seed (an int, or None for a fresh one)."""

    def __init__(self, seed=None):
        self._init_seed = seed
        if seed is None:
            # Keras draws this default with random.randint(1, 1e9) from the global Python stream.
            seed = int(rng.generator(None).integers(1, 10**9, endpoint=True))
        elif not _is_int(seed):
            raise ValueError(
                "`seed` argument should be an integer (or None for a seed drawn from the global "
                f"random stream). Received: seed={seed!r}")
        self.seed = int(seed)

    def _stream(self):
        """A fresh generator for this initializer's seed: every call repeats the same draws."""
        return xp.random.default_rng([self.seed & 0xFFFFFFFFFFFFFFFF, 0])

    def get_config(self):
        return {"seed": self._init_seed}


def _work_dtype(d):
    # float16 is drawn in float32 and rounded once; float32 draws never touch float64.
    return xp.float64 if d.name == "float64" else xp.float32


def _normal(gen, shape, d, mean, stddev, truncated=False):
    z = gen.standard_normal(shape, dtype=_work_dtype(d))
    if truncated:
        # Rejection: redraw every value beyond two standard deviations (4.6% per round).
        flat = z.reshape(-1)
        bad = xp.flatnonzero(xp.abs(flat) > 2)
        while bad.size:
            flat[bad] = gen.standard_normal(bad.size, dtype=flat.dtype)
            bad = bad[xp.abs(flat[bad]) > 2]
    if stddev != 1:
        z *= z.dtype.type(stddev)
    if mean != 0:
        z += z.dtype.type(mean)
    return z.astype(d._np, copy=False)


def _uniform(gen, shape, d, minval, maxval):
    u = gen.random(shape, dtype=_work_dtype(d))
    u *= u.dtype.type(maxval - minval)
    u += u.dtype.type(minval)
    return u.astype(d._np, copy=False)


class RandomNormal(RandomInitializer):
    """Normal draws ``N(mean, stddev^2)`` (``keras.initializers.RandomNormal``, ``"random_normal"``)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        d = standardize_dtype(dtype, "RandomNormal", floating=True)
        shape = standardize_shape(shape, "RandomNormal")
        return constant(_normal(self._stream(), shape, d, self.mean, self.stddev))

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Normal draws, redrawn beyond two ``stddev`` from ``mean`` (``"truncated_normal"``)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        d = standardize_dtype(dtype, "TruncatedNormal", floating=True)
        shape = standardize_shape(shape, "TruncatedNormal")
        return constant(_normal(self._stream(), shape, d, self.mean, self.stddev, truncated=True))

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Uniform draws in ``[minval, maxval)`` (``keras.initializers.RandomUniform``, ``"random_uniform"``)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        d = standardize_dtype(dtype, "RandomUniform", floating=True)
        shape = standardize_shape(shape, "RandomUniform")
        return constant(_uniform(self._stream(), shape, d, self.minval, self.maxval))

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


def compute_fans(shape, input_axes=None, output_axes=None):
    """``(fan_in, fan_out)`` of a weight shape, as Keras computes them.

    Scalars count 1; vectors use their length for both; matrices are
    ``(in, out)``; higher ranks are convolution kernels ``(*receptive, in, out)``
    whose fans are multiplied by the receptive-field size.  ``input_axes`` and
    ``output_axes`` (both given) name the axes to multiply instead.
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive = math.prod(shape[:-2])
    return int(shape[-2] * receptive), int(shape[-1] * receptive)


class VarianceScaling(RandomInitializer):
    """Draws whose variance is ``scale / n``, ``n`` chosen by ``mode`` from the weight's fans.

    Args:
        scale: positive scaling factor.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"`` (``"normal"`` is its old name),
            ``"untruncated_normal"`` or ``"uniform"``.
        seed: an int, or None for one drawn from the global stream.
        input_axes, output_axes: axes whose sizes make the fans (default: by rank).
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        if not scale > 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        modes = ("fan_in", "fan_out", "fan_avg")
        if mode not in modes:
            raise ValueError(f"Invalid `mode` argument: {mode!r}. Please use one of {modes}.")
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        distributions = ("uniform", "truncated_normal", "untruncated_normal")
        if distribution not in distributions:
            raise ValueError(
                f"Invalid `distribution` argument: {distribution!r}. Please use one of {distributions}.")
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        who = type(self).__name__
        d = standardize_dtype(dtype, who, floating=True)
        shape = standardize_shape(shape, who)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        gen = self._stream()
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return constant(_uniform(gen, shape, d, -limit, limit))
        if self.distribution == "untruncated_normal":
            return constant(_normal(gen, shape, d, 0.0, math.sqrt(variance)))
        stddev = math.sqrt(variance) / _TRUNCATED_STDDEV
        return constant(_normal(gen, shape, d, 0.0, stddev, truncated=True))

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class _FixedVarianceScaling(VarianceScaling):
    """A named variance-scaling recipe: only the seed and the fan axes are arguments."""

    _recipe = (1.0, "fan_in", "truncated_normal")

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self._recipe
        super().__init__(scale=scale, mode=mode, distribution=distribution, seed=seed,
                         input_axes=input_axes, output_axes=output_axes)

    def get_config(self):
        return {"seed": self._init_seed, "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotUniform(_FixedVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))`` (Xavier uniform)."""

    _recipe = (1.0, "fan_avg", "uniform")


class GlorotNormal(_FixedVarianceScaling):
    """Truncated normal with ``stddev = sqrt(2 / (fan_in + fan_out))`` (Xavier normal)."""

    _recipe = (1.0, "fan_avg", "truncated_normal")


class LecunNormal(_FixedVarianceScaling):
    """Truncated normal with ``stddev = sqrt(1 / fan_in)``: the partner of selu."""

    _recipe = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_FixedVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(3 / fan_in)``."""

    _recipe = (1.0, "fan_in", "uniform")


class HeNormal(_FixedVarianceScaling):
    """Truncated normal with ``stddev = sqrt(2 / fan_in)``: the partner of relu."""

    _recipe = (2.0, "fan_in", "truncated_normal")


class HeUniform(_FixedVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(6 / fan_in)``."""

    _recipe = (2.0, "fan_in", "uniform")


class Orthogonal(RandomInitializer):
    """A (semi-)orthogonal matrix times ``gain`` (Saxe et al., 2014).

    The shape is flattened to ``(prod(shape[:-1]), shape[-1])``; a normal matrix
    of that shape (tall side first) is QR-factored and ``Q``'s columns are
    multiplied by the signs of ``R``'s diagonal, which makes ``Q`` uniformly
    distributed over orthogonal matrices.  So rows or columns, whichever are
    fewer, are orthonormal.
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}.")
        d = standardize_dtype(dtype, "Orthogonal", floating=True)
        rows, cols = math.prod(shape[:-1]), shape[-1]
        work = _work_dtype(d)
        a = self._stream().standard_normal((max(rows, cols), min(rows, cols)), dtype=work)
        q, r = xp.linalg.qr(a)
        q *= xp.sign(xp.diagonal(r))
        if rows < cols:
            q = q.T
        q = q.reshape(shape) * work(self.gain)
        return constant(xp.ascontiguousarray(q, dtype=d._np))

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}

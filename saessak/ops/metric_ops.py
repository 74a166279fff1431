"""Fused kernels for the metric work a Keras training step does every batch.

A compiled step of a small classifier spends a good part of its time outside
the network: comparing predicted classes with the labels and adding the
results to running totals.  Written with separate ops that is a chain of tiny
kernels (argmax, cast, equal, cast, reduce_sum, two variable updates), each
paying NumPy's per-call cost on arrays of a few dozen elements.  The kernels
here compute the same values, with the same dtypes and in the same order, in
fewer calls.  They are not differentiable (nor is anything they replace).
"""

from ..backend import as_dtype, xp
from ..engine.op import Op, execute
from .reduce_ops import _sum_kernel
from .training_ops import _DONE  # the output of an update op: nothing reads it


def _argmax_matches_kernel(labels, scores, dtype):
    # cast(equal(labels, cast(argmax(scores, -1), labels.dtype)), dtype), in three calls.
    predicted = scores.argmax(axis=-1).astype(labels.dtype, copy=False)
    return (labels == predicted).astype(dtype, copy=False)


def _update_mean_kernel(total, count, values, num_samples):
    xp.add(total, _sum_kernel(values), out=total)  # total += reduce_sum(values)
    xp.add(count, num_samples, out=count)          # count += num_samples
    return _DONE


ARGMAX_MATCHES = Op("argmax_matches", _argmax_matches_kernel)
UPDATE_MEAN = Op("update_mean", _update_mean_kernel, writes=(0, 1))


def argmax_matches(labels, scores, dtype):
    """1 where ``labels`` equals the predicted class ``argmax(scores, -1)`` (cast to the labels'
    dtype, as Keras compares them), else 0, in ``dtype``."""
    return execute(ARGMAX_MATCHES, [labels, scores], {"dtype": as_dtype(dtype).as_numpy_dtype})


def update_mean(total, count, values, num_samples):
    """``total += reduce_sum(values)`` and ``count += num_samples``, in place (a Mean metric)."""
    execute(UPDATE_MEAN, [total, count, values, num_samples])

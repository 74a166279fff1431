"""Discretization: bucket continuous values by bin boundaries (given or learned by ``adapt``).

A value ``x`` goes to bucket ``i`` with ``b[i-1] <= x < b[i]`` (TF's ``Bucketize``,
the boundaries held in float32).  ``adapt`` finds ``num_bins - 1`` boundaries at
the quantiles of the data with Keras's approximate summaries: each batch is
sorted and sampled every ``epsilon * n`` values (a weighted summary), summaries
are merged and compressed by interpolating the cumulative weights, and the
final boundaries are the summary compressed to ``num_bins`` equal-weight bins.
"""

from ....backend import xp
from ....engine.op import Op, execute
from ....engine.tensor import Tensor
from ... import config
from ..keras_tensor import KerasTensor
from ..layer import Layer
from . import _encoding
from ._adapt import batches, is_stream
from ._image_base import check_choice


def _bucketize_kernel(x, boundaries):
    b = xp.asarray(boundaries, dtype=xp.float32)
    # TF compares in float for integer inputs, and in the input's precision for doubles.
    values = x.astype(xp.float32) if x.dtype.kind in "iub" else x
    return xp.searchsorted(b.astype(values.dtype), values, side="right").astype(xp.int32)


BUCKETIZE = Op("keras_bucketize", _bucketize_kernel)


class Discretization(Layer):
    """Map each value to the index of its bin.

    Args:
        bin_boundaries: sorted boundaries ``[b0, b1, ...]``: bins ``(-inf, b0), [b0, b1), ...``.
        num_bins: instead of boundaries, learn ``num_bins`` equal-mass bins with ``adapt``.
        epsilon: the error tolerance of the quantile summaries (smaller: more precise).
        output_mode: 'int' (default, int32 bin indices), 'one_hot', 'multi_hot' or 'count'.
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False,
                 dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise NotImplementedError("Discretization: sparse=True is not supported by saessak.")
        check_choice(output_mode, ("int", "one_hot", "multi_hot", "count"), "output_mode", "Discretization")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary = None if bin_boundaries else xp.array([[], []], dtype="float32")

    @property
    def output_dtype(self):
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None):
        """Learn ``num_bins`` quantile boundaries from ``data`` (array, tensor, Dataset, iterable)."""
        if self.num_bins is None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized with "
                             "`bin_boundaries`, use `num_bins` instead.")
        self.reset_state()
        for batch in (batches(data, steps=steps) if is_stream(data) else [data]):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        values = data._value if isinstance(data, Tensor) else xp.asarray(data)
        summary = _summarize(values.astype("float32"), self.epsilon)
        self.summary = _merge_summaries(summary, self.summary, self.epsilon)

    def finalize_state(self):
        if self.num_bins is None:
            return
        self.bin_boundaries = _compress_summary(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self):
        if self.num_bins is None:
            return
        self.summary = xp.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError("You need to either pass the `bin_boundaries` argument at construction time or "
                             "call `adapt(dataset)` before you can start using the `Discretization` layer.")
        indices = execute(BUCKETIZE, [inputs], {"boundaries": tuple(float(b) for b in self.bin_boundaries)})
        return _encoding.encode(indices, self.output_mode, len(self.bin_boundaries) + 1, self.output_dtype)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        if self.output_mode == "one_hot":
            if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        if len(input_shape) >= 2:
            return (input_shape[0],) + input_shape[2:] + (depth,)
        return (depth,)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self.output_dtype)

    def get_config(self):
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config_, custom_objects=None):
        config_ = dict(config_)
        if isinstance(config_.get("dtype"), dict):
            config_["dtype"] = config_["dtype"].get("config", {}).get("name", config.floatx())
        if config_.get("bin_boundaries") is not None and config_.get("num_bins") is not None:
            # After adapt() both are set, which __init__ refuses: restore the boundaries afterwards.
            boundaries = config_.pop("bin_boundaries")
            layer = cls(**config_)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config_)


# ---------------------------------------------------------------------- quantile summaries
def _summarize(values, epsilon):
    """A summary ``[[values], [weights]]`` of one batch: every ``step``-th sorted value."""
    values = xp.sort(values.reshape(-1))
    step = max(values.size / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1)::int(step)]
    return xp.stack([boundaries, xp.ones_like(boundaries) * step])


def _merge_summaries(prev, nxt, epsilon):
    merged = xp.concatenate((prev, nxt), axis=1)
    merged = xp.take(merged, xp.argsort(merged[0]), axis=1)
    return _compress_summary(merged, epsilon)


def _compress_summary(summary, epsilon):
    """Re-sample a summary at ``1/epsilon`` evenly spaced cumulative-weight points."""
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + xp.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_percents = cum_weights / cum_weights[-1]
    new_bins = xp.interp(percents, cum_percents, summary[0])
    cum_weights = xp.interp(percents, cum_percents, cum_weights)
    new_weights = cum_weights - xp.concatenate((xp.array([0]), cum_weights[:-1]))
    return xp.stack((new_bins, new_weights)).astype("float32")

"""Loss: the base class of Keras losses, and how per-sample values become one number.

A loss *function* maps ``(y_true, y_pred)`` to one value per sample (it averages
or sums the last axis away).  A :class:`Loss` object calls such a function and
then weights and reduces the values, exactly as Keras 3 does::

    weighted = values * sample_weight              (ranks matched first, see below)
    "sum"                      -> sum(weighted)
    "sum_over_batch_size"/"mean" -> sum(weighted) / number of values
    "mean_with_sample_weight"  -> sum(weighted) / sum(sample_weight)
    "none" / None              -> weighted, not reduced

Every division is "no nan": a zero divisor gives 0, so an empty or fully masked
batch contributes nothing.  A scalar value is returned as it is.

Ranks are matched by :func:`squeeze_or_expand_to_same_rank`: when two tensors'
ranks differ by one and the longer one ends in a dimension of 1, that dimension
is squeezed (or, for a rank-1 partner, the partner is expanded).  This is why a
``(batch,)`` label vector works with a ``(batch, 1)`` prediction.

Keras also lets tensors carry two hidden attributes: a *mask* (entries that do
not count, e.g. ``ignore_class`` of the sparse cross-entropy) and the *logits*
a softmax/sigmoid output came from (the cross-entropies then use the stable
logits formula).  saessak Tensors have no spare attributes, so both live in
side tables keyed by the tensor's identity: :func:`set_keras_mask` /
:func:`get_keras_mask` and :func:`set_keras_logits` / :func:`get_keras_logits`.
An entry disappears with its tensor.
"""


from ... import backend as _backend
from ...engine import nest
from ...engine.tensor import Tensor
from ...errors import InvalidArgumentError
from ...ops import array_ops as A
from ...ops import math_ops as M
from ...ops import reduce_ops as R
from .. import config, naming

REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")


# ---------------------------------------------------------------- tensor helpers
def convert(x, dtype=None):
    """``x`` as a Tensor, cast to ``dtype`` when given (Keras's ``convert_to_tensor(x, dtype)``)."""
    if not isinstance(x, Tensor):
        x = A.convert_to_tensor(x)
    if dtype is not None and x.dtype != _backend.as_dtype(dtype):
        x = M.cast(x, dtype)
    return x


def dtype_name(dtype):
    """A dtype argument (None, a name, a DType or a Keras policy name) as a dtype name."""
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, dict):  # a serialized DTypePolicy
        dtype = dtype.get("config", {}).get("name", config.floatx())
    name = getattr(dtype, "name", dtype)
    if isinstance(name, str) and name.startswith("mixed_"):
        return name[len("mixed_"):]  # "mixed_float16" computes in float16
    return _backend.as_dtype(name).name


def divide_no_nan(x, y):
    """``x / y``, and 0 where ``y == 0`` (``tf.math.divide_no_nan``)."""
    return M.divide_no_nan(x, y)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Make the ranks of ``x1`` and ``x2`` equal when they differ by one trailing 1."""
    r1, r2 = x1._value.ndim, x2._value.ndim
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1._value.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = A.expand_dims(x2, -1)
        else:
            x1 = A.squeeze(x1, -1)
    if r2 == r1 + 1 and x2._value.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = A.expand_dims(x1, -1)
        else:
            x2 = A.squeeze(x2, -1)
    return x1, x2


# ---------------------------------------------------------------- side tables (mask, logits)
from ..tensor_tags import get_keras_logits, get_keras_mask, set_keras_logits, set_keras_mask  # noqa: E402,F401


# ---------------------------------------------------------------- reduction
def standardize_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {set(REDUCTIONS)}. "
            f"Received: reduction={reduction!r}")
    return reduction


def _num_elements(x):
    n = 1
    for d in x._value.shape:
        n *= d
    return n


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    shape = tuple(values._value.shape)
    if reduction is None or reduction == "none" or shape in ((), (0,)):
        return values
    loss = R.reduce_sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            loss = divide_no_nan(loss, M.cast(R.reduce_sum(sample_weight), loss.dtype))
        else:
            n = _num_elements(values)  # static; an empty batch keeps its zero sum
            if n:
                loss = M.divide(loss, float(n))
    return loss


def apply_mask(sample_weight, mask, dtype, reduction):
    """Fold a mask into the sample weights (masked entries get weight 0).

    For the mean reductions the kept entries are scaled by ``total / valid`` so
    that dividing by the number of values averages over the valid ones only.
    """
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = A.constant(float(_num_elements(mask)), dtype=dtype)
        valid = R.reduce_sum(M.cast(mask, dtype))
        mask_weight = divide_no_nan(total, valid)
        float_mask = M.where(M.cast(mask, "bool"), mask_weight, 0.0)
    else:
        float_mask = M.cast(mask, dtype)
    if sample_weight is not None:
        sample_weight = convert(sample_weight, dtype)
        float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
        sample_weight = M.multiply(sample_weight, float_mask)
    else:
        sample_weight = float_mask
    return sample_weight


def reduce_weighted_values(values, sample_weight=None, mask=None,
                           reduction="sum_over_batch_size", dtype=None):
    """Weight ``values`` by ``sample_weight`` (and ``mask``), then reduce them."""
    reduction = standardize_reduction(reduction)
    values = convert(values, dtype)
    if sample_weight is not None:
        sample_weight = convert(sample_weight, dtype)
    if mask is not None:
        mask = convert(mask)
    sample_weight = apply_mask(sample_weight, mask, dtype=values.dtype, reduction=reduction)
    if sample_weight is not None:
        sample_weight = convert(sample_weight, values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        try:
            values = M.multiply(values, sample_weight)
        except InvalidArgumentError:
            raise InvalidArgumentError(
                f"Loss: sample_weight of shape {tuple(sample_weight.shape)} does not broadcast to "
                f"the per-sample losses of shape {tuple(values.shape)}. Pass one weight per sample "
                f"(shape {tuple(values.shape)[:1]}) or per loss value (shape "
                f"{tuple(values.shape)}).") from None
    return reduce_values(values, sample_weight, reduction)


# ---------------------------------------------------------------- Loss
class Loss:
    """Base class of losses (``keras.losses.Loss``).

    Subclasses implement ``call(y_true, y_pred)`` returning per-sample values;
    ``__call__`` converts the inputs to the loss dtype, calls it, and reduces
    with the sample weights.

    Args:
        name: the loss's name (default: the snake-case class name, made unique).
        reduction: "sum_over_batch_size" (default), "sum", "mean",
            "mean_with_sample_weight", "none" or None.
        dtype: the dtype of the computation (default: ``keras.config.floatx()``).
    """

    _keras_module = "keras.losses"

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or naming.auto_name(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = dtype_name(dtype)

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        in_mask = get_keras_mask(y_pred) if isinstance(y_pred, Tensor) else None
        y_pred = self._convert_structure(y_pred)
        y_true = self._convert_structure(y_true)
        losses = self.call(y_true, y_pred)
        out_mask = get_keras_mask(losses)
        if in_mask is not None and out_mask is not None:
            mask = M.logical_and(in_mask, out_mask)
        else:
            mask = in_mask if in_mask is not None else out_mask
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=mask,
                                      reduction=self.reduction, dtype=self.dtype)

    def _convert_structure(self, x):
        # A dict, or a list/tuple of tensors or arrays, is a structure (multi-input losses);
        # a plain nested list of numbers is one tensor.
        if isinstance(x, dict) or (isinstance(x, (list, tuple)) and any(
                isinstance(t, Tensor) or _backend.is_array(t) for t in nest.flatten(x))):
            return nest.map_structure(self._convert, x)
        return self._convert(x)

    def _convert(self, x):
        # A cast makes a new tensor, which (as in Keras) is no longer linked to any logits.
        return convert(x, self.dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError(
            f"{type(self).__name__} must implement call(y_true, y_pred) returning per-sample losses.")

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config_):
        return cls(**config_)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class LossFunctionWrapper(Loss):
    """A Loss around a loss function ``fn(y_true, y_pred, **kwargs)``.

    Before calling ``fn`` the ranks of ``y_true`` and ``y_pred`` are matched
    (``squeeze_or_expand_to_same_rank``), so ``(batch,)`` labels meet
    ``(batch, 1)`` predictions.
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if isinstance(y_true, Tensor) and isinstance(y_pred, Tensor):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        from .serialization import serialize_keras_object  # noqa: PLC0415

        config_ = super().get_config()
        config_["fn"] = serialize_keras_object(self.fn)
        config_.update(serialize_keras_object(self._fn_kwargs))
        return config_

    @classmethod
    def from_config(cls, config_):
        config_ = dict(config_)
        if "fn" in config_ and not callable(config_["fn"]):
            from . import deserialize  # noqa: PLC0415

            config_["fn"] = deserialize(config_["fn"])
        return cls(**config_)

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


__all__ = [
    "Loss", "LossFunctionWrapper", "reduce_values", "reduce_weighted_values", "apply_mask", "standardize_reduction",
    "squeeze_or_expand_to_same_rank", "divide_no_nan", "set_keras_mask", "get_keras_mask",
    "set_keras_logits", "get_keras_logits",
]

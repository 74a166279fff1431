"""Hashing: map strings or integers to ``num_bins`` buckets by a fixed hash.

As in Keras, a value's bucket is ``Fingerprint64(text) mod num_bins`` (FarmHash,
TF's ``to_hash_bucket_fast``), or ``SipHash-2-4(salt, text) mod num_bins`` when a
``salt`` is given (``to_hash_bucket_strong``), where ``text`` is the string
itself, or the decimal text of an integer (floats are truncated to int64
first).  With a ``mask_value``, that value goes to bucket 0 and the others to
``1 + hash mod (num_bins - 1)``.

Numbers are hashed by an op, so the layer works in models and compiled
functions on numeric features; strings are hashed on the host (saessak tensors
hold numbers only) and cannot be inside a compiled function.
"""

from ....backend import xp
from ....engine.tensor import Tensor
from ....ops import array_ops, math_ops
from ... import config
from ..keras_tensor import KerasTensor
from ..layer import Layer
from . import _encoding, _hashing
from ._image_base import check_choice
from ._strings import to_strings


class Hashing(Layer):
    """Hash categorical features into ``num_bins`` buckets.

    Args:
        num_bins: the number of buckets (including the mask bucket, if any).
        mask_value: a value sent to bucket 0 (None: no mask).
        salt: an int or a pair of ints: use keyed SipHash instead of FarmHash.
        output_mode: 'int' (default: bucket indices, int64 unless ``dtype`` says int32),
            'one_hot', 'multi_hot' or 'count' (float vectors of length ``num_bins``).
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else config.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError("The `num_bins` for `Hashing` cannot be `None` or non-positive values. Received: "
                             f"num_bins={num_bins}.")
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError("When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or "
                             f"'int64'. Received: dtype={kwargs['dtype']}")
        check_choice(output_mode, ("int", "one_hot", "multi_hot", "count"), "output_mode", "Hashing")
        if sparse:
            raise NotImplementedError("Hashing: sparse=True is not supported by saessak.")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError("The `salt` argument for `Hashing` can only be a tuple of size 2 integers, or "
                                 f"a single integer. Received: salt={salt}.")

    def _convert_inputs(self, inputs):
        if isinstance(inputs, Tensor):
            return inputs
        a = inputs if isinstance(inputs, xp.ndarray) else None
        if a is None:
            try:
                a = xp.asarray(inputs)
            except ValueError:
                a = xp.asarray(inputs, dtype=object)
        if a.dtype.kind in "iuf":
            return array_ops.constant(a)
        return to_strings(inputs, where=self.name)

    def call(self, inputs):
        if self.output_mode == "one_hot" and inputs.ndim and inputs.shape[-1] == 1:
            inputs = inputs.reshape(inputs.shape[:-1]) if isinstance(inputs, xp.ndarray) else \
                array_ops.squeeze(inputs, axis=-1)
        bins = self.num_bins
        masked = self.mask_value is not None and bins > 1
        if masked:
            bins -= 1
        salt = tuple(self.salt) if self.salt is not None else None
        if isinstance(inputs, xp.ndarray):  # strings, on the host
            values = _hashing.hash_strings(inputs.reshape(-1).tolist(), bins, salt).reshape(inputs.shape)
            if masked:
                values = xp.where(inputs == self.mask_value, 0, values + 1)
            indices = array_ops.constant(values)
        else:
            indices = _hashing.hash_numbers(inputs, bins, salt)
            if masked:
                mask = math_ops.equal(inputs, math_ops.cast(self.mask_value, inputs.dtype))
                indices = math_ops.where(mask, array_ops.zeros_like(indices), math_ops.add(indices, 1))
        return _encoding.encode(indices, self.output_mode, self.num_bins, self.dtype)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype=self.dtype)

    def get_build_config(self):
        return {"input_shape": None}  # Keras records no shape (its inputs are not converted)

    def get_config(self):
        config_ = super().get_config()
        config_.update({"num_bins": self.num_bins, "salt": self.salt, "mask_value": self.mask_value,
                        "output_mode": self.output_mode, "sparse": self.sparse})
        return config_

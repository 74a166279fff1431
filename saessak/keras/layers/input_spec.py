"""InputSpec: what a layer accepts (rank, sizes of some axes), checked with a clear message."""


class InputSpec:
    """Constraints on a layer's input: ``ndim``, ``min_ndim``, ``max_ndim``, ``axes`` {axis: size}."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self.name = name
        self.optional = optional

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in (("dtype", self.dtype), ("shape", self.shape),
                                           ("ndim", self.ndim), ("max_ndim", self.max_ndim),
                                           ("min_ndim", self.min_ndim), ("axes", self.axes or None))
                 if v is not None]
        return f"InputSpec({', '.join(parts)})"


def assert_input_compatibility(spec, shape, layer_name, index=0):
    """Raise ValueError (Keras's wording) if ``shape`` does not satisfy ``spec``."""
    if spec is None or shape is None:
        return
    head = f'Input {index} of layer "{layer_name}" is incompatible with the layer: '
    rank = len(shape)
    if spec.ndim is not None and rank != spec.ndim:
        raise ValueError(f"{head}expected ndim={spec.ndim}, found ndim={rank}. Full shape received: {shape}")
    if spec.min_ndim is not None and rank < spec.min_ndim:
        raise ValueError(
            f"{head}expected min_ndim={spec.min_ndim}, found ndim={rank}. Full shape received: {shape}")
    if spec.max_ndim is not None and rank > spec.max_ndim:
        raise ValueError(
            f"{head}expected max_ndim={spec.max_ndim}, found ndim={rank}. Full shape received: {shape}")
    for axis, size in spec.axes.items():
        if size is None:
            continue
        if -rank <= axis < rank and shape[axis] is not None and shape[axis] != size:
            raise ValueError(
                f"{head}expected axis {axis} of input shape to have value {size}, but received input "
                f"with shape {shape}")
    if spec.shape is not None:
        for want, got in zip(spec.shape, shape):
            if want is not None and got is not None and want != got:
                raise ValueError(f"{head}expected shape={spec.shape}, found shape={shape}")

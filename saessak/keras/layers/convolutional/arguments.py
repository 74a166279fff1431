"""Argument checks and output-shape arithmetic shared by the convolution, pooling and shape layers.

The rules (and the error messages) are Keras 3's, so a layer built from a
Keras config accepts and refuses the same arguments:

* ``standardize_tuple``: an int or ``n`` ints -> a tuple of ``n`` positive ints;
* ``standardize_padding``: ``'valid'``/``'same'`` (``'causal'`` for 1-D), lowercased;
* ``standardize_data_format``: ``'channels_last'``/``'channels_first'``, default from
  ``keras.config.image_data_format()``.

Output sizes of a window of size ``k`` and dilation ``d`` (effective width
``(k - 1) * d + 1``) sliding with stride ``s`` over ``n`` positions:
``'valid'``: ``floor((n - (k - 1) * d - 1) / s) + 1``; ``'same'``: ``floor((n - 1) / s) + 1``.
"""

from ... import config


def standardize_tuple(value, n, name, allow_zero=False):
    """``value`` (an int or an iterable of ``n`` ints) as a tuple of ``n`` ints, Keras's checks."""
    error_msg = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int):
        value_tuple = (value,) * n
    else:
        try:
            value_tuple = tuple(value)
        except TypeError:
            raise ValueError(error_msg) from None
        if len(value_tuple) != n:
            raise ValueError(error_msg)
        for single in value_tuple:
            try:
                int(single)
            except (ValueError, TypeError):
                raise ValueError(
                    f"{error_msg}including element {single} of type {type(single)}") from None
    bad = {v for v in value_tuple if (v < 0 if allow_zero else v <= 0)}
    if bad:
        req = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{error_msg}, including values {bad} that do not satisfy `value {req}`")
    return value_tuple


def standardize_padding(value, allow_causal=False):
    if isinstance(value, (list, tuple)):
        return value
    padding = value.lower()
    allowed = {"valid", "same", "causal"} if allow_causal else {"valid", "same"}
    if padding not in allowed:
        # Keras prints a Python set here, whose order is not fixed; sort it for a stable message.
        shown = "{" + ", ".join(repr(v) for v in sorted(allowed, key=["valid", "same", "causal"].index)) + "}"
        raise ValueError(f"The `padding` argument must be a list/tuple or one of {shown}. "
                         f"Received: {padding}")
    return padding


def standardize_data_format(data_format):
    if data_format is None:
        return config.image_data_format()
    data_format = str(data_format).lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}")
    return data_format


def _np_text(values):
    """How NumPy prints a small int vector (``[1 1]``): Keras's messages contain such arrays."""
    return "[" + " ".join(str(v) for v in values) + "]"


def conv_output_shape(input_shape, filters, kernel_size, strides, padding, data_format,
                      dilation_rate):
    """The output shape of a convolution (Keras's ``compute_conv_output_shape``)."""
    input_shape = tuple(input_shape)
    last = data_format == "channels_last"
    spatial = input_shape[1:-1] if last else input_shape[2:]
    kernel_shape = tuple(kernel_size) + ((input_shape[-1] if last else input_shape[1]), filters)
    if len(kernel_shape) != len(input_shape):
        raise ValueError(
            "Kernel shape must have the same length as input, but received kernel of shape "
            f"{kernel_shape} and input of shape {input_shape}.")
    out = []
    for i, n in enumerate(spatial):
        k, s, d = kernel_size[i], strides[i], dilation_rate[i]
        if n is None:
            out.append(None)
        elif padding == "valid":
            size = (n - d * (k - 1) - 1) // s + 1
            if size <= 0:
                raise ValueError(
                    "Computed output size would be zero or negative. Received `inputs shape="
                    f"{input_shape}`, `kernel shape={kernel_shape}`, `dilation_rate="
                    f"{_np_text(dilation_rate)}`, `strides={tuple(strides)}`, `padding={padding}`.")
            out.append(size)
        elif padding in ("same", "causal"):
            out.append((n - 1) // s + 1)
        else:
            raise ValueError(f"`padding` must be either `'valid'` or `'same'`. Received {padding}.")
    out = tuple(out)
    return (input_shape[0],) + out + (filters,) if last else (input_shape[0], filters) + out


def pooling_output_shape(input_shape, pool_size, strides, padding, data_format):
    """The output shape of a pooling window (Keras's ``compute_pooling_output_shape``)."""
    input_shape = tuple(input_shape)
    last = data_format == "channels_last"
    spatial = input_shape[1:-1] if last else input_shape[2:]
    out = []
    for i, n in enumerate(spatial):
        if n is None:
            out.append(None)
        elif padding == "valid":
            size = (n - pool_size[i]) // strides[i] + 1
            if size <= 0:
                raise ValueError(
                    "Computed output size would be zero or negative. Received: `inputs.shape="
                    f"{_np_text(['None' if d is None else d for d in input_shape])}`, `pool_size="
                    f"{_np_text(pool_size)}`, `strides={tuple(strides)}`, `padding={padding}`.")
            out.append(size)
        elif padding == "same":
            out.append((n - 1) // strides[i] + 1)
        else:
            raise ValueError(
                f"Argument `padding` must be either 'valid' or 'same'. Received: padding={padding}")
    out = tuple(out)
    return (input_shape[0],) + out + (input_shape[-1],) if last else input_shape[:2] + out


def conv_transpose_size(n, kernel, stride, padding, output_padding, dilation):
    """One spatial size of a transposed convolution's output (TF's padding conventions)."""
    if n is None:
        return None
    if padding.lower() not in {"valid", "same"}:
        raise ValueError(f"The `padding` argument must be one of 'valid', 'same'. Received: "
                         f"padding={padding}")
    k = (kernel - 1) * dilation + 1
    if padding.lower() == "valid":
        extra = max(k, stride) - k if output_padding is None else output_padding
        return (n - 1) * stride + k + extra
    if output_padding is None:
        return n * stride
    return (n - 1) * stride + k % 2 + output_padding


def conv_transpose_output_shape(input_shape, kernel_size, filters, strides, padding,
                                output_padding, data_format, dilation_rate):
    last = data_format == "channels_last"
    spatial = tuple(input_shape)[1:-1] if last else tuple(input_shape)[2:]
    out = [conv_transpose_size(n, kernel_size[i], strides[i], padding,
                               None if output_padding is None else output_padding[i],
                               dilation_rate[i])
           for i, n in enumerate(spatial)]
    return [input_shape[0]] + out + [filters] if last else [input_shape[0], filters] + out

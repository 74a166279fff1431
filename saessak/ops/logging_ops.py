"""``tf.print``: print tensors' values, also on every run of a compiled function.

Python's ``print`` inside a ``saessak.function`` runs once, while the function is
traced; ``tf.print`` is an op, so the compiled program prints on every call (the
classic way to see the difference between tracing and running).  The text is
TensorFlow's: a tensor prints as nested brackets with its elements separated by
spaces (no commas, no dtype), float32 with 9 significant digits and float64 with
17, booleans as 1/0, and an axis longer than ``2 * summarize`` shows only its
first and last ``summarize`` entries around ``...``.  Like TensorFlow, it writes
to standard error unless ``output_stream`` says otherwise.
"""

import sys

from ..backend import xp
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..errors import InvalidArgumentError
from .training_ops import _DONE  # the output of an op run for its effect: nothing reads it

_SLOT = object()  # where a tensor's value goes in the template of a call's arguments


def _float_text(value, exact):
    """TensorFlow's float text: 6 (double: 15) significant digits if they read back as the same
    number, else 9 (double: 17).  ``exact``: float32 or float64, the type the check reads into."""
    short, full = ("%.6g", "%.9g") if exact is xp.float32 else ("%.15g", "%.17g")
    text = short % value
    return text if exact(text) == value or value != value else full % value


def _number(value, dtype):
    if dtype.kind == "b":
        return "1" if value else "0"
    if dtype.kind == "f":  # half and float print as float, as in TensorFlow
        exact = xp.float64 if dtype.itemsize > 4 else xp.float32
        return _float_text(exact(value), exact)
    if dtype.kind == "c":
        return str(complex(value))
    return str(value)


def format_tensor(array, summarize=3):
    """TensorFlow's text for a tensor value (``summarize < 0``: every element)."""
    if array.ndim == 0:
        return _number(array[()], array.dtype)
    return _nested(array, summarize, 0)


def _nested(array, summarize, depth):
    n = array.shape[0]
    if 0 <= summarize and 2 * summarize < n:
        rows = [*range(summarize), None, *range(n - summarize, n)]
    else:
        rows = range(n)
    if array.ndim == 1:
        return "[" + " ".join("..." if i is None else _number(array[i], array.dtype) for i in rows) + "]"
    separator = "\n" * (array.ndim - 1) + " " * (depth + 1)
    return "[" + separator.join("..." if i is None else _nested(array[i], summarize, depth + 1)
                                for i in rows) + "]"


def _template(value, tensors):
    """``value`` with each tensor replaced by ``_SLOT`` (the tensors collected in order)."""
    if isinstance(value, Tensor):
        tensors.append(value)
        return _SLOT
    if isinstance(value, dict):
        return {k: _template(v, tensors) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_template(v, tensors) for v in value)
    return value


def _render(template, values, summarize, top):
    if template is _SLOT:
        return format_tensor(next(values), summarize)
    if isinstance(template, dict):
        return "{" + ", ".join(f"{k!r}: {_render(v, values, summarize, False)}" for k, v in template.items()) + "}"
    if isinstance(template, list):
        return "[" + ", ".join(_render(v, values, summarize, False) for v in template) + "]"
    if isinstance(template, tuple):
        items = [_render(v, values, summarize, False) for v in template]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return template if top and isinstance(template, str) else repr(template)


def _write(stream, text):
    if stream == "stderr":
        sys.stderr.write(text)  # looked up at each print: the stream the caller has now
        sys.stderr.flush()
    elif stream == "stdout":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif isinstance(stream, str):  # "file://path": appended, as TensorFlow does
        with open(stream[len("file://"):], "a", encoding="utf-8") as f:
            f.write(text)
    else:
        stream(text.rstrip("\n")) if callable(stream) else stream.write(text)


def _print_kernel(*arrays, template, stream, sep, end, summarize):
    values = iter(arrays)
    text = sep.join(_render(t, values, summarize, True) for t in template) + end
    _write(stream, text)
    return _DONE


PRINT = Op("print_v2", _print_kernel, stateful=True)


def _stream_name(output_stream):
    if output_stream is None or output_stream is sys.stderr or output_stream is sys.__stderr__:
        return "stderr"
    if output_stream is sys.stdout or output_stream is sys.__stdout__:
        return "stdout"
    if isinstance(output_stream, str) and output_stream.startswith("file://"):
        return output_stream
    if not isinstance(output_stream, str) and (callable(output_stream) or hasattr(output_stream, "write")):
        return output_stream
    raise InvalidArgumentError(
        "tf.print: output_stream must be sys.stdout, sys.stderr, a logging function or a "
        f"'file://path' string, received {output_stream!r}.", op="print_v2")


def print(*inputs, output_stream=None, summarize=3, sep=" ", end="\n", name=None):  # noqa: A001
    """Print ``inputs`` (tensors, Python values, nests of them) as TensorFlow's ``tf.print`` does.

    In a compiled function it prints on every call, with the values of that call.
    ``output_stream``: ``sys.stderr`` (the default: None), ``sys.stdout``, a logging function
    or ``'file://path'``.  ``summarize``: entries shown at each end of a long axis (None: 3;
    -1: all).
    """
    tensors = []
    template = [_template(x, tensors) for x in inputs]
    attrs = {"template": template, "stream": _stream_name(output_stream), "sep": str(sep),
             "end": str(end), "summarize": 3 if summarize is None else int(summarize)}
    execute(PRINT, tensors, attrs)


__all__ = ["print"]

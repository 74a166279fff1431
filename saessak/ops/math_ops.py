"""Elementwise math: arithmetic, unary functions, comparisons, logic, where, clip, cast.

Each op is a kernel plus its VJP, written with the chain rule in mind:
``y = f(x)`` gives ``dL/dx = dL/dy * f'(x)``.  Binary ops broadcast like NumPy;
their VJPs pass through ``sum_to`` so each gradient has its input's shape.
"""

from ..backend import as_dtype, xp
from ..engine.op import Op, execute
from ..engine.tensor import Tensor
from ..engine.trace import fold_chains
from ..errors import InvalidArgumentError
from . import array_ops as A
from ._helpers import binary_operands, quiet, require, tensor


def _unbroadcast(g, x):
    """Sum the gradient ``g`` back to the shape of input ``x`` (undoes broadcasting)."""
    return A.sum_to(g, x._value.shape) if g._value.shape != x._value.shape else g


def _binary(op, x, y, kinds=None, what=None):
    x, y = binary_operands(x, y, op.name)
    if kinds is not None:
        require(x, kinds, op.name, what)
    return execute(op, [x, y])


# ---------------------------------------------------------------- arithmetic
ADD = Op("add", xp.add, lambda g, out, x, y: (_unbroadcast(g, x), _unbroadcast(g, y)))
SUBTRACT = Op("subtract", xp.subtract,
              lambda g, out, x, y: (_unbroadcast(g, x), _unbroadcast(negative(g), y)))
MULTIPLY = Op("multiply", xp.multiply,
              lambda g, out, x, y: (_unbroadcast(multiply(g, y), x), _unbroadcast(multiply(g, x), y)))
# d(x/y)/dx = 1/y ; d(x/y)/dy = -x/y^2 = -out/y
DIVIDE = Op("divide", quiet(xp.true_divide),
            lambda g, out, x, y: (_unbroadcast(divide(g, y), x),
                                  _unbroadcast(negative(divide(multiply(g, out), y)), y)))
def _int_checked(kernel, name):
    def k(x, y):
        if x.dtype.kind in "iu" and not xp.all(y):
            raise InvalidArgumentError(f"{name}: integer division by zero.", op=name)
        with xp.errstate(all="ignore"):
            return kernel(x, y)
    return k


def _truncate_div(x, y):
    if x.dtype.kind in "iu":
        q = xp.abs(x) // xp.abs(y)
        return (q * xp.sign(x) * xp.sign(y)).astype(x.dtype)
    return xp.trunc(x / y)


FLOORDIV = Op("floordiv", _int_checked(xp.floor_divide, "floordiv"))  # piecewise constant: no gradient
TRUNCATEDIV = Op("truncatediv", _int_checked(_truncate_div, "truncatediv"))
TRUNCATEMOD = Op("truncatemod", _int_checked(xp.fmod, "truncatemod"))
FLOORMOD = Op("floormod", _int_checked(xp.mod, "floormod"),
              lambda g, out, x, y: (_unbroadcast(g, x),
                                    _unbroadcast(multiply(negative(g), floor(divide(x, y))), y)))


def _pow_vjp(g, out, x, y):
    # d(x^y)/dx = y * x^(y-1);  d(x^y)/dy = x^y * log(x), taken as 0 where x <= 0 (as TF)
    gx = multiply(g, multiply(y, pow(x, subtract(y, 1))))
    safe_log = where(greater(x, 0), log(where(greater(x, 0), x, 1)), 0)
    gy = multiply(g, multiply(out, safe_log))
    return _unbroadcast(gx, x), _unbroadcast(gy, y)


def _pow_kernel(x, y):
    if x.dtype.kind in "iu" and xp.any(y < 0):
        raise InvalidArgumentError("pow: integers to negative integer powers are not allowed.")
    with xp.errstate(all="ignore"):
        return xp.power(x, y)


POW = Op("pow", _pow_kernel, _pow_vjp)


def _max_vjp(g, out, x, y):
    mask = greater_equal(x, y)  # ties send the gradient to x, as TF does
    zero = A.zeros_like(g)
    return _unbroadcast(where(mask, g, zero), x), _unbroadcast(where(mask, zero, g), y)


def _min_vjp(g, out, x, y):
    mask = less_equal(x, y)
    zero = A.zeros_like(g)
    return _unbroadcast(where(mask, g, zero), x), _unbroadcast(where(mask, zero, g), y)


MAXIMUM = Op("maximum", xp.maximum, _max_vjp)
MINIMUM = Op("minimum", xp.minimum, _min_vjp)
SQUARED_DIFFERENCE = Op(
    "squared_difference", lambda x, y: xp.square(x - y),
    lambda g, out, x, y: (lambda d: (_unbroadcast(d, x), _unbroadcast(negative(d), y)))(
        multiply(g, multiply(subtract(x, y), 2))))


def add(x, y, name=None):
    return _binary(ADD, x, y)


def subtract(x, y, name=None):
    return _binary(SUBTRACT, x, y)


def multiply(x, y, name=None):
    return _binary(MULTIPLY, x, y)


def divide(x, y, name=None):
    """True division. Integer inputs give float64, as ``tf.divide`` does."""
    x, y = binary_operands(x, y, "divide")
    if x._value.dtype.kind in "iub":
        out_dtype = "float32" if x._value.dtype.itemsize <= 2 else "float64"
        x, y = cast(x, out_dtype), cast(y, out_dtype)
    return execute(DIVIDE, [x, y])


def _divide_no_nan_kernel(x, y):
    if x.ndim == 0 and y.ndim == 0:  # a metric's total / count: scalar arithmetic, same rounding
        return xp.asarray(x[()] / y[()] if y != 0 else x.dtype.type(0))
    zero = y == 0
    q = xp.true_divide(x, xp.where(zero, y.dtype.type(1), y))
    return xp.where(zero, q.dtype.type(0), q)


def _divide_no_nan_vjp(g, out, x, y):
    # As TF's DivNoNan: d/dx = g / y, d/dy = g * (-x / y) / y, both 0 where y == 0.
    gx = divide_no_nan(g, y)
    gy = multiply(g, divide_no_nan(divide_no_nan(negative(x), y), y))
    return _unbroadcast(gx, x), _unbroadcast(gy, y)


DIVIDE_NO_NAN = Op("divide_no_nan", quiet(_divide_no_nan_kernel), _divide_no_nan_vjp)


def divide_no_nan(x, y, name=None):
    """``x / y``, and 0 wherever ``y`` is 0 (``tf.math.divide_no_nan``; floating inputs)."""
    x, y = binary_operands(x, y, "divide_no_nan")
    require(x, "fc", "divide_no_nan", "a floating or complex")
    return execute(DIVIDE_NO_NAN, [x, y])


truediv = divide


def floordiv(x, y, name=None):
    return _binary(FLOORDIV, x, y)


floor_div = floordiv


def floormod(x, y, name=None):
    return _binary(FLOORMOD, x, y)


mod = floormod


def truncatediv(x, y, name=None):
    """Division rounding toward zero (C semantics)."""
    return _binary(TRUNCATEDIV, x, y)


def truncatemod(x, y, name=None):
    """Remainder with the sign of ``x`` (C's fmod)."""
    return _binary(TRUNCATEMOD, x, y)


def pow(x, y, name=None):  # noqa: A001 - TF's name
    return _binary(POW, x, y)


def maximum(x, y, name=None):
    return _binary(MAXIMUM, x, y)


def minimum(x, y, name=None):
    return _binary(MINIMUM, x, y)


def squared_difference(x, y, name=None):
    return _binary(SQUARED_DIFFERENCE, x, y)


# ---------------------------------------------------------------- unary
def _unary(name, kernel, vjp=None, kinds="fciu", what="a numeric"):
    op = Op(name, kernel, vjp)

    def fn(x, name=None):
        x = tensor(x)
        require(x, kinds, op.name, what)
        return execute(op, [x])

    fn.__name__ = name
    fn.op = op
    return fn


_F = "fc"  # floating (or complex) inputs only, as TF's kernels require
negative = _unary("negative", xp.negative, lambda g, out, x: (negative(g),), kinds="fciu")
square = _unary("square", xp.square, lambda g, out, x: (multiply(g, multiply(x, 2)),))
def _zero_where_g_is_zero(g, grad):
    # TF's sqrt/rsqrt/reciprocal gradients give 0 where the incoming gradient is 0, so a
    # masked-out inf (e.g. sqrt at 0 behind a where) does not turn into 0 * inf = nan.
    return where(equal(g, 0), A.zeros_like(g), grad)


sqrt = _unary("sqrt", quiet(xp.sqrt), lambda g, out, x: (
    _zero_where_g_is_zero(g, divide(multiply(g, 0.5), out)),), _F, "a floating")
# rsqrt: y = x^(-1/2), dy/dx = -y^3 / 2
rsqrt = _unary("rsqrt", quiet(lambda x: 1 / xp.sqrt(x)),
               lambda g, out, x: (_zero_where_g_is_zero(g, multiply(g, multiply(pow(out, 3), -0.5))),),
               _F, "a floating")
exp = _unary("exp", quiet(xp.exp), lambda g, out, x: (multiply(g, out),), _F, "a floating")
expm1 = _unary("expm1", quiet(xp.expm1), lambda g, out, x: (multiply(g, add(out, 1)),), _F, "a floating")
log = _unary("log", quiet(xp.log), lambda g, out, x: (divide(g, x),), _F, "a floating")
log1p = _unary("log1p", quiet(xp.log1p), lambda g, out, x: (divide(g, add(x, 1)),), _F, "a floating")
reciprocal = _unary("reciprocal", quiet(lambda x: 1 / x),
                    lambda g, out, x: (_zero_where_g_is_zero(g, negative(multiply(g, square(out)))),),
                    _F, "a floating")
abs = _unary("abs", xp.abs, lambda g, out, x: (multiply(g, sign(x)),))  # noqa: A001
sign = _unary("sign", xp.sign, lambda g, out, x: (A.zeros_like(g),))
sin = _unary("sin", xp.sin, lambda g, out, x: (multiply(g, cos(x)),), _F, "a floating")
cos = _unary("cos", xp.cos, lambda g, out, x: (negative(multiply(g, sin(x))),), _F, "a floating")
tan = _unary("tan", xp.tan, lambda g, out, x: (multiply(g, add(square(out), 1)),), _F, "a floating")
tanh = _unary("tanh", xp.tanh,
              lambda g, out, x: (multiply(g, subtract(1, square(out))),), _F, "a floating")
floor = _unary("floor", xp.floor, lambda g, out, x: (A.zeros_like(g),), "f", "a floating")
ceil = _unary("ceil", xp.ceil, lambda g, out, x: (A.zeros_like(g),), "f", "a floating")
round = _unary("round", xp.round, lambda g, out, x: (A.zeros_like(g),), "fiu")  # noqa: A001 (banker's, as TF)


def _sigmoid_kernel(x):
    # Split by sign so exp never overflows: for x < 0, sigmoid(x) = e^x / (1 + e^x).
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


sigmoid = _unary("sigmoid", _sigmoid_kernel,
                 lambda g, out, x: (multiply(g, multiply(out, subtract(1, out))),), _F, "a floating")


# ---------------------------------------------------------------- comparison and logic
def _compare(name, kernel):
    op = Op(name, kernel)

    def fn(x, y, name=None):
        return _binary(op, x, y)

    fn.__name__ = name
    return fn


equal = _compare("equal", xp.equal)
not_equal = _compare("not_equal", xp.not_equal)
greater = _compare("greater", xp.greater)
greater_equal = _compare("greater_equal", xp.greater_equal)
less = _compare("less", xp.less)
less_equal = _compare("less_equal", xp.less_equal)


def _logical(name, kernel):
    op = Op(name, kernel)

    def fn(x, y, name=None):
        return _binary(op, x, y, "b", "a bool")

    fn.__name__ = name
    return fn


logical_and = _logical("logical_and", xp.logical_and)
logical_or = _logical("logical_or", xp.logical_or)
logical_xor = _logical("logical_xor", xp.logical_xor)
logical_not = _unary("logical_not", xp.logical_not, kinds="b", what="a bool")
is_nan = _unary("is_nan", xp.isnan, kinds="f", what="a floating")
is_inf = _unary("is_inf", xp.isinf, kinds="f", what="a floating")
is_finite = _unary("is_finite", xp.isfinite, kinds="f", what="a floating")


# ---------------------------------------------------------------- where, clip, cast
def _where_vjp(g, out, cond, x, y):
    zero = A.zeros_like(g)
    return None, _unbroadcast(where(cond, g, zero), x), _unbroadcast(where(cond, zero, g), y)


WHERE = Op("where", xp.where, _where_vjp)
NONZERO = Op("where_indices", lambda c: xp.argwhere(c).astype(xp.int64))


def where(condition, x=None, y=None, name=None):
    """Elementwise select (``tf.where``); with only ``condition``, the indices of true elements."""
    condition = tensor(condition)
    if x is None and y is None:
        return execute(NONZERO, [condition])
    if x is None or y is None:
        raise ValueError("where: pass both x and y, or neither.")
    require(condition, "b", "where", "a bool condition")
    x, y = binary_operands(x, y, "where")
    return execute(WHERE, [condition, x, y])


def _clip_vjp(g, out, x, lo, hi):
    # The gradient passes where lo <= x <= hi (inclusive, as TF's ClipByValue).
    inside = logical_and(greater_equal(x, lo), less_equal(x, hi))
    zero = A.zeros_like(g)
    return (where(inside, g, zero),
            _unbroadcast(where(less(x, lo), g, zero), lo),
            _unbroadcast(where(greater(x, hi), g, zero), hi))


CLIP = Op("clip_by_value", lambda x, lo, hi: xp.minimum(xp.maximum(x, lo), hi), _clip_vjp)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    t = tensor(t)
    _, lo = binary_operands(t, clip_value_min, "clip_by_value")
    _, hi = binary_operands(t, clip_value_max, "clip_by_value")
    return execute(CLIP, [t, lo, hi])


def _cast_vjp(g, out, x, dtype=None):
    if x._value.dtype.kind not in "fc":
        return (None,)
    return (cast(g, x._value.dtype),)


def _cast_kernel(x, dtype):
    if x.dtype.kind in "fc" and dtype.kind in "iu":
        return xp.trunc(x).astype(dtype)  # toward zero, as TF
    return x.astype(dtype)


CAST = Op("cast", _cast_kernel, _cast_vjp)

# Significand bits of each float type: every integer of at most this many bits is exact in it.
_FLOAT_DIGITS = {"e": 11, "f": 24, "d": 53, "g": 64}


def _holds_exactly(source, target):
    """Whether every value of dtype ``source`` is exactly a value of dtype ``target``."""
    if source.kind == "b":
        return target.kind != "V"
    if source.kind in "iu" and target.kind in "iu":
        return xp.can_cast(source, target, casting="safe")
    if source.kind in "iu" and target.kind == "f":
        bits = source.itemsize * 8 - (source.kind == "i")
        return bits <= _FLOAT_DIGITS.get(target.char, 0)
    if source.kind == "f" and target.kind == "f":
        return target.itemsize >= source.itemsize
    return False


def _cast_of_cast(inner, outer, x):
    # cast(cast(x, t1), t2) is cast(x, t2) when x's values survive both casts unchanged
    # (Keras casts integer labels to float and then to int64: uint8 -> float32 -> int64).
    if _holds_exactly(x.dtype, xp.dtype(inner["dtype"])) and _holds_exactly(
            x.dtype, xp.dtype(outer["dtype"])):
        return outer
    return None


fold_chains(CAST, CAST, _cast_of_cast)


def cast(x, dtype, name=None):
    """Convert ``x`` to ``dtype`` (floats to ints truncate toward zero)."""
    x = tensor(x)
    target = as_dtype(dtype)._np
    if x._value.dtype == target:
        return x
    return execute(CAST, [x], {"dtype": target})


def saturate_cast(value, dtype, name=None):
    value = tensor(value)
    d = as_dtype(dtype)
    if d.is_integer or d.is_floating:
        value = clip_by_value(value, max(d.min, value.dtype.min), min(d.max, value.dtype.max))
    return cast(value, d)


# ---------------------------------------------------------------- composites (no gradient code)
def scalar_mul(scalar, x, name=None):
    return multiply(x, scalar)


def xlogy(x, y, name=None):
    """x * log(y), defined as 0 where x == 0."""
    x, y = binary_operands(x, y, "xlogy")
    safe_y = where(equal(x, 0), A.ones_like(y), y)
    return where(equal(x, 0), A.zeros_like(multiply(x, y)), multiply(x, log(safe_y)))


SOFTPLUS = Op("softplus", quiet(lambda x: xp.logaddexp(x.dtype.type(0), x)),
              lambda g, out, x: (multiply(g, sigmoid(x)),))  # d/dx log(1 + e^x) = sigmoid(x)


def softplus(features, name=None):
    """log(1 + e^x), computed stably (one kernel; gradient sigmoid(x), 0.5 at 0 as TF)."""
    x = tensor(features)
    require(x, "f", "softplus", "a floating")
    return execute(SOFTPLUS, [x])


def add_n(inputs, name=None):
    inputs = list(inputs)
    total = inputs[0]
    for t in inputs[1:]:
        total = add(total, t)
    return tensor(total)


def _is_tensor(x):
    return isinstance(x, Tensor)


__all__ = [
    "add", "subtract", "multiply", "divide", "divide_no_nan", "truediv", "floordiv", "floor_div", "floormod", "mod",
    "truncatediv", "truncatemod", "pow", "maximum", "minimum", "squared_difference", "negative",
    "square", "sqrt", "rsqrt",
    "exp", "expm1", "log", "log1p", "reciprocal", "abs", "sign", "sin", "cos", "tan", "tanh",
    "floor", "ceil", "round", "sigmoid", "equal", "not_equal", "greater", "greater_equal", "less",
    "less_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "is_nan", "is_inf",
    "is_finite", "where", "clip_by_value", "cast", "saturate_cast", "scalar_mul", "xlogy",
    "softplus", "add_n",
]

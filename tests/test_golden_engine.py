"""saessak against TensorFlow's own answers (tests/golden/engine.json).

The golden file was written by tools/make_golden_engine.py with the real
TensorFlow 2.21.  Each case is evaluated here with ``tf`` bound to saessak and
``np`` to NumPy, and compared: dtype names and shapes exactly, values to 1e-6
relative (the file's ``rtol``, 1e-5, for transcendental functions), printed
text exactly, ``None`` as ``None``, and errors by class family.
"""

import builtins
import json
import pathlib

import numpy as np
import pytest

import saessak

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "engine.json").read_text("utf-8"))
CASES = GOLDEN["cases"]
# TF logs the same warning for grad_int_source_none; here it is a Python warning.
pytestmark = pytest.mark.filterwarnings("ignore:The dtype of the watched tensor")
ATOL = 1e-7  # values TF rounds to zero may come out as a few ulps of float32 here


def _run(case):
    namespace = {"tf": saessak, "np": np}
    if "code" in case:
        exec(case["code"], namespace)  # noqa: S102 - the golden file's own statements
        return namespace["result"]
    return eval(case["expr"], namespace)  # noqa: S307 - the golden file's own expression


def _compare(got, expected, rtol, where):
    if "none" in expected:
        assert got is None, f"{where}: expected None, got {got!r}"
    elif "str" in expected:
        assert isinstance(got, str), f"{where}: expected a str, got {type(got).__name__} {got!r}"
        assert got == expected["str"], (
            f"{where}: text differs\nexpected: {expected['str']!r}\ngot:      {got!r}")
    elif "py" in expected:
        value = expected["py"]
        assert isinstance(got, (bool, int, float)) and got == value, (
            f"{where}: expected {value!r}, got {type(got).__name__} {got!r}")
    elif "list" in expected:
        assert isinstance(got, (list, tuple)), f"{where}: expected a list, got {type(got).__name__}"
        assert len(got) == len(expected["list"]), f"{where}: expected {len(expected['list'])} items"
        for i, (g, e) in enumerate(zip(got, expected["list"])):
            _compare(g, e, rtol, f"{where}[{i}]")
    else:
        _compare_tensor(got, expected, rtol, where)


def _compare_tensor(got, expected, rtol, where):
    assert isinstance(got, saessak.Tensor), f"{where}: expected a Tensor, got {type(got).__name__} {got!r}"
    assert got.dtype.name == expected["dtype"], (
        f"{where}: dtype {got.dtype.name}, TensorFlow gives {expected['dtype']}")
    assert list(got.shape) == expected["shape"], f"{where}: shape {got.shape}, TensorFlow gives " \
                                                 f"{tuple(expected['shape'])}"
    value = np.asarray(got.numpy())
    want = np.array(expected["value"], dtype=value.dtype).reshape(expected["shape"])
    if value.dtype.kind in "fc":
        np.testing.assert_allclose(value, want, rtol=rtol, atol=ATOL, equal_nan=True, err_msg=where)
    else:
        np.testing.assert_array_equal(value, want, err_msg=where)


def _check_error(case, expected):
    try:
        got = _run(case)
    except Exception as exc:  # noqa: BLE001 - any exception is examined below
        name = expected["error"]
        if expected["op_error"]:
            cls = getattr(saessak.errors, name, None)
            assert cls is not None and isinstance(exc, cls), (
                f"TensorFlow raises tf.errors.{name}; saessak raised {type(exc).__name__}: {exc}")
        for base in expected["bases"]:
            assert isinstance(exc, getattr(builtins, base)), (
                f"TensorFlow raises {name} (a {base}); saessak raised {type(exc).__name__}: {exc}")
        return
    pytest.fail(f"TensorFlow raises {expected['error']}; saessak returned {got!r}")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_matches_tensorflow(case):
    expected = case["expected"]
    if "error" in expected:
        _check_error(case, expected)
    else:
        _compare(_run(case), expected, case.get("rtol", 1e-6), case["id"])


def test_golden_file_is_small_and_from_tf_2_21():
    path = pathlib.Path(__file__).parent / "golden" / "engine.json"
    assert path.stat().st_size < 200_000
    assert GOLDEN["tensorflow"].startswith("2.21")
    assert 120 <= len(CASES) <= 260

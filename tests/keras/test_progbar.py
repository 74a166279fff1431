"""Progbar against Keras 3's own bytes (tests/golden/text.json, tools/make_golden_text.py).

Each golden case is a scripted list of ``update``/``add`` calls at fixed fake
clock times.  On a terminal every call must write exactly what Keras wrote;
off a terminal (saessak's deliberate difference) nothing is written until the
bar is finalized, then Keras's final line once, in plain text.
"""

import io
import json
import pathlib
import sys
import time as real_time

import numpy as np
import pytest

import saessak
from saessak.keras.utils import progbar

GOLDEN = json.loads((pathlib.Path(__file__).parents[1] / "golden" / "text.json").read_text("utf-8"))
CASES = {case["id"]: case for case in GOLDEN["progbar"]}


class FakeClock:
    """Stands in for the ``time`` module inside progbar: ``time()`` returns ``now``."""

    now = 0.0

    @classmethod
    def time(cls):
        return cls.now


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(progbar, "time", FakeClock)
    return FakeClock


def _replay(case, terminal, monkeypatch, capsys, convert=lambda v: v):
    monkeypatch.setattr(progbar, "dynamic_display", lambda: terminal)
    FakeClock.now = case["start"]
    bar = progbar.Progbar(**case["kwargs"])
    capsys.readouterr()
    written = []
    for call in case["calls"]:
        FakeClock.now = call[0]
        values = None if call[3] is None else [(k, convert(v)) for k, v in call[3]]
        if call[1] == "update":
            bar.update(call[2], values, finalize=call[4])
        else:
            bar.add(call[2], values)
        written.append(capsys.readouterr().out)
    return written


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_terminal_bytes_match_keras(case_id, clock, monkeypatch, capsys):
    case = CASES[case_id]
    assert _replay(case, True, monkeypatch, capsys) == case["tty"]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_not_a_terminal_prints_final_line_once(case_id, clock, monkeypatch, capsys):
    case = CASES[case_id]
    written = _replay(case, False, monkeypatch, capsys)
    assert written == case["plain"]
    assert not any("\x1b" in w or "\b" in w or "\r" in w for w in written)


def test_plain_line_example(clock, monkeypatch, capsys):
    written = _replay(CASES["progbar_logger_flow"], False, monkeypatch, capsys)
    assert "".join(written) == (
        "1500/1500 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.8549 - loss: 0.4377"
        " - val_accuracy: 0.8612 - val_loss: 0.3921\n")


def test_tensor_and_array_values_print_like_floats(clock, monkeypatch, capsys):
    case = CASES["stateless_average"]
    expected = _replay(case, True, monkeypatch, capsys)
    as_tensors = _replay(case, True, monkeypatch, capsys,
                         convert=lambda v: saessak.constant(v, dtype=saessak.float64))
    assert as_tensors == expected
    vectors = CASES["vector_and_int_metrics"]
    as_arrays = _replay(vectors, True, monkeypatch, capsys,
                        convert=lambda v: np.asarray(v) if isinstance(v, list) else v)
    assert as_arrays == vectors["tty"]


def test_dynamic_display_decision(monkeypatch):
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.setattr(sys, "stdout", FakeTTY())
    assert progbar.dynamic_display() is True
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert progbar.dynamic_display() is False  # a log file or pipe: no redraws
    monkeypatch.setitem(sys.modules, "ipykernel", object())
    assert progbar.dynamic_display() is True  # Jupyter renders \r redraws
    monkeypatch.delitem(sys.modules, "ipykernel")
    monkeypatch.setenv("PYCHARM_HOSTED", "1")
    assert progbar.dynamic_display() is True


def test_the_decision_is_taken_from_stdout_by_default(clock, monkeypatch):
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    for stream, redraws in ((FakeTTY(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stdout", stream)
        FakeClock.now = 0.0
        bar = progbar.Progbar(3)
        for step in (1, 2, 3):
            FakeClock.now = step
            bar.update(step, [("loss", 1.0)])
        assert ("\r" in stream.getvalue()) is redraws
        last = ("\r\x1b[1m3/3\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m "
                "\x1b[1m3s\x1b[0m 1s/step - loss: 1.0000\n")
        plain = "3/3 ━━━━━━━━━━━━━━━━━━━━ 3s 1s/step - loss: 1.0000\n"
        assert stream.getvalue().endswith(last) if redraws else stream.getvalue() == plain


def test_format_metric_value():
    assert progbar.format_metric_value(0.43771) == "0.4377"
    assert progbar.format_metric_value(-0.25) == "-0.2500"
    assert progbar.format_metric_value(0.0005) == "5.0000e-04"
    assert progbar.format_metric_value(0.0) == "0.0000e+00"
    assert progbar.format_metric_value([0.5, 0.7, 0.9]) == "0.7000"
    assert progbar.format_metric_value(saessak.constant([1.0, 2.0])) == "1.5000"
    assert progbar.format_metric_value(3) == "3.0000"


def test_stateful_and_stateless_together_is_an_error():
    with pytest.raises(ValueError, match="not both"):
        progbar.Progbar(10, stateful_metrics=["a"], stateless_metrics=["b"])


def test_update_between_redraws_is_cheap(monkeypatch, capsys):
    """Per-batch updates that do not redraw only record values: no drawing, little time."""
    draws = []
    monkeypatch.setattr(progbar.Progbar, "_draw", lambda self, *a: draws.append(a))
    for terminal in (True, False):
        monkeypatch.setattr(progbar, "dynamic_display", lambda t=terminal: t)
        bar = progbar.Progbar(100000, interval=3600.0, stateless_metrics=set())
        start = real_time.perf_counter()
        for step in range(1, 5001):
            bar.update(step, [("accuracy", 0.5), ("loss", 0.25)], finalize=False)
        elapsed = real_time.perf_counter() - start
        assert len(draws) == (1 if terminal else 0)  # the first update draws on a terminal
        draws.clear()
        assert elapsed < 2.0, f"5000 Progbar.update calls took {elapsed:.2f}s"
    assert capsys.readouterr().out == ""


def test_non_utf8_stdout_falls_back_to_equals_signs(clock, monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(progbar, "dynamic_display", lambda: False)
    FakeClock.now = 0.0
    bar = progbar.Progbar(2, width=4)
    FakeClock.now = 1.0
    bar.update(2, [("loss", 0.5)])
    stream.flush()
    assert stream.buffer.getvalue().decode("latin-1") == "2/2 ==== 1s 500ms/step - loss: 0.5000\n"

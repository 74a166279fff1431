"""``tf.print``: TensorFlow's text for tensors, and a print on every run of a compiled function.

The expected text comes from real TensorFlow 2.21 (tools/make_golden_print.py).
"""

import json
import pathlib
import sys

import numpy as np
import pytest

import saessak as tf

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "print.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOLDEN["cases"]))
def test_text_equals_tensorflow(name, capsys):
    case = GOLDEN["cases"][name]
    exec(case["statement"], {"tf": tf, "np": np, "sys": sys})  # noqa: S102 - the golden file's statement
    assert capsys.readouterr().out == case["stdout"]


def test_writes_to_stderr_by_default(capsys):
    tf.print("hello", tf.constant([1, 2]))
    captured = capsys.readouterr()
    assert captured.err == "hello [1 2]\n" and captured.out == ""


def test_prints_on_every_call_of_a_compiled_function(capsys):
    @tf.function
    def step(x):
        print("tracing")  # Python's print: only while tracing
        tf.print("value", x, output_stream=sys.stdout)
        return x + 1

    for v in (1, 2, 3):
        step(tf.constant(v))
    assert capsys.readouterr().out == "tracing\nvalue 1\nvalue 2\nvalue 3\n"
    (source,) = step.experimental_get_program_source()
    assert "print_v2(" in source


def test_prints_the_current_value_of_a_variable(capsys):
    v = tf.Variable(1.0)

    @tf.function
    def bump():
        v.assign_add(1.0)
        tf.print(v, output_stream=sys.stdout)

    bump()
    bump()
    assert capsys.readouterr().out == "2\n3\n"


def test_file_stream(tmp_path):
    path = tmp_path / "log.txt"
    tf.print("a", tf.constant(1.5), output_stream=f"file://{path}")
    tf.print("b", output_stream=f"file://{path}")
    assert path.read_text() == "a 1.5\nb\n"


def test_bad_stream():
    with pytest.raises(tf.errors.InvalidArgumentError, match="output_stream must be"):
        tf.print(1, output_stream="stdout")

"""Write tests/golden/print.json: what real TensorFlow's ``tf.print`` writes for a set of calls.

Run with TensorFlow in a scratch venv (never a test dependency):

    /tmp/tfvenv/bin/python tools/make_golden_print.py

Each case is a statement run with ``tf`` (TensorFlow here, saessak in the test), ``np`` and
``sys`` in scope; its standard output is recorded.  TensorFlow's kernel writes to the
process's stdout itself (not through Python's ``sys.stdout``), so each case runs in a child
interpreter.  tests/test_print.py runs the same
statements on saessak and compares the text exactly.
"""

import json
import os
import pathlib
import subprocess
import sys

import tensorflow as tf

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "print.json"

S = "output_stream=sys.stdout"
CASES = {
    "floats": f"tf.print(tf.constant([1.5, 2.0, 0.1]), {S})",
    "matrix": f"tf.print(tf.constant([[1, 2], [3, 4]]), {S})",
    "mixed": f"tf.print('loss:', tf.constant(0.25), 3, {S})",
    "summarized": f"tf.print(tf.range(10), {S})",
    "summarized_rows": f"tf.print(tf.reshape(tf.range(40), (8, 5)), {S})",
    "float32_digits": f"tf.print(tf.constant([1e10, 1e-5, 123456789.0, 1.123456789, -3.0]), {S})",
    "float64_digits": f"tf.print(tf.constant(1.0 / 3), tf.constant(2.0 / 3, tf.float64), {S})",
    "float16": f"tf.print(tf.constant([0.1, 2.5], tf.float16), {S})",
    "special_floats": f"tf.print(tf.constant(float('nan')), tf.constant(float('inf')), tf.constant(-0.0), {S})",
    "small_and_large": f"tf.print(tf.constant(1e-7), tf.constant(100000.0), tf.constant(1234567.0), {S})",
    "bools": f"tf.print(tf.constant(True), tf.constant([True, False]), {S})",
    "sep_end": f"tf.print(tf.constant(3.0), 'x', sep='|', end='!\\n', {S})",
    "summarize_all": f"tf.print(tf.range(10), summarize=-1, {S})",
    "summarize_one": f"tf.print(tf.constant([1, 2, 3, 4, 5], tf.uint8), summarize=1, {S})",
    "structure": f"tf.print({{'a': tf.constant(1), 'b': [tf.constant(2.0), 3]}}, {S})",
    "tuple": f"tf.print((tf.constant(1), 'x'), {S})",
    "rank3": f"tf.print(tf.reshape(tf.range(12), (2, 2, 3)), {S})",
    "rank3_summarized": f"tf.print(tf.reshape(tf.range(16), (8, 2, 1)), {S})",
    "empty_vector": f"tf.print(tf.zeros((0,)), {S})",
    "variable": f"tf.print(tf.Variable([1.0, 2.0]), {S})",
    "nothing": f"tf.print({S})",
    "python_values": f"tf.print(2.5, True, None, np.array([1.5, 2.0]), {S})",
    "int64_negative": f"tf.print(tf.constant([-5, 7], tf.int64), {S})",
}


def main():
    golden = {}
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    for name, statement in CASES.items():
        code = f"import sys\nimport numpy as np\nimport tensorflow as tf\n{statement}\n"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        golden[name] = {"statement": statement, "stdout": out.stdout}
    OUT.write_text(json.dumps({"tensorflow_version": tf.__version__, "cases": golden}, indent=1,
                              sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(golden)} cases)")


if __name__ == "__main__":
    main()

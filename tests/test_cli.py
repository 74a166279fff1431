"""The front door: ``saessak run`` (scripts and notebooks), ``python -m saessak``, ``saessak demo``."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _run(args, cwd, env_extra=None, timeout=240):
    env = {**os.environ, "SAESSAK_OFFLINE": "1", "MPLBACKEND": "Agg", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "saessak", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


SCRIPT = '''
import sys
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense
from keras.models import Sequential
import tf_keras
from scikeras.wrappers import KerasRegressor
print("name", __name__)
print("argv", sys.argv[1:])
print("modules", tf.__name__, keras.__name__, Dense.__module__.split(".")[0], tf_keras.__name__,
      KerasRegressor.__module__.split(".")[0])
print("sum", float(tf.reduce_sum(tf.constant([1.0, 2.0]) * 2)))
if sys.argv[1:] == ["missing"]:
    tf.experimental.numpy.ones(3)
if sys.argv[1:] == ["boom"]:
    raise RuntimeError("boom from the script")
sys.exit(int(sys.argv[1]) if sys.argv[1:] and sys.argv[1].isdigit() else 0)
'''


def test_run_script_with_tensorflow_imports(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(SCRIPT)
    out = _run(["run", str(script), "a", "--flag"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "name __main__" in out.stdout and "argv ['a', '--flag']" in out.stdout
    assert "modules saessak saessak.keras saessak saessak.keras saessak" in out.stdout
    assert "sum 6.0" in out.stdout


def test_run_keeps_exit_codes_and_tracebacks(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(SCRIPT)
    assert _run(["run", str(script), "3"], tmp_path).returncode == 3
    boom = _run(["run", str(script), "boom"], tmp_path)
    assert boom.returncode == 1 and "RuntimeError: boom from the script" in boom.stderr
    assert 'prog.py", line' in boom.stderr
    missing = _run(["run", str(script), "missing"], tmp_path)
    assert missing.returncode == 1
    assert ("UnsupportedAPIError: tf.experimental is not implemented in saessak (see docs/coverage.md)"
            in missing.stderr)
    assert _run(["run", str(tmp_path / "nope.py")], tmp_path).returncode == 2


def test_run_notebook_skips_magics_and_saves_figures(tmp_path):
    cells = [
        {"cell_type": "markdown", "source": ["# title"]},
        {"cell_type": "code",
         "source": ["!pip install tensorflow\n", "%matplotlib inline\n", "import tensorflow as tf\n"]},
        {"cell_type": "code", "source": ["import matplotlib.pyplot as plt\n", "x = tf.range(5)\n",
                                         "plt.plot(x.numpy())\n", "plt.show()\n"]},
        {"cell_type": "code", "source": "print('total', int(tf.reduce_sum(x)))"},
    ]
    nb = tmp_path / "book.ipynb"
    nb.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    out = _run(["run", str(nb)], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "total 10" in out.stdout
    assert "skipped '!pip'" in out.stdout and "skipped '%matplotlib'" in out.stdout
    assert (tmp_path / "book_figure1.png").stat().st_size > 1000


def test_alias_tensorflow_inside_python():
    code = ("import saessak.compat as c; c.alias_tensorflow(); import tensorflow as tf; "
            "from tensorflow.keras import layers; print(tf.__name__, layers.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["saessak", "saessak.keras.layers"]


@pytest.mark.skipif(not (SHARED / "keras_home").is_dir(), reason="needs ../shared for an offline MNIST")
def test_demo_trains_saves_and_plots(tmp_path):
    out = _run(["demo", "--out", str(tmp_path / "demo"), "--epochs", "1"], tmp_path,
               {"KERAS_HOME": str(tmp_path / "empty_cache")})
    assert out.returncode == 0, out.stderr[-2000:]
    assert "embedded MNIST sample" in out.stdout
    assert "Test accuracy:" in out.stdout
    assert (tmp_path / "demo" / "seed_mlp.keras").is_file()
    assert (tmp_path / "demo" / "training_curves.png").is_file()


RANDOM_SCRIPT = """
import random
import numpy as np
import tensorflow as tf
from tensorflow import keras
layer = keras.layers.Dense(2)
layer.build((None, 3))
print(random.random(), np.random.rand(), float(tf.random.uniform(())), layer.kernel.numpy().sum())
"""


def test_run_seed_makes_a_script_repeatable(tmp_path):
    script = tmp_path / "draws.py"
    script.write_text(RANDOM_SCRIPT)
    runs = [_run(["run", "--seed", str(seed), str(script)], tmp_path) for seed in (7, 7, 8)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr[-2000:]
    first, again, other = (r.stdout.split() for r in runs)
    assert len(first) == 4 and first == again
    assert all(a != b for a, b in zip(first, other))  # every generator follows the seed


def test_engine_demo(tmp_path):
    out = _run(["engine-demo", "--steps", "60"], tmp_path)
    assert out.returncode == 0 and "def program(a0, a1):" in out.stdout


@pytest.mark.parametrize("line, hint", [
    ("rom tensorflow import keras", "from tensorflow import keras"),
    ("imoprt numpy as np", "import numpy as np"),
    ("fro i in range(3):", "for i in range(3):"),
    ("x = (1,", None),               # a real syntax error: no keyword to suggest
    ("for i in range(3) print(i)", None),  # starts with a keyword already
    ("rom = 3 3", None),             # the corrected line would not compile either
])
def test_syntax_hint(line, hint):
    from saessak.cli import syntax_hint

    with pytest.raises(SyntaxError) as info:
        compile(line + "\n", "script.py", "exec")
    got = syntax_hint(info.value)
    if hint is None:
        assert got is None
    else:
        assert got.startswith(f"Did you mean `{hint}`?")


def test_run_explains_a_misspelled_keyword_in_a_notebook(tmp_path):
    import json

    notebook = {"cells": [{"cell_type": "code", "source": ["imoprt numpy as np\n"], "metadata": {},
                           "outputs": [], "execution_count": None}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "typo.ipynb"
    path.write_text(json.dumps(notebook))
    out = _run(["run", str(path)], tmp_path)
    assert out.returncode == 1
    assert "SyntaxError" in out.stderr and "Did you mean `import numpy as np`?" in out.stderr
    assert "Traceback" not in out.stderr  # Python's report of the error, not saessak's frames

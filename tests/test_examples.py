"""Every script in examples/ runs (with --quick) and prints what it promises.

Each example runs in a subprocess, in a temporary folder (they write plots, checkpoints and
logs in the current folder), offline, with MNIST taken from the project's shared Keras cache.
"""

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
KERAS_HOME = SHARED / "keras_home"
MNIST = KERAS_HOME / "datasets" / "mnist.npz"
SONAR = SHARED / "datasets" / "sonar.csv"
WINE = SHARED / "datasets" / "winequality-red.csv"

# script, data it needs, regular expressions its output must match, files it must write.
CASES = [
    ("01_tensors_and_function.py", None,
     [r"dy/dx of x\*\*2 at x=3: 6\.0", r"square_pos\(-2\.0\) = 2\.0", r"w = 2\.0000"], []),
    ("02_perceptron_or_xor.py", None,
     [r"OR learned: \[0, 1, 1, 1\]", r"XOR learned: \[0, 1, 1, 0\]"], []),
    ("03_sonar_classifier.py", SONAR,
     [r"epochs: 20;", r"test accuracy 0\.[6-9]"], ["sonar_loss.png", "sonar_accuracy.png"]),
    ("04_mnist_sequential.py", MNIST, [r"test accuracy 0\.[3-9]", r"first test image: predicted \d"], []),
    ("05_mnist_functional.py", MNIST, [r"test accuracy 0\.[5-9]", r"hidden features of 3 test images: shape \(3, 64\)"],
     []),
    ("06_mnist_gradient_tape.py", MNIST, [r"test accuracy 0\.[5-9]", r"train_step was traced \d+ times"], []),
    ("07_dropout_checkpoint_earlystopping.py", MNIST,
     [r"best-model\.keras reloaded: validation loss \d", r"test accuracy 0\.[5-9]"], ["best-model.keras"]),
    ("08_tensorboard.py", MNIST, [r"train/events\.out\.tfevents\.", r"validation/events\.out\.tfevents\.",
                                  r"epoch_loss: \[\d"], []),
    ("10_save_and_reload.py", MNIST,
     [r"\.keras: predictions identical", r"\.h5: predictions identical", r"weights: predictions identical"],
     ["model.keras", "model.h5", "model.weights.h5"]),
    # The seed's Pipeline + KFold + GridSearchCV(n_jobs=-1) with the scikit-learn wrappers.
    ("wine_regression_gridsearch.py", WINE, [r"using \{'mlp__optimizer'"], []),
]


def _env():
    env = dict(os.environ)
    env.update({
        "KERAS_HOME": str(KERAS_HOME),
        "SAESSAK_DATASETS_MIRROR": str(KERAS_HOME / "datasets"),
        "SAESSAK_OFFLINE": "1",
        "MPLBACKEND": "Agg",
        # Small matrices: one BLAS thread each avoids oversubscribing the test machine's cores.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONIOENCODING": "utf-8",
    })
    return env


@pytest.mark.parametrize("script,data,patterns,files", CASES, ids=[c[0].removesuffix(".py") for c in CASES])
def test_example_runs(script, data, patterns, files, tmp_path):
    path = EXAMPLES / script
    if not path.exists():
        pytest.skip(f"{script} is not in examples/")
    if data is not None and not data.exists():
        pytest.skip(f"{script} needs {data}, which this checkout does not have")
    if "--quick" not in path.read_text(encoding="utf-8"):
        pytest.skip(f"{script} has no --quick mode yet")
    result = subprocess.run([sys.executable, str(path), "--quick"], cwd=tmp_path, env=_env(),
                            capture_output=True, text=True, encoding="utf-8", timeout=180)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{script} --quick exited with {result.returncode}:\n{output[-4000:]}"
    for pattern in patterns:
        assert re.search(pattern, output), f"{script}: no line matching {pattern!r} in its output:\n{output[-4000:]}"
    for name in files:
        assert (tmp_path / name).is_file(), f"{script} did not write {name}"

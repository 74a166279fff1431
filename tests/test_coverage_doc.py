"""docs/coverage.md must match the code: adding or removing a TF/Keras name means regenerating it."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_coverage_doc_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "coverage.py"), "--check"],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    if result.returncode != 0:
        # The script's message says what changed and the command that regenerates the file.
        pytest.fail(result.stderr + result.stdout, pytrace=False)

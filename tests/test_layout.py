"""The architecture rules that keep the tree readable, checked mechanically."""

import ast
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PKG = ROOT / "saessak"


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_only_the_backend_imports_numpy():
    offenders = [
        str(p.relative_to(ROOT)) for p in PKG.rglob("*.py")
        if "backend" not in p.relative_to(PKG).parts[:1]
        and any(m == "numpy" or m.startswith("numpy.") for m in _imports(p))
    ]
    assert offenders == [], f"import the array module via saessak.backend (xp) instead: {offenders}"


def test_engine_does_not_import_upper_layers():
    offenders = []
    for p in (PKG / "engine").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        for layer in ("..ops", "..keras", "..data", "saessak.keras", "saessak.ops"):
            if f"from {layer}" in text and p.name != "gradcheck.py":
                offenders.append(f"{p.name}: {layer}")
    assert offenders == []


def test_import_is_fast_and_light():
    code = "import time, sys; t = time.perf_counter(); import saessak; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 2.0  # generous for a loaded CI box; benchmarks track the real figure
    mods = subprocess.run([sys.executable, "-c", "import saessak, sys; print(' '.join(sys.modules))"],
                          capture_output=True, text=True, check=True).stdout.split()
    assert not {"tensorflow", "torch", "keras", "scipy", "pandas", "matplotlib"} & set(mods)


# ruff from the test interpreter's own environment (even when that is not on PATH), else PATH's
RUFF = shutil.which("ruff", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is part of the [test] extra")
def test_ruff_clean():
    out = subprocess.run([RUFF, "check", "saessak", "tests", "tools", "benchmarks", "examples"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr

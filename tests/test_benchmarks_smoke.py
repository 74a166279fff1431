"""Smoke test of the benchmark suite: benchmarks/run.py --quick on saessak and the NumPy reference.

No peer framework is needed (TensorFlow and PyTorch are never test dependencies); the workloads
run on small slices, so the numbers are not measurements, only proof that the suite runs, that
saessak and the reference train, and that the table and the JSON come out.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_prints_the_table(tmp_path):
    out = tmp_path / "bench.json"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--workloads", "W1,W5",
           "--frameworks", "saessak,numpy", "--repeats", "1", "--json", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = proc.stdout
    assert "machine:" in text and "cores" in text
    for row in ("W1        saessak", "W1        NumPy reference", "W5        saessak", "W5        NumPy reference"):
        assert row in text, text
    assert "s/epoch" in text and "s total" in text
    assert "failed" not in text, text
    assert "targets:" in text and "W1 fit within 1.3x of NumPy reference" in text

    data = json.loads(out.read_text())
    for key in ("W1/saessak", "W1/numpy", "W5/saessak", "W5/numpy"):
        (result,) = data["runs"][key]
        assert "error" not in result, result
        assert result["peak_rss_mb"] > 0
    w1 = data["runs"]["W1/saessak"][0]
    assert len(w1["epoch_times"]) == 2 and w1["per_epoch"] > 0
    assert w1["test_accuracy"] > 0.5  # 2 quick epochs on 1,600 images already learn MNIST
    assert data["runs"]["W1/numpy"][0]["test_accuracy"] > 0.5

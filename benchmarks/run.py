"""saessak's benchmark suite (issue 7): workloads W1-W8 on saessak and, when installed, on its peers.

Every (framework, workload, seed) runs in a fresh interpreter (workloads.py), so that the peak RSS
and the first-epoch time are that run's alone; the runner collects the JSON results and prints
medians over the repeats, the ratios saessak / peer, the targets met or missed, and the machine
line.  Repeat r uses seed r.  The frameworks:

* ``saessak`` and ``numpy`` (the hand-fused NumPy reference, numpy_ref.py) run with ``--python``
  (default: this interpreter);
* ``tf`` (TensorFlow/Keras) with ``--python-tf`` (default ``$SAESSAK_BENCH_TF_PYTHON``);
* ``torch`` (a plain PyTorch loop) and ``keras-torch`` (Keras 3 on the torch backend) with
  ``--python-torch`` (default ``$SAESSAK_BENCH_TORCH_PYTHON``).

A peer whose interpreter is not given, or lacks the package, is skipped with a note.  MNIST is
read from ``$KERAS_HOME/datasets/mnist.npz`` (else ``../shared/keras_home``, ``~/.keras``, or the
4,000-image sample shipped with saessak).

Examples:

    python benchmarks/run.py --quick --workloads W1,W5 --frameworks saessak,numpy   # smoke test
    SAESSAK_BENCH_TF_PYTHON=/tmp/tfvenv/bin/python python benchmarks/run.py --repeats 3 \\
        --workloads W1,W3,W5,W6,W8 --markdown
    python benchmarks/run.py --workloads none --sizes --memory-growth                  # checks only
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import checks  # noqa: E402
import report  # noqa: E402
from workloads import FRAMEWORKS, WORKLOADS  # noqa: E402

NEEDS = {"saessak": ("numpy",), "numpy": ("numpy",), "tf": ("tensorflow", "keras"),
         "torch": ("torch",), "keras-torch": ("keras", "torch")}


def _has_modules(python, modules):
    code = ("import importlib.util, sys; "
            f"sys.exit(0 if all(importlib.util.find_spec(m) for m in {list(modules)!r}) else 1)")
    try:
        return subprocess.run([python, "-c", code], capture_output=True, timeout=60,
                              check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def interpreters(args):
    """``{framework: python}`` for the frameworks that can run, and ``{framework: why}`` for the rest."""
    given = {"saessak": args.python, "numpy": args.python, "tf": args.python_tf,
             "torch": args.python_torch, "keras-torch": args.python_torch}
    ok, skipped = {}, {}
    for fw in args.frameworks:
        python = given[fw]
        if not python:
            flag = "--python-tf" if fw == "tf" else "--python-torch"
            skipped[fw] = f"no interpreter given ({flag} or its environment variable)"
        elif not Path(python).exists():
            skipped[fw] = f"{python} not found"
        elif not _has_modules(python, NEEDS[fw]):
            skipped[fw] = f"{python} lacks {' / '.join(NEEDS[fw])}"
        else:
            ok[fw] = python
    return ok, skipped


def child_env(args):
    env = dict(os.environ)
    if args.unset_openblas_env:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if args.threads:
        # every framework capped alike: BLAS / OpenMP pools here, torch and TF in the children
        for var in ("SAESSAK_BENCH_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(args.threads)
    shared = ROOT.parent / "shared" / "keras_home"
    if "KERAS_HOME" not in env and shared.is_dir():
        env["KERAS_HOME"] = str(shared)
    return env


def run_child(python, framework, workload, seed, args, env):
    cmd = [python, str(HERE / "workloads.py"), "--framework", framework, "--workload", workload,
           "--seed", str(seed)]
    if args.quick:
        cmd.append("--quick")
    if args.epochs:
        cmd += ["--epochs", str(args.epochs)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env,
                              timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH_RESULT ")]
    if proc.returncode or not lines:
        tail = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        return {"error": tail[-300:]}
    return json.loads(lines[-1][len("BENCH_RESULT "):])


def load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "unknown"


def commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=ROOT, timeout=10, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "saessak", "benchmarks"],
                               capture_output=True, text=True, cwd=ROOT, timeout=10, check=False)
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("Examples:")[1])
    parser.add_argument("--workloads", default=",".join(WORKLOADS),
                        help="comma-separated, e.g. W1,W5 ('none' for the checks only)")
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS),
                        help=f"comma-separated subset of {','.join(FRAMEWORKS)}")
    parser.add_argument("--repeats", type=int, default=3, help="runs per (framework, workload); seed = run index")
    parser.add_argument("--epochs", type=int, default=None, help="override the workloads' epoch counts")
    parser.add_argument("--quick", action="store_true", help="small slices and 2 epochs (a smoke test)")
    parser.add_argument("--python", default=sys.executable, help="interpreter for saessak and numpy")
    parser.add_argument("--python-tf", default=os.environ.get("SAESSAK_BENCH_TF_PYTHON"))
    parser.add_argument("--python-torch", default=os.environ.get("SAESSAK_BENCH_TORCH_PYTHON"))
    parser.add_argument("--unset-openblas-env", action="store_true",
                        help="run the children without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE")
    parser.add_argument("--threads", type=int, default=0,
                        help="cap every framework at N threads (BLAS, OpenMP, torch, TF); 0: their defaults")
    parser.add_argument("--sizes", action="store_true",
                        help="also measure installed sizes (pip install . into a temporary venv)")
    parser.add_argument("--memory-growth", action="store_true",
                        help="also run 1,000 fit(epochs=1)/predict calls and report the RSS growth")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed to one child")
    parser.add_argument("--json", metavar="OUT", help="write all results to this JSON file")
    parser.add_argument("--markdown", action="store_true",
                        help="rewrite the results table in benchmarks/README.md")
    parser.add_argument("--from-json", metavar="IN",
                        help="run nothing: print (and with --markdown record) the results saved by --json")
    args = parser.parse_args(argv)
    args.workloads = [] if args.workloads.lower() == "none" else [
        w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    args.frameworks = [f.strip() for f in args.frameworks.split(",") if f.strip()]
    for w in args.workloads:
        if w not in WORKLOADS:
            parser.error(f"unknown workload {w!r}; expected some of {', '.join(WORKLOADS)}")
    for f in args.frameworks:
        if f not in FRAMEWORKS:
            parser.error(f"unknown framework {f!r}; expected some of {', '.join(FRAMEWORKS)}")
    return args


def publish(args, meta, runs, checks_out, skipped):
    rows = report.aggregate(runs)
    targets = report.targets(rows, checks_out, meta["quick"])
    print()
    print(report.render_text(meta, rows, targets, checks_out, skipped))
    if args.json and not args.from_json:
        payload = {"meta": meta, "skipped": skipped, "checks": checks_out, "targets": targets,
                   "runs": {f"{w}/{f}": r for (w, f), r in runs.items()}}
        Path(args.json).write_text(json.dumps(payload, indent=1), encoding="utf-8")
    if args.markdown:
        path = HERE / "README.md"
        report.write_markdown(path, report.render_markdown(meta, rows, targets, checks_out, skipped))
        print(f"table written to {path}")


def main(argv=None):
    args = parse_args(argv)
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        runs = {tuple(k.split("/")): v for k, v in saved["runs"].items()}
        publish(args, saved["meta"], runs, saved["checks"], saved["skipped"])
        return 0
    from machine import machine_line

    env = child_env(args)
    meta = {"date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "machine": machine_line(), "commit": commit(), "load_before": load_average(),
            "command": "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "quick": args.quick, "repeats": args.repeats, "threads": args.threads or "default",
            "unset_openblas_env": args.unset_openblas_env}
    print(f"machine: {meta['machine']}")
    print(f"commit {meta['commit']}, {meta['date']}, load average before: {meta['load_before']}")
    pythons, skipped = interpreters(args)
    for fw, why in skipped.items():
        print(f"  {fw}: skipped ({why})")

    runs = {}  # (workload, framework) -> [result per seed]
    started = time.perf_counter()
    for seed in range(args.repeats):  # repeats outermost: load drift spreads over all frameworks
        for workload in args.workloads:
            for fw, python in pythons.items():
                result = run_child(python, fw, workload, seed, args, env)
                runs.setdefault((workload, fw), []).append(result)
                status = result.get("error") or result.get("skipped") or f"{result.get('wall', 0):.1f} s"
                print(f"  [{seed + 1}/{args.repeats}] {workload} {fw}: {status}", flush=True)

    checks_out = {}
    if "saessak" in pythons or not args.frameworks or args.sizes or args.memory_growth:
        checks_out["import"] = checks.import_time(args.python, 1 if args.quick else 5, env)
    if args.sizes:
        print("  measuring installed sizes (pip install . into a temporary venv)...", flush=True)
        checks_out["sizes"] = checks.installed_sizes(args.python)
    if args.memory_growth:
        calls = 100 if args.quick else 1000
        print(f"  memory growth: {calls} x fit(epochs=1) + predict...", flush=True)
        checks_out["memory"] = checks.memory_growth(args.python, calls, env)
    meta["load_after"] = load_average()
    meta["minutes"] = (time.perf_counter() - started) / 60

    publish(args, meta, runs, checks_out, skipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())


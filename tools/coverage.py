"""Generate docs/coverage.md: which TensorFlow/Keras public names saessak implements.

    python tools/coverage.py            # rewrite docs/coverage.md
    python tools/coverage.py --check    # exit 1 if docs/coverage.md is stale (used by the tests)

The list of names is ``tools/tf_public_names.json``, recorded from a real TensorFlow/Keras by
``tools/list_tf_names.py``; this script needs no TensorFlow.  For every recorded name it walks
the same path on saessak (``tf.nn.relu`` -> ``saessak.nn.relu``, ``keras.layers.Dense`` ->
``saessak.keras.layers.Dense``).  A name is

* supported (✅) when it resolves without raising ``AttributeError`` (saessak's
  ``UnsupportedAPIError`` is one) or ``ImportError``;
* partial (🟡) when it resolves and ``PARTIAL`` below gives a one-line reason: what part of
  the TF/Keras API it lacks.  Behaviour that differs on purpose is in docs/differences.md;
* missing (❌) otherwise (a ``PARTIAL`` entry for a name saessak does not export yet is
  kept for when it lands and has no effect until then).

Whoever adds an API regenerates the document; whoever learns of a gap in an implemented one
adds it to ``PARTIAL`` (keys are full public names, as users write them).
"""

import argparse
import difflib
import importlib
import json
import pathlib
import sys
import types

ROOT = pathlib.Path(__file__).resolve().parents[1]
NAMES_FILE = ROOT / "tools" / "tf_public_names.json"
DOC = ROOT / "docs" / "coverage.md"
COMMAND = "python tools/coverage.py"

# Implemented names that lack part of the TF/Keras API: "<namespace>.<name>": one-line reason.
PARTIAL = {
    # Engine (docs/differences.md, saessak/engine/function.py)
    "tf.function": "no AutoGraph: Python control flow on tensor values records guards and retraces "
                   "instead of becoming graph ops; one trace per concrete input shape",
    "tf.GradientTape": "`jacobian` runs eagerly only (not inside `function`)",
    # Linear algebra (saessak/ops/linalg_ops.py)
    "tf.matmul": "`adjoint_a`/`adjoint_b` on complex inputs not supported",
    "tf.linalg.matmul": "`adjoint_a`/`adjoint_b` on complex inputs not supported",
    "tf.linalg.diag_part": "`k != 0` (off-diagonals) not supported",
    "tf.linalg.diag": "`k`, `num_rows`, `num_cols` not supported",
    # Convolution and pooling (saessak/ops/conv_ops.py, pool_ops.py)
    "tf.nn.convolution": "1-D and 2-D only (no 3-D)",
    "tf.nn.max_pool": "1-D and 2-D only (no 3-D)",
    "tf.nn.avg_pool": "1-D and 2-D only (no 3-D)",
    # tf.data (saessak/data/structure.py)
    "tf.data.Dataset.from_tensor_slices": "numbers and booleans only (no string elements)",
    "tf.data.Dataset.from_tensors": "numbers and booleans only (no string elements)",
    "tf.data.Dataset.from_generator": "numbers and booleans only (no string elements)",
    # Keras
    "keras.Model": "a subclass may not pass `inputs`/`outputs` to `Model.__init__`",
    "keras.callbacks.TensorBoard": "`profile_batch` (profiling) is ignored with a warning",
    "keras.layers.Dense": "LoRA and quantization not supported (`lora_rank` is accepted and ignored)",
    "keras.layers.EinsumDense": "LoRA and quantization not supported",
    "keras.layers.Embedding": "LoRA and quantization not supported",
    "keras.layers.Conv1D": "LoRA (`lora_rank`) not supported",
    "keras.layers.Conv2D": "LoRA (`lora_rank`) not supported",
    "keras.layers.UpSampling2D": "`interpolation` other than 'nearest'/'bilinear' not supported",
    "keras.layers.Resizing": "only 'bilinear'/'nearest' `interpolation`; `antialias=True` not supported",
}

ICON = {"supported": "✅", "partial": "🟡", "missing": "❌"}


def load_names():
    return json.loads(NAMES_FILE.read_text())


def saessak_roots():
    sys.path.insert(0, str(ROOT))  # this checkout's saessak, installed or not
    import saessak
    from saessak import keras

    return {"tf": saessak, "keras": keras}


def resolve_namespace(dotted, roots):
    """The saessak object for a TF/Keras namespace, and a note if it is not a plain attribute."""
    parts = dotted.split(".")
    obj, note = roots[parts[0]], None
    for i, part in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, part)
            continue
        except (AttributeError, ImportError):
            pass
        # Not an attribute: an importable submodule still serves `from keras.x import Y`.
        module = f"{obj.__name__}.{part}" if isinstance(obj, types.ModuleType) else None
        try:
            obj = importlib.import_module(module) if module else None
        except ImportError:
            obj = None
        if obj is None:
            return None, f"`{'.'.join(parts[:i + 1])}` does not exist in saessak"
        note = (f"`{'.'.join(parts[:i + 1])}` is not an attribute of `{'.'.join(parts[:i])}` until "
                f"`import {module}` has run")
    return obj, note


def status_of(namespace_obj, name, tf_kind):
    if namespace_obj is None:
        return False
    try:
        value = getattr(namespace_obj, name)
    except (AttributeError, ImportError):  # UnsupportedAPIError is an AttributeError
        return False
    # Guard against a helper that merely shares the name (an imported module, a None placeholder).
    if isinstance(value, types.ModuleType) and tf_kind != "module":
        return False
    return not (value is None and tf_kind != "constant")


def collect(data):
    roots = saessak_roots()
    known = set()
    tables = []
    for entry in data["namespaces"]:
        dotted = entry["namespace"]
        obj, note = resolve_namespace(dotted, roots)
        tf_keras_only = set(entry.get("tf_keras_only", ()))
        rows = []
        for name, kind in entry["names"].items():
            full = f"{dotted}.{name}"
            known.add(full)
            if not status_of(obj, name, kind):
                status, reason = "missing", ""
            elif full in PARTIAL:
                status, reason = "partial", PARTIAL[full]
            else:
                status, reason = "supported", ""
            if name in tf_keras_only:
                reason = "(a `tf.keras` name, not in Keras 3)" + (f"; {reason}" if reason else "")
            rows.append((name, kind, status, reason))
        tables.append({"namespace": dotted, "note": note, "rows": rows})
    problems = []
    for full in sorted(PARTIAL):
        if full not in known:
            close = difflib.get_close_matches(full, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(f"PARTIAL names {full}, which is not in {NAMES_FILE.name}{hint}")
    return tables, problems


def counts(rows):
    c = {"supported": 0, "partial": 0, "missing": 0}
    for row in rows:
        c[row[2]] += 1
    return c


def percent(c):
    total = sum(c.values())
    return f"{100 * (c['supported'] + c['partial']) / total:.0f}%" if total else "-"


def anchor(namespace):
    # GitHub's heading anchors: lower case, dots dropped.
    return namespace.replace(".", "").lower()


def render(data, tables):
    tf_v, keras_v = data["tensorflow_version"], data["keras_version"]
    out = [
        "# API coverage",
        "",
        "<!-- Generated file: do not edit. Regenerate with `python tools/coverage.py`. -->",
        "",
        f"Which public names of TensorFlow {tf_v} and Keras {keras_v} saessak implements. "
        f"Generated by `{COMMAND}` from the code itself: for each name recorded in "
        "`tools/tf_public_names.json` (taken from TensorFlow "
        f"{tf_v} / Keras {keras_v} by `tools/list_tf_names.py`) it looks the same path up on "
        "saessak (`tf.nn.relu` → `saessak.nn.relu`, `keras.layers.Dense` → "
        "`saessak.keras.layers.Dense`). A test (`tests/test_coverage_doc.py`) fails when this "
        "file is stale.",
        "",
        "- ✅ supported: the name exists in saessak (differences in behaviour, if any, are in "
        "[differences.md](differences.md));",
        "- 🟡 partial: the name exists but lacks part of its API (the reason is given; the list "
        "is `PARTIAL` in `tools/coverage.py`);",
        "- ❌ missing: using it raises `saessak.errors.UnsupportedAPIError` (an `AttributeError`).",
        "",
        "Names from `tf.keras` (what `import tensorflow as tf; tf.keras` gives in TF 2.21) are "
        "counted under `keras`: `saessak run` maps both to `saessak.keras`. String tensors are "
        "not supported anywhere in saessak.",
        "",
        "## Summary",
        "",
        "| namespace | ✅ supported | 🟡 partial | ❌ missing | total | covered |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    grand = {"supported": 0, "partial": 0, "missing": 0}
    for table in tables:
        c = counts(table["rows"])
        for k in grand:
            grand[k] += c[k]
        ns = table["namespace"]
        out.append(f"| [`{ns}`](#{anchor(ns)}) | {c['supported']} | {c['partial']} | {c['missing']} "
                   f"| {sum(c.values())} | {percent(c)} |")
    out.append(f"| **all** | **{grand['supported']}** | **{grand['partial']}** | **{grand['missing']}** "
               f"| **{sum(grand.values())}** | **{percent(grand)}** |")
    out += [
        "",
        "\"covered\" counts supported and partial names.",
        "",
        "## Namespaces not covered",
        "",
        "These TF/Keras namespaces are not tabulated (TensorFlow internals, graph-mode and "
        "distribution machinery, and families saessak does not aim at yet); the count is the "
        "number of public names directly inside each. Other names for tabulated namespaces: "
        + ", ".join(f"`{a}` = `{t}`" for a, t in data["aliases"].items()) + ".",
        "",
        "| namespace | public names |",
        "| --- | ---: |",
    ]
    out += [f"| `{ns}` | {n} |" for ns, n in data["not_covered"].items()]
    for table in tables:
        ns = table["namespace"]
        c = counts(table["rows"])
        out += ["", f"## {ns}", "",
                f"{c['supported']} supported, {c['partial']} partial, {c['missing']} missing "
                f"({percent(c)} covered)."]
        if table["note"]:
            out += ["", f"Note: {table['note']}."]
        out += ["", "| name | kind | status |", "| --- | --- | --- |"]
        for name, kind, status, reason in table["rows"]:
            text = ICON[status] + (f" {reason}" if reason else "")
            out.append(f"| `{ns}.{name}` | {kind} | {text} |")
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if docs/coverage.md differs from what would be written")
    args = parser.parse_args(argv)
    data = load_names()
    tables, problems = collect(data)
    text = render(data, tables)
    if problems:
        for problem in problems:
            print(f"coverage.py: {problem}; fix PARTIAL in tools/coverage.py", file=sys.stderr)
        return 1
    if args.check:
        current = DOC.read_text() if DOC.exists() else ""
        if current != text:
            diff = difflib.unified_diff(current.splitlines(), text.splitlines(), "docs/coverage.md (committed)",
                                        "docs/coverage.md (from the code)", lineterm="", n=0)
            lines = [line for line in diff if not line.startswith("@@")]
            shown = "\n".join(lines[:40]) + ("\n..." if len(lines) > 40 else "")
            print(f"docs/coverage.md is stale: saessak gained or lost a TF/Keras name, or PARTIAL in "
                  f"tools/coverage.py changed, since it was generated.\n"
                  f"Fix: run `{COMMAND}` from the repository root and commit docs/coverage.md with "
                  f"your change.\n{shown}", file=sys.stderr)
            return 1
        print("docs/coverage.md is up to date.")
        return 0
    DOC.write_text(text)
    total = {"supported": 0, "partial": 0, "missing": 0}
    for table in tables:
        for k, v in counts(table["rows"]).items():
            total[k] += v
    print(f"wrote {DOC.relative_to(ROOT)}: {total['supported']} supported, {total['partial']} partial, "
          f"{total['missing']} missing ({percent(total)} covered)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

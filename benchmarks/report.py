"""Medians over the repeats, ratios saessak / peer, the issue's targets, and the text and Markdown
tables of run.py.

Each workload has one main time: the steady seconds per epoch (median of the epochs after the
first) for the training workloads, the total ``fit`` time for W5 (start-up included), and the
seconds per predict pass over the test images for W6 (one row per batch size).  The first epoch
(or first predict call) is reported beside it.  Ratios are saessak's time over the peer's: below 1
saessak is faster.
"""

import re
import statistics

from workloads import FRAMEWORKS, WORKLOADS

NAMES = {"saessak": "saessak", "numpy": "NumPy reference", "tf": "TensorFlow/Keras",
         "keras-torch": "Keras 3 (torch)", "torch": "PyTorch loop"}
BEGIN, END = "<!-- bench:begin", "<!-- bench:end -->"  # one block per thread setting


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _expand(workload, result):
    """``[(key, time, first)]`` for one child's result (W6 gives one entry per batch size)."""
    kind = WORKLOADS[workload]["kind"]
    if kind == "predict":
        return [(f"{workload} b{b}", _median(r["times"]), r["first"])
                for b, r in result.get("predict", {}).items()]
    if kind == "xor":
        return [(workload, result.get("total"), None)]
    return [(workload, result.get("per_epoch"), result.get("first_epoch"))]


def aggregate(runs):
    """One row per (workload key, framework), medians over the seeds, plus saessak ratios."""
    rows = {}
    for (workload, fw), results in runs.items():
        for result in results:
            if "error" in result or "skipped" in result:
                key = (workload, fw)
                row = rows.setdefault(key, _new_row(workload, workload, fw))
                row["notes"].add(f"skipped: {result['skipped']}" if "skipped" in result
                                 else f"failed: {result['error']}")
                continue
            for key, t, first in _expand(workload, result):
                row = rows.setdefault((key, fw), _new_row(workload, key, fw))
                row["times"].append(t)
                row["firsts"].append(first)
                row["accs"].append(result.get("test_accuracy"))
                row["rss"].append(result.get("peak_rss_mb"))
                if result.get("train_peak_rss_mb") is not None:
                    row["rss_added"].append(result["train_peak_rss_mb"] - result["data_rss_mb"])
                row["version"], row["blas"], row["data"] = (result.get("version"), result.get("blas"),
                                                            result.get("data"))
    order = {fw: i for i, fw in enumerate(FRAMEWORKS)}
    def sort_key(k):
        batch = k[0].split(" b")[1] if " b" in k[0] else "0"
        return list(WORKLOADS).index(rows[k]["workload"]), int(batch), order[k[1]]

    keys = sorted(rows, key=sort_key)
    out = []
    for key in keys:
        row = rows[key]
        row.update(time=_median(row["times"]), first=_median(row["firsts"]), acc=_median(row["accs"]),
                   acc_mean=_mean(row["accs"]), peak_rss=_median(row["rss"]),
                   rss_added=_median(row["rss_added"]), n=len(row["times"]))
        out.append(row)
    by_key = {(r["key"], r["framework"]): r for r in out}
    for row in out:
        ours = by_key.get((row["key"], "saessak"))
        row["ratio"] = row["ratio_first"] = None
        if ours and row["framework"] != "saessak":
            if ours["time"] and row["time"]:
                row["ratio"] = ours["time"] / row["time"]
            if ours["first"] and row["first"]:
                row["ratio_first"] = ours["first"] / row["first"]
    return out


def _new_row(workload, key, fw):
    return {"workload": workload, "key": key, "framework": fw, "times": [], "firsts": [], "accs": [],
            "rss": [], "rss_added": [], "notes": set(), "version": None, "blas": None, "data": None}


def _find(rows, key, fw):
    for row in rows:
        if row["key"] == key and row["framework"] == fw and row["time"] is not None:
            return row
    return None


def targets(rows, checks, quick=False):
    """The issue's targets: ``[{"target", "value", "status"}]``, status met / missed / not measured."""
    out = []

    def add(target, value, ok):
        status = "not measured" if ok is None else ("met" if ok else "missed")
        out.append({"target": target, "value": value if ok is not None else "-", "status": status})

    def ratio(key, peer):
        ours, theirs = _find(rows, key, "saessak"), _find(rows, key, peer)
        return ours["time"] / theirs["time"] if ours and theirs else None

    for w in ("W1", "W2", "W3", "W8"):
        if not any(r["key"] == w for r in rows):
            continue
        r = ratio(w, "numpy")
        add(f"{w} fit within 1.3x of NumPy reference", _fmt_ratio(r), None if r is None else r <= 1.3)
        r = ratio(w, "tf")
        add(f"{w} at least 3x faster than TensorFlow", _fmt_ratio(r), None if r is None else r <= 1 / 3)
        r = ratio(w, "torch")
        add(f"{w} faster than the PyTorch loop", _fmt_ratio(r), None if r is None else r < 1)
        ours, tf = _find(rows, w, "saessak"), _find(rows, w, "tf")
        if ours and tf and not quick and ours["acc_mean"] is not None and tf["acc_mean"] is not None:
            diff = 100 * (ours["acc_mean"] - tf["acc_mean"])
            add(f"{w} test accuracy within 0.5 points of TensorFlow (mean over {ours['n']} seeds)",
                f"{diff:+.2f} points", abs(diff) <= 0.5)
        else:
            add(f"{w} test accuracy within 0.5 points of TensorFlow", "-", None)
    if any(r["key"] == "W4" for r in rows):
        r = ratio("W4", "numpy")
        add("W4 within 1.1x of NumPy reference", _fmt_ratio(r), None if r is None else r <= 1.1)
    if any(r["key"] == "W5" for r in rows):
        r = ratio("W5", "tf")
        add("W5 at least 10x faster than TensorFlow", _fmt_ratio(r), None if r is None else r <= 0.1)
    for b in (32, 1024):
        if any(r["key"] == f"W6 b{b}" for r in rows):
            r = ratio(f"W6 b{b}", "tf")
            add(f"W6 predict at batch {b} at least as fast as TensorFlow", _fmt_ratio(r),
                None if r is None else r <= 1)
    imp = checks.get("import", {}).get("median")
    if "import" in checks:
        add("import saessak under 0.3 s", f"{imp:.3f} s" if imp else "-", None if imp is None else imp < 0.3)
    sizes = checks.get("sizes", {})
    if "saessak_mb" in sizes:
        add("saessak's installed files under 5 MB", f"{sizes['saessak_mb']:.2f} MB", sizes["saessak_mb"] < 5)
        add("dependency closure (NumPy, h5py) under 100 MB", f"{sizes['dependencies_mb']:.1f} MB",
            sizes["dependencies_mb"] < 100)
    ours, ref = _find(rows, "W1", "saessak"), _find(rows, "W1", "numpy")
    if ours and ref and ours["peak_rss"] and ref["peak_rss"]:
        r = ours["peak_rss"] / ref["peak_rss"]
        extra = ""
        if ours.get("rss_added") is not None and ref.get("rss_added") is not None:
            extra = (f" (above the loaded data: {max(0.0, ours['rss_added']):.0f} MB vs "
                     f"{max(0.0, ref['rss_added']):.0f} MB)")
        add("W1 peak RSS under 1.5x the NumPy reference", f"{r:.2f}x{extra}", r < 1.5)
    mem = checks.get("memory", {})
    if "growth_mb" in mem:
        add(f"{mem['calls']} fit/predict calls grow RSS by at most 50 MB", f"{mem['growth_mb']:+.1f} MB",
            mem["growth_mb"] <= 50 if mem["calls"] >= 1000 else None)
    return out


def _fmt_ratio(r):
    return "-" if r is None else f"{r:.2f}x"


def _fmt(v, spec=".3f", unit=""):
    return "-" if v is None else f"{v:{spec}}{unit}"


def _metric(workload):
    kind = WORKLOADS[workload]["kind"]
    return {"xor": "s total", "predict": "s/pass"}.get(kind, "s/epoch")


def _table_rows(rows):
    for row in rows:
        if row["time"] is None:
            word = "failed" if any(n.startswith("failed") for n in row["notes"]) else "skipped"
            yield [row["key"], NAMES[row["framework"]], f"{word} (see below)", "-", "-", "-", "-", "-"]
            continue
        yield [row["key"], NAMES[row["framework"]],
               f"{row['time']:.4f} {_metric(row['workload'])}",
               _fmt(row["first"], ".3f", " s"),
               _fmt(None if row["acc"] is None else 100 * row["acc"], ".2f", "%"),
               _fmt(row["peak_rss"], ".0f", " MB") + (
                   "" if row.get("rss_added") is None else f" (+{max(0.0, row['rss_added']):.0f})"),  # training's own
               _fmt_ratio(row["ratio"]), _fmt_ratio(row["ratio_first"])]


HEADER = ["workload", "framework", "time (median)", "first epoch/call", "test acc", "peak RSS (+ above data)",
          "saessak/this", "saessak/this (first)"]


def _versions(rows):
    seen = {}
    for row in rows:
        if row["version"]:
            seen.setdefault(row["framework"], (row["version"], row["blas"]))
    return seen


def _notes(rows):
    return [f"{row['key']} {NAMES[row['framework']]}: {note}" for row in rows for note in sorted(row["notes"])]


def _checks_lines(checks):
    lines = []
    imp = checks.get("import", {})
    if "median" in imp:
        lines.append(f"import saessak: {imp['median']:.3f} s (median of {len(imp['runs'])} fresh interpreters)")
    sizes = checks.get("sizes", {})
    if "saessak_mb" in sizes:
        lines.append(f"installed size: saessak {sizes['saessak_mb']:.2f} MB ({sizes['saessak_source_mb']:.2f} MB "
                     f"without __pycache__); dependencies {sizes['dependencies_mb']:.1f} MB "
                     f"({', '.join(sizes['distributions'])})")
    mem = checks.get("memory", {})
    if "growth_mb" in mem:
        marks = ", ".join(f"after {k}: {v:.0f} MB" for k, v in mem["rss_mb"].items())
        lines.append(f"memory growth over {mem['calls']} fit(epochs=1)+predict calls: {mem['growth_mb']:+.1f} MB "
                     f"({marks}; {mem['seconds']:.1f} s)")
    for name, value in checks.items():
        if isinstance(value, dict) and "error" in value:
            lines.append(f"{name}: failed ({value['error']})")
    return lines


def render_text(meta, rows, targets, checks, skipped):
    table = [HEADER] + list(_table_rows(rows))
    widths = [max(len(str(r[i])) for r in table) for i in range(len(HEADER))]
    lines = [f"machine: {meta['machine']}",
             f"commit {meta['commit']}, {meta['date']}, load average before {meta['load_before']}, "
             f"after {meta['load_after']}; {meta['repeats']} repeat(s), threads {meta['threads']}"
             f"{', QUICK slices' if meta['quick'] else ''}"]
    for fw, (version, blas) in _versions(rows).items():
        lines.append(f"  {NAMES[fw]}: {version}; BLAS {blas}")
    for fw, why in skipped.items():
        lines.append(f"  {NAMES[fw]}: skipped ({why})")
    lines.append("")
    for i, r in enumerate(table if rows else []):
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [""] + _notes(rows) + _checks_lines(checks)
    if targets:
        lines += ["", "targets:"]
        for t in targets:
            lines.append(f"  [{t['status']:>12}] {t['target']}: {t['value']}")
    return "\n".join(lines)


def render_markdown(meta, rows, targets, checks, skipped):
    lines = [f"{BEGIN} threads={meta['threads']} -->", "",
             f"### Threads: {meta['threads']}", "",
             f"Run of {meta['date']} on commit `{meta['commit']}`: `{meta['command']}`"
             f"{' (QUICK slices: not a measurement)' if meta['quick'] else ''}.", "",
             f"Machine: {meta['machine']}.  Load average before {meta['load_before']}, "
             f"after {meta['load_after']} (1, 5, 15 min).  Medians over {meta['repeats']} repeat(s); "
             f"threads: {meta['threads']}.", ""]
    for fw, (version, blas) in _versions(rows).items():
        lines.append(f"- {NAMES[fw]}: {version}; BLAS {blas}")
    for fw, why in skipped.items():
        lines.append(f"- {NAMES[fw]}: not measured ({why})")
    if rows:
        lines += ["", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in _table_rows(rows)]
    extra = _notes(rows) + _checks_lines(checks)
    if extra:
        lines += [""] + [f"- {line}" for line in extra]
    if targets:
        lines += ["", "| target | measured | status |", "|---|---|---|"]
        lines += [f"| {t['target']} | {t['value']} | {t['status']} |" for t in targets]
    lines += ["", END]
    return "\n".join(lines)


def write_markdown(path, block):
    """Replace the block of the same thread setting in ``path`` (or a placeholder block), else
    append it under "Latest results"."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    opening = block.splitlines()[0]
    for pattern in (re.escape(opening), re.escape(BEGIN) + r" -->"):
        found = re.search(pattern + ".*?" + re.escape(END), text, flags=re.S)
        if found:
            text = text[:found.start()] + block + text[found.end():]
            break
    else:
        if "## Latest results" not in text:
            text = text.rstrip() + "\n\n## Latest results\n"
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")

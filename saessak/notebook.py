"""Run a Jupyter notebook's code cells as one program (``saessak run notebook.ipynb``).

Cells run in order in one namespace, as in a kernel.  Lines starting with
``!`` (shell) or ``%`` (magics) are skipped and reported; figures that the
notebook would show are saved as PNG files beside it.
"""

import json
import pathlib
import sys


def code_cells(path):
    try:
        nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"saessak run: cannot read notebook {path}: {exc}") from None
    cells = nb.get("cells")
    if cells is None:  # nbformat 3 keeps cells under worksheets
        cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        yield "".join(source) if isinstance(source, list) else source


def strip_magics(source, cell_index, report):
    kept = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("!", "%")):
            report.append(f"cell {cell_index}: skipped {stripped.split()[0]!r} line: {stripped[:60]}")
            indent = line[: len(line) - len(stripped)]
            kept.append(indent + "pass")
        else:
            kept.append(line)
    return "\n".join(kept)


def _save_figures_instead_of_showing(path):
    try:
        import matplotlib  # noqa: PLC0415
    except ImportError:
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    stem = pathlib.Path(path).with_suffix("")
    counter = {"n": 0}

    def show(*args, **kwargs):
        for num in plt.get_fignums():
            counter["n"] += 1
            out = f"{stem}_figure{counter['n']}.png"
            plt.figure(num).savefig(out)
            print(f"[saessak run] figure saved to {out}")
        plt.close("all")

    plt.show = show


def run_notebook(path):
    _save_figures_instead_of_showing(path)
    namespace = {"__name__": "__main__", "__file__": str(path)}
    report = []
    for i, source in enumerate(code_cells(path), start=1):
        code = compile(strip_magics(source, i, report), f"{path} [cell {i}]", "exec")
        exec(code, namespace)  # noqa: S102 - running the user's own notebook is the point
    if "plt" in namespace or "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt  # noqa: PLC0415

        if plt.get_fignums():
            plt.show()
    for line in report:
        print(f"[saessak run] {line}")

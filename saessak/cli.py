"""The ``saessak`` command line: ``saessak run script.py|notebook.ipynb``, ``saessak demo``."""

import argparse
import difflib
import keyword
import os
import re
import runpy
import sys
import traceback


def demo(args):
    """Train the seeds' MLP on MNIST, evaluate it, save it, and plot the training curves."""
    from .demo import run as run_demo  # noqa: PLC0415

    accuracy = run_demo(args.out, epochs=args.epochs)
    return 0 if accuracy > 0.8 else 1


def engine_demo(args):
    """Fit a line y = 3x + 2 with GradientTape inside a compiled saessak.function."""
    import saessak as tf  # noqa: PLC0415

    tf.random.set_seed(0)
    x = tf.random.uniform((256, 1), -1.0, 1.0, seed=1)
    y = 3.0 * x + 2.0 + tf.random.normal((256, 1), stddev=0.05, seed=2)
    w = tf.Variable(0.0, name="w")
    b = tf.Variable(0.0, name="b")

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * x + b - y))
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(0.5 * dw)
        b.assign_sub(0.5 * db)
        return loss

    for step in range(1, args.steps + 1):
        loss = train_step(x, y)
        if step == 1 or step % max(1, args.steps // 5) == 0:
            print(f"step {step:3d}  loss {float(loss):.5f}  w {float(w):.4f}  b {float(b):.4f}")
    print("The compiled program saessak.function replays:")
    print(train_step.experimental_get_program_source()[0])
    return 0 if abs(float(w) - 3.0) < 0.05 and abs(float(b) - 2.0) < 0.05 else 1


def run(args):
    """Run a TensorFlow/Keras program unmodified, with its imports resolved to saessak."""
    from .compat import alias_tensorflow  # noqa: PLC0415

    path = args.script
    if not os.path.exists(path):
        print(f"saessak run: no such file: {path}", file=sys.stderr)
        return 2
    alias_tensorflow()
    if args.seed is not None:
        from .keras.utils import set_random_seed  # noqa: PLC0415

        set_random_seed(args.seed)  # Python's random, NumPy's global generator, saessak's streams
    sys.argv = [path] + list(args.args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        if path.endswith(".ipynb"):
            from .notebook import run_notebook  # noqa: PLC0415

            run_notebook(path)
        else:
            runpy.run_path(path, run_name="__main__")
    except SyntaxError as err:
        # Python's own report, without our frames, plus a hint for a misspelled keyword.
        sys.stderr.write("".join(traceback.format_exception_only(type(err), err)))
        hint = syntax_hint(err)
        if hint:
            print(hint, file=sys.stderr)
        return 1
    return 0


def syntax_hint(err):
    """A suggestion for a line that starts with a misspelled keyword (``rom x import y``), or None.

    Only offered when the corrected line compiles, so a real error elsewhere on
    the line gets no misleading advice.
    """
    text = (err.text or "").strip()
    first = re.match(r"[A-Za-z_]\w*", text)
    if first is None or keyword.iskeyword(first.group()):
        return None
    word = first.group()
    for candidate in difflib.get_close_matches(word, keyword.kwlist, n=3, cutoff=0.6):
        fixed = candidate + text[len(word):]
        try:
            compile(fixed + ("\n    pass" if fixed.endswith(":") else ""), "<hint>", "exec")
        except SyntaxError:
            continue
        return (f"Did you mean `{fixed}`? '{word}' is not a Python keyword; '{candidate}' is "
                f"(line {err.lineno} of {err.filename}).")
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="saessak", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    r = sub.add_parser("run", help="run a TensorFlow/Keras script or notebook on saessak")
    r.add_argument("--seed", type=int, default=None,
                   help="seed Python's, NumPy's and saessak's random generators before the script runs "
                        "(keras.utils.set_random_seed): the same run gives the same numbers")
    r.add_argument("script", help="a .py file or a .ipynb notebook")
    r.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    r.set_defaults(func=run)
    p = sub.add_parser("demo", help="train the seeds' MNIST model out of the box")
    p.add_argument("--out", default="saessak-demo", help="folder for the saved model and the plot")
    p.add_argument("--epochs", type=int, default=5)
    p.set_defaults(func=demo)
    e = sub.add_parser("engine-demo", help="fit a line with GradientTape and saessak.function")
    e.add_argument("--steps", type=int, default=100)
    e.set_defaults(func=engine_demo)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)

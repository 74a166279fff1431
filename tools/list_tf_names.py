"""Record the public names of TensorFlow and Keras that docs/coverage.md is measured against.

Run it with a real TensorFlow/Keras (never a saessak dependency):

    /tmp/tfvenv/bin/python tools/list_tf_names.py      # writes tools/tf_public_names.json

The JSON file is committed; ``tools/coverage.py`` (no TensorFlow needed) reads it and checks
which names saessak implements.  For each namespace in ``NAMESPACES`` it records the public
names (no leading underscore) and their kind (class, function, constant; method, static method
or property for ``tf.data.Dataset``).  Submodules are not names: a submodule that is itself in
``NAMESPACES`` gets its own table, and any other one (``tf.compat``, ``tf.raw_ops``,
``tf.experimental``, ``keras.ops``, ...) is recorded under ``not_covered`` with the number of
public names directly inside it, so the document says what it leaves out.
"""

import argparse
import inspect
import json
import os
import pathlib
import types

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "tf_public_names.json"

# Namespaces tabulated in docs/coverage.md, in the order they appear there.  The first part of
# each name is the root module: "tf" (import saessak as tf) or "keras" (from saessak import keras).
NAMESPACES = [
    "tf", "tf.math", "tf.nn", "tf.linalg", "tf.random", "tf.config", "tf.data", "tf.data.Dataset",
    "tf.nest", "tf.image",
    "keras", "keras.layers", "keras.models", "keras.optimizers", "keras.optimizers.schedules",
    "keras.losses", "keras.metrics", "keras.callbacks", "keras.utils", "keras.datasets",
    "keras.activations", "keras.initializers", "keras.regularizers", "keras.constraints",
    "keras.saving", "keras.wrappers", "keras.config", "keras.backend",
]
ROOTS = {"tf": tf, "keras": keras}
# Submodules that are other names for a tabulated namespace, not extra API.  TF 2.21's
# tf.keras (and tf.losses, ...) is Keras 3's ``keras._tf_keras.keras`` view: the same objects
# plus a few TF-era aliases (``tf.keras.losses.mse``), which are recorded under the keras
# namespace as ``tf_keras_only`` names, since ``saessak run`` maps tensorflow.keras to saessak.keras.
ALIASES = {"tf.keras": "keras", "tf.initializers": "keras.initializers", "tf.losses": "keras.losses",
           "tf.metrics": "keras.metrics", "tf.optimizers": "keras.optimizers"}
# Keras's own source tree, not API.
SKIPPED = {"keras.src"}
# Submodules of the datasets namespace are the API itself (keras.datasets.mnist.load_data):
# they are recorded as names, not as uncovered namespaces.
MODULES_AS_NAMES = {"keras.datasets"}


def resolve(dotted, tf_keras=False):
    parts = dotted.split(".")
    obj = tf.keras if tf_keras else ROOTS[parts[0]]
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def is_module(obj):
    # TF's lazy loaders (tf.keras, ...) subclass ModuleType as well.
    return isinstance(obj, types.ModuleType)


def kind_of(obj):
    if inspect.isclass(obj):
        return "class"
    if is_module(obj):
        return "module"
    if callable(obj):
        return "function"
    return "constant"


def member_kind(cls, name):
    raw = inspect.getattr_static(cls, name)
    if isinstance(raw, staticmethod):
        return "static method"
    if isinstance(raw, classmethod):
        return "class method"
    if isinstance(raw, property):
        return "property"
    return "method" if callable(raw) else "attribute"


def public(obj):
    return sorted(n for n in dir(obj) if not n.startswith("_"))


def names_of(dotted, obj, names, not_covered):
    if inspect.isclass(obj):
        for name in public(obj):
            names.setdefault(name, member_kind(obj, name))
        return
    for name in public(obj):
        value = getattr(obj, name)
        sub = f"{dotted}.{name}"
        if is_module(value) and dotted not in MODULES_AS_NAMES:
            if sub not in NAMESPACES and sub not in ALIASES and sub not in SKIPPED:
                not_covered[sub] = len(public(value))
            continue
        names.setdefault(name, kind_of(value))


def collect():
    namespaces, not_covered = [], {}
    for dotted in NAMESPACES:
        names = {}
        names_of(dotted, resolve(dotted), names, not_covered)
        entry = {"namespace": dotted, "names": names}
        if dotted.startswith("keras"):
            try:
                tf_keras_view = resolve(dotted, tf_keras=True)
            except AttributeError:  # keras.saving has no tf.keras counterpart
                tf_keras_view = None
            if tf_keras_view is not None:
                before = set(names)
                names_of(dotted, tf_keras_view, names, {})
                if set(names) - before:
                    entry["tf_keras_only"] = sorted(set(names) - before)
        entry["names"] = dict(sorted(names.items()))
        namespaces.append(entry)
    return {
        "generated_by": "tools/list_tf_names.py",
        "tensorflow_version": tf.__version__,
        "keras_version": keras.__version__,
        "namespaces": namespaces,
        "aliases": ALIASES,
        "not_covered": dict(sorted(not_covered.items())),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    args = parser.parse_args()
    data = collect()
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    total = sum(len(ns["names"]) for ns in data["namespaces"])
    print(f"wrote {args.out}: {total} names in {len(data['namespaces'])} namespaces "
          f"(TensorFlow {data['tensorflow_version']}, Keras {data['keras_version']}); "
          f"{len(data['not_covered'])} namespaces not covered")


if __name__ == "__main__":
    main()

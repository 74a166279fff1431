"""Run TensorFlow/Keras programs unmodified: make their imports resolve to saessak.

``alias_tensorflow()`` installs an import hook for this process: ``tensorflow``,
``tensorflow.keras``, ``keras``, ``tf_keras`` and ``scikeras.wrappers`` (and all
their submodules) become saessak's modules, e.g. ``tensorflow.keras.layers`` is
``saessak.keras.layers``.  A name saessak does not implement raises
:class:`saessak.errors.UnsupportedAPIError` naming it, instead of a confusing
AttributeError deep inside.
"""

import importlib
import importlib.abc
import importlib.util
import sys

from .errors import UnsupportedAPIError

# alias prefix -> (saessak module, the name users know it by)
ALIASES = {
    "tensorflow.keras": ("saessak.keras", "tf.keras"),
    "tensorflow": ("saessak", "tf"),
    "tf_keras": ("saessak.keras", "tf_keras"),
    "keras": ("saessak.keras", "keras"),
    "scikeras.wrappers": ("saessak.keras.wrappers", "scikeras.wrappers"),
    "scikeras": ("saessak.keras.wrappers", "scikeras"),
}
# Keras 2 module names that moved; programs written for them still run.
RENAMES = {
    "saessak.keras.utils.np_utils": "saessak.keras.utils",
    "saessak.keras.optimizers.legacy": "saessak.keras.optimizers",
    "saessak.keras.layers.experimental.preprocessing": "saessak.keras.layers",
    "saessak.keras.preprocessing.sequence": "saessak.keras.utils",
    "saessak.keras.wrappers.scikit_learn": "saessak.keras.wrappers",
}


def target_of(fullname):
    """The saessak module an aliased import name stands for, or None."""
    if fullname in RENAMES:  # `from keras.utils import np_utils` asks for saessak.keras.utils.np_utils
        return RENAMES[fullname]
    for prefix in sorted(ALIASES, key=len, reverse=True):
        if fullname == prefix or fullname.startswith(prefix + "."):
            base, _ = ALIASES[prefix]
            target = base + fullname[len(prefix):]
            return RENAMES.get(target, target)
    return None


def public_name(fullname):
    for prefix in sorted(ALIASES, key=len, reverse=True):
        if fullname == prefix or fullname.startswith(prefix + "."):
            return ALIASES[prefix][1] + fullname[len(prefix):]
    return fullname


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, alias, target):
        self.alias = alias
        self.target = target

    def create_module(self, spec):
        try:
            module = importlib.import_module(self.target)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("saessak"):
                raise UnsupportedAPIError(public_name(self.alias)) from None
            raise
        return module

    def exec_module(self, module):
        sys.modules[self.alias] = module


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        mapped = target_of(fullname)
        if mapped is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(fullname, mapped))


_finder = _AliasFinder()


def alias_tensorflow():
    """Make ``import tensorflow`` / ``keras`` / ``scikeras`` resolve to saessak in this process."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    for name in list(sys.modules):
        if target_of(name) is not None and not getattr(sys.modules[name], "__name__", "").startswith("saessak"):
            del sys.modules[name]  # a real TensorFlow/Keras imported earlier would shadow us


def unalias_tensorflow():
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    for name in list(sys.modules):
        if target_of(name) is not None and getattr(sys.modules[name], "__name__", "").startswith("saessak"):
            del sys.modules[name]

"""Keras 3's HDF5 weight tree: ``model.weights.h5`` inside ``.keras`` files, and ``.weights.h5``.

Every object that owns state (a layer or an optimizer) gets a group ``<key>/vars``
holding its own variables as datasets ``0, 1, ...`` in creation order (trainable
first, then non-trainable) and an attribute ``name`` with the object's name::

    /vars                           the model's own variables      (name=<model name>)
    /layers/dense/vars/0, 1         kernel, bias of the first Dense
    /layers/dense_1/vars/0, 1       ... of the second Dense (whatever its user-visible name)
    /layers/flatten/vars            stateless layers still get their (empty) group
    /layers/sequential/layers/...   a nested model, keyed the same way inside
    /optimizer/vars/0, 1, 2...      iteration, learning_rate, then the slots

Keys follow the walk Keras does over the object graph: a Sequential or Functional
model first lists ``layers``; then every attribute in sorted order, private
(``_x``) ones last.  An attribute holding a layer is keyed by the attribute's
name; items of a list, tuple or dict by their snake_case class name with a
counter (``dense``, ``dense_1``...), nested containers as ``container``,
``container_1``...  Each object is written once, at the first key that reaches
it.  Because keys come from class names and positions and never from the
auto-generated layer names, weights load across sessions whose names differ.

Loading never trusts the file: a group or dataset reached through a soft or
external link, an external or virtual dataset, a non-numeric dtype, or a shape
other than the variable's is refused *before* any data is read, so a dataset
that declares a huge shape costs nothing.  Everything is read and checked
first and only then assigned, so a failed ``load_weights`` leaves the model
as it was.  Every problem is reported as :class:`ModelFileError`.
"""

import contextlib
import re
import threading
import warnings

from ...backend import xp
from .h5_safety import ModelFileError, dataset_shape, get_child, get_path, read_dataset, short_error

__all__ = ["ModelFileError", "allocation_budget", "charge_allocation", "load_tree", "save_tree", "walk"]


# ---------------------------------------------------------------------- allocation budget
class _Budget(threading.local):
    def __init__(self):
        self.remaining = None
        self.where = None


_budget = _Budget()


@contextlib.contextmanager
def allocation_budget(nbytes, where):
    """While rebuilding a model from a file, cap the bytes its variables may allocate.

    A config can declare layers of any size; the weights file bounds what a
    genuine model needs.  Layer code calls :func:`charge_allocation` before
    creating a variable.
    """
    saved = (_budget.remaining, _budget.where)
    _budget.remaining, _budget.where = int(nbytes), where
    try:
        yield
    finally:
        _budget.remaining, _budget.where = saved


def charge_allocation(shape, dtype, what="a variable"):
    """Count a variable about to be created against the active budget (no-op without one)."""
    if _budget.remaining is None:
        return
    count = 1
    for d in shape:
        count *= max(int(d), 0)
    nbytes = count * xp.dtype(dtype).itemsize
    if nbytes > _budget.remaining:
        raise ModelFileError(_budget.where, f"the model config asks for {what} of shape {tuple(shape)} "
                                            f"({nbytes:,} bytes), more than the file's weights could fill; "
                                            "refusing to allocate it.")
    _budget.remaining -= nbytes


# ---------------------------------------------------------------------- the walk
_SKIP = None
# Attributes of saessak's model classes that Keras's models do not have (or skips): they hold the
# same layers as `layers` (or none), so visiting them would only add keys Keras never writes.
_FRAMEWORK_ATTRS = frozenset({
    "_input_layer", "_seq_layers", "_output", "_inputs_struct", "_outputs_struct", "_nodes", "inputs",
    "outputs", "_compile_loss", "_compile_metrics", "_loss_tracker", "_compile_args", "_functions", "history",
    "loss",
})


def _skip_names():
    global _SKIP
    if _SKIP is None:
        from ..layers.layer import Layer  # noqa: PLC0415

        probe = Layer(name="probe")
        _SKIP = frozenset(set(dir(Layer)) | set(vars(probe)) | _FRAMEWORK_ATTRS)
    return _SKIP


def _classes():
    from ..layers.layer import Layer  # noqa: PLC0415
    from ..models.functional import Functional  # noqa: PLC0415
    from ..models.model import Model  # noqa: PLC0415
    from ..models.sequential import Sequential  # noqa: PLC0415
    from ..optimizers.base_optimizer import Optimizer  # noqa: PLC0415

    return Layer, Model, (Sequential, Functional), Optimizer


def snake_case(name):
    """Keras's ``to_snake_case`` (class name -> key): ``Dense`` -> ``dense``, ``MyBlock`` -> ``my_block``."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _name_key(name):
    return f"~{name}" if name.startswith("_") else name


def _user_properties(cls):
    names = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("saessak.") or klass is object:
            continue
        names.update(k for k, v in vars(klass).items() if isinstance(v, property))
    return names


def _children(obj, classes):
    layer_cls, model_cls, graph_cls, _ = classes
    if isinstance(obj, graph_cls):
        yield "layers", obj.layers
    if not isinstance(obj, layer_cls):
        return  # optimizers: only their own variables
    skip = _skip_names()
    names = set(vars(obj)) | _user_properties(type(obj))
    if isinstance(obj, model_cls):
        names.add("layers")  # Keras's Model.layers is visited as an attribute too
    for name in sorted((n for n in names if n not in skip or n == "layers" and isinstance(obj, model_cls)),
                       key=_name_key):
        if name.startswith("__"):
            continue
        try:
            yield name, getattr(obj, name)
        except Exception:  # a property that fails is simply not a child
            continue


def walk(model, skip=()):
    """``[(key, object)]`` for every layer and optimizer reachable from ``model``, in Keras's order."""
    classes = _classes()
    saveable = (classes[0], classes[3])
    visited = {id(o) for o in skip}
    found = []

    def visit(obj, path):
        if id(obj) in visited:
            return
        found.append((path, obj))
        visited.add(id(obj))
        for attr, child in _children(obj, classes):
            child_path = f"{path}/{attr}" if path else attr
            if isinstance(child, saveable):
                visit(child, child_path)
            elif isinstance(child, (list, tuple, dict)):
                visit_container(child, child_path, set())

    def visit_container(container, path, seen):
        if id(container) in seen:
            return
        seen.add(id(container))
        used = {}
        for item in (container.values() if isinstance(container, dict) else container):
            if isinstance(item, saveable):
                visit(item, f"{path}/{_unique(snake_case(type(item).__name__), used)}")
            elif isinstance(item, (list, tuple, dict)):
                visit_container(item, f"{path}/{_unique('container', used)}", seen)

    visit(model, "")
    return found


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _own_variables(obj, optimizer_cls):
    if isinstance(obj, optimizer_cls):
        return list(obj.variables)
    return list(obj._trainable_variables) + list(obj._non_trainable_variables)


def _custom_method(obj, name):
    """A ``save_own_variables``/``load_own_variables`` written by the user (not saessak's own)."""
    for klass in type(obj).__mro__:
        if name in vars(klass):
            return None if klass.__module__.startswith("saessak.") else getattr(obj, name)
    return None


# ---------------------------------------------------------------------- writing
class _WriteStore:
    """What a user's ``save_own_variables(store)`` writes into: ``store['0'] = value``."""

    def __init__(self):
        self.items = {}

    def __setitem__(self, key, value):
        value = value.numpy() if hasattr(value, "numpy") else value
        self.items[str(key)] = xp.asarray(value)


def save_tree(model, h5, skip=()):
    """Write the weight tree of ``model`` (and its optimizer) into the open HDF5 file ``h5``."""
    optimizer_cls = _classes()[3]
    for path, obj in walk(model, skip):
        custom = _custom_method(obj, "save_own_variables")
        if custom is not None:
            store = _WriteStore()
            custom(store)
            items = store.items
        else:
            items = {str(i): xp.asarray(v.numpy()) for i, v in enumerate(_own_variables(obj, optimizer_cls))}
        group = h5.create_group(f"{path}/vars" if path else "vars")
        group.attrs["name"] = str(obj.name)
        for key, value in items.items():
            group[key] = value


# ---------------------------------------------------------------------- reading
class _ReadStore:
    """What a user's ``load_own_variables(store)`` reads: ``store.keys()``, ``store['0']``."""

    def __init__(self, group, where):
        self.group, self.where = group, where

    def keys(self):
        return list(self.group.keys()) if self.group is not None else []

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return key in self.keys()

    def __getitem__(self, key):
        dataset = get_child(self.group, str(key), "dataset", self.where) if self.group is not None else None
        if dataset is None:
            raise ModelFileError(self.where, f"no dataset '{key}' under '{getattr(self.group, 'name', '?')}'.")
        shape = dataset_shape(dataset, self.where)
        nbytes = dataset.dtype.itemsize
        for d in shape:
            nbytes *= d
        if nbytes > (1 << 32):  # no expected shape to compare with: bound the read instead
            raise ModelFileError(self.where, f"dataset '{dataset.name}' declares {nbytes:,} bytes.")
        return read_dataset(dataset, self.where)


def _read_own(obj, path, group, where, optimizer_cls):
    """``[(variable, array)]`` for one object, checked against its variables; raises on mismatch."""
    variables = _own_variables(obj, optimizer_cls)
    keys = [] if group is None else list(group.keys())
    label = f"optimizer '{obj.name}'" if isinstance(obj, optimizer_cls) else f"layer '{obj.name}'"
    at = f"'/{path}/vars'" if path else "'/vars'"
    well_formed = sorted(keys) == sorted(str(i) for i in range(len(keys)))
    if well_formed and len(keys) < len(variables) and isinstance(obj, optimizer_cls) \
            and saved_before_build(variables, len(keys)):
        variables = variables[:len(keys)]  # saved before its first step: the slots were zeros anyway
    elif not well_formed or len(keys) != len(variables):
        if isinstance(obj, optimizer_cls):
            warnings.warn(
                f"Skipping variable loading for optimizer '{obj.name}', because it has {len(variables)} "
                f"variables whereas the saved optimizer has {len(keys)} variables. "
                + ("This is likely because the optimizer has not been called/built yet." if not variables
                   else ""), stacklevel=4)
            return []
        expected = [getattr(v, "path", v.name) for v in variables]
        found = "nothing" if group is None else f"{len(keys)} dataset(s) {sorted(keys)[:8]}"
        raise ModelFileError(where, f"{label} expects {len(variables)} variable(s) {expected} at {at}, but "
                                    f"the file has {found} there.")
    pairs = []
    for i, var in enumerate(variables):
        dataset = get_child(group, str(i), "dataset", where)
        shape = dataset_shape(dataset, where)
        want = tuple(var._value.shape)
        if shape != want:
            raise ModelFileError(where, f"{label}: variable {i} '{getattr(var, 'path', var.name)}' has shape "
                                        f"{want} in the model but {shape} in the file (at {at}).")
        value = read_dataset(dataset, where)
        pairs.append((var, xp.asarray(value, dtype=var._value.dtype)))
    return pairs


def saved_before_build(variables, count):
    """True if ``count`` saved values are an optimizer's state before it was built (no slots yet).

    Keras writes iteration and learning_rate only, for a model compiled but not yet trained; the
    slots created since (by loading, or by the first step) start at zero, which is what they were.
    """
    return 0 < count < len(variables) and all(v.name in ("iteration", "learning_rate") for v in variables[:count])


def load_tree(model, h5, where, skip_mismatch=False, skip=()):
    """Load the weight tree in ``h5`` into ``model`` (and its optimizer).

    All values are read and checked before any is assigned.  Problems raise
    one :class:`ModelFileError` listing them all; with ``skip_mismatch`` they
    become a warning and the objects that do fit are loaded.
    """
    optimizer_cls = _classes()[3]
    assignments, problems, custom_loads = [], [], []
    for path, obj in walk(model, skip):
        try:
            group = get_path(h5, f"{path}/vars" if path else "vars", where)
            custom = _custom_method(obj, "load_own_variables")
            if custom is not None:
                custom_loads.append((custom, _ReadStore(group, where), obj))
            else:
                assignments.extend(_read_own(obj, path, group, where, optimizer_cls))
        except ModelFileError as exc:
            problems.append(exc.problem)
    if problems:
        text = problems[0] if len(problems) == 1 else (
            f"{len(problems)} objects could not be loaded:\n- " + "\n- ".join(problems))
        if not skip_mismatch:
            raise ModelFileError(where, text)
        warnings.warn(f"Skipped loading some weights from '{where}': {text}", stacklevel=3)
    for var, value in assignments:
        var.assign(value)
    for custom, store, obj in custom_loads:
        try:
            custom(store)
        except ModelFileError:
            raise
        except Exception as exc:
            raise ModelFileError(where, f"{type(obj).__name__}.load_own_variables failed: {short_error(exc)}") from exc

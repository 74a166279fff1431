"""scikeras's parameter routing: ``model__units=8`` goes to the build function, ``fit__x`` to fit...

A wrapper's parameters are its attributes.  A parameter ``dest__name`` is
*routed*: it reaches the destination ``dest`` (the build function ``model``,
``fit``, ``predict``, ``compile``, the ``optimizer``/``loss``/``metrics``/
``callbacks`` constructors, ``score``) as ``name``, and wins over a plain
parameter ``name``.  Plain parameters reach a destination only if they are
among its known arguments (for the build function: its named parameters), so
``KerasRegressor(model=build, optimizer="sgd")`` calls ``build(optimizer="sgd")``
when ``build`` takes an ``optimizer`` argument, and compiles with it otherwise.
Inside a list or dict of objects, ``metrics__0__threshold`` reaches only item
0 and ``metrics__threshold`` every item.
"""

import difflib
import inspect

FIT_KWARGS = frozenset({
    "batch_size", "epochs", "verbose", "validation_split", "shuffle", "class_weight", "sample_weight",
    "initial_epoch", "validation_steps", "validation_batch_size", "validation_freq"})
PREDICT_KWARGS = frozenset({"batch_size", "verbose", "steps"})
COMPILE_KWARGS = frozenset({"optimizer", "loss", "metrics", "loss_weights", "weighted_metrics", "run_eagerly"})
ROUTING_PREFIXES = ("model", "fit", "compile", "predict", "optimizer", "loss", "metrics", "callbacks", "score")
# Keyword arguments of the Keras 1 wrappers and what replaced them.
LEGACY_NAMES = {"nb_epoch": "epochs", "nb_epochs": "epochs", "nb_val_samples": "validation_steps",
                "samples_per_epoch": "steps_per_epoch"}


def route_params(params, destination, pass_filter):
    """The parameters for ``destination``: plain ones named in ``pass_filter``, then ``destination__*``."""
    out = {k: v for k, v in params.items() if "__" not in k and (pass_filter is None or k in pass_filter)}
    prefix = destination + "__"
    out.update({k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)})
    return out


def instantiate(item, params):
    """``item`` with its classes constructed from ``params`` (item-wise for lists and dicts)."""
    if isinstance(item, type):
        return item(**{k: v for k, v in params.items() if "__" not in k})
    if isinstance(item, (list, tuple)):
        return type(item)(instantiate(x, route_params(params, str(i), None)) for i, x in enumerate(item))
    if isinstance(item, dict):
        return {key: instantiate(x, route_params(params, str(key), None)) for key, x in item.items()}
    return item


def _normal(name):
    return name.replace("_", "").lower()


def class_for_name(name, kind):
    """The class that a string identifier names (``'adam'`` -> Adam, ``'mse'`` -> MeanSquaredError)."""
    from .. import losses, metrics, optimizers  # noqa: PLC0415

    if kind == "optimizer":
        return type(optimizers.get(name))
    module = losses if kind == "loss" else metrics
    names = [name]
    resolved = module.get(name)
    names.append(getattr(resolved, "__name__", type(resolved).__name__))
    classes = {_normal(attr): getattr(module, attr) for attr in module.__all__
               if isinstance(getattr(module, attr), type)}
    for n in names:
        if _normal(n) in classes:
            return classes[_normal(n)]
    raise ValueError(
        f"Could not find the {kind} class for {name!r}, so the `{kind}__` parameters cannot be applied. "
        f"Pass the class itself, e.g. {kind}=keras.{'losses' if kind == 'loss' else 'metrics'}.<Class>.")


def classes_from_strings(item, kind):
    """Strings (also inside lists/dicts) replaced by the classes they name."""
    if isinstance(item, str):
        return class_for_name(item, kind)
    if isinstance(item, (list, tuple)):
        return type(item)(classes_from_strings(x, kind) for x in item)
    if isinstance(item, dict):
        return {k: classes_from_strings(x, kind) for k, x in item.items()}
    return item


def named_parameters(fn):
    """The names ``fn`` accepts as keywords (not ``*args``/``**kwargs``)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return set()
    return {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def unused_params(params, init_names, build_fn_names, extra_known=()):
    """``[(name, hint)]`` for the parameters that no destination receives."""
    known = set(init_names) | FIT_KWARGS | PREDICT_KWARGS | COMPILE_KWARGS | set(build_fn_names) | set(extra_known)
    out = []
    for name in sorted(params):
        if name in known or "__" in name and name.split("__", 1)[0] in ROUTING_PREFIXES:
            continue
        if name in LEGACY_NAMES:
            new = LEGACY_NAMES[name]
            hint = f"`{name}` is the Keras 1 name of `{new}`: pass {new}={params[name]!r} instead."
        else:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"Did you mean `{close[0]}`?" if close else (
                "Prefix it to route it, e.g. model__<argument> for the build function or fit__<argument> "
                "for Model.fit.")
        out.append((name, hint))
    return out

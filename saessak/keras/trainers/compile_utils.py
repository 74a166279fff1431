"""What ``compile`` resolves: the loss of each output and the metrics to track.

``metrics=['accuracy']`` is resolved as Keras resolves it, from the shapes of the
first batch: one output unit means binary accuracy, integer labels of one rank
less (or a last axis of 1 against several units) sparse categorical accuracy,
otherwise categorical accuracy.  The metric keeps the user's string as its name.
"""

from ...engine import nest
from ...ops import math_ops


def _losses():
    from .. import losses  # noqa: PLC0415

    return losses


def _metrics():
    from .. import metrics  # noqa: PLC0415

    return metrics


def resolve_loss(identifier):
    if identifier is None:
        return None
    losses = _losses()
    obj = losses.get(identifier)
    if isinstance(obj, losses.Loss):
        return obj
    name = identifier if isinstance(identifier, str) else getattr(obj, "__name__", "loss")
    return losses.LossFunctionWrapper(obj, name=name)


class CompileLoss:
    """The total loss of a (possibly multi-output) model: weighted sum of per-output losses."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        self.spec = loss
        self.loss_weights = loss_weights
        self.output_names = output_names
        self._built = False

    def build(self, y_true, y_pred):
        flat_pred = nest.flatten(y_pred)
        spec = self.spec
        if isinstance(spec, dict):
            names = self.output_names or []
            self.losses = [resolve_loss(spec.get(n)) for n in names]
        elif isinstance(spec, (list, tuple)):
            if len(spec) != len(flat_pred):
                raise ValueError(
                    f"The model has {len(flat_pred)} outputs, but the `loss` argument was a list of "
                    f"{len(spec)} losses. Pass one loss per output.")
            self.losses = [resolve_loss(s) for s in spec]
        else:
            self.losses = [resolve_loss(spec)] * len(flat_pred)
        w = self.loss_weights
        if w is None:
            self.weights = [None] * len(flat_pred)
        elif isinstance(w, dict):
            self.weights = [w.get(n) for n in (self.output_names or [])]
        elif isinstance(w, (list, tuple)):
            self.weights = list(w)
        else:
            self.weights = [w] * len(flat_pred)
        self._built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self._built:
            self.build(y_true, y_pred)
        flat_pred = nest.flatten(y_pred)
        if isinstance(y_true, dict) and self.output_names:
            flat_true = [y_true.get(n) for n in self.output_names]
        else:
            flat_true = nest.flatten(y_true) if len(flat_pred) > 1 else [y_true]
        if len(flat_true) != len(flat_pred):
            raise ValueError(
                f"The model has {len(flat_pred)} outputs but {len(flat_true)} label arrays were given. "
                "Pass one label array per output (a list or a dict keyed by output name).")
        flat_sw = nest.flatten(sample_weight) if isinstance(sample_weight, (list, tuple, dict)) else \
            [sample_weight] * len(flat_pred)
        total = None
        for loss_fn, weight, yt, yp, sw in zip(self.losses, self.weights, flat_true, flat_pred, flat_sw):
            if loss_fn is None or yt is None:
                continue
            value = loss_fn(yt, yp, sample_weight=sw)
            if weight is not None:
                value = math_ops.multiply(value, float(weight))
            total = value if total is None else math_ops.add(total, value)
        return total


def get_metric(identifier, y_true, y_pred):
    """A Metric object for one compile() metric entry, given the first batch's label/prediction."""
    metrics = _metrics()
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        true_shape, pred_shape = tuple(y_true.shape), tuple(y_pred.shape)
        is_binary = len(pred_shape) > 0 and pred_shape[-1] == 1
        is_sparse = (len(true_shape) == len(pred_shape) - 1) or (
            len(true_shape) == len(pred_shape) and true_shape[-1:] == (1,) and not is_binary)
        if is_binary:
            return metrics.BinaryAccuracy(name=identifier)
        if is_sparse:
            return metrics.SparseCategoricalAccuracy(name=identifier)
        return metrics.CategoricalAccuracy(name=identifier)
    obj = metrics.get(identifier)
    if isinstance(obj, type):
        obj = obj()
    if not isinstance(obj, metrics.Metric):
        obj = metrics.MeanMetricWrapper(obj, name=getattr(obj, "__name__", "metric"))
    if isinstance(identifier, str):
        obj.name = identifier  # metrics=['mae'] logs 'mae', as Keras does
    return obj


class CompileMetrics:
    """The compiled metrics of each output, built from the first batch."""

    def __init__(self, metrics, weighted_metrics=None, output_names=None):
        self.spec = metrics
        self.weighted_spec = weighted_metrics
        self.output_names = output_names
        self.built = False
        self.flat = []  # (output index, Metric, weighted?)

    def build(self, y_true, y_pred):
        flat_pred = nest.flatten(y_pred)
        flat_true = self._flat_true(y_true, flat_pred)
        for weighted, spec in ((False, self.spec), (True, self.weighted_spec)):
            if not spec:
                continue
            per_output = self._per_output(spec, len(flat_pred))
            for i, entries in enumerate(per_output):
                for entry in entries:
                    metric = get_metric(entry, flat_true[i], flat_pred[i])
                    if len(flat_pred) > 1 and self.output_names:
                        metric.name = f"{self.output_names[i]}_{metric.name}"
                    self.flat.append((i, metric, weighted))
        self.built = True

    def _per_output(self, spec, n):
        if isinstance(spec, dict):
            names = self.output_names or []
            return [_as_list(spec.get(name)) for name in names]
        spec = list(spec) if isinstance(spec, (list, tuple)) else [spec]
        if n > 1 and spec and all(isinstance(s, (list, tuple)) or s is None for s in spec):
            return [_as_list(s) for s in spec]
        return [spec] * n if n > 1 else [spec]

    def _flat_true(self, y_true, flat_pred):
        if isinstance(y_true, dict) and self.output_names:
            return [y_true.get(n) for n in self.output_names]
        return nest.flatten(y_true) if len(flat_pred) > 1 else [y_true]

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        flat_pred = nest.flatten(y_pred)
        flat_true = self._flat_true(y_true, flat_pred)
        for i, metric, weighted in self.flat:
            metric.update_state(flat_true[i], flat_pred[i], sample_weight=sample_weight if weighted else None)

    @property
    def metrics(self):
        return [m for _, m, _ in self.flat]

    def reset_state(self):
        for m in self.metrics:
            m.reset_state()


def _as_list(x):
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]

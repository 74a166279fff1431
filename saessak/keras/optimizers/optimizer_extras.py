"""What the optimizer does around its update rule: clipping, weight decay, EMA, saved state.

- ``clipnorm``: each gradient ``g * c / max(||g||, c)``; ``global_clipnorm``: every
  gradient times ``c / max(sqrt(sum of all squares), c)`` (NaN if that norm is not
  finite, as Keras); ``clipvalue``: ``clip(g, -c, c)``.
- decoupled weight decay, before the update: ``w -= w * (weight_decay * lr)``.
- EMA of the weights after the update: ``avg = m * avg + (1 - m) * w`` with ``m = 0``
  on the first step, optionally copied into the weights every
  ``ema_overwrite_frequency`` steps and by ``finalize_variable_values``.

All of it is written with saessak ops and ``assign*``, so it compiles with the step.
"""

import re
import warnings

from ...backend import xp
from ...engine.convert import convert_to_tensor
from ...ops import math_ops, reduce_ops
from .. import config as _config


class OptimizerExtras:
    """Mixin of :class:`~saessak.keras.optimizers.Optimizer` (see the module docstring)."""

    # ------------------------------------------------------------------ clipping and decay
    def _clip_gradients(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            v = self.clipvalue
            return [math_ops.clip_by_value(g, -v, v) for g in grads]
        return grads

    def _clip_by_norm(self, values):
        # g * c / max(||g||, c): unchanged when the norm is at most c, rescaled to norm c above.
        norm = reduce_ops.reduce_euclidean_norm(values)
        return math_ops.divide(math_ops.multiply(values, self.clipnorm),
                               math_ops.maximum(norm, self.clipnorm))

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exclude variables (or any whose name contains one of ``var_names``) from weight decay."""
        self._exclude_from_weight_decay = {id(v) for v in var_list} if var_list else set()
        self._exclude_from_weight_decay_pattern = (
            re.compile("|".join(set(var_names))) if var_names else None)

    def _use_weight_decay(self, variable):
        if id(variable) in getattr(self, "_exclude_from_weight_decay", ()):
            return False
        pattern = getattr(self, "_exclude_from_weight_decay_pattern", None)
        return pattern is None or re.search(pattern, variable.name) is None

    def _apply_weight_decay(self, variables, learning_rate):
        if self.weight_decay is None:
            return
        scales = {}  # lr * wd, once per dtype (Keras multiplies w * wd * lr per variable)
        for variable in variables:
            if self._use_weight_decay(variable):
                scale = scales.get(variable.dtype)
                if scale is None:
                    scale = scales[variable.dtype] = math_ops.multiply(
                        math_ops.cast(learning_rate, variable.dtype), self.weight_decay)
                self.assign_sub(variable, math_ops.multiply(variable, scale))

    # ------------------------------------------------------------------ EMA
    def _update_model_variables_moving_average(self, trainable_variables):
        # average = m * average + (1 - m) * w, with m = 0 on the very first step (copy w).
        not_first = math_ops.cast(math_ops.not_equal(self.iterations, 0), _config.floatx())
        momentum = math_ops.multiply(not_first, self.ema_momentum)
        rest = math_ops.subtract(1.0, momentum)
        for var, average in zip(trainable_variables, self._model_variables_moving_average):
            m, r = math_ops.cast(momentum, var.dtype), math_ops.cast(rest, var.dtype)
            average.assign(math_ops.add(math_ops.multiply(m, average), math_ops.multiply(r, var)))

    def _overwrite_model_variables_with_average_value(self, trainable_variables):
        if len(trainable_variables) != len(self._model_variables_moving_average):
            raise ValueError(
                f"The length of model variables ({len(trainable_variables)}) to override does not "
                "match the length of model variables stored in the optimizer "
                f"({len(self._model_variables_moving_average)}). Please check if the optimizer was "
                "called on your model.")
        for var, average in zip(trainable_variables, self._model_variables_moving_average):
            var.assign(average)

    def finalize_variable_values(self, var_list):
        """At the end of training: with ``use_ema``, write the averages into the variables."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    # ------------------------------------------------------------------ misc API
    def scale_loss(self, loss):
        if self.loss_scale_factor is not None:
            return math_ops.multiply(loss, self.loss_scale_factor)
        return loss

    def set_weights(self, weights):
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. Please "
                "call `optimizer.build(trainable_variables)` to create the optimizer weights before "
                "calling `set_weights()`.")
        for variable, weight in zip(self._variables, weights):
            if tuple(variable.shape) != tuple(xp.shape(weight)):
                raise ValueError(f"Optimizer variable {variable.path} has shape {tuple(variable.shape)} "
                                 f"not compatible with provided weight shape {tuple(xp.shape(weight))}.")
            variable.assign(convert_to_tensor(weight, dtype=variable.dtype))

    def get_weights(self):
        return [v.numpy() for v in self._variables]

    def save_own_variables(self, store):
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self.variables):
            msg = (f"Skipping variable loading for optimizer '{self.name}', because it has "
                   f"{len(self.variables)} variables whereas the saved optimizer has "
                   f"{len(store.keys())} variables. ")
            if not self.variables:
                msg += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(msg, stacklevel=2)
            return
        for i, variable in enumerate(self.variables):
            variable.assign(convert_to_tensor(store[str(i)], dtype=variable.dtype))


def global_norm(value_list):
    """``sqrt(sum of every squared element)`` over a list of tensors (None entries skipped)."""
    squares = [reduce_ops.reduce_sum(math_ops.square(v)) for v in value_list if v is not None]
    return math_ops.sqrt(math_ops.add_n(squares))


def clip_by_global_norm(value_list, clip_norm):
    """Scale every tensor by ``clip_norm / max(global_norm, clip_norm)`` (NaN if the norm is not finite)."""
    norm = global_norm(value_list)
    scale = math_ops.multiply(math_ops.minimum(math_ops.divide(1.0, norm), 1.0 / clip_norm), clip_norm)
    # norm - norm is 0 for a finite norm and NaN otherwise: a non-finite norm poisons the step.
    scale = math_ops.add(scale, math_ops.subtract(norm, norm))
    return [None if v is None else math_ops.multiply(v, math_ops.cast(scale, v.dtype))
            for v in value_list]

"""Progbar: the progress line of ``fit``/``evaluate``/``predict``, with Keras 3's exact bytes.

On a terminal (or in a Jupyter kernel, or PyCharm's console) ``verbose=1``
redraws one line in place, byte for byte as Keras 3.15 does::

    \\b * previous width, \\r, ESC[1m 700/1500 ESC[0m, space, ESC[32m filled ━ ESC[0m,
    ESC[37m remaining ━ ESC[0m, space, ESC[1m ETA ESC[0m, " 1ms/step - loss: 0.6612",
    spaces up to the previous width, and "\\n" once finalized.

When the output is not a terminal (a log file, CI, a pipe) saessak deliberately
differs from Keras (which still writes the redraws there on Linux): nothing is
written until the bar is finalized, then the final line once, in plain text::

    1500/1500 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.8549 - loss: 0.4377

``verbose=2`` writes one plain line per bar when it is finalized, in both cases.
The decision is taken once per bar by :func:`dynamic_display` (tests replace it).

Values: a metric named in ``stateful_metrics`` (or not named in
``stateless_metrics``) is shown as given; any other is averaged over the steps
seen, each update weighted by the number of steps it covers.  Vector values
are shown as their mean.  ``update`` is cheap between redraws: it records the
values and the time, and returns.
"""

import math
import os
import sys
import time

from ...backend import xp

__all__ = ["Progbar", "dynamic_display", "format_metric_value"]


def dynamic_display():
    """Whether bars are redrawn in place: stdout is a terminal, a Jupyter kernel or PyCharm's."""
    stream = sys.stdout
    try:
        if stream.isatty():
            return True
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        pass
    return "ipykernel" in sys.modules or "PYCHARM_HOSTED" in os.environ


def format_metric_value(value):
    """A metric as Keras prints it: ``%.4f``, or ``%.4e`` when ``|value| <= 1e-3``."""
    value = _mean(value)
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def _mean(value):
    """A Python float stays as is; anything else (int, array, Tensor) becomes its mean."""
    if isinstance(value, float):
        return value
    return xp.mean(_host(value))


def _host(value):
    if hasattr(value, "_value"):  # a saessak Tensor or Variable
        return value._value
    if isinstance(value, (list, tuple)):
        return xp.asarray(value)
    return value


def _write(message):
    try:
        sys.stdout.write(message)
    except UnicodeEncodeError:  # e.g. a latin-1 console: fall back to Keras 2's bar character
        encoding = sys.stdout.encoding or "utf-8"
        message = message.replace("━", "=").encode(encoding, errors="ignore").decode(encoding)
        sys.stdout.write(message)
    sys.stdout.flush()


def _format_time(time_per_unit, unit_name):
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1000.0:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1000000.0:.0f}us/{unit_name}"


def _format_eta(eta):
    # ``%d`` of a float truncates, like int().
    if eta > 3600:
        return f"{int(eta // 3600)}:{int((eta % 3600) // 60):02d}:{int(eta % 60):02d}"
    if eta > 60:
        return f"{int(eta // 60)}:{int(eta % 60):02d}"
    return f"{int(eta)}s"


class Progbar:
    """A progress bar (``keras.utils.Progbar``).

    Args:
        target: total number of steps, or None if unknown.
        width: number of bar cells.
        verbose: 0 (silent), 1 (the bar) or 2 (one line when done).
        interval: minimum seconds between two redraws.
        stateful_metrics: names of values shown as given (the others are averaged).
        stateless_metrics: names of values averaged (the others are shown as given);
            give at most one of the two lists.
        unit_name: what a step is called (``"step"``, ``"sample"``).
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 stateless_metrics=None, unit_name="step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar takes `stateful_metrics` (values shown as given; the others are "
                "averaged) or `stateless_metrics` (values averaged; the others are shown as "
                f"given), not both. Received stateful_metrics={stateful_metrics!r} and "
                f"stateless_metrics={stateless_metrics!r}.")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics, self.stateless_metrics = None, set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None
        self._dynamic_display = dynamic_display()
        self._seen_so_far = 0
        self._values = {}  # name -> [sum of value * steps, steps] (or [value, 1])
        self._values_order = []
        self._start = time.time()
        self._last_update = 0
        self._time_at_epoch_start = self._start
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        """Record step ``current`` and its ``values`` [(name, value)]; redraw if it is time."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if name not in self._values:
                self._values_order.append(name)
            if self.stateful_metrics is not None:
                averaged = name not in self.stateful_metrics
            else:
                averaged = name in self.stateless_metrics
            if averaged and not finalize:
                # Weight by the steps this update covers (at least 1: an epoch-end call may
                # repeat the last step).
                steps = max(current - self._seen_so_far, 1)
                value = _host(value)
                entry = self._values.get(name)
                if entry is None:
                    self._values[name] = [value * steps, steps]
                else:
                    entry[0] = entry[0] + value * steps
                    entry[1] += steps
            else:
                self._values[name] = [_host(value), 1]
        self._seen_so_far = current

        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if not finalize and (now - self._last_update < self.interval
                                 or not self._dynamic_display):
                return
            self._draw(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            count = f"%{int(math.log10(self.target)) + 1}d/%d" % (current, self.target)
            info = f"{count} - {now - self._start:.0f}s -{_format_time(time_per_unit, self.unit_name)}"
            for name in self._values_order:
                # Keras compares the value itself (not its absolute value) here.
                avg = self._average(name)
                info += f" - {name}: " + (f"{avg:.4f}" if avg > 1e-3 else f"{avg:.4e}")
            _write(info + "\n")
        self._last_update = now

    def add(self, n, values=None):
        """Advance by ``n`` steps."""
        self.update(self._seen_so_far + n, values)

    def _average(self, name):
        total, count = self._values[name]
        return _mean(total) / max(1, count)

    def _draw(self, current, now, time_per_unit, finalize):
        ansi = self._dynamic_display
        known = self.target is not None and self.target > 0
        if known:
            digits = int(math.log10(self.target)) + 1
            count = f"%{digits}d/%d" % (current, self.target)
            filled = int(self.width * (float(current) / self.target))
            if ansi:
                bar = f"\x1b[1m{count}\x1b[0m " + (f"\x1b[32m{'━' * filled}\x1b[0m" if filled > 0 else "")
                bar += f"\x1b[37m{'━' * (self.width - filled)}\x1b[0m"
            else:
                bar = f"{count} {'━' * self.width}"
        else:
            bar = f"{int(current):7d}/Unknown"
        if known and not finalize:
            clock = _format_eta(time_per_unit * (self.target - current))
        else:
            clock = f"{now - self._start:.0f}s"
        info = f" \x1b[1m{clock}\x1b[0m" if ansi else f" {clock}"
        info += _format_time(time_per_unit, self.unit_name)
        for name in self._values_order:
            avg = self._average(name)
            info += f" - {name}: " + (f"{avg:.4f}" if abs(avg) > 1e-3 else f"{avg:.4e}")
        if not ansi:  # not a terminal: the final line once, plain
            _write(bar + info + "\n")
            return
        # Visible width: without the escape sequences (8 characters per bold pair, 9 per colour).
        hidden = 8 + (8 + 9 + (9 if filled > 0 else 0) if known else 0)
        width = len(bar) + len(info) - hidden
        message = "\b" * self._prev_total_width + "\r" + bar + info
        if self._prev_total_width > width:
            message += " " * (self._prev_total_width - width)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = width

    def _estimate_step_duration(self, current, now):
        """Seconds per step; once two steps are done the first (warm-up) one is left out."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit

"""Training-curve explorer: pick series and an epoch window, watch the train/test gap.

Pure functions first (usable anywhere, and tested without a browser):

* :func:`series_values` -- one recorded series of a :class:`nnlib.History`,
  accuracies in percent;
* :func:`gap_series` -- how much worse the held-out data does than the
  training data, epoch by epoch (positive = the network does better on what it
  was trained on);
* :func:`moving_average` and :func:`plateau_epoch` -- where a noisy accuracy
  curve stops improving.

Then :class:`CurveExplorer`, an ipywidgets panel over one or more runs::

    from nnlib.book.widgets.curves import CurveExplorer
    CurveExplorer({"1,000 images": history})          # in a notebook cell

A test (or a curious reader) drives it by setting control values, e.g.
``explorer.window.value = (200, 399)``, and reads :meth:`CurveExplorer.state`.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ...network import History
from . import show_figure

__all__ = ["SERIES", "series_values", "gap_series", "moving_average", "plateau_epoch",
           "CurveExplorer"]

#: The four per-epoch series the source monitors, and what each measures.
SERIES = {
    "training_cost": ("training", "cost"),
    "evaluation_cost": ("evaluation", "cost"),
    "training_accuracy": ("training", "accuracy"),
    "evaluation_accuracy": ("evaluation", "accuracy"),
}
KINDS = ("accuracy", "cost")


def _check_history(history, where: str = "history") -> History:
    if not isinstance(history, History):
        raise ValueError(f"{where} must be an nnlib.History (what Network.SGD returns), "
                         f"got {type(history).__name__}")
    return history


def series_values(history: History, key: str) -> np.ndarray:
    """One recorded series as a float array; accuracies are converted to percent.

    Parameters
    ----------
    history : nnlib.History
    key : str
        ``"training_cost"``, ``"evaluation_cost"``, ``"training_accuracy"`` or
        ``"evaluation_accuracy"``.

    Raises
    ------
    ValueError
        If ``key`` is unknown or the run did not record that series.
    """
    _check_history(history)
    if key not in SERIES:
        raise ValueError(f"unknown series {key!r}: choose one of {list(SERIES)}")
    v = np.asarray(getattr(history, key), dtype=float)
    if v.size == 0:
        raise ValueError(f"the run did not record {key!r}: pass monitor_{key}=True to "
                         f"Network.SGD")
    return 100.0 * v if SERIES[key][1] == "accuracy" else v


def gap_series(history: History, kind: str = "accuracy") -> np.ndarray:
    """How much better the network does on its training data than on held-out data.

    Parameters
    ----------
    history : nnlib.History
        A run that recorded both the training and the evaluation series of
        ``kind``.
    kind : {"accuracy", "cost"}
        ``"accuracy"``: training accuracy minus evaluation accuracy, in
        percentage points.  ``"cost"``: evaluation cost minus training cost.
        Either way a positive gap means the held-out data fares worse.

    Returns
    -------
    numpy.ndarray
        One value per epoch (the shorter length if the two series differ).

    Raises
    ------
    ValueError
        If ``kind`` is unknown or either series was not recorded.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be 'accuracy' or 'cost', got {kind!r}")
    train = series_values(history, f"training_{kind}")
    held_out = series_values(history, f"evaluation_{kind}")
    n = min(len(train), len(held_out))
    if kind == "accuracy":
        return train[:n] - held_out[:n]
    return held_out[:n] - train[:n]


def moving_average(values: Sequence[float], width: int) -> np.ndarray:
    """Centred moving average of odd ``width``, same length as ``values``.

    Near the ends the window shrinks to the values that exist (so the first
    entry averages ``values[0 : width//2 + 1]``).  ``width=1`` returns a copy.

    Raises
    ------
    ValueError
        If ``width`` is not a positive odd integer, or ``values`` is empty,
        not one-dimensional or not finite.
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values contain NaN or infinite entries")
    if (isinstance(width, bool) or not isinstance(width, (int, np.integer))
            or width < 1 or width % 2 == 0):
        raise ValueError(f"width must be a positive odd integer (e.g. 1, 11, 21) so the "
                         f"window is centred, got {width!r}")
    h = int(width) // 2
    c = np.concatenate([[0.0], np.cumsum(v)])
    i = np.arange(v.size)
    lo = np.maximum(i - h, 0)
    hi = np.minimum(i + h + 1, v.size)
    return (c[hi] - c[lo]) / (hi - lo)


def plateau_epoch(values: Sequence[float], tol: float, width: int = 1) -> int:
    """The first epoch after which the (smoothed) curve never gains ``tol`` or more.

    Smooths ``values`` with :func:`moving_average` of ``width``, then returns
    the first epoch ``e`` such that ``max(smoothed[e:]) - smoothed[e] < tol``:
    from ``e`` on, waiting longer buys less than ``tol``.

    Parameters
    ----------
    values : sequence of float
        An accuracy series (e.g. from :func:`series_values`, in percent).
    tol : float
        The gain, in the units of ``values``, that still counts (> 0).
    width : int, default 1
        Odd smoothing width; 1 means no smoothing.

    Raises
    ------
    ValueError
        If ``tol`` is not a positive finite number, or as :func:`moving_average`.
    """
    try:
        tol = float(tol)
    except (TypeError, ValueError):
        raise ValueError(f"tol must be a positive number, got {tol!r}") from None
    if not np.isfinite(tol) or tol <= 0:
        raise ValueError(f"tol must be a positive finite number (the smallest gain that "
                         f"counts), got {tol!r}")
    s = moving_average(values, width)
    future_best = np.maximum.accumulate(s[::-1])[::-1]
    return int(np.argmax(future_best - s < tol))


# ---------------------------------------------------------------- the explorer
class CurveExplorer:
    """Choose series, runs and an epoch window; see the train/test gap.

    Parameters
    ----------
    runs : mapping of str to nnlib.History
        The runs to show, keyed by a label (e.g. ``{"1,000 images": h}``).
    series : sequence of str
        The series shown at first (keys of :data:`SERIES`).
    epochs : (int, int), optional
        The first window, inclusive and 0-based; default: every epoch.
    eval_name : str
        What the evaluation data is called in labels (``"test"``,
        ``"validation"``).

    dpi : int
        Resolution of the rendered figure.

    Controls (ipywidgets): ``series_select``, ``run_select``, ``window``
    (an IntRangeSlider), ``show_gap``.  The figure has an accuracy panel and a
    cost panel; lines are updated in place with ``set_data``, and the figure is
    rendered into the PNG of an ``ipywidgets.Image`` (``image``), so the view
    lives entirely in widget state: it is saved with the notebook and needs
    no output capturing.
    """

    def __init__(self, runs: Mapping[str, History],
                 series: Sequence[str] = ("training_accuracy", "evaluation_accuracy"),
                 epochs: tuple[int, int] | None = None, eval_name: str = "test",
                 figsize: tuple[float, float] = (9.0, 3.4), dpi: int = 80):
        import ipywidgets as widgets

        if not isinstance(runs, Mapping) or len(runs) == 0:
            raise ValueError("runs must be a non-empty dict {label: History}, e.g. "
                             "{'1,000 images': history}")
        self.runs = {str(k): _check_history(h, f"runs[{k!r}]") for k, h in runs.items()}
        self.eval_name = eval_name
        self.values = {}  # (run, key) -> array, only for recorded series
        for name, h in self.runs.items():
            for key in SERIES:
                if len(getattr(h, key)):
                    self.values[(name, key)] = series_values(h, key)
        if not self.values:
            raise ValueError("none of the runs recorded a series: train with "
                             "monitor_training_accuracy=True (or another monitor_*)")
        recorded = [k for k in SERIES if any(key == k for _, key in self.values)]
        series = tuple(series)
        for key in series:
            if key not in SERIES:
                raise ValueError(f"unknown series {key!r}: choose from {list(SERIES)}")
        series = tuple(k for k in series if k in recorded) or (recorded[0],)
        self.n_epochs = max(len(v) for v in self.values.values())
        lo, hi = self._check_window(epochs if epochs is not None else (0, self.n_epochs - 1))

        self.series_select = widgets.SelectMultiple(
            options=[(self.label(k), k) for k in recorded], value=series, rows=4,
            description="series")
        names = list(self.runs)
        self.run_select = widgets.SelectMultiple(options=names, value=tuple(names),
                                                 rows=min(4, len(names)), description="runs")
        self.window = widgets.IntRangeSlider(
            value=(lo, hi), min=0, max=self.n_epochs - 1, step=1, description="epochs",
            continuous_update=False, layout=widgets.Layout(width="95%"))
        self.show_gap = widgets.Checkbox(value=True, description="shade the gap")
        self.readout = widgets.HTML()
        self.dpi = dpi
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))

        self.fig, (self.ax_acc, self.ax_cost) = plt.subplots(1, 2, figsize=figsize)
        plt.close(self.fig)  # shown through self.image, never twice
        self.axes = {"accuracy": self.ax_acc, "cost": self.ax_cost}
        self.lines = {}
        many = len(self.runs) > 1
        for i, name in enumerate(names):
            for key in SERIES:
                if (name, key) not in self.values:
                    continue
                role, kind = SERIES[key]
                color = f"C{i}" if many else ("C0" if role == "training" else "C1")
                style = ("--" if role == "training" else "-") if many else "-"
                label = f"{name}: {self.label(key)}" if many else self.label(key)
                (self.lines[(name, key)],) = self.axes[kind].plot(
                    [], [], style, color=color, lw=1.4, label=label)
        self.fills = {}
        for kind, ax in self.axes.items():
            ax.set_xlabel("epoch")
            ax.set_ylabel("accuracy (%)" if kind == "accuracy" else "cost")
            ax.grid(alpha=0.3)
        self.notes = {kind: ax.text(0.5, 0.5, f"no {kind} series chosen", ha="center",
                                    va="center", transform=ax.transAxes, color="0.5")
                      for kind, ax in self.axes.items()}
        for control in (self.series_select, self.run_select, self.window, self.show_gap):
            control.observe(lambda change: self.update(), names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.series_select, self.run_select, self.show_gap]),
            self.window, self.image, self.readout])
        self.update()

    # ------------------------------------------------------------ helpers
    def label(self, key: str) -> str:
        """Human label of a series key, using ``eval_name`` for the evaluation data."""
        role, kind = SERIES[key]
        return f"{'training' if role == 'training' else self.eval_name} {kind}"

    def _check_window(self, epochs) -> tuple[int, int]:
        try:
            lo, hi = (int(e) for e in epochs)
        except (TypeError, ValueError):
            raise ValueError(f"epochs must be a pair (first, last), got {epochs!r}") from None
        if not 0 <= lo <= hi <= self.n_epochs - 1:
            raise ValueError(f"epochs must satisfy 0 <= first <= last <= {self.n_epochs - 1}, "
                             f"got {epochs!r}")
        return lo, hi

    def gaps(self) -> dict:
        """Gap at the window's last epoch for each shown run and kind with both series.

        Keys are ``(run, kind)``; values follow :func:`gap_series` (points of
        accuracy, or cost units).
        """
        lo, hi = self.window.value
        shown = set(self.series_select.value)
        out = {}
        for name in self.run_select.value:
            for kind in KINDS:
                pair = {f"training_{kind}", f"evaluation_{kind}"}
                if pair <= shown and all((name, k) in self.values for k in pair):
                    g = gap_series(self.runs[name], kind)
                    if hi < len(g):
                        out[(name, kind)] = float(g[hi])
        return out

    # ------------------------------------------------------------ drawing
    def update(self) -> None:
        """Redraw for the current control values (called by every control)."""
        lo, hi = self.window.value
        shown, runs = set(self.series_select.value), set(self.run_select.value)
        for fill in self.fills.values():
            fill.remove()
        self.fills = {}
        for (name, key), line in self.lines.items():
            v = self.values[(name, key)]
            visible = name in runs and key in shown
            x = np.arange(lo, min(hi, len(v) - 1) + 1)
            line.set_data(x, v[x])
            line.set_visible(visible and x.size > 0)
        if self.show_gap.value:
            for (name, kind) in self.gaps():
                t = self.values[(name, f"training_{kind}")]
                e = self.values[(name, f"evaluation_{kind}")]
                x = np.arange(lo, min(hi, len(t) - 1, len(e) - 1) + 1)
                color = self.lines[(name, f"evaluation_{kind}")].get_color()
                self.fills[(name, kind)] = self.axes[kind].fill_between(
                    x, t[x], e[x], color=color, alpha=0.18, lw=0)
        for kind, ax in self.axes.items():
            vis = [ln for (n, k), ln in self.lines.items()
                   if SERIES[k][1] == kind and ln.get_visible()]
            self.notes[kind].set_visible(not vis)
            if vis:
                ys = np.concatenate([ln.get_ydata() for ln in vis])
                pad = 0.05 * (ys.max() - ys.min()) or 0.5
                ax.set_ylim(ys.min() - pad, ys.max() + pad)
                ax.legend(handles=vis, frameon=False, fontsize="small")
            elif ax.get_legend() is not None:
                ax.get_legend().remove()
            ax.set_xlim(lo - 0.5, hi + 0.5) if lo == hi else ax.set_xlim(lo, hi)
        self.fig.tight_layout()
        self.readout.value = self._readout_html()
        self._show()

    def _readout_html(self) -> str:
        lo, hi = self.window.value
        gaps = self.gaps()
        if not gaps:
            return ("<p>Choose a training series and its " + self.eval_name +
                    " partner to see the gap between them.</p>")
        rows = []
        for (name, kind), g in gaps.items():
            if kind == "accuracy":
                rows.append(f"<li>{name}: at epoch {hi} the {self.eval_name} accuracy is "
                            f"<b>{g:.2f} points</b> below the training accuracy</li>")
            else:
                rows.append(f"<li>{name}: at epoch {hi} the {self.eval_name} cost is "
                            f"<b>{g:.3f}</b> above the training cost</li>")
        return "<ul>" + "".join(rows) + "</ul>"

    def _show(self) -> None:
        show_figure(self.image, self.fig, dpi=self.dpi)

    def state(self) -> dict:
        """What is on screen: window, visible lines, x-range drawn, gaps and fills."""
        return {
            "window": tuple(self.window.value),
            "visible": sorted(k for k, ln in self.lines.items() if ln.get_visible()),
            "xlim": {kind: tuple(ax.get_xlim()) for kind, ax in self.axes.items()},
            "gaps": self.gaps(),
            "filled": sorted(self.fills),
        }

    def _ipython_display_(self) -> None:
        from IPython.display import display
        display(self.widget)

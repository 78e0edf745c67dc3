"""Pick the regularization parameter λ and see the train/test accuracy gap it leaves.

Live widget (needs a kernel)
----------------------------
:class:`LambdaExplorer` takes precomputed runs, one :class:`~nnlib.History`
per λ (each monitored for training and evaluation accuracy), and shows one
figure: the training and test accuracy curves of the chosen λ, the band
between them shaded, and a label with the final gap.  A
``SelectionSlider`` picks λ; moving it updates the existing lines with
``set_data`` (the figure is never rebuilt).  Drive it without a browser: set
``explorer.slider.value`` (or call :meth:`LambdaExplorer.select`) and read
``explorer.lines``, ``explorer.gap_label.get_text()`` or
:meth:`LambdaExplorer.gap`.

Static stand-in (for the built site)
------------------------------------
:func:`plot_lambda_runs`: every λ in one figure (training and test accuracy
side by side), and :func:`final_gaps`, the numbers behind it.
"""
from __future__ import annotations

from typing import Mapping

import matplotlib.pyplot as plt
import numpy as np

from ...network import History
from . import show_figure

__all__ = ["LambdaExplorer", "plot_lambda_runs", "final_gaps"]


def _series(runs: Mapping[float, History]) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """Training and test accuracy (in percent) of each run, validated."""
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError("runs must be a non-empty dict {lambda: History}")
    out = {}
    for lmbda, h in runs.items():
        if not isinstance(h, History):
            raise ValueError(f"runs[{lmbda!r}] must be an nnlib History, got {type(h).__name__}")
        lam = float(lmbda)
        if not np.isfinite(lam) or lam < 0:
            raise ValueError(f"lambda must be a number >= 0, got {lmbda!r}")
        tr = 100 * np.asarray(h.training_accuracy, dtype=float)
        te = 100 * np.asarray(h.evaluation_accuracy, dtype=float)
        if tr.size == 0 or te.size == 0:
            raise ValueError(f"the run for lambda={lmbda!r} must record both accuracies: train "
                             f"with monitor_training_accuracy=True and "
                             f"monitor_evaluation_accuracy=True")
        if tr.size != te.size:
            raise ValueError(f"the run for lambda={lmbda!r} has {tr.size} training but "
                             f"{te.size} test accuracies; they must cover the same epochs")
        out[lam] = (tr, te)
    return dict(sorted(out.items()))


def final_gaps(runs: Mapping[float, History]) -> dict[float, float]:
    """Training minus test accuracy after the last epoch, in percentage points, per λ."""
    return {lam: float(tr[-1] - te[-1]) for lam, (tr, te) in _series(runs).items()}


def _label(lam: float) -> str:
    return f"λ = {lam:g}"


def _epochs(n: int, every: int) -> np.ndarray:
    """Epochs completed at each recorded point: ``every, 2*every, ...``."""
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"every must be a whole number of epochs >= 1, got {every!r}")
    return every * np.arange(1, n + 1)


def plot_lambda_runs(runs: Mapping[float, History], every: int = 1, figsize=(10, 3.6)):
    """Static figure: training (left) and test (right) accuracy of every λ; returns it.

    ``every``: the runs recorded their accuracies every ``every`` epochs; the
    x axis shows epochs completed.
    """
    series = _series(runs)
    fig, (ax_tr, ax_te) = plt.subplots(1, 2, figsize=figsize, sharey=True)
    cmap = plt.get_cmap("viridis")
    for k, (lam, (tr, te)) in enumerate(series.items()):
        color = cmap(k / max(1, len(series) - 1) * 0.9)
        x = _epochs(len(tr), every)
        ax_tr.plot(x, tr, color=color, lw=1.2, label=_label(lam))
        ax_te.plot(x, te, color=color, lw=1.2, label=_label(lam))
    ax_tr.set_title("training accuracy")
    ax_te.set_title("test accuracy")
    for ax in (ax_tr, ax_te):
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    ax_tr.set_ylabel("accuracy (%)")
    ax_tr.legend(frameon=False, fontsize=9, loc="lower right")
    fig.tight_layout()
    return fig


class LambdaExplorer:
    """A λ slider over precomputed runs and the accuracy curves of the chosen run.

    Parameters
    ----------
    runs : dict {λ: History}, each with training and evaluation accuracy
    value : λ shown first (the smallest when omitted)
    ylim : accuracy range of the plot, in percent
    every : the runs recorded their accuracies every ``every`` epochs (x axis:
        epochs completed)
    """

    def __init__(self, runs: Mapping[float, History], value: float | None = None,
                 ylim: tuple[float, float] = (60.0, 101.0), every: int = 1):
        import ipywidgets as widgets

        self.series = _series(runs)
        self.lambdas = list(self.series)
        self.every = every
        _epochs(1, every)  # validates every
        n_max = max(len(tr) for tr, _ in self.series.values())
        self.fig, self.ax = plt.subplots(figsize=(6.4, 3.6), dpi=80)
        ax = self.ax
        (self.train_line,) = ax.plot([], [], color="#1f77b4", lw=1.4, label="training accuracy")
        (self.test_line,) = ax.plot([], [], color="#d62728", lw=1.4, label="test accuracy")
        self.lines = {"training": self.train_line, "test": self.test_line}
        self._band = None
        self.gap_label = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right",
                                 va="bottom", fontsize=10,
                                 bbox=dict(boxstyle="round", fc="white", ec="0.7"))
        ax.set_xlim(0, n_max * every)
        ax.set_ylim(*ylim)
        ax.set_xlabel("epoch")
        ax.set_ylabel("accuracy (%)")
        ax.grid(alpha=0.3)
        ax.legend(frameon=False, loc="lower left")
        self.slider = widgets.SelectionSlider(
            options=[(_label(lam), lam) for lam in self.lambdas],
            value=self.lambdas[0], description="λ", continuous_update=False,
            layout=widgets.Layout(width="420px"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        plt.close(self.fig)  # shown only through the Image widget
        self.slider.observe(self._on_change, names="value")
        self.widget = widgets.VBox([self.slider, self.image])
        self.select(self.lambdas[0] if value is None else value)

    def _on_change(self, change) -> None:
        self._draw(change["new"])

    def select(self, lmbda: float) -> None:
        """Show the run of ``lmbda`` (one of the precomputed values)."""
        lam = float(lmbda)
        if lam not in self.series:
            raise ValueError(f"no precomputed run for lambda={lmbda!r}; choose one of "
                             f"{self.lambdas}")
        if self.slider.value != lam:
            self.slider.value = lam  # triggers _draw through the observer
        else:
            self._draw(lam)

    @property
    def value(self) -> float:
        return float(self.slider.value)

    def gap(self) -> float:
        """Training minus test accuracy after the last epoch of the shown run (points)."""
        tr, te = self.series[self.value]
        return float(tr[-1] - te[-1])

    def _draw(self, lam: float) -> None:
        tr, te = self.series[float(lam)]
        x = _epochs(len(tr), self.every)
        self.train_line.set_data(x, tr)
        self.test_line.set_data(x, te)
        if self._band is not None:
            self._band.remove()
        self._band = self.ax.fill_between(x, te, tr, color="0.6", alpha=0.25, lw=0)
        self.gap_label.set_text(f"{_label(lam)}: final gap {tr[-1] - te[-1]:.1f} points, "
                                f"test {te[-1]:.1f}%")
        self._show()

    def _show(self) -> None:
        show_figure(self.image, self.fig)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)

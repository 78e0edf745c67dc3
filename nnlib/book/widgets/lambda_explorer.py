"""Pick the regularization parameter λ and see the train/test accuracy gap it leaves.

Live widget
-----------
:class:`LambdaExplorer` takes recorded runs, one :class:`~nnlib.History` per λ
(each monitored for training and evaluation accuracy), and draws, in the
reader's browser (``js/lambda.js``), the training and test accuracy of the λ
chosen with a slider, the band between them shaded, and the final gap. From
Python: :meth:`LambdaExplorer.select`, :attr:`LambdaExplorer.value`,
:meth:`LambdaExplorer.gap`.

Figure and numbers
------------------
:func:`plot_lambda_runs`: every λ in one figure (training and test accuracy
side by side), and :func:`final_gaps`, the numbers behind it.
"""
from __future__ import annotations

from typing import Mapping

import anywidget
import numpy as np
import traitlets as t

from ...network import History
from ._base import esm, finite, rounded

__all__ = ["LambdaExplorer", "plot_lambda_runs", "final_gaps"]


def _series(runs: Mapping[float, History], held_out: str = "test"
            ) -> dict[float, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``{λ: (epochs, training accuracy %, held-out accuracy %)}``, sorted by λ, validated."""
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError("runs must be a non-empty dict {lambda: History}")
    out = {}
    for lmbda, h in runs.items():
        if not isinstance(h, History):
            raise ValueError(f"runs[{lmbda!r}] must be an nnlib History, got {type(h).__name__}")
        lam = float(lmbda)
        if not np.isfinite(lam) or lam < 0:
            raise ValueError(f"lambda must be a number >= 0, got {lmbda!r}")
        missing = [name for name in ("training", held_out) if not len(h.accuracy.get(name, ()))]
        if missing:
            raise ValueError(f"the run for lambda={lmbda!r} recorded no accuracy for {missing}: "
                             f"train with SGD(..., monitor={{'training': data, "
                             f"{held_out!r}: ...}})")
        tr = 100 * np.asarray(h.accuracy["training"], dtype=float)
        te = 100 * np.asarray(h.accuracy[held_out], dtype=float)
        epochs = np.asarray(h.epochs, dtype=int)
        if not tr.size == te.size == epochs.size:
            raise ValueError(f"the run for lambda={lmbda!r} has {tr.size} training and "
                             f"{te.size} {held_out} accuracies for {epochs.size} epochs; "
                             f"they must cover the same epochs")
        out[lam] = (epochs, tr, te)
    return dict(sorted(out.items()))


def final_gaps(runs: Mapping[float, History], held_out: str = "test") -> dict[float, float]:
    """Training minus held-out accuracy at the last record, in percentage points, per λ."""
    return {lam: float(tr[-1] - te[-1]) for lam, (_, tr, te) in _series(runs, held_out).items()}


def _label(lam: float) -> str:
    return f"λ = {lam:g}"


def plot_lambda_runs(runs: Mapping[float, History], held_out: str = "test",
                     figsize=(10, 3.6)):
    """Static figure: training (left) and held-out (right) accuracy of every λ; returns it."""
    import matplotlib.pyplot as plt

    series = _series(runs, held_out)
    fig, (ax_tr, ax_te) = plt.subplots(1, 2, figsize=figsize, sharey=True)
    styles = ("-", "--", "-.", ":")
    for k, (lam, (x, tr, te)) in enumerate(series.items()):
        # a qualitative palette and a line style each: neighbouring λ stay apart
        style = dict(color=f"C{k % 10}", ls=styles[k % len(styles)], lw=1.3, label=_label(lam))
        ax_tr.plot(x, tr, **style)
        ax_te.plot(x, te, **style)
    ax_tr.set_title("training accuracy")
    ax_te.set_title(f"{held_out} accuracy")
    for ax in (ax_tr, ax_te):
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    ax_tr.set_ylabel("accuracy (%)")
    ax_tr.legend(frameon=False, fontsize=9, loc="lower right")
    fig.tight_layout()
    return fig


class LambdaExplorer(anywidget.AnyWidget):
    """A λ slider over recorded runs and the accuracy curves of the chosen run.

    Parameters
    ----------
    runs : dict {λ: History}, each with the accuracy of the ``"training"`` set
        and of ``held_out`` recorded (at the epochs in ``history.epochs``)
    value : λ shown first (the smallest when omitted)
    held_out : the monitored set compared with the training set (``"test"``)
    ylim : accuracy range of the plot, in percent

    The accuracies go into the widget state in percent, rounded to 2 decimals
    (the ``test`` trait holds the ``held_out`` set's);
    the browser draws them and computes the final gap from those numbers. The
    drawing's root element has class ``nnlib-lambda`` and ``data-lambda``,
    ``data-index``, ``data-gap`` (final training minus test accuracy, points)
    and ``data-final-test``.
    """

    _esm = esm("lambda")
    lambdas = t.List(t.Float()).tag(sync=True)
    epochs = t.List(t.List(t.Int())).tag(sync=True)
    training = t.List(t.List(t.Float())).tag(sync=True)
    test = t.List(t.List(t.Float())).tag(sync=True)
    index = t.Int(0).tag(sync=True)
    ylim = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    held_out = t.Unicode("test").tag(sync=True)

    def __init__(self, runs: Mapping[float, History], value: float | None = None,
                 held_out: str = "test", ylim: tuple[float, float] = (60.0, 101.0)) -> None:
        series = _series(runs, held_out)
        lo, hi = (finite(v, "ylim") for v in ylim)
        if not lo < hi:
            raise ValueError(f"ylim must be (low, high) with low < high, got {ylim!r}")
        lambdas = list(series)
        super().__init__(lambdas=lambdas, ylim=[lo, hi], held_out=held_out,
                         epochs=[[int(e) for e in x] for x, _, _ in series.values()],
                         training=[rounded(tr, 2) for _, tr, _ in series.values()],
                         test=[rounded(te, 2) for _, _, te in series.values()])
        self.select(lambdas[0] if value is None else value)

    @t.validate("index")
    def _valid_index(self, proposal):
        i = proposal["value"]
        if not 0 <= i < len(self.lambdas):
            raise ValueError(f"index must lie in [0, {len(self.lambdas) - 1}], got {i!r}")
        return i

    def select(self, lmbda: float) -> None:
        """Show the run of ``lmbda`` (one of the recorded values)."""
        lam = finite(lmbda, "lambda")
        if lam not in self.lambdas:
            raise ValueError(f"no recorded run for lambda={lmbda!r}; choose one of {self.lambdas}")
        self.index = self.lambdas.index(lam)

    @property
    def value(self) -> float:
        """The λ shown."""
        return self.lambdas[self.index]

    def gap(self) -> float:
        """Training minus test accuracy after the last epoch of the shown run, in points,
        as the browser computes it (from the rounded state)."""
        return self.training[self.index][-1] - self.test[self.index][-1]

"""Training-curve explorer (chapter 4): one recorded run, an epoch window, the gap.

:class:`CurveExplorer` takes the :class:`nnlib.History` of a run (every monitored set's
cost and accuracy, at the epochs in ``history.epochs``) and draws, in the reader's
browser (``js/curves.js``), the series the reader ticks over the epoch window they
choose, with the gap between the training data and a held-out set shaded::

    from nnlib.book.widgets.curves import CurveExplorer
    CurveExplorer(history)                       # in a notebook cell

From Python: ``explorer.window = (200, 399)``, ``explorer.gap("accuracy")``.
The numbers behind the chapter's text (gap series, plateaus) are in
:mod:`nnlib.book.curves`.
"""
from __future__ import annotations

from typing import Sequence

import anywidget
import numpy as np
import traitlets as t

from ...network import History
from ._base import esm, rounded

__all__ = ["DIGITS", "QUANTITIES", "recorded_series", "CurveExplorer"]

#: Decimals kept in the widget state: accuracies (in percent) and costs.
DIGITS = {"accuracy": 2, "cost": 5}
QUANTITIES = ("accuracy", "cost")


def _check_history(history) -> History:
    if not isinstance(history, History):
        raise ValueError(f"history must be an nnlib.History (what Network.SGD returns), "
                         f"got {type(history).__name__}")
    return history


def recorded_series(history: History) -> list[dict]:
    """Every recorded (set, quantity) of ``history``, as the widget state holds it.

    Each entry: ``key`` (``"<set> <quantity>"``, as :meth:`nnlib.History.series`
    names it), ``set``, ``kind`` (``"accuracy"`` or ``"cost"``) and ``values``
    (accuracies in percent; rounded to :data:`DIGITS`). Training sets come first.
    """
    _check_history(history)
    out = []
    for kind in QUANTITIES:
        table = getattr(history, kind)
        names = sorted(table, key=lambda name: (name != "training", list(table).index(name)))
        for name in names:
            v = np.asarray(table[name], dtype=float)
            if v.size == 0:
                continue
            if v.size != len(history.epochs):
                raise ValueError(f"history.{kind}[{name!r}] has {v.size} records but "
                                 f"history.epochs has {len(history.epochs)}")
            if kind == "accuracy":
                v = 100.0 * v
            out.append(dict(key=f"{name} {kind}", set=name, kind=kind,
                            values=rounded(v, DIGITS[kind])))
    return out


class CurveExplorer(anywidget.AnyWidget):
    """Choose series and an epoch window of one recorded run; see the gap.

    Parameters
    ----------
    history : nnlib.History
        A run with monitored sets (``Network.SGD(monitor={...})``).
    shown : keys of the series shown at first, e.g. ``("training accuracy",
        "test accuracy")`` (see :func:`recorded_series`)
    epochs : (int, int), optional
        The first window, as epochs of ``history.epochs``; default: all.
    held_out : the set whose gap to the ``"training"`` set is shaded (``"test"``)

    The series go into the widget state rounded (:data:`DIGITS`); the browser
    draws and computes the gap from those numbers, and so do :meth:`gap` and
    :attr:`values`. The drawing's root element has class ``nnlib-curves`` and
    ``data-lo``, ``data-hi`` (the window, as epochs), ``data-shown``,
    ``data-shade``, ``data-gap-accuracy``, ``data-gap-cost`` (the gaps at the
    window's last epoch, or ``null`` when a partner series is hidden).
    """

    _esm = esm("curves")
    series = t.List(t.Dict()).tag(sync=True)
    epochs = t.List(t.Int()).tag(sync=True)
    shown = t.List(t.Unicode()).tag(sync=True)
    lo = t.Int(0).tag(sync=True)   # indices into ``epochs``
    hi = t.Int(0).tag(sync=True)
    shade_gap = t.Bool(True).tag(sync=True)
    held_out = t.Unicode("test").tag(sync=True)

    def __init__(self, history: History,
                 shown: Sequence[str] = ("training accuracy", "test accuracy"),
                 epochs: tuple[int, int] | None = None, held_out: str = "test") -> None:
        series = recorded_series(history)
        if not series:
            raise ValueError("the run recorded nothing: train with "
                             "SGD(..., monitor={'training': data, 'test': test_data})")
        keys = [sr["key"] for sr in series]
        if isinstance(shown, str):
            shown = (shown,)
        for key in shown:
            if key not in keys:
                raise ValueError(f"cannot show {key!r}: the recorded series are {keys}")
        if f"{held_out} accuracy" not in keys and f"{held_out} cost" not in keys:
            raise ValueError(f"held_out={held_out!r} was not recorded: the series are {keys}")
        super().__init__(series=series, epochs=[int(e) for e in history.epochs],
                         shown=list(shown), held_out=held_out)
        ep = self.epochs
        self.window = (ep[0], ep[-1]) if epochs is None else epochs

    @property
    def values(self) -> dict[str, np.ndarray]:
        """Each series as the browser has it (rounded; accuracies in percent)."""
        return {sr["key"]: np.asarray(sr["values"]) for sr in self.series}

    @property
    def window(self) -> tuple[int, int]:
        """The epoch window ``(first, last)`` shown, inclusive."""
        return self.epochs[self.lo], self.epochs[self.hi]

    @window.setter
    def window(self, epochs: tuple[int, int]) -> None:
        try:
            first, last = (int(e) for e in epochs)
        except (TypeError, ValueError):
            raise ValueError(f"epochs must be a pair (first, last), got {epochs!r}") from None
        if first > last or first not in self.epochs or last not in self.epochs:
            raise ValueError(f"epochs must be (first, last) with first <= last, both recorded "
                             f"epochs ({self.epochs[0]}, ..., {self.epochs[-1]}); got {epochs!r}")
        with self.hold_sync():
            self.lo, self.hi = self.epochs.index(first), self.epochs.index(last)

    @t.validate("shown")
    def _valid_shown(self, proposal):
        keys = [sr["key"] for sr in self.series]
        bad = [k for k in proposal["value"] if k not in keys]
        if bad:
            raise ValueError(f"unknown series {bad}: the recorded series are {keys}")
        return list(proposal["value"])

    @t.validate("lo", "hi")
    def _valid_index(self, proposal):
        i = proposal["value"]
        if not 0 <= i < len(self.epochs):
            raise ValueError(f"{proposal['trait'].name} must index history.epochs "
                             f"(0..{len(self.epochs) - 1}), got {i!r}")
        return i

    def gap(self, kind: str = "accuracy", epoch: int | None = None) -> float | None:
        """The gap the browser shows at ``epoch`` (default: the window's last).

        Accuracy: training minus held-out, in points; cost: held-out minus
        training. ``None`` when either series is not shown.
        """
        if kind not in QUANTITIES:
            raise ValueError(f"kind must be 'accuracy' or 'cost', got {kind!r}")
        pair = (f"training {kind}", f"{self.held_out} {kind}")
        if not all(k in self.shown for k in pair):
            return None
        e = self.window[1] if epoch is None else int(epoch)
        if e not in self.epochs:
            raise ValueError(f"epoch {epoch!r} was not recorded")
        i = self.epochs.index(e)
        tr, ev = (self.values[k][i] for k in pair)
        return float(tr - ev) if kind == "accuracy" else float(ev - tr)

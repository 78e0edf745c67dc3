"""Reading training curves: a series in display units, the train/test gap, plateaus.

Pure NumPy functions over a :class:`nnlib.History` (used by the chapters, the
plotting helpers and the curve widget).  Series are named as in
:meth:`nnlib.History.series`: ``"<set> accuracy"``, ``"<set> cost"`` (``<set>``
is a name given to ``Network.SGD(monitor=...)``) or ``"weight norm"``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..network import History

__all__ = ["series_values", "gap_series", "moving_average", "plateau_epoch"]

KINDS = ("accuracy", "cost")


def series_values(history: History, key: str) -> np.ndarray:
    """One recorded series as plotted: accuracies in percent, everything else as is.

    Raises
    ------
    ValueError
        If ``history`` is not a History, or the run did not record ``key``.
    """
    if not isinstance(history, History):
        raise ValueError(f"history must be an nnlib.History (what Network.SGD returns), "
                         f"got {type(history).__name__}")
    v = history.series(key)
    return 100.0 * v if key.endswith(" accuracy") else v


def gap_series(history: History, kind: str = "accuracy", training: str = "training",
               held_out: str = "test") -> np.ndarray:
    """How much better the network does on its training data than on held-out data.

    ``kind="accuracy"``: training accuracy minus held-out accuracy, in
    percentage points; ``kind="cost"``: held-out cost minus training cost.
    Either way a positive gap means the held-out data fares worse.  One value
    per record; ``training`` and ``held_out`` name the monitored sets.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be 'accuracy' or 'cost', got {kind!r}")
    train = series_values(history, f"{training} {kind}")
    other = series_values(history, f"{held_out} {kind}")
    return train - other if kind == "accuracy" else other - train


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
    """The first position after which the (smoothed) curve never gains ``tol`` or more.

    Smooths ``values`` with :func:`moving_average` of ``width``, then returns
    the first ``e`` such that ``max(smoothed[e:]) - smoothed[e] < tol``: from
    ``e`` on, waiting longer buys less than ``tol`` (in the units of
    ``values``).  With one value per epoch, ``e`` is the epoch.

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

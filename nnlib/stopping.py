"""Early stopping: the no-improvement-in-n rule, in one place.

The rule watches a held-out accuracy (the validation accuracy) and gives up
when ``patience`` measurements in a row bring no new best.  It only ever looks
at the measurements so far, so the same function serves two purposes:
:meth:`nnlib.Network.SGD` calls it after every record while it trains
(``early_stopping=patience``), and a chapter can replay it on a series recorded
during one long run to learn what it *would* have done
(:mod:`nnlib.book.early_stopping` does that for several patiences at once).

Conventions
-----------
* Positions are 0-based: ``series[e]`` is the accuracy measured after epoch
  ``e`` (after ``e + 1`` passes over the training data) when every epoch is
  recorded, as in the source's plots.
* The *stop epoch* is the last epoch trained; ``stop_epoch + 1`` epochs run.
* An *improvement* is a value above the best so far by more than
  ``min_delta``; a tie is not an improvement.  The *kept* epoch is the first
  epoch at which the best value (among those seen before stopping) was
  reached: its weights are the ones training keeps.
* Fractions or percentages work alike: the rule only compares values.

Example
-------
>>> d = no_improvement([0.50, 0.60, 0.58, 0.61, 0.60, 0.59, 0.62], patience=2)
>>> d.stop_epoch, d.kept_epoch, d.kept_value, d.epochs_run
(5, 3, 0.61, 6)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["StopDecision", "no_improvement", "best_so_far"]


@dataclass(frozen=True)
class StopDecision:
    """What a stopping rule does with one recorded series.

    Attributes
    ----------
    rule : a short name of the rule, e.g. ``"no improvement in 10"``
    stop_epoch : the last epoch trained (0-based); ``stop_epoch + 1`` epochs run
    kept_epoch : the epoch whose weights are kept: the best up to ``stop_epoch``
    kept_value : the series' value at ``kept_epoch``
    stopped : True if the rule ended training before the series ran out
    """

    rule: str
    stop_epoch: int
    kept_epoch: int
    kept_value: float
    stopped: bool

    @property
    def epochs_run(self) -> int:
        """How many epochs are trained: ``stop_epoch + 1``."""
        return self.stop_epoch + 1


def _check_series(series) -> np.ndarray:
    """``series`` as a 1-D float array, or a ValueError saying why not."""
    if isinstance(series, (str, bytes)):
        raise ValueError("series must be a sequence of numbers (one accuracy per epoch), "
                         "got a string")
    try:
        v = np.asarray(series, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("series must be a sequence of numbers (one accuracy per epoch), "
                         f"got {type(series).__name__}") from None
    if v.ndim != 1:
        raise ValueError(f"series must be one-dimensional (one value per epoch), got shape "
                         f"{v.shape}; pass e.g. history.accuracy['validation']")
    if v.size == 0:
        raise ValueError("series is empty: record at least one epoch (e.g. "
                         "monitor={'validation': validation_data} in Network.SGD)")
    if not np.all(np.isfinite(v)):
        raise ValueError("series contains NaN or infinite values; a stopping rule needs a "
                         "finite accuracy for every epoch")
    return v


def no_improvement(series: Sequence[float], patience: int,
                   min_delta: float = 0.0) -> StopDecision:
    """Stop after ``patience`` epochs in a row without a new best; keep the best epoch.

    The first epoch sets the first best.  After epoch ``e``, ``series[e]`` is an
    improvement if it beats the best so far by more than ``min_delta``; when
    ``patience`` epochs in a row are not, training stops at that epoch.  If the
    series ends first, the rule has not fired (``stopped`` is False).

    Raises
    ------
    ValueError
        If ``series`` is empty, not one-dimensional or not finite, if
        ``patience`` is not a positive integer, or if ``min_delta`` is negative.
    """
    v = _check_series(series)
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) \
            or patience < 1:
        raise ValueError(f"patience must be a positive integer number of epochs, "
                         f"got {patience!r}")
    try:
        delta = float(min_delta)
    except (TypeError, ValueError):
        delta = math.nan
    if not math.isfinite(delta) or delta < 0:
        raise ValueError(f"min_delta must be a finite number >= 0 (0 means any gain "
                         f"counts as an improvement), got {min_delta!r}")
    name = f"no improvement in {patience}" + (f" (by > {delta:g})" if delta else "")
    best, kept, since = v[0], 0, 0
    for e in range(1, len(v)):
        if v[e] > best + delta:
            best, kept, since = v[e], e, 0
        else:
            since += 1
            if since >= patience:
                return StopDecision(name, e, kept, float(best), True)
    return StopDecision(name, len(v) - 1, kept, float(best), False)


def best_so_far(series: Sequence[float]) -> StopDecision:
    """Train every recorded epoch but keep the weights of the best one (checkpointing).

    The kept epoch is the first at which the maximum of the whole series is
    reached; ``stopped`` is False.
    """
    v = _check_series(series)
    kept = int(np.argmax(v))  # the first maximum
    return StopDecision("best so far (train all epochs)", len(v) - 1, kept,
                        float(v[kept]), False)

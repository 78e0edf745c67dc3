"""Early-stopping rules applied after the fact to a recorded accuracy series.

Training with early stopping watches a held-out accuracy (the validation
accuracy) after every epoch and decides when to give up.  Because a rule only
ever looks at the epochs seen so far, we can replay it on a series recorded
during one long run and learn exactly what it *would* have done: at which
epoch it stops, and which epoch's weights it keeps.  That lets a chapter
compare several rules on a single training run instead of training once per
rule.

Conventions
-----------
* Epochs are 0-based: ``series[e]`` is the accuracy measured after epoch ``e``
  (after ``e + 1`` passes over the training data), as in
  :class:`nnlib.History`.
* An *improvement* is a value strictly greater than the best so far by more
  than ``min_delta``; a tie is not an improvement.  The *kept* epoch is the
  first epoch at which the best value (among those seen before stopping) was
  reached.
* The rules accept fractions or percentages alike: they only compare values.

``no_improvement(series, k)`` replays exactly what ``Network.SGD(...,
early_stopping_n=k)`` does while it trains (stop at the k-th epoch in a row
without a new best, restore the best weights).

Example
-------
>>> from nnlib.book.early_stopping import no_improvement
>>> d = no_improvement([0.50, 0.60, 0.58, 0.61, 0.60, 0.59, 0.62], k=2)
>>> d.stop_epoch, d.kept_epoch, d.kept_value
(5, 3, 0.61)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["StopDecision", "best_so_far", "no_improvement", "apply_rules"]


@dataclass(frozen=True)
class StopDecision:
    """What a stopping rule does with one recorded series.

    Attributes
    ----------
    rule : str
        A short human-readable name of the rule, e.g. ``"no improvement in 10"``.
    stop_epoch : int
        The last epoch that is trained (0-based); ``stop_epoch + 1`` epochs run.
    kept_epoch : int
        The epoch whose weights the rule keeps: the best epoch up to
        ``stop_epoch``.
    kept_value : float
        The series' value at ``kept_epoch``.
    stopped : bool
        True if the rule ended training before the series ran out; False if it
        used every recorded epoch.
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
    """Return ``series`` as a 1-D float array, or raise a ValueError saying why not."""
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
                         f"{v.shape}; pass e.g. history.evaluation_accuracy")
    if v.size == 0:
        raise ValueError("series is empty: record at least one epoch (e.g. "
                         "monitor_evaluation_accuracy=True in Network.SGD)")
    if not np.all(np.isfinite(v)):
        raise ValueError("series contains NaN or infinite values; a stopping rule needs a "
                         "finite accuracy for every epoch")
    return v


def _check_min_delta(min_delta) -> float:
    try:
        d = float(min_delta)
    except (TypeError, ValueError):
        raise ValueError(f"min_delta must be a number >= 0, got {min_delta!r}") from None
    if not math.isfinite(d) or d < 0:
        raise ValueError(f"min_delta must be a finite number >= 0 (0 means any gain "
                         f"counts as an improvement), got {min_delta!r}")
    return d


def best_so_far(series: Sequence[float]) -> StopDecision:
    """Train every recorded epoch, but keep the weights of the best one.

    This is checkpointing rather than stopping: the run never ends early, and
    the kept epoch is the first epoch at which the maximum of the whole series
    is reached.

    Parameters
    ----------
    series : sequence of float
        One held-out accuracy per epoch (fractions or percentages).

    Returns
    -------
    StopDecision
        ``stop_epoch`` is the last epoch; ``stopped`` is False.

    Raises
    ------
    ValueError
        If ``series`` is empty, not one-dimensional, or not finite.
    """
    v = _check_series(series)
    kept = int(np.argmax(v))  # argmax returns the first maximum
    return StopDecision("best so far (train all epochs)", len(v) - 1, kept,
                        float(v[kept]), False)


def no_improvement(series: Sequence[float], k: int, min_delta: float = 0.0) -> StopDecision:
    """Stop after ``k`` epochs in a row without a new best; keep the best epoch.

    Replays the rule epoch by epoch: after epoch ``e`` the value ``series[e]``
    counts as an improvement if it exceeds the best so far by more than
    ``min_delta`` (the first epoch always sets the first best).  When ``k``
    consecutive epochs bring no improvement, training stops at that epoch.  If
    the series ends first, the rule never fires (``stopped`` is False).

    Parameters
    ----------
    series : sequence of float
        One held-out accuracy per epoch (fractions or percentages).
    k : int
        Patience: how many epochs without improvement to tolerate (k >= 1).
    min_delta : float, default 0
        The smallest gain that counts as an improvement, in the units of
        ``series``.  With the default, any strict gain counts (as in
        ``Network.SGD(..., early_stopping_n=k)``).

    Returns
    -------
    StopDecision

    Raises
    ------
    ValueError
        If ``series`` is empty, not one-dimensional or not finite, if ``k`` is
        not a positive integer, or if ``min_delta`` is negative.
    """
    v = _check_series(series)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k (the patience) must be a positive integer number of epochs, "
                         f"got {k!r}")
    k = int(k)
    delta = _check_min_delta(min_delta)
    name = f"no improvement in {k}" + (f" (by > {min_delta:g})" if delta else "")
    best, kept, since = v[0], 0, 0
    for e in range(1, len(v)):
        if v[e] > best + delta:
            best, kept, since = v[e], e, 0
        else:
            since += 1
            if since >= k:
                return StopDecision(name, e, kept, float(best), True)
    return StopDecision(name, len(v) - 1, kept, float(best), False)


def apply_rules(series: Sequence[float], patiences: Sequence[int] = (10, 20, 50),
                min_delta: float = 0.0) -> list[StopDecision]:
    """The best-so-far rule followed by ``no_improvement`` for each patience.

    A convenience for a table: one :class:`StopDecision` per rule, in order.

    Raises
    ------
    ValueError
        As :func:`no_improvement`; also if ``patiences`` is empty.
    """
    if len(patiences) == 0:
        raise ValueError("patiences is empty: give at least one k, e.g. (10, 20, 50)")
    return [best_so_far(series)] + [no_improvement(series, k, min_delta) for k in patiences]

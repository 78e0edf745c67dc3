"""Replaying early-stopping rules on one recorded accuracy series.

A stopping rule only ever looks at the epochs seen so far, so replaying it on
a series recorded during one long run tells exactly what it *would* have done:
at which epoch it stops and which epoch's weights it keeps.  A chapter can so
compare several rules on a single training run instead of training once per
rule.  The rules are the core's (:mod:`nnlib.stopping`), the same function
``Network.SGD(..., early_stopping=patience)`` calls while it trains; see there
for the conventions (0-based epochs, ``epochs_run = stop_epoch + 1``).

Example
-------
>>> d = apply_rules([0.50, 0.60, 0.58, 0.61, 0.60, 0.59, 0.62], patiences=(2,))
>>> [(x.rule, x.stop_epoch, x.kept_epoch) for x in d]
[('best so far (train all epochs)', 6, 6), ('no improvement in 2', 5, 3)]
"""
from __future__ import annotations

from typing import Sequence

from ..stopping import StopDecision, best_so_far, no_improvement

__all__ = ["apply_rules"]


def apply_rules(series: Sequence[float], patiences: Sequence[int] = (10, 20, 50),
                min_delta: float = 0.0) -> list[StopDecision]:
    """The best-so-far rule followed by ``no_improvement`` for each patience.

    One :class:`~nnlib.stopping.StopDecision` per rule, in order (for a table).

    Raises
    ------
    ValueError
        As :func:`nnlib.stopping.no_improvement`; also if ``patiences`` is empty.
    """
    if len(patiences) == 0:
        raise ValueError("patiences is empty: give at least one patience, e.g. (10, 20, 50)")
    return [best_so_far(series)] + [no_improvement(series, p, min_delta) for p in patiences]

"""The learning-rate schedule of the source's exercise: halve eta on a plateau."""
from __future__ import annotations

from typing import Sequence

__all__ = ["halve_on_plateau"]


def halve_on_plateau(accuracies: Sequence[float], eta0: float,
                     patience: int) -> float:
    """The learning rate for the next epoch: eta0 halved once per plateau so far.

    Walk through the held-out accuracies recorded so far, keeping the best and
    counting the epochs since it; each time the count reaches ``patience``,
    halve eta and start counting again (the best is kept).  A pure function of
    the history, so it plugs into training as::

        net.SGD(..., monitor={"validation": validation},
                eta_schedule=lambda epoch, h: halve_on_plateau(
                    h.accuracy["validation"], eta0, patience))
    """
    eta, best, since = float(eta0), float("-inf"), 0
    for accuracy in accuracies:
        if accuracy > best:
            best, since = accuracy, 0
        else:
            since += 1
            if since >= patience:
                eta /= 2
                since = 0
    return eta

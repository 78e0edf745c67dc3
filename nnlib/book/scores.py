"""Three ways to score a classifier's predicted class probabilities.

``P`` has one row of class probabilities per example; ``labels`` holds the
true class of each row.  Used for the NN1/NN2 (dog/cat) comparison.
"""
from __future__ import annotations

import numpy as np

from ..costs import LogLikelihoodCost
from ..validation import one_hot

__all__ = ["classification_error", "mean_squared_error", "log_likelihood", "score_table"]


def _check(P, labels):
    P = np.asarray(P, dtype=float)
    labels = np.asarray(labels)
    if P.ndim != 2:
        raise ValueError(f"P must be a table of shape (n, classes), got {P.shape}")
    if labels.shape != (P.shape[0],) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be {P.shape[0]} integer classes, got {labels!r}")
    if labels.size and (labels.min() < 0 or labels.max() >= P.shape[1]):
        raise ValueError(f"labels must lie in [0, {P.shape[1]})")
    if np.any(P < 0) or np.any(P > 1) or not np.allclose(P.sum(axis=1), 1):
        raise ValueError("each row of P must be probabilities that sum to 1")
    return P, labels


def classification_error(P, labels) -> float:
    """Fraction of rows whose most probable class is wrong."""
    P, labels = _check(P, labels)
    return float(np.mean(np.argmax(P, axis=1) != labels))


def mean_squared_error(P, labels) -> float:
    """Squared distance to the one-hot truth, summed over classes, averaged over rows."""
    P, labels = _check(P, labels)
    return float(np.mean(np.sum((P - one_hot(labels, P.shape[1])) ** 2, axis=1)))


def log_likelihood(P, labels) -> float:
    """``-ln a_y``, the log-likelihood cost (eq 80) of the true class, averaged over rows."""
    P, labels = _check(P, labels)
    return float(np.mean(LogLikelihoodCost.fn(P, one_hot(labels, P.shape[1]))))


def score_table(predictions: dict, labels) -> dict:
    """``{name: {"classification error": ..., "MSE": ..., "log-likelihood": ...}}``."""
    return {name: {"classification error": classification_error(P, labels),
                   "MSE": mean_squared_error(P, labels),
                   "log-likelihood": log_likelihood(P, labels)}
            for name, P in predictions.items()}

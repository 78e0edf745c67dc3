"""Calibration: does a confidence of 0.9 mean "right 9 times in 10"?"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Reliability", "reliability_table"]


@dataclass(frozen=True)
class Reliability:
    """Binned confidence against accuracy.

    Attributes
    ----------
    edges : bin edges, shape ``(n_bins + 1,)``
    count : samples per bin
    confidence : mean confidence of the samples in each bin (NaN if empty)
    accuracy : fraction of those samples predicted right (NaN if empty)
    ece : expected calibration error, ``sum_b (count_b/n) |accuracy_b - confidence_b|``
    """

    edges: np.ndarray
    count: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray
    ece: float


def reliability_table(probs: np.ndarray, labels: np.ndarray, n_bins: int = 10,
                      lo: float = 0.0) -> Reliability:
    """Bin the samples by the confidence of their prediction.

    Parameters
    ----------
    probs : array ``(n, k)`` of output activations, one row per sample; the
        prediction is the row's argmax and its confidence the row's max
    labels : integer true classes, shape ``(n,)``
    n_bins : number of equal-width bins on ``[lo, 1]``
    lo : left end of the first bin (for ``k`` classes the max of a probability
        vector is at least ``1/k``, so ``lo=0.1`` wastes no bins on MNIST)
    """
    probs = np.asarray(probs, dtype=float)
    labels = np.asarray(labels)
    if probs.ndim != 2:
        raise ValueError(f"probs must have shape (n, n_classes), got {probs.shape}")
    if labels.shape != (probs.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integer classes of shape ({probs.shape[0]},), "
                         f"got {labels.dtype} of shape {labels.shape}")
    if probs.shape[0] == 0:
        raise ValueError("probs is empty: nothing to bin")
    if not (isinstance(n_bins, (int, np.integer)) and n_bins >= 1):
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    if not 0.0 <= lo < 1.0:
        raise ValueError(f"lo must be in [0, 1), got {lo}")
    conf = probs.max(axis=1)
    if np.any(conf > 1 + 1e-9) or np.any(probs < 0):
        raise ValueError("probs must be activations in [0, 1]")
    right = probs.argmax(axis=1) == labels
    edges = np.linspace(lo, 1.0, n_bins + 1)
    idx = np.clip(np.searchsorted(edges, conf, side="right") - 1, 0, n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(idx, weights=conf, minlength=n_bins) / count
        accuracy = np.bincount(idx, weights=right, minlength=n_bins) / count
    filled = count > 0
    ece = float(np.sum(count[filled] / conf.size
                       * np.abs(accuracy[filled] - confidence[filled])))
    return Reliability(edges, count, confidence, accuracy, ece)

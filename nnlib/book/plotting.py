"""Plots every chapter shares: per-epoch learning curves and comparisons of runs.

Chapter-specific figures live beside their widgets in :mod:`nnlib.book.widgets`.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..network import History

__all__ = ["plot_series", "plot_histories", "SERIES_LABELS"]

SERIES_LABELS = {
    "evaluation_accuracy": "test accuracy (%)",
    "training_accuracy": "training accuracy (%)",
    "evaluation_cost": "test cost",
    "training_cost": "training cost",
    "weight_norm": "weight norm ||w||",
}


def _values(history: History, key: str) -> np.ndarray:
    if key not in SERIES_LABELS:
        raise ValueError(f"unknown series {key!r}: choose one of {sorted(SERIES_LABELS)}")
    v = np.asarray(getattr(history, key), dtype=float)
    if v.size == 0:
        raise ValueError(f"the run did not record {key!r}: pass monitor_{key}=True to SGD"
                         if key != "weight_norm" else
                         "the run did not record the weight norm: pass "
                         "monitor_weight_norm=True to SGD")
    return 100 * v if key.endswith("accuracy") else v


def plot_series(runs: Mapping[str, History], key: str, ax=None,
                epochs: Sequence[int] | None = None, ylabel: str | None = None,
                title: str | None = None, **plot_kw):
    """Plot one per-epoch series (e.g. ``"evaluation_accuracy"``) of several runs.

    ``epochs=(first, last)`` zooms on a window (inclusive, 0-based), as the
    source does for epochs 200-399.  Accuracies are drawn in percent.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    for label, h in runs.items():
        v = _values(h, key)
        x = np.arange(len(v))
        if epochs is not None:
            lo, hi = epochs
            keep = (x >= lo) & (x <= hi)
            x, v = x[keep], v[keep]
        ax.plot(x, v, label=label, **plot_kw)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel or SERIES_LABELS[key])
    if title:
        ax.set_title(title)
    if len(runs) > 1:
        ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    return ax


def plot_histories(runs: Mapping[str, History], keys: Sequence[str] = (
        "training_cost", "evaluation_accuracy"), epochs=None, ncols: int = 2,
        figsize=None):
    """A grid with one panel per series in ``keys``; returns the figure."""
    nrows = int(np.ceil(len(keys) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (5.2 * ncols, 3.4 * nrows),
                             squeeze=False)
    for ax, key in zip(axes.flat, keys):
        plot_series(runs, key, ax=ax, epochs=epochs)
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig

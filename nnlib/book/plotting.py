"""Plots every chapter shares: recorded training curves of one or several runs.

Chapter-specific figures live beside their widgets in :mod:`nnlib.book.widgets`.
Series are named as in :meth:`nnlib.History.series` (``"test accuracy"``,
``"training cost"``, ``"weight norm"``, ...); accuracies are drawn in percent.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..network import History
from .curves import series_values

__all__ = ["plot_series", "plot_histories", "series_label"]


def series_label(key: str) -> str:
    """The axis label of a series: ``"test accuracy"`` -> ``"test accuracy (%)"``."""
    if key.endswith(" accuracy"):
        return f"{key} (%)"
    if key == "weight norm":
        return "weight norm ||w||"
    return key


def _epochs(history: History, key: str) -> np.ndarray:
    """The epoch of each value of ``key``: per record, or per epoch for eta and times."""
    if key in ("eta", "epoch times"):
        return np.arange(len(history.eta))
    return np.asarray(history.epochs)


def plot_series(runs: Mapping[str, History], key: str, ax=None,
                epochs: Sequence[int] | None = None, ylabel: str | None = None,
                title: str | None = None, **plot_kw):
    """Plot one recorded series (e.g. ``"test accuracy"``) of several runs; return the axes.

    The x axis is the epoch (from 0) of each record, so runs recorded every k
    epochs land at the right places.  ``epochs=(first, last)`` zooms on a
    window (inclusive), as the source does for epochs 200-399.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    for label, history in runs.items():
        v = series_values(history, key)
        x = _epochs(history, key)
        if epochs is not None:
            lo, hi = epochs
            keep = (x >= lo) & (x <= hi)
            x, v = x[keep], v[keep]
        ax.plot(x, v, label=label, **plot_kw)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel or series_label(key))
    if title:
        ax.set_title(title)
    if len(runs) > 1:
        ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    return ax


def plot_histories(runs: Mapping[str, History],
                   keys: Sequence[str] = ("training cost", "test accuracy"),
                   epochs=None, ncols: int = 2, figsize=None):
    """A grid with one panel per series in ``keys``; returns the figure."""
    if len(keys) == 0:
        raise ValueError("keys is empty: name at least one series, e.g. ('test accuracy',)")
    ncols = min(ncols, len(keys))
    nrows = int(np.ceil(len(keys) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (5.2 * ncols, 3.4 * nrows),
                             squeeze=False)
    for ax, key in zip(axes.flat, keys):
        plot_series(runs, key, ax=ax, epochs=epochs)
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig

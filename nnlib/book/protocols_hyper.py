"""The stripped-down problem of the hyper-parameter chapter (chapter 7).

The source's advice for a first network that learns nothing: shrink the problem
until feedback is quick. Keep only the images of 0s and 1s, train a ``[784, 10]``
network, and monitor a small validation subset often. Every experiment of the
chapter (its page runs, the recorded sweeps, the exercises) takes its data from
:func:`zeros_and_ones`, so they all mean the same problem.
"""
from __future__ import annotations

import numpy as np

__all__ = ["DIGITS", "zeros_and_ones"]

#: the two classes the stripped-down problem keeps
DIGITS = (0, 1)


def _keep(data: tuple, digits=DIGITS) -> tuple:
    X, y = data
    mask = np.isin(y, digits)
    return X[mask], y[mask]


def zeros_and_ones(data: tuple, validation_size: int | None = 100) -> tuple:
    """``(training, validation, test)`` with only the images of 0s and 1s.

    Parameters
    ----------
    data : ``(training, validation, test)`` as from :func:`nnlib.load_mnist`
    validation_size : keep only the first this many validation images (the
        source monitors 100 of them for quick feedback); None keeps them all

    Labels stay the digits 0 and 1, so a ``[784, 10]`` network of the book can
    train on them unchanged.
    """
    training, validation, test = (_keep(part) for part in data)
    if validation_size is not None:
        if not 0 < validation_size <= len(validation[0]):
            raise ValueError(f"validation_size must be between 1 and "
                             f"{len(validation[0])}, got {validation_size}")
        validation = (validation[0][:validation_size],
                      validation[1][:validation_size])
    return training, validation, test

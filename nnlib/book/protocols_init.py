"""The training protocol of the weight-initialization chapter (chapter 6).

The source's comparison of the two starting rules: a ``[784, hidden, 10]`` sigmoid
network, cross-entropy cost, L2 regularization with lambda = 5.0, learning rate
eta = 0.1, mini-batches of 10, 30 epochs, validation accuracy after every epoch;
only ``init`` changes (``"large"``: weights N(0, 1); ``"default"``: N(0, 1/n_in)).

The chapter trains a short version of it on the page and reads the full runs from
the seed-spread record; ``scripts/seed_spread.py`` calls :func:`init_run` for those,
so the page and the record cannot drift apart.
"""
from __future__ import annotations

import numpy as np

import nnlib

__all__ = ["HIDDEN", "ETA", "LMBDA", "BATCH", "EPOCHS", "LEVELS", "init_run",
           "epochs_to_reach"]

HIDDEN, ETA, LMBDA, BATCH, EPOCHS = 30, 0.1, 5.0, 10, 30
#: validation accuracies (percent) whose first crossing the chapter reports
LEVELS = (95.0, 96.0)


def init_run(init: str, seed: int, data, *, hidden: int = HIDDEN, epochs: int = EPOCHS,
             lmbda: float = LMBDA, n_train: int | None = None
             ) -> tuple[nnlib.Network, nnlib.History]:
    """Train one network of the protocol and record validation accuracy every epoch.

    Parameters
    ----------
    init : ``"large"`` or ``"default"`` (see :class:`nnlib.Network`)
    seed : seed of the network's generator (weights, biases, shuffles)
    data : ``(training, validation, test)`` as from :func:`nnlib.load_mnist`;
        the test set is not used
    hidden, epochs, lmbda : the protocol's 30 hidden neurons, 30 epochs and
        lambda = 5.0 unless changed
    n_train : train on the first ``n_train`` training images only (None: all)

    Returns
    -------
    (network, history); ``history.accuracy["validation"]`` is a fraction per epoch
    and ``history.weight_norm`` the length of all weights after each epoch.
    """
    training, validation, _ = data
    if n_train is not None:
        training = nnlib.subset(training, n_train)
    net = nnlib.Network([784, hidden, 10], cost="cross-entropy", init=init, seed=seed)
    history = net.SGD(training, epochs, BATCH, ETA, lmbda=lmbda,
                      monitor={"validation": validation})
    return net, history


def epochs_to_reach(accuracy, level: float) -> int | None:
    """Epochs completed (from 1) when ``accuracy`` (percent per epoch) first reaches
    ``level``; None if it never does."""
    acc = np.asarray(accuracy, dtype=float)
    if acc.ndim != 1:
        raise ValueError(f"accuracy must be one value per epoch, got shape {acc.shape}")
    hits = np.flatnonzero(acc >= level)
    return int(hits[0]) + 1 if hits.size else None

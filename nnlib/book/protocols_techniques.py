"""The training protocol of the chapter "Other techniques" (chapter 8).

One protocol for every MNIST comparison of the chapter: a ``[784, 30, 10]``
network, cross-entropy cost, sigmoid outputs, the N(0, 1/n_in) start, mini-batches
of 10, no regularization, validation accuracy after every epoch. Only the technique
changes: the learning rate ``eta`` with the momentum coefficient ``mu`` (eqs
107-108), or the hidden activation (sigmoid, tanh, ReLU; eqs 109-112).

The chapter trains short versions on the page and reads the full runs from the
seed-spread record; ``scripts/seed_spread.py`` calls :func:`technique_run` for
those, so the page and the record cannot drift apart. Test data is not used
here: whoever reports test accuracy measures it once, on the finished network.
"""
from __future__ import annotations

import numpy as np

import nnlib
from nnlib.book.protocols_init import epochs_to_reach

__all__ = ["SIZES", "BATCH", "EPOCHS", "MOMENTUM_RUNS", "ETA_GRID", "SWEEP_EPOCHS",
           "ACTIVATION_ETA", "technique_run", "dead_units", "epochs_to_reach"]

SIZES, BATCH, EPOCHS = [784, 30, 10], 10, 30

#: The momentum comparison: name -> (eta, mu). The pair at eta = 0.05 has the same
#: long-run step: with a steady gradient the velocity grows to eta/(1 - mu) times it.
MOMENTUM_RUNS = {"plain_eta05": (0.5, 0.0), "plain_eta005": (0.05, 0.0),
                 "momentum_eta005": (0.05, 0.9), "momentum_eta05": (0.5, 0.9)}

#: The learning rates tried for each hidden activation, for SWEEP_EPOCHS epochs,
#: on validation data; ACTIVATION_ETA holds the choice made from that sweep.
ETA_GRID, SWEEP_EPOCHS = (0.01, 0.05, 0.1, 0.5), 5
ACTIVATION_ETA = {"sigmoid": 0.5, "tanh": 0.1, "relu": 0.05}


def technique_run(training, validation, *, eta: float, momentum: float = 0.0,
                  hidden: str = "sigmoid", epochs: int = EPOCHS, seed: int = 1,
                  **options) -> tuple[nnlib.Network, nnlib.History]:
    """Train one network of the protocol; record validation cost and accuracy per epoch.

    Parameters
    ----------
    training, validation : ``(X, y)`` pairs (e.g. from :func:`nnlib.load_mnist`)
    eta, momentum : the learning rate and the momentum coefficient mu (0: plain SGD)
    hidden : the hidden layer's activation, ``"sigmoid"``, ``"tanh"`` or ``"relu"``
    epochs, seed : 30 epochs and seed 1 unless changed
    options : more options of :meth:`nnlib.Network.SGD` (``callback=`` for extra
        measurements, which do not change the run)

    Returns
    -------
    (network, history); ``history.accuracy["validation"]`` is a fraction per epoch.
    """
    net = nnlib.Network(SIZES, cost="cross-entropy", hidden=hidden, seed=seed)
    history = net.SGD(training, epochs, BATCH, eta, momentum=momentum,
                      monitor={"validation": validation}, **options)
    return net, history


def dead_units(net: nnlib.Network, X: np.ndarray) -> np.ndarray:
    """Which hidden neurons of the first hidden layer are "dead" on the images ``X``.

    A rectified linear unit whose weighted input ``z`` is at most 0 for every image
    outputs 0 and passes back no gradient (eq 112): nothing it sees can revive it.
    Returns a boolean array with one entry per hidden neuron.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != net.sizes[0]:
        raise ValueError(f"X must have shape (m, {net.sizes[0]}), got {X.shape}")
    z = X @ net.weights[0].T + net.biases[0]
    return np.all(z <= 0, axis=0)

"""Gradient checking: the derivative of the cost estimated by finite differences.

Independent of backpropagation, so it can test it (eqs BP1-BP4): nudge one
parameter up and down by ``h`` and measure how the cost changes.
"""
from __future__ import annotations

import numpy as np

__all__ = ["finite_difference_gradient", "central_difference"]


def finite_difference_gradient(net, data, layer: int = -1, h: float = 1e-6,
                               lmbda: float = 0.0, regularization: str = "l2"
                               ) -> tuple[np.ndarray, np.ndarray]:
    """Central-difference estimate of ``dC/dw`` and ``dC/db`` for one layer of ``net``.

    ``C`` is ``net.total_cost(data, lmbda, len(data[0]), regularization)``: by
    default the average cost without regularization, directly comparable with
    ``net.backprop(X, y)``; with ``lmbda > 0`` it includes the L2 (eq 85) or L1
    (eq 95) term, with ``data`` as the training set.  Every parameter of the
    layer is nudged by ``+-h`` in turn and restored afterwards; meant for small
    networks (two cost evaluations per parameter).

    Parameters
    ----------
    net : nnlib.Network
    data : (X, y) with integer labels or real targets
    layer : index into ``net.weights`` (``-1``: the output layer)
    h : step of the central difference

    Returns
    -------
    (dW, db) with the shapes of ``net.weights[layer]`` and ``net.biases[layer]``
    """
    if not (isinstance(h, float) and h > 0):
        raise ValueError(f"h must be a small positive float such as 1e-6, got {h!r}")
    try:
        W, b = net.weights[layer], net.biases[layer]
    except IndexError:
        raise ValueError(f"layer {layer} does not exist: the network has "
                         f"{len(net.weights)} weight layers") from None
    if W.size > 10_000:
        raise ValueError(f"layer {layer} has {W.size} weights; finite differences are "
                         f"meant for small networks (at most 10,000 weights per layer)")

    def cost() -> float:
        return net.total_cost(data, lmbda, len(data[0]), regularization)

    return central_difference(cost, W, h), central_difference(cost, b, h)


def central_difference(f, P: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """``df/dP`` for a function ``f()`` that reads the array ``P``: each entry of ``P``
    is set to ``P +- h`` in turn (in place) and restored afterwards."""
    G = np.zeros_like(P)
    for idx in np.ndindex(P.shape):
        old = P[idx]
        P[idx] = old + h
        up = f()
        P[idx] = old - h
        down = f()
        P[idx] = old
        G[idx] = (up - down) / (2 * h)
    return G

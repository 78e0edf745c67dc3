"""Weight-initialization rules and how the spread of ``z`` travels through layers.

Chapter 6's section after the source: Glorot and Bengio's rule (2010, variance
``2 / (n_in + n_out)``, for sigmoid and tanh layers) and He et al.'s (2015, variance
``2 / n_in``, for rectified linear units), next to the source's two rules
(``"large"``: variance 1; ``"default"``: ``1 / n_in``). :func:`layer_spreads` pushes
a batch of inputs through a stack of freshly initialized layers and reports the
standard deviation of the weighted inputs ``z`` in every layer.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..activations import sigmoid

__all__ = ["RULES", "ACTIVATIONS", "weight_sd", "layer_spreads"]

#: weight variance of each rule, from (n_in, n_out)
RULES = {
    "large": lambda n_in, n_out: 1.0,
    "default": lambda n_in, n_out: 1.0 / n_in,
    "glorot": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "he": lambda n_in, n_out: 2.0 / n_in,
}
ACTIVATIONS = {
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
}


def weight_sd(rule: str, n_in: int, n_out: int) -> float:
    """Standard deviation of the weights of a layer ``n_in -> n_out`` under ``rule``."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: choose one of {sorted(RULES)}")
    if int(n_in) != n_in or int(n_out) != n_out or n_in < 1 or n_out < 1:
        raise ValueError(f"n_in and n_out must be positive whole numbers, got {n_in}, {n_out}")
    return math.sqrt(RULES[rule](n_in, n_out))


def layer_spreads(X: np.ndarray, sizes: Sequence[int], rule: str, activation: str,
                  seed: int = 0, bias_sd: float = 0.0) -> np.ndarray:
    """Standard deviation of ``z`` in each layer at the start, over all inputs and neurons.

    Parameters
    ----------
    X : inputs, one per row, ``X.shape[1] == sizes[0]``
    sizes : layer sizes, input first, e.g. ``[784] + [300] * 8``
    rule : ``"large"``, ``"default"``, ``"glorot"`` or ``"he"``
    activation : ``"sigmoid"``, ``"tanh"`` or ``"relu"`` (every layer)
    seed : seed of the generator for weights and biases
    bias_sd : standard deviation of the biases (0: none)

    Returns
    -------
    array of ``len(sizes) - 1`` standard deviations, first hidden layer first.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != sizes[0]:
        raise ValueError(f"X must have one input of {sizes[0]} values per row, "
                         f"got shape {X.shape}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: choose one of "
                         f"{sorted(ACTIVATIONS)}")
    rng = np.random.default_rng(seed)
    f = ACTIVATIONS[activation]
    a, out = X, []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = rng.standard_normal((n_out, n_in)) * weight_sd(rule, n_in, n_out)
        z = a @ W.T + bias_sd * rng.standard_normal(n_out)
        out.append(float(z.std()))
        a = f(z)
    return np.array(out)

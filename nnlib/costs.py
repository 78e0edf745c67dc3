"""Cost functions as small classes, in the shape of the source's ``network2.py``.

Every cost has

``fn(a, y)``
    the cost of each sample: ``a`` and ``y`` have shape ``(m, n_out)`` (or
    ``(n_out,)`` for a single sample) and the result has shape ``(m,)`` (or is a
    scalar); averaging over samples is the caller's job (eq 57's ``1/n``);
``grad_a(a, y)``
    ``dC/da`` of one sample, used for output activations the cost is not
    paired with;
``delta(a, y, activation=...)``
    the output error ``delta^L = dC/dz^L`` (BP1). For the natural pairs the
    ``sigma'`` factor cancels and ``delta^L = a - y`` (eqs 66, 68 and 84); any
    other pairing goes through the chain rule of the activation.  The source's
    ``delta(z, a, y)`` also takes ``z``; here every activation's derivative is
    written with its output ``a`` (``sigma'(z) = a (1 - a)``), so ``z`` is not
    needed.

``y`` is one-hot (or, for the cross-entropy, any target in [0, 1]).
"""
from __future__ import annotations

import numpy as np
from scipy.special import entr

from .activations import Linear, Sigmoid, Softmax

__all__ = ["QuadraticCost", "CrossEntropyCost", "LogLikelihoodCost", "COSTS",
           "get_cost", "binary_entropy", "EPS"]

#: Outputs are kept this far from 0 and 1 inside logarithms.  A float64 sigmoid
#: cannot get closer to 1 than this anyway, so the cap on one term of the
#: cross-entropy, ``-ln(EPS)`` (about 36.7), is what float64 can resolve.
EPS = np.finfo(float).eps / 2


def _clip(a: np.ndarray) -> np.ndarray:
    return np.clip(a, EPS, 1.0 - EPS)


class QuadraticCost:
    """Quadratic cost ``C = ||a - y||^2 / 2`` per sample (eq 54 for one neuron).

    ``delta = (a - y) * sigma'(z)`` for sigmoid outputs (the factor of eq 65): the ``sigma'``
    factor is the learning slowdown.  With linear outputs ``delta = a - y``
    (eq 68).
    """

    name = "quadratic"
    natural_activation = Linear

    @staticmethod
    def fn(a: np.ndarray, y: np.ndarray) -> np.ndarray:
        d = np.asarray(a, dtype=float) - y
        return 0.5 * np.sum(d * d, axis=-1)

    @staticmethod
    def grad_a(a: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.asarray(a, dtype=float) - y

    @classmethod
    def delta(cls, a, y, activation=Sigmoid):
        if activation is Sigmoid:
            return (a - y) * a * (1 - a)  # (a - y) sigma'(z), the factor of eq 65
        if activation is Linear:
            return a - y                  # eq 68
        return activation.backward(a, cls.grad_a(a, y))


class CrossEntropyCost:
    """Cross-entropy ``C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]`` (eqs 57, 63).

    Per sample, summed over output neurons; averaged over samples by the
    caller.  Numerically safe: ``0 ln 0`` counts as 0, and outputs that are
    exactly 0 or 1 give a large finite cost instead of ``inf``/``nan``.
    With sigmoid outputs ``delta = a - y`` (eq 66): ``sigma'`` cancels.
    """

    name = "cross-entropy"
    natural_activation = Sigmoid

    @staticmethod
    def fn(a: np.ndarray, y: np.ndarray) -> np.ndarray:
        a = _clip(np.asarray(a, dtype=float))
        y = np.asarray(y, dtype=float)
        terms = y * np.log(a) + (1.0 - y) * np.log1p(-a)
        return -np.sum(terms, axis=-1)

    @staticmethod
    def grad_a(a: np.ndarray, y: np.ndarray) -> np.ndarray:
        a = _clip(np.asarray(a, dtype=float))
        return (a - y) / (a * (1.0 - a))  # eq 75

    @classmethod
    def delta(cls, a, y, activation=Sigmoid):
        if activation is Sigmoid:
            return a - y  # eq 66: sigma' cancels
        return activation.backward(a, cls.grad_a(a, y))


class LogLikelihoodCost:
    """Log-likelihood ``C = -ln a_y`` (eq 80), ``y`` the true class, one-hot.

    Meant for a softmax output layer, where ``delta = a - y`` (eq 84).
    """

    name = "log-likelihood"
    natural_activation = Softmax

    @staticmethod
    def fn(a: np.ndarray, y: np.ndarray) -> np.ndarray:
        a = np.maximum(np.asarray(a, dtype=float), EPS)
        return -np.sum(np.where(np.asarray(y) > 0, y * np.log(a), 0.0), axis=-1)

    @staticmethod
    def grad_a(a: np.ndarray, y: np.ndarray) -> np.ndarray:
        return -np.asarray(y, dtype=float) / np.maximum(np.asarray(a, dtype=float), EPS)

    @classmethod
    def delta(cls, a, y, activation=Softmax):
        if activation is Softmax:
            return a - y  # eq 84 (valid when each row of y sums to 1)
        return activation.backward(a, cls.grad_a(a, y))


def binary_entropy(y) -> np.ndarray:
    """``-[y ln y + (1 - y) ln(1 - y)]``, with ``0 ln 0 = 0`` (eq 64).

    The least value the cross-entropy of one output can take for the target
    ``y``: reached at ``a = y``.  ``scipy.special.entr(t) = -t ln t`` handles
    ``t = 0``.
    """
    y = np.asarray(y, dtype=float)
    return entr(y) + entr(1 - y)


COSTS = {c.name: c for c in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)}
_ALIASES = {"mse": "quadratic", "crossentropy": "cross-entropy", "ce": "cross-entropy",
            "cross_entropy": "cross-entropy", "loglikelihood": "log-likelihood",
            "log_likelihood": "log-likelihood", "nll": "log-likelihood"}


def get_cost(cost: str | type) -> type:
    """Return the cost class for a name (``"cross-entropy"``, ...) or a class."""
    if isinstance(cost, str):
        key = _ALIASES.get(cost.lower(), cost.lower())
        if key not in COSTS:
            raise ValueError(f"unknown cost {cost!r}: choose one of {sorted(COSTS)}")
        return COSTS[key]
    if isinstance(cost, type) and all(hasattr(cost, method) for method in ("fn", "delta")):
        return cost
    raise TypeError(f"cost must be a name {sorted(COSTS)} or a class with fn and "
                    f"delta, not {cost!r}")

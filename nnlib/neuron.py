"""The single sigmoid neuron of the chapter's opening (the learning slowdown).

One input ``x``, one weight ``w``, one bias ``b``, output ``a = sigma(w x + b)``,
trained by plain gradient descent on one example ``(x, y)``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .costs import get_cost
from .validation import check_positive, check_positive_int

__all__ = ["NeuronRun", "train_neuron"]


@dataclass(frozen=True)
class NeuronRun:
    """Per-epoch trace of one neuron; index 0 is the state before training.

    Every array has ``epochs + 1`` entries.
    """

    w: np.ndarray
    b: np.ndarray
    a: np.ndarray
    cost: np.ndarray
    eta: float
    cost_name: str
    x: float = 1.0
    y: float = 0.0

    @property
    def z(self) -> np.ndarray:
        """Weighted input ``w x + b`` per epoch."""
        return self.w * self.x + self.b


def train_neuron(w: float = 0.6, b: float = 0.9, eta: float = 0.15, epochs: int = 300,
                 cost="quadratic", x: float = 1.0, y: float = 0.0) -> NeuronRun:
    """Train one sigmoid neuron on the single example ``(x, y)``.

    Each epoch takes one gradient step: ``w -= eta * dC/dw``, ``b -= eta * dC/db``
    with ``dC/dz = (a - y) sigma'(z)`` for the quadratic cost (eqs 55, 56) and
    ``dC/dz = a - y`` for the cross-entropy (eqs 61, 62).

    Returns
    -------
    NeuronRun with the weight, bias, output and cost after each epoch.
    """
    cost_cls = get_cost(cost)
    if cost_cls.name not in ("quadratic", "cross-entropy"):
        raise ValueError("the single neuron is trained with the 'quadratic' or "
                         f"'cross-entropy' cost, not {cost_cls.name!r}")
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs", allow_zero=True)
    for name, v in (("w", w), ("b", b), ("x", x), ("y", y)):
        if not np.isfinite(v):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
    if not 0 <= y <= 1:
        raise ValueError(f"the target y must lie in [0, 1] for a sigmoid neuron, got {y}")
    ws, bs = np.empty(epochs + 1), np.empty(epochs + 1)
    w, b = float(w), float(b)
    for t in range(epochs + 1):
        ws[t], bs[t] = w, b
        a = float(sigmoid(w * x + b))
        dz = (a - y) * a * (1 - a) if cost_cls.name == "quadratic" else a - y
        w -= eta * dz * x
        b -= eta * dz
    a = sigmoid(ws * x + bs)
    c = cost_cls.fn(a[:, None], np.full((epochs + 1, 1), float(y)))
    return NeuronRun(w=ws, b=bs, a=a, cost=c, eta=eta, cost_name=cost_cls.name,
                     x=float(x), y=float(y))

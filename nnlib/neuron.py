"""The single neuron of the chapter's opening (the learning slowdown).

One input ``x``, one weight ``w``, one bias ``b``, output ``a = sigma(w x + b)``
(or ``a = w x + b`` for a linear neuron), trained by plain gradient descent on
one example ``(x, y)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .activations import Linear, Sigmoid, get_activation
from .costs import get_cost
from .validation import check_positive, check_positive_int

__all__ = ["NeuronRun", "train_neuron", "epochs_to_reach", "eta_scan"]


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
    activation: str = "sigmoid"

    @property
    def z(self) -> np.ndarray:
        """Weighted input ``w x + b`` per epoch."""
        return self.w * self.x + self.b


def train_neuron(w: float = 0.6, b: float = 0.9, eta: float = 0.15, epochs: int = 300,
                 cost="quadratic", x: float = 1.0, y: float = 0.0,
                 activation="sigmoid") -> NeuronRun:
    """Train one neuron on the single example ``(x, y)`` by gradient descent.

    Each epoch takes one step ``w -= eta * x * delta``, ``b -= eta * delta`` with
    ``delta = dC/dz`` from the cost class: ``(a - y) sigma'(z)`` for the
    quadratic cost of a sigmoid neuron (eqs 55, 56), ``a - y`` for the
    cross-entropy (eqs 61, 62) and for a linear neuron with the quadratic
    cost (eq 68: no ``sigma'``, no slowdown).

    Returns
    -------
    NeuronRun with the weight, bias, output and cost after each epoch.
    """
    cost_cls = get_cost(cost)
    act = get_activation(activation)
    if act not in (Sigmoid, Linear):
        raise ValueError(f"the single neuron is 'sigmoid' or 'linear', not {act.name!r}")
    if cost_cls.name not in ("quadratic", "cross-entropy"):
        raise ValueError("the single neuron is trained with the 'quadratic' or "
                         f"'cross-entropy' cost, not {cost_cls.name!r}")
    if act is Linear and cost_cls.name != "quadratic":
        raise ValueError("a linear neuron's output can leave (0, 1), where the "
                         "cross-entropy is undefined: use cost='quadratic'")
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs", allow_zero=True)
    for name, v in (("w", w), ("b", b), ("x", x), ("y", y)):
        if not np.isfinite(v):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
    if act is Sigmoid and not 0 <= y <= 1:
        raise ValueError(f"the target y must lie in [0, 1] for a sigmoid neuron, got {y}")
    ws, bs = np.empty(epochs + 1), np.empty(epochs + 1)
    w, b = float(w), float(b)
    for t in range(epochs + 1):
        ws[t], bs[t] = w, b
        a = float(act.fn(w * x + b))
        delta = cost_cls.delta(a, y, act)
        w -= eta * x * delta
        b -= eta * delta
    a = act.fn(ws * x + bs)
    c = cost_cls.fn(a[:, None], np.full((epochs + 1, 1), float(y)))
    return NeuronRun(w=ws, b=bs, a=a, cost=c, eta=eta, cost_name=cost_cls.name,
                     x=float(x), y=float(y), activation=act.name)


def epochs_to_reach(run: NeuronRun, level: float) -> int | None:
    """First epoch at which the output ``a`` is at or below ``level`` (``None``: never).

    Parameters
    ----------
    run : a :class:`NeuronRun` with target ``y = 0`` (so the output falls)
    level : the output to reach, in (0, 1)
    """
    if not isinstance(run, NeuronRun):
        raise ValueError(f"run must be a NeuronRun from nnlib.train_neuron, "
                         f"got {type(run).__name__}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level!r}")
    hits = np.flatnonzero(run.a <= level)
    return int(hits[0]) if hits.size else None


def eta_scan(etas: Sequence[float], starts: Sequence[tuple[float, float]],
             cost: str = "cross-entropy", level: float = 0.1,
             epochs: int = 300) -> np.ndarray:
    """Epochs each learning rate needs to bring the output down to ``level``.

    Returns an array of shape ``(len(etas), len(starts))``, one row per eta
    and one column per start ``(w, b)``; ``nan`` where the output does not
    reach ``level`` within ``epochs``.
    """
    etas = [check_positive(e, "each eta") for e in etas]
    if len(etas) == 0 or len(starts) == 0:
        raise ValueError("give at least one eta and one start (w, b)")
    out = np.full((len(etas), len(starts)), np.nan)
    for i, eta in enumerate(etas):
        for j, (w, b) in enumerate(starts):
            hit = epochs_to_reach(train_neuron(w, b, eta, epochs, cost), level)
            if hit is not None:
                out[i, j] = hit
    return out

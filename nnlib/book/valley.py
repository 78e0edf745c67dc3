"""A cost of two parameters with a long, narrow valley, for the chapter "Other techniques".

``C(w) = 1/2 (w - w*)^T H (w - w*)`` with a fixed positive definite Hessian ``H``
whose two curvatures differ 20-fold (eigenvalues 1 and 20, the valley running along
the diagonal). On it the chapter compares one Newton step (eq 106), plain gradient
descent and momentum-based gradient descent (eqs 107-108). The live widget
:class:`nnlib.book.widgets.momentum.MomentumValley` computes the same paths in the
reader's browser; ``tests/test_widgets_momentum.py`` checks its JavaScript against
:func:`descent_path`.
"""
from __future__ import annotations

import numpy as np

__all__ = ["H", "W_MIN", "START", "cost", "gradient", "descent_path", "newton_step",
           "steps_to"]

#: The valley's Hessian: eigenvalue 1 along (1, 1), 20 across it, along (1, -1).
H = np.array([[10.5, -9.5], [-9.5, 10.5]])
#: Where the valley's minimum lies, and where every path starts.
W_MIN = np.array([1.0, 1.0])
START = np.array([-3.5, -1.5])


def _point(w, name: str = "w") -> np.ndarray:
    w = np.asarray(w, dtype=float)
    if w.shape != (2,) or not np.all(np.isfinite(w)):
        raise ValueError(f"{name} must be two finite numbers, got {w!r}")
    return w


def cost(w) -> float:
    """``C(w) = 1/2 (w - w*)^T H (w - w*)``; 0 at the minimum ``w* = W_MIN``."""
    d = _point(w) - W_MIN
    return 0.5 * float(d @ H @ d)


def gradient(w) -> np.ndarray:
    """``grad C(w) = H (w - w*)``."""
    return H @ (_point(w) - W_MIN)


def newton_step(w) -> np.ndarray:
    """One step of the Hessian technique from ``w``: ``w - H^{-1} grad C`` (eq 106)."""
    return _point(w) - np.linalg.solve(H, gradient(w))


def descent_path(eta: float, mu: float = 0.0, steps: int = 50, start=START) -> np.ndarray:
    """Gradient descent with momentum on the valley: ``steps + 1`` points from ``start``.

    ``v -> mu v - eta grad C(w)``, ``w -> w + v`` (eqs 107-108), ``v = 0`` at first;
    ``mu = 0`` is plain gradient descent. A path that blows up keeps its infinite or
    NaN points (no error): showing that is part of the point.
    """
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    eta, mu = float(eta), float(mu)
    if not (np.isfinite(eta) and eta > 0 and np.isfinite(mu)):
        raise ValueError(f"eta must be a positive number and mu a finite one, got "
                         f"eta={eta!r}, mu={mu!r}")
    w, v = _point(start, "start").copy(), np.zeros(2)
    path = [w.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            g0 = H[0, 0] * (w[0] - W_MIN[0]) + H[0, 1] * (w[1] - W_MIN[1])
            g1 = H[1, 0] * (w[0] - W_MIN[0]) + H[1, 1] * (w[1] - W_MIN[1])
            v = np.array([mu * v[0] - eta * g0, mu * v[1] - eta * g1])
            w = w + v
            path.append(w.copy())
    return np.array(path)


def steps_to(eta: float, mu: float = 0.0, tol: float = 1e-3, max_steps: int = 1000,
             start=START) -> int | None:
    """Steps until the cost first falls below ``tol``; None if not within ``max_steps``."""
    path = descent_path(eta, mu, max_steps, start)
    d = path - W_MIN
    with np.errstate(over="ignore", invalid="ignore"):
        c = 0.5 * np.einsum("ni,ij,nj->n", d, H, d)
    hits = np.flatnonzero(c < tol)
    return int(hits[0]) if hits.size else None

"""Cross-entropy explorer: pick a target ``y`` and an output ``a``; see the
cross-entropy ``C(a, y)``, the binary entropy ``H(y)`` (eq 64) and their gap,
the Kullback-Leibler divergence ``KL(y || a) = C - H``.

:func:`entropy_terms` does the arithmetic (NumPy, safe at 0 and 1);
:class:`EntropyExplorer` is the live widget, computed and drawn in the reader's
browser (``js/entropy.js``, checked against :func:`entropy_terms` to 1e-9);
:func:`static_figure` draws cost curves for several targets (a printed figure).
"""
from __future__ import annotations

from dataclasses import dataclass

import anywidget
import numpy as np
import traitlets as t
from scipy.special import xlogy

from ...costs import binary_entropy

from ._base import esm, finite

__all__ = ["EntropyTerms", "entropy_terms", "cross_entropy_curve", "EntropyExplorer",
           "static_figure", "A_MIN", "A_MAX"]

#: The output slider's range: a sigmoid output is never exactly 0 or 1.
A_MIN, A_MAX = 0.01, 0.99
_GRID = np.linspace(A_MIN, A_MAX, 197)
_COLORS = {"cross_entropy": "tab:blue", "entropy": "tab:green", "kl": "tab:red"}


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x ln y`` with ``0 ln 0 = 0`` (``scipy.special.xlogy``)."""
    return xlogy(np.asarray(x, float), np.asarray(y, float))


def _check_inputs(y, a) -> tuple[np.ndarray, np.ndarray]:
    y, a = np.asarray(y, dtype=float), np.asarray(a, dtype=float)
    if not np.all(np.isfinite(y)) or np.any((y < 0) | (y > 1)):
        raise ValueError(f"the target y must lie in [0, 1], got {y}")
    if not np.all(np.isfinite(a)) or np.any((a <= 0) | (a >= 1)):
        raise ValueError(f"the output a must lie strictly between 0 and 1 (a sigmoid output "
                         f"never reaches 0 or 1), got {a}; e.g. use a in [{A_MIN}, {A_MAX}]")
    return y, a


@dataclass(frozen=True)
class EntropyTerms:
    """Cross-entropy, binary entropy and their gap (the KL divergence), in nats."""

    cross_entropy: np.ndarray | float
    entropy: np.ndarray | float
    kl: np.ndarray | float


def entropy_terms(y, a) -> EntropyTerms:
    """The cross-entropy ``C``, the entropy ``H(y)`` and the gap ``KL = C - H``.

    Parameters
    ----------
    y : float or array, in [0, 1]
        Target (may be fractional, as in a regression problem).
    a : float or array, in (0, 1)
        Output of the neuron.

    Returns
    -------
    EntropyTerms
        Floats for scalar input, arrays (broadcast) otherwise. The gap is
        computed directly as ``y ln(y/a) + (1-y) ln((1-y)/(1-a))``, so it is
        exactly 0 at ``a = y`` and never negative from round-off.
    """
    y, a = _check_inputs(y, a)
    C = -(_xlogy(y, a) + _xlogy(1 - y, 1 - a))
    H = binary_entropy(y)  # eq 64
    kl = _xlogy(y, y / a) + _xlogy(1 - y, (1 - y) / (1 - a))
    kl = np.maximum(kl, 0.0)
    C, H = C + 0.0, H + 0.0  # no "-0.0"
    if np.ndim(C) == 0:
        return EntropyTerms(float(C), float(H), float(kl))
    return EntropyTerms(C, H, kl)


def cross_entropy_curve(y: float, a_grid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(a_grid, C(a_grid, y))`` for plotting the cost against the output."""
    grid = _GRID if a_grid is None else np.asarray(a_grid, dtype=float)
    return grid, np.asarray(entropy_terms(y, grid).cross_entropy)


class EntropyExplorer(anywidget.AnyWidget):
    """Two sliders (target ``y``, output ``a``) and a two-panel drawing, in the browser.

    Left: the cost curve ``a -> C(a, y)`` for the chosen ``y``, the entropy
    ``H(y)`` as a dashed line at its minimum, the chosen output as a dot and
    the gap ``KL`` as a red segment. Right: the three numbers as bars. The
    JavaScript (``js/entropy.js``) computes them as :func:`entropy_terms` does.

    Parameters
    ----------
    y, a : float
        Starting target (in [0, 1]) and output (in [0.01, 0.99]).
    y_max : float
        Upper limit of both vertical axes (nats).

    The drawing's root element has class ``nnlib-entropy`` and ``data-y``,
    ``data-a``, ``data-cross-entropy``, ``data-entropy``, ``data-kl``.
    """

    _esm = esm("entropy")
    y = t.Float(0.3).tag(sync=True)
    a = t.Float(0.8).tag(sync=True)
    y_max = t.Float(3.0).tag(sync=True)
    a_min = t.Float(A_MIN).tag(sync=True)
    a_max = t.Float(A_MAX).tag(sync=True)

    def __init__(self, y: float = 0.3, a: float = 0.8, y_max: float = 3.0) -> None:
        y_max = finite(y_max, "y_max")
        if y_max <= 0:
            raise ValueError(f"y_max must be positive (nats), got {y_max}")
        super().__init__(y=finite(y, "the target y"), a=finite(a, "the output a"), y_max=y_max)

    @t.validate("y")
    def _valid_y(self, proposal):
        v = finite(proposal["value"], "the target y")
        if not 0 <= v <= 1:
            raise ValueError(f"the target y must lie in [0, 1], got {v}")
        return v

    @t.validate("a")
    def _valid_a(self, proposal):
        v = finite(proposal["value"], "the output a")
        if not A_MIN <= v <= A_MAX:
            raise ValueError(f"the output a must lie in [{A_MIN}, {A_MAX}] (a sigmoid output "
                             f"never reaches 0 or 1), got {v}")
        return v

    @property
    def state(self) -> dict:
        """Current ``y``, ``a`` and the three numbers (as the browser computes them)."""
        terms = entropy_terms(self.y, self.a)
        return {"y": self.y, "a": self.a, "cross_entropy": terms.cross_entropy,
                "entropy": terms.entropy, "kl": terms.kl}


def static_figure(ys=(0.0, 0.2, 0.5, 0.9), a_example: float = 0.75, y_max: float = 3.0):
    """The site's stand-in for the widget: cost curves for several targets.

    Each curve ``a -> C(a, y)`` has its minimum ``H(y)`` marked on the line
    ``a = y``; for the second target the gap ``KL`` at ``a = a_example`` is
    drawn in red.

    Returns
    -------
    matplotlib.figure.Figure (closed, so it is shown only when displayed).
    """
    import matplotlib.pyplot as plt

    ys = [float(v) for v in ys]
    if not ys:
        raise ValueError("ys must name at least one target, e.g. ys=(0.2, 0.5)")
    _check_inputs(ys, a_example)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    plt.close(fig)
    cmap = plt.get_cmap("viridis")
    for k, y in enumerate(ys):
        color = cmap(0.1 + 0.8 * k / max(len(ys) - 1, 1))
        ax.plot(*cross_entropy_curve(y), color=color, label=f"y = {y:g}")
        if 0 < y < 1:
            h = entropy_terms(y, y).entropy
            ax.plot([y], [h], "o", color=color)
            ax.axhline(h, color=color, ls=":", lw=1)
    y_ex = ys[min(1, len(ys) - 1)]
    t = entropy_terms(y_ex, a_example)
    ax.plot([a_example, a_example], [t.entropy, t.cross_entropy], color=_COLORS["kl"], lw=3,
            label=f"gap KL at y = {y_ex:g}, a = {a_example:g}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, y_max)
    ax.set_xlabel("output a")
    ax.set_ylabel("cross-entropy C(a, y)  [nats]")
    ax.set_title("Each curve's lowest point is at a = y, at height H(y) (dots)", fontsize=10)
    ax.legend(fontsize=8, loc="upper center", ncol=2)
    return fig

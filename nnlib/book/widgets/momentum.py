"""Momentum on a valley: gradient descent with and without momentum, live.

:class:`MomentumValley` draws, in the reader's browser (``js/momentum.js``), the
paths of plain gradient descent and of momentum-based gradient descent (eqs 107-108)
on the two-parameter valley of :mod:`nnlib.book.valley`, for the learning rate η,
momentum coefficient μ and number of steps the reader sets, with the cost after each
step. :meth:`MomentumValley.paths` gives the same paths from NumPy;
``tests/test_widgets_momentum.py`` checks the JavaScript against them in Node.
"""
from __future__ import annotations

import anywidget
import numpy as np
import traitlets as t

from .. import valley
from ._base import JS_DIR, finite

__all__ = ["ETA_VALUES", "MU_VALUES", "STEPS_VALUES", "TOL", "MomentumValley", "esm"]

#: the exact values the sliders step through
ETA_VALUES = (0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.095, 0.1, 0.105)
MU_VALUES = tuple(round(-0.5 + 0.05 * k, 2) for k in range(33))      # -0.5 ... 1.1
STEPS_VALUES = (5, 10, 20, 30, 50, 75, 100, 150, 200)
#: the readout counts the steps until the cost falls below this
TOL = 1e-3


def esm() -> str:
    """The widget's ES module: ``js/common.js`` followed by ``js/momentum.js``."""
    return "\n".join([
        "// nnlib.book.widgets: momentum (generated from js/common.js + js/momentum.js)\n",
        (JS_DIR / "common.js").read_text(encoding="utf-8"),
        (JS_DIR / "momentum.js").read_text(encoding="utf-8")])


class MomentumValley(anywidget.AnyWidget):
    """Sliders for η, μ and the number of steps; both paths on the valley, and the cost.

    Parameters
    ----------
    eta, mu, steps : the setting shown first; each must be one of the slider's values
        (``ETA_VALUES``, ``MU_VALUES``, ``STEPS_VALUES``)

    The root element has class ``nnlib-momentum`` and ``data-eta``, ``data-mu``,
    ``data-steps``, ``data-cost-plain``, ``data-cost-momentum`` (the cost after the
    last step) and ``data-steps-plain``, ``data-steps-momentum`` (steps until the
    cost falls below ``TOL``; null if not within 1,000).
    """

    _esm = esm()
    eta = t.Float(0.09).tag(sync=True)
    mu = t.Float(0.5).tag(sync=True)
    steps = t.Int(50).tag(sync=True)
    eta_values = t.List(t.Float(), default_value=list(ETA_VALUES)).tag(sync=True)
    mu_values = t.List(t.Float(), default_value=list(MU_VALUES)).tag(sync=True)
    steps_values = t.List(t.Int(), default_value=list(STEPS_VALUES)).tag(sync=True)
    hessian = t.List(t.List(t.Float())).tag(sync=True)
    w_min = t.List(t.Float()).tag(sync=True)
    start = t.List(t.Float()).tag(sync=True)
    tol = t.Float(TOL).tag(sync=True)
    xlim = t.List(t.Float(), default_value=[-5.0, 5.0]).tag(sync=True)
    ylim = t.List(t.Float(), default_value=[-4.0, 6.0]).tag(sync=True)

    def __init__(self, eta: float = 0.09, mu: float = 0.5, steps: int = 50) -> None:
        super().__init__(hessian=valley.H.tolist(), w_min=valley.W_MIN.tolist(),
                         start=valley.START.tolist())
        self.eta, self.mu, self.steps = eta, mu, steps

    @staticmethod
    def _one_of(value, values, name):
        v = finite(value, name)
        if v not in values:
            raise ValueError(f"{name} must be one of the slider's values {list(values)}, "
                             f"got {value!r}")
        return v

    @t.validate("eta")
    def _valid_eta(self, proposal):
        return self._one_of(proposal["value"], self.eta_values, "eta")

    @t.validate("mu")
    def _valid_mu(self, proposal):
        return self._one_of(proposal["value"], self.mu_values, "mu")

    @t.validate("steps")
    def _valid_steps(self, proposal):
        return int(self._one_of(proposal["value"], self.steps_values, "steps"))

    def paths(self) -> dict[str, np.ndarray]:
        """``{"plain": ..., "momentum": ...}``: the two paths shown, from NumPy."""
        return {"plain": valley.descent_path(self.eta, 0.0, self.steps),
                "momentum": valley.descent_path(self.eta, self.mu, self.steps)}

    def readout(self) -> dict[str, float | int | None]:
        """The numbers the text under the drawing states, from NumPy."""
        p = self.paths()
        with np.errstate(over="ignore", invalid="ignore"):
            costs = {k: _cost(v[-1]) for k, v in p.items()}
        return {"cost_plain": costs["plain"], "cost_momentum": costs["momentum"],
                "steps_plain": valley.steps_to(self.eta, 0.0, self.tol),
                "steps_momentum": valley.steps_to(self.eta, self.mu, self.tol)}


def _cost(w: np.ndarray) -> float:
    d = w - valley.W_MIN
    return 0.5 * float(d @ valley.H @ d)

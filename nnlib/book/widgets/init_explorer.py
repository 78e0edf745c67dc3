"""Initialization explorer: the weighted input of one hidden neuron at the start.

A hidden neuron with ``n_in`` inputs, of which a share ``share_on`` are on (1) and the
rest off (0), weights drawn from N(0, 1) (``"large"``, the old start) or N(0, 1/n_in)
(``"default"``, the new one) and a bias from N(0, bias_sd^2): its weighted input
``z = sum_j w_j x_j + b`` is Gaussian with mean 0 and variance
``k Var(w) + bias_sd^2``, ``k = round(share_on n_in)`` inputs on.

:func:`z_spread`, :func:`saturated_share` and :func:`mean_sigma_prime` do the arithmetic
(SciPy); :class:`InitExplorer` is the live widget, computed and drawn in the reader's
browser by ``js/init.js``, which ``tests/test_widgets_init.py`` checks against these
functions in Node.
"""
from __future__ import annotations

import math

import anywidget
import numpy as np
import traitlets as t
from scipy import integrate, special

from ...activations import sigmoid_prime
from ._base import JS_DIR, finite

__all__ = ["RULES", "N_IN_VALUES", "inputs_on", "z_spread", "saturated_share",
           "mean_sigma_prime", "InitExplorer", "esm"]

#: weight variance of each rule, as a function of n_in
RULES = {"large": lambda n_in: 1.0, "default": lambda n_in: 1.0 / n_in}
#: the values the n_in slider steps through (784: MNIST; 1,000: the source's example)
N_IN_VALUES = (10, 30, 100, 300, 784, 1000, 3000, 10000)


def esm() -> str:
    """The widget's ES module: ``js/common.js`` followed by ``js/init.js``."""
    return "\n".join([
        "// nnlib.book.widgets: init (generated from js/common.js + js/init.js)\n",
        (JS_DIR / "common.js").read_text(encoding="utf-8"),
        (JS_DIR / "init.js").read_text(encoding="utf-8")])


def _check_rule(rule: str) -> str:
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: choose 'large' (N(0, 1)) or "
                         f"'default' (N(0, 1/n_in))")
    return rule


def inputs_on(n_in: int, share_on: float) -> int:
    """How many of ``n_in`` inputs are on: ``round(share_on * n_in)`` (half-up)."""
    if int(n_in) != n_in or n_in < 1:
        raise ValueError(f"n_in must be a positive whole number, got {n_in!r}")
    share_on = finite(share_on, "share_on")
    if not 0 <= share_on <= 1:
        raise ValueError(f"share_on must lie in [0, 1], got {share_on}")
    return min(int(n_in), int(math.floor(share_on * n_in + 0.5)))


def z_spread(n_in: int, share_on: float, rule: str, bias_sd: float = 1.0) -> float:
    """Standard deviation of ``z``: ``sqrt(k Var(w) + bias_sd^2)``."""
    bias_sd = finite(bias_sd, "bias_sd")
    if bias_sd < 0:
        raise ValueError(f"bias_sd must not be negative, got {bias_sd}")
    k = inputs_on(n_in, share_on)
    return math.sqrt(k * RULES[_check_rule(rule)](n_in) + bias_sd ** 2)


def saturated_share(sd: float, threshold: float = 4.0) -> float:
    """``P(|z| > threshold)`` for ``z ~ N(0, sd^2)``."""
    sd, threshold = finite(sd, "sd"), finite(threshold, "threshold")
    if sd < 0 or threshold < 0:
        raise ValueError(f"sd and threshold must not be negative, got {sd}, {threshold}")
    return 0.0 if sd == 0 else float(special.erfc(threshold / (math.sqrt(2) * sd)))


def mean_sigma_prime(sd: float) -> float:
    """``E[sigma'(z)]`` for ``z ~ N(0, sd^2)`` (adaptive quadrature)."""
    sd = finite(sd, "sd")
    if sd < 0:
        raise ValueError(f"sd must not be negative, got {sd}")
    if sd == 0:
        return 0.25
    f = lambda z: sigmoid_prime(z) * np.exp(-0.5 * (z / sd) ** 2) / (sd * math.sqrt(2 * math.pi))
    value, _ = integrate.quad(f, -np.inf, np.inf, points=None, epsabs=1e-13, epsrel=1e-12,
                              limit=200)
    return float(value)


class InitExplorer(anywidget.AnyWidget):
    """Sliders for ``n_in``, the share of inputs on and the bias's spread, a selector for
    the rule; the density of ``z`` with the tails beyond ``±threshold`` shaded, their
    probability, and ``sigma'(z)`` for comparison, all computed in the browser.

    The root element has class ``nnlib-init`` and ``data-n-in``, ``data-share-on``,
    ``data-rule``, ``data-bias-sd``, ``data-threshold``, ``data-on``, ``data-sd``,
    ``data-saturated`` and ``data-mean-sigma-prime``.
    """

    _esm = esm()
    n_in = t.Int(1000).tag(sync=True)
    share_on = t.Float(0.5).tag(sync=True)
    rule = t.Unicode("large").tag(sync=True)
    bias_sd = t.Float(1.0).tag(sync=True)
    threshold = t.Float(4.0).tag(sync=True)
    n_in_values = t.List(list(N_IN_VALUES)).tag(sync=True)

    def __init__(self, n_in: int = 1000, share_on: float = 0.5, rule: str = "large",
                 bias_sd: float = 1.0, threshold: float = 4.0) -> None:
        super().__init__(n_in=n_in, share_on=share_on, rule=rule, bias_sd=bias_sd,
                         threshold=threshold)

    @t.validate("n_in")
    def _valid_n_in(self, proposal):
        v = proposal["value"]
        if v not in N_IN_VALUES:
            raise ValueError(f"n_in must be one of the slider's values {N_IN_VALUES}, got {v}")
        return v

    @t.validate("share_on")
    def _valid_share(self, proposal):
        v = finite(proposal["value"], "share_on")
        if not (0.05 - 1e-12 <= v <= 1 + 1e-12 and abs(20 * v - round(20 * v)) < 1e-9):
            raise ValueError(f"share_on must be one of 0.05, 0.10, ..., 1.00, got {v}")
        return round(v, 2)

    @t.validate("rule")
    def _valid_rule(self, proposal):
        return _check_rule(proposal["value"])

    @t.validate("bias_sd")
    def _valid_bias(self, proposal):
        v = finite(proposal["value"], "bias_sd")
        if not (-1e-12 <= v <= 2 + 1e-12 and abs(10 * v - round(10 * v)) < 1e-9):
            raise ValueError(f"bias_sd must be one of 0.0, 0.1, ..., 2.0, got {v}")
        return round(v, 1)

    @t.validate("threshold")
    def _valid_threshold(self, proposal):
        v = finite(proposal["value"], "threshold")
        if v <= 0:
            raise ValueError(f"threshold must be positive, got {v}")
        return v

    @property
    def state(self) -> dict:
        """What the drawing shows for the current setting (as the browser computes it)."""
        sd = z_spread(self.n_in, self.share_on, self.rule, self.bias_sd)
        return {"on": inputs_on(self.n_in, self.share_on), "sd": sd,
                "saturated": saturated_share(sd, self.threshold),
                "mean_sigma_prime": mean_sigma_prime(sd)}

"""Cross-entropy explorer: pick a target ``y`` and an output ``a``; see the
cross-entropy ``C(a, y)``, the binary entropy ``H(y)`` (eq 64) and their gap,
the Kullback-Leibler divergence ``KL(y || a) = C - H``.

:func:`entropy_terms` does the arithmetic (NumPy, safe at 0 and 1);
:class:`EntropyExplorer` is the live widget (two sliders and a figure), drivable
without a browser: ``ex.y_slider.value = 0.3`` updates ``ex.state`` and the
figure's artists; :func:`static_figure` is the stand-in for the built site.
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["EntropyTerms", "entropy_terms", "cross_entropy_curve", "EntropyExplorer",
           "static_figure", "A_MIN", "A_MAX"]

#: The output slider's range: a sigmoid output is never exactly 0 or 1.
A_MIN, A_MAX = 0.01, 0.99
_GRID = np.linspace(A_MIN, A_MAX, 197)
_COLORS = {"cross_entropy": "tab:blue", "entropy": "tab:green", "kl": "tab:red"}


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x ln y`` with ``0 ln 0 = 0``."""
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
    out = np.zeros(x.shape)
    nz = x != 0
    out[nz] = x[nz] * np.log(y[nz])
    return out


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
    H = -(_xlogy(y, y) + _xlogy(1 - y, 1 - y))
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


def _setup_axes(ax_curve, ax_bars, y_max: float) -> None:
    ax_curve.set_xlim(0, 1)
    ax_curve.set_ylim(0, y_max)
    ax_curve.set_xlabel("output a")
    ax_curve.set_ylabel("nats")
    ax_bars.set_ylim(0, y_max)
    ax_bars.set_ylabel("nats")


class EntropyExplorer:
    """Two sliders (target ``y``, output ``a``) and a two-panel figure.

    Left: the cost curve ``a -> C(a, y)`` for the chosen ``y``, the entropy
    ``H(y)`` as a dashed line at its minimum, the chosen output as a dot and
    the gap ``KL`` as a red segment. Right: the three numbers as bars.

    Parameters
    ----------
    y, a : float
        Starting target (in [0, 1]) and output (in [0.01, 0.99]).
    y_max : float
        Upper limit of both vertical axes (nats).
    """

    def __init__(self, y: float = 0.3, a: float = 0.8, y_max: float = 3.0) -> None:
        import ipywidgets as W

        _check_inputs(y, a)
        if not A_MIN <= a <= A_MAX:
            raise ValueError(f"the starting output a must lie in [{A_MIN}, {A_MAX}], got {a}")
        self.y_slider = W.FloatSlider(value=y, min=0.0, max=1.0, step=0.01,
                                      description="target y", continuous_update=True)
        self.a_slider = W.FloatSlider(value=a, min=A_MIN, max=A_MAX, step=0.01,
                                      description="output a", continuous_update=True)
        self.readout = W.HTML()
        self.output = W.Output()
        self.fig, (self.ax_curve, self.ax_bars) = plt.subplots(
            1, 2, figsize=(8, 3.2), gridspec_kw={"width_ratios": [2.2, 1]}, layout="constrained")
        plt.close(self.fig)  # shown through self.output only
        _setup_axes(self.ax_curve, self.ax_bars, y_max)
        (self.curve,) = self.ax_curve.plot([], [], color=_COLORS["cross_entropy"],
                                           label="cross-entropy C(a, y)")
        self.entropy_line = self.ax_curve.axhline(0, color=_COLORS["entropy"], ls="--",
                                                  label="entropy H(y)")
        (self.gap,) = self.ax_curve.plot([], [], color=_COLORS["kl"], lw=3, label="gap KL = C − H")
        (self.dot,) = self.ax_curve.plot([], [], "o", color="black", zorder=5)
        self.ax_curve.legend(loc="upper center", fontsize=8)
        self.bars = self.ax_bars.bar(["C", "H", "KL"], [0, 0, 0],
                                     color=[_COLORS[k] for k in ("cross_entropy", "entropy", "kl")])
        self._batch = False
        self.y_slider.observe(self._on_change, names="value")
        self.a_slider.observe(self._on_change, names="value")
        self.widget = W.VBox([W.HBox([self.y_slider, self.a_slider]), self.readout, self.output])
        self.update()

    # -- state -------------------------------------------------------------------
    @property
    def state(self) -> dict:
        """Current ``y``, ``a`` and the three numbers (rounded to 6 digits)."""
        y, a = self.y_slider.value, self.a_slider.value
        t = entropy_terms(y, a)
        return {"y": y, "a": a, "cross_entropy": round(t.cross_entropy, 6),
                "entropy": round(t.entropy, 6), "kl": round(t.kl, 6)}

    def set(self, y: float | None = None, a: float | None = None) -> None:
        """Move the sliders (and so update the figure) from code."""
        self._batch = True  # one redraw for both sliders
        try:
            if y is not None:
                self.y_slider.value = y
            if a is not None:
                self.a_slider.value = a
        finally:
            self._batch = False
        self.update()

    # -- drawing -----------------------------------------------------------------
    def _on_change(self, _change=None) -> None:
        if not self._batch:
            self.update()

    def update(self) -> None:
        """Redraw the artists for the current slider values (no new artists)."""
        st = self.state
        y, a = st["y"], st["a"]
        self.curve.set_data(*cross_entropy_curve(y))
        self.entropy_line.set_ydata([st["entropy"], st["entropy"]])
        self.gap.set_data([a, a], [st["entropy"], st["cross_entropy"]])
        self.dot.set_data([a], [st["cross_entropy"]])
        for bar, key in zip(self.bars, ("cross_entropy", "entropy", "kl")):
            bar.set_height(st[key])
        self.ax_curve.set_title(f"y = {y:.2f}: the cost is smallest at a = y", fontsize=10)
        self.readout.value = (f"C = <b>{st['cross_entropy']:.3f}</b> nats &nbsp; "
                              f"H(y) = <b>{st['entropy']:.3f}</b> &nbsp; "
                              f"gap KL = C − H = <b>{st['kl']:.3f}</b>")
        self._render()

    def _render(self) -> None:
        """Put the figure into the Output widget by setting its state.

        Setting ``output.outputs`` (instead of ``with output: display(fig)``)
        needs no front end to route the display message, so the image never
        leaks into the cell that moved a slider.
        """
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:  # plain Python (e.g. tests): the artists are updated, nothing to show
            return
        data, metadata = shell.display_formatter.format(self.fig)
        self.output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def static_figure(ys=(0.0, 0.2, 0.5, 0.9), a_example: float = 0.75, y_max: float = 3.0):
    """The site's stand-in for the widget: cost curves for several targets.

    Each curve ``a -> C(a, y)`` has its minimum ``H(y)`` marked on the line
    ``a = y``; for the second target the gap ``KL`` at ``a = a_example`` is
    drawn in red.

    Returns
    -------
    matplotlib.figure.Figure (closed, so it is shown only when displayed).
    """
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

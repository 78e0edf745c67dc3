"""Softmax sliders, the temperature slider, and a reliability (calibration) table.

Live widgets (need a kernel)
----------------------------
:class:`SoftmaxSliders`
    four sliders for the weighted inputs ``z_1..z_4`` and a bar chart of the
    softmax activations ``a_1..a_4`` (eq 78) with their sum (eq 79);
:class:`TemperatureSlider`
    one slider for the constant ``c`` of eq 83, on a log scale, with the bars of
    ``softmax(c z)`` for a fixed ``z``.

Both keep a matplotlib figure and update the heights of its existing bars
(``set_height``) when a slider moves; the figure is never rebuilt.  Their state
can be driven without a browser: set ``sliders[i].value`` (or ``slider.value``)
and read ``.a``, ``.bar_heights()`` or ``.sum_label.get_text()``.

Static stand-ins (for the built site)
-------------------------------------
:func:`z_sweep_activations` / :func:`z_sweep_animation` sweep one ``z_j``;
:func:`temperature_activations` / :func:`temperature_animation` sweep ``c``.
The ``*_activations`` functions are the testable logic; the ``*_animation``
functions return the HTML of a small ``to_jshtml`` animation.

Outputs read as probabilities
-----------------------------
:func:`log_softmax` (stable), :func:`reliability_table` (binned confidence vs
accuracy) and :func:`plot_reliability`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np

from ...activations import softmax
from . import show_figure

__all__ = ["DEFAULT_Z", "SoftmaxSliders", "TemperatureSlider", "BarPanel",
           "softmax_with_c", "log_softmax", "z_sweep_activations",
           "temperature_activations", "z_sweep_animation", "temperature_animation",
           "Reliability", "reliability_table", "plot_reliability"]

#: A start with one clearly dominant output (a_1 is about 0.75).
DEFAULT_Z = (2.5, 1.0, 0.0, -1.0)
_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


# --------------------------------------------------------------------- maths
def _as_z(z, name: str = "z") -> np.ndarray:
    z = np.asarray(z, dtype=float)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"{name} must be a 1-d sequence of at least two weighted inputs, "
                         f"e.g. (2.5, 1.0, 0.0, -1.0); got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{name} contains NaN or infinite values: {z}")
    return z


def _check_c(c) -> float:
    c = float(c)
    if not np.isfinite(c) or c <= 0:
        raise ValueError(f"the constant c of eq 83 must be a positive number, got {c!r}")
    return c


def softmax_with_c(z: Sequence[float], c: float = 1.0) -> np.ndarray:
    """Eq 83: ``a_j = exp(c z_j) / sum_k exp(c z_k)``; ``c = 1`` is the softmax (eq 78).

    Raises
    ------
    ValueError
        if ``c`` is not a positive finite number or ``z`` is not a finite 1-d vector.
    """
    return softmax(_check_c(c) * _as_z(z))


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """``ln softmax(z)`` computed directly and stably: ``(z - m) - ln sum exp(z - m)``.

    ``m = max(z)``.  Every exponent is at most 0, so nothing overflows, and the
    logarithm never sees an underflowed 0: for ``z = [1000, 0]`` it returns
    ``[0, -1000]`` where ``np.log(softmax(z))`` gives ``[0, -inf]``.
    """
    z = np.asarray(z, dtype=float)
    if z.ndim == 0:
        raise ValueError("log_softmax needs a vector (or a batch of vectors), not a scalar")
    if not np.all(np.isfinite(z)):
        raise ValueError("log_softmax: z contains NaN or infinite values")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def z_sweep_activations(z: Sequence[float], j: int, values: Sequence[float]) -> np.ndarray:
    """Softmax activations while ``z[j]`` takes each of ``values`` (others fixed).

    Returns an array of shape ``(len(values), len(z))``: row ``t`` is
    ``softmax(z)`` with ``z[j] = values[t]``.
    """
    z = _as_z(z)
    if not (isinstance(j, (int, np.integer)) and 0 <= j < z.size):
        raise ValueError(f"j must be an index 0..{z.size - 1} of z, got {j!r}")
    values = np.asarray(values, dtype=float).ravel()
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError("values must be a non-empty sequence of finite numbers")
    Z = np.repeat(z[None, :], values.size, axis=0)
    Z[:, j] = values
    return softmax(Z, axis=1)


def temperature_activations(z: Sequence[float], cs: Sequence[float]) -> np.ndarray:
    """Eq 83 for each constant in ``cs``: shape ``(len(cs), len(z))``."""
    z = _as_z(z)
    cs = np.asarray(cs, dtype=float).ravel()
    if cs.size == 0 or not np.all(np.isfinite(cs)) or np.any(cs <= 0):
        raise ValueError("cs must be a non-empty sequence of positive numbers (eq 83 needs c > 0)")
    return softmax(cs[:, None] * z[None, :], axis=1)


# ------------------------------------------------------------------ drawing
class BarPanel:
    """A bar chart of activations whose bars are updated in place.

    Parameters
    ----------
    n : number of bars (output neurons)
    ax : axes to draw on (a new small figure when omitted)
    title : axes title
    """

    def __init__(self, n: int, ax=None, title: str = "softmax outputs"):
        if ax is None:
            fig, ax = plt.subplots(figsize=(4.6, 3.0), dpi=100)
        self.ax, self.fig = ax, ax.figure
        self.n = n
        x = np.arange(1, n + 1)
        self.bars = ax.bar(x, np.zeros(n), color=[_COLORS[i % 10] for i in range(n)],
                           width=0.65)
        self.value_labels = [ax.text(xi, 0.02, "", ha="center", va="bottom", fontsize=9)
                             for xi in x]
        self.sum_label = ax.text(0.98, 0.96, "", transform=ax.transAxes, ha="right",
                                 va="top", fontsize=10,
                                 bbox=dict(boxstyle="round", fc="white", ec="0.7"))
        self.note = ax.text(0.02, 0.96, "", transform=ax.transAxes, ha="left", va="top",
                            fontsize=10)
        ax.set_xticks(x, [f"$a_{i}$" for i in x])
        ax.set_ylim(0, 1.25)  # headroom for the value labels and the sum box
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.set_ylabel("activation")
        ax.set_title(title, fontsize=11)
        ax.grid(axis="y", alpha=0.3)

    def set(self, a: np.ndarray, note: str = "") -> None:
        """Move the bars to heights ``a`` and refresh the labels."""
        a = np.asarray(a, dtype=float)
        if a.shape != (self.n,):
            raise ValueError(f"expected {self.n} activations, got shape {a.shape}")
        for bar, label, h in zip(self.bars, self.value_labels, a):
            bar.set_height(h)
            label.set_y(h + 0.01)
            label.set_text(f"{h:.3f}")
        self.sum_label.set_text(f"sum = {a.sum():.3f}")
        self.note.set_text(note)

    def heights(self) -> np.ndarray:
        """The bar heights as drawn (what a reader sees)."""
        return np.array([b.get_height() for b in self.bars])


# ------------------------------------------------------------- live widgets
class _LiveFigure:
    """Shows ``self.panel.fig`` as PNG bytes in an ``ipywidgets.Image``, re-rendered on change.

    An Image widget keeps its picture in the widget state saved with the notebook, so
    the built site shows the figure without a kernel, and nothing is printed.
    """

    def _make_output(self):
        import ipywidgets as widgets
        self.output = widgets.Image(format="png")
        plt.close(self.panel.fig)  # shown only through the Image widget
        self._show()

    def _show(self) -> None:
        show_figure(self.output, self.panel.fig)

    def bar_heights(self) -> np.ndarray:
        return self.panel.heights()

    @property
    def sum_label(self):
        return self.panel.sum_label


class SoftmaxSliders(_LiveFigure):
    """Four (or more) sliders for ``z_j`` and the softmax bars that follow them.

    Parameters
    ----------
    z : starting weighted inputs; the default has one clearly dominant output
    zmin, zmax, step : slider range and step

    Examples
    --------
    >>> w = SoftmaxSliders()
    >>> w.sliders[3].value = 4.0      # what dragging the last slider does
    >>> int(np.argmax(w.bar_heights()))
    3
    """

    def __init__(self, z: Sequence[float] = DEFAULT_Z, zmin: float = -5.0,
                 zmax: float = 5.0, step: float = 0.05):
        import ipywidgets as widgets
        z = _as_z(z)
        if not zmin < zmax:
            raise ValueError(f"need zmin < zmax, got {zmin} and {zmax}")
        if np.any(z < zmin) or np.any(z > zmax):
            raise ValueError(f"starting z {z} must lie in the slider range [{zmin}, {zmax}]")
        self.sliders = [widgets.FloatSlider(value=float(v), min=zmin, max=zmax, step=step,
                                            description=f"z{i + 1}", continuous_update=True,
                                            readout_format=".2f")
                        for i, v in enumerate(z)]
        self.panel = BarPanel(len(z), title="softmax: $a_j = e^{z_j} \\,/\\, \\Sigma_k\\, e^{z_k}$")
        self.panel.fig.tight_layout()
        self.update()
        self._make_output()
        for s in self.sliders:
            s.observe(self._on_change, names="value")
        self.widget = widgets.HBox([widgets.VBox(self.sliders), self.output])

    @property
    def z(self) -> np.ndarray:
        return np.array([s.value for s in self.sliders], dtype=float)

    @property
    def a(self) -> np.ndarray:
        return softmax(self.z)

    def update(self) -> None:
        self.panel.set(self.a)

    def _on_change(self, change=None) -> None:
        self.update()
        self._show()

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


class TemperatureSlider(_LiveFigure):
    """A log-scale slider for ``c`` in eq 83 and the bars of ``softmax(c z)``.

    Parameters
    ----------
    z : the fixed weighted inputs
    c : starting value of the constant (1 is the ordinary softmax)
    cmin, cmax : slider range (positive), drawn on a log scale
    """

    def __init__(self, z: Sequence[float] = DEFAULT_Z, c: float = 1.0,
                 cmin: float = 0.1, cmax: float = 10.0):
        import ipywidgets as widgets
        self.z = _as_z(z)
        c, cmin, cmax = _check_c(c), _check_c(cmin), _check_c(cmax)
        if not cmin <= c <= cmax:
            raise ValueError(f"starting c={c} must lie in [cmin, cmax] = [{cmin}, {cmax}]")
        self.slider = widgets.FloatLogSlider(value=c, base=10, min=np.log10(cmin),
                                             max=np.log10(cmax), step=0.02, description="c",
                                             continuous_update=True, readout_format=".2f")
        zs = ", ".join(f"{v:g}" for v in self.z)
        self.panel = BarPanel(self.z.size, title=f"$e^{{c z_j}} \\,/\\, \\Sigma_k\\, e^{{c z_k}}$,  z = ({zs})")
        self.panel.fig.tight_layout()
        self.update()
        self._make_output()
        self.slider.observe(self._on_change, names="value")
        self.widget = widgets.VBox([self.slider, self.output])

    @property
    def c(self) -> float:
        return float(self.slider.value)

    @property
    def a(self) -> np.ndarray:
        return softmax_with_c(self.z, self.c)

    def update(self) -> None:
        self.panel.set(self.a, note=f"c = {self.c:.2f}")

    def _on_change(self, change=None) -> None:
        self.update()
        self._show()

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


# ---------------------------------------------------------- static stand-ins
def _animation_html(frames: np.ndarray, notes: Sequence[str], title: str,
                    interval: int) -> str:
    from matplotlib.animation import FuncAnimation
    if len(frames) > 60:
        raise ValueError(f"{len(frames)} frames is too many for the site: keep it to 60 or fewer")
    panel = BarPanel(frames.shape[1], title=title)
    panel.fig.set_dpi(72)
    panel.fig.tight_layout()

    def draw(t):
        panel.set(frames[t], note=notes[t])
        return (*panel.bars, *panel.value_labels, panel.sum_label, panel.note)

    anim = FuncAnimation(panel.fig, draw, frames=len(frames), interval=interval, blit=False)
    html = anim.to_jshtml(default_mode="reflect")
    plt.close(panel.fig)
    return html


def z_sweep_animation(z: Sequence[float] = DEFAULT_Z, j: int = 3,
                      values: Sequence[float] | None = None, interval: int = 120) -> str:
    """HTML of an animation in which ``z[j]`` sweeps ``values`` and the bars follow."""
    if values is None:
        values = np.linspace(-3.0, 4.0, 36)
    values = np.asarray(values, dtype=float)
    frames = z_sweep_activations(z, j, values)
    notes = [f"$z_{j + 1}$ = {v:+.2f}" for v in values]
    return _animation_html(frames, notes, f"sweeping $z_{j + 1}$", interval)


def temperature_animation(z: Sequence[float] = DEFAULT_Z, cs: Sequence[float] | None = None,
                          interval: int = 120) -> str:
    """HTML of an animation in which the constant ``c`` of eq 83 sweeps ``cs``."""
    if cs is None:
        cs = np.logspace(-1, 1, 41)
    cs = np.asarray(cs, dtype=float)
    frames = temperature_activations(z, cs)
    notes = [f"c = {c:.2f}" for c in cs]
    return _animation_html(frames, notes, "sweeping c in eq 83", interval)


# ------------------------------------------------------------- calibration
@dataclass(frozen=True)
class Reliability:
    """Binned confidence vs accuracy.

    Attributes
    ----------
    edges : bin edges, shape ``(n_bins + 1,)``
    count : samples per bin
    confidence : mean confidence of the samples in each bin (NaN if empty)
    accuracy : fraction of those samples predicted right (NaN if empty)
    ece : expected calibration error, ``sum_b (count_b/n) |accuracy_b - confidence_b|``
    """

    edges: np.ndarray
    count: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray
    ece: float


def reliability_table(probs: np.ndarray, labels: np.ndarray, n_bins: int = 10,
                      lo: float = 0.0) -> Reliability:
    """Bin the test samples by the confidence of their prediction.

    Parameters
    ----------
    probs : array ``(n, k)`` of output activations, one row per sample; the
        prediction is the row's argmax and its confidence the row's max
    labels : integer true classes, shape ``(n,)``
    n_bins : number of equal-width bins on ``[lo, 1]``
    lo : left end of the first bin (for ``k`` classes the max of a probability
        vector is at least ``1/k``, so ``lo=0.1`` wastes no bins on MNIST)
    """
    probs = np.asarray(probs, dtype=float)
    labels = np.asarray(labels)
    if probs.ndim != 2:
        raise ValueError(f"probs must have shape (n, n_classes), got {probs.shape}")
    if labels.shape != (probs.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integer classes of shape ({probs.shape[0]},), "
                         f"got {labels.dtype} of shape {labels.shape}")
    if probs.shape[0] == 0:
        raise ValueError("probs is empty: nothing to bin")
    if not (isinstance(n_bins, (int, np.integer)) and n_bins >= 1):
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    if not 0.0 <= lo < 1.0:
        raise ValueError(f"lo must be in [0, 1), got {lo}")
    conf = probs.max(axis=1)
    if np.any(conf > 1 + 1e-9) or np.any(probs < 0):
        raise ValueError("probs must be activations in [0, 1]")
    right = probs.argmax(axis=1) == labels
    edges = np.linspace(lo, 1.0, n_bins + 1)
    idx = np.clip(np.searchsorted(edges, conf, side="right") - 1, 0, n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(idx, weights=conf, minlength=n_bins) / count
        accuracy = np.bincount(idx, weights=right, minlength=n_bins) / count
    filled = count > 0
    ece = float(np.sum(count[filled] / conf.size
                       * np.abs(accuracy[filled] - confidence[filled])))
    return Reliability(edges, count, confidence, accuracy, ece)


def plot_reliability(rel: Reliability, ax=None, label: str | None = None, **kw):
    """Accuracy per confidence bin against the diagonal of perfect calibration.

    Several tables can share one ``ax``; the diagonal is drawn only once.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4.0))
    filled = rel.count > 0
    if not any(line.get_gid() == "diagonal" for line in ax.get_lines()):  # draw it once
        ax.plot([0, 1], [0, 1], ls="--", color="0.5", lw=1, label="perfectly calibrated",
                gid="diagonal")
    ax.plot(rel.confidence[filled], rel.accuracy[filled], marker="o", label=label, **kw)
    ax.set_xlabel("confidence (largest output)")
    ax.set_ylabel("accuracy in the bin")
    ax.set_xlim(rel.edges[0], 1.0)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=9)
    return ax

"""The learning neuron: a live widget and its static stand-ins (chapter 1).

One sigmoid neuron with input ``x = 1`` learns to output ``y = 0`` by plain
gradient descent (:func:`nnlib.train_neuron`).  This module offers

* :class:`NeuronWidget` -- controls for the cost, ``w``, ``b``, ``eta`` and the
  number of epochs, a *Run* button that animates output, cost, ``w`` and ``b``
  epoch by epoch, and one-click presets for the source's cases.  The whole run
  is computed at once; an ``ipywidgets.Play`` drives an epoch slider and each
  frame only moves existing matplotlib artists (blitting) and re-encodes one
  small JPEG, so a frame costs a few milliseconds.
* static figures and a ``to_jshtml`` animation for the built site, where no
  kernel runs;
* small helpers used by the chapter: :func:`epochs_to_reach`,
  :func:`eta_scan` and :func:`train_linear_neuron`.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from typing import Mapping, Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ...activations import sigmoid, sigmoid_prime
from ...neuron import NeuronRun, train_neuron
from ...validation import check_positive, check_positive_int

__all__ = ["SOURCE_CASES", "FAST_CE_ETA", "PRESETS", "NeuronWidget", "epochs_to_reach",
           "eta_scan", "train_linear_neuron", "plot_saturation", "plot_runs",
           "case_animation", "case_animation_html"]

#: The source's four "Run" cases: two starts, each with both costs.  The source
#: states eta = 0.005 for its cross-entropy animations (see the chapter: that
#: rate does not reproduce its figures).
SOURCE_CASES: tuple[dict, ...] = (
    dict(cost="quadratic", w=0.6, b=0.9, eta=0.15, epochs=300),
    dict(cost="quadratic", w=2.0, b=2.0, eta=0.15, epochs=300),
    dict(cost="cross-entropy", w=0.6, b=0.9, eta=0.005, epochs=300),
    dict(cost="cross-entropy", w=2.0, b=2.0, eta=0.005, epochs=300),
)

#: A cross-entropy learning rate that gives the quick, steep learning the
#: source's figures show (the chapter's eta scan checks this claim).
FAST_CE_ETA = 0.15

#: Preset buttons of the widget: label -> settings.
PRESETS: dict[str, dict] = {
    "quadratic, w=0.6, b=0.9": SOURCE_CASES[0],
    "quadratic, w=b=2": SOURCE_CASES[1],
    "cross-entropy, w=0.6, b=0.9 (η=0.005)": SOURCE_CASES[2],
    "cross-entropy, w=b=2 (η=0.005)": SOURCE_CASES[3],
    f"cross-entropy, w=b=2 (η={FAST_CE_ETA:g})": dict(
        cost="cross-entropy", w=2.0, b=2.0, eta=FAST_CE_ETA, epochs=300),
}

COST_COLORS = {"quadratic": "tab:blue", "cross-entropy": "tab:red", "linear": "tab:green"}


# ----------------------------------------------------------------------------- helpers

def epochs_to_reach(run: NeuronRun, level: float) -> int | None:
    """First epoch at which the output ``a`` is at or below ``level`` (``None``: never).

    Parameters
    ----------
    run : a :class:`nnlib.NeuronRun` (target ``y = 0``, so the output falls)
    level : the output to reach, in (0, 1)
    """
    if not isinstance(run, NeuronRun):
        raise ValueError(f"run must be a NeuronRun from nnlib.train_neuron, got {type(run).__name__}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level!r}")
    hits = np.flatnonzero(run.a <= level)
    return int(hits[0]) if hits.size else None


def eta_scan(etas: Sequence[float], starts: Sequence[tuple[float, float]],
             cost: str = "cross-entropy", level: float = 0.1,
             epochs: int = 300) -> np.ndarray:
    """Epochs each learning rate needs to bring the output down to ``level``.

    Returns an array of shape ``(len(etas), len(starts))``; ``nan`` where the
    output does not reach ``level`` within ``epochs``.
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


def train_linear_neuron(w: float = 2.0, b: float = 2.0, eta: float = 0.15,
                        epochs: int = 300, x: float = 1.0, y: float = 0.0) -> NeuronRun:
    """Gradient descent on one *linear* neuron ``a = w x + b`` with the quadratic cost.

    Here ``dC/dz = a - y`` (eq 68 with one neuron): no ``sigma'`` factor, so no
    slowdown.  Returns a :class:`nnlib.NeuronRun` (``cost_name="quadratic"``)
    whose ``a`` is the linear output.
    """
    eta = check_positive(eta, "eta")
    epochs = check_positive_int(epochs, "epochs", allow_zero=True)
    for name, v in (("w", w), ("b", b), ("x", x), ("y", y)):
        if not np.isfinite(v):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
    ws, bs = np.empty(epochs + 1), np.empty(epochs + 1)
    w, b = float(w), float(b)
    for t in range(epochs + 1):
        ws[t], bs[t] = w, b
        delta = (w * x + b) - y
        w -= eta * delta * x
        b -= eta * delta
    a = ws * x + bs
    return NeuronRun(w=ws, b=bs, a=a, cost=0.5 * (a - y) ** 2, eta=eta,
                     cost_name="quadratic", x=float(x), y=float(y))


def _run_of(case: Mapping) -> NeuronRun:
    return train_neuron(case["w"], case["b"], case["eta"], case["epochs"], case["cost"])


def _case_title(case: Mapping) -> str:
    start = "w=b=2" if case["w"] == case["b"] == 2 else f"w={case['w']:g}, b={case['b']:g}"
    return f"{case['cost']}, {start}"


# ----------------------------------------------------------------------- static figures

def plot_saturation(starts: Sequence[tuple[float, float]] = ((0.6, 0.9), (2.0, 2.0)),
                    x: float = 1.0, ax=None):
    """The sigmoid and its slope, with the starting ``z = w x + b`` of each start marked.

    Returns the axes.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.4))
    z = np.linspace(-6, 6, 400)
    ax.plot(z, sigmoid(z), color="0.25", label="σ(z)")
    ax.plot(z, sigmoid_prime(z), color="tab:purple", label="σ′(z)")
    for (w, b), color in zip(starts, ("tab:orange", "tab:brown", "tab:olive", "tab:cyan")):
        z0 = w * x + b
        s0, d0 = float(sigmoid(z0)), float(sigmoid_prime(z0))
        ax.axvline(z0, color=color, lw=0.8, ls=":")
        ax.plot([z0, z0], [s0, d0], "o", color=color,
                label=f"start w={w:g}, b={b:g}: z={z0:g}, σ={s0:.2f}, σ′={d0:.3f}")
    ax.set_xlabel("weighted input z")
    ax.set_ylim(-0.03, 1.05)
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def plot_runs(runs: Mapping[str, NeuronRun], key: str = "a", ax=None, **kw):
    """Plot one per-epoch series (``"a"``, ``"cost"``, ``"w"`` or ``"b"``) of several runs."""
    if key not in ("a", "cost", "w", "b"):
        raise ValueError(f"key must be 'a', 'cost', 'w' or 'b', got {key!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.4))
    for label, run in runs.items():
        v = getattr(run, key)
        ax.plot(np.arange(len(v)), v, label=label, **kw)
    ax.set_xlabel("epoch")
    ax.set_ylabel({"a": "output a", "cost": "cost C"}.get(key, key))
    ax.grid(alpha=0.3)
    if len(runs) > 1:
        ax.legend(frameon=False, fontsize=8)
    return ax


def case_animation(frames: int = 45, fast_eta: float = FAST_CE_ETA):
    """A 2 x 2 ``FuncAnimation`` of the source's four cases: output vs epoch, growing.

    Rows: the two starts; columns: quadratic, cross-entropy.  The cross-entropy
    panels show the stated eta = 0.005 and, dotted, ``fast_eta``.  The figure
    is closed so that a notebook does not also show it as a still image.
    """
    from matplotlib.animation import FuncAnimation

    frames = check_positive_int(frames, "frames")
    if frames > 60:
        raise ValueError(f"keep the static animation small: frames must be <= 60, got {frames}")
    fig, axes = plt.subplots(2, 2, figsize=(6.0, 3.9), dpi=72, sharex=True, sharey=True)
    order = (SOURCE_CASES[0], SOURCE_CASES[2], SOURCE_CASES[1], SOURCE_CASES[3])
    series = []  # (line, dot, run)
    handles = {}
    for ax, case in zip(axes.flat, order):
        runs = [(_run_of(case), "-", case["eta"])]
        if case["cost"] == "cross-entropy":
            runs.append((_run_of(dict(case, eta=fast_eta)), ":", fast_eta))
        for run, ls, eta in runs:
            (line,) = ax.plot([], [], ls, color=COST_COLORS[case["cost"]], lw=2)
            (dot,) = ax.plot([], [], "o", color=COST_COLORS[case["cost"]], ms=4)
            series.append((line, dot, run))
            handles.setdefault(f"{case['cost']}, η={eta:g}", line)
        ax.set_title(_case_title(case), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.set_xlim(0, case["epochs"])
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_ylabel("output a")
    for ax in axes[1]:
        ax.set_xlabel("epoch")
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=3,
               frameon=False, fontsize=8)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    n_epochs = len(series[0][2].a) - 1
    steps = np.linspace(0, n_epochs, frames).round().astype(int)

    def update(t):
        for line, dot, run in series:
            line.set_data(np.arange(t + 1), run.a[: t + 1])
            dot.set_data([t], [run.a[t]])
        return [a for s in series for a in s[:2]]

    anim = FuncAnimation(fig, update, frames=list(steps), interval=80, blit=False)
    anim.series = series  # for tests: (line, dot, run) per curve
    anim.frame_epochs = [int(t) for t in steps]
    plt.close(fig)
    return anim


def case_animation_html(frames: int = 45, fast_eta: float = FAST_CE_ETA) -> str:
    """The :func:`case_animation` as self-contained HTML (``to_jshtml``)."""
    return case_animation(frames, fast_eta).to_jshtml(default_mode="once")


# ------------------------------------------------------------------------------ widget

class NeuronWidget:
    """Live stand-in for the source's "Run" animations of one learning neuron.

    Parameters
    ----------
    cost, w, b, eta, epochs : the starting settings (defaults: the source's first case)
    dpi : resolution of the rendered frames

    Attributes a test (or a curious reader) can drive
    -------------------------------------------------
    cost, w, b, eta, epochs : the controls (ipywidgets)
    run_button, preset_buttons : buttons (``.click()`` presses them)
    play, epoch : the ``Play`` widget and the epoch slider it drives
    run : the :class:`nnlib.NeuronRun` for the current settings
    lines : ``{"a", "cost", "w", "b"}`` -> the matplotlib line of each series
    image : the ``ipywidgets.Image`` showing the current frame
    """

    def __init__(self, cost: str = "quadratic", w: float = 0.6, b: float = 0.9,
                 eta: float = 0.15, epochs: int = 300, dpi: int = 72):
        import ipywidgets as W

        self._holding = False
        self.cost = W.ToggleButtons(options=["quadratic", "cross-entropy"], value=cost,
                                    description="cost")
        self.w = W.FloatSlider(value=w, min=-4, max=4, step=0.05, description="start w")
        self.b = W.FloatSlider(value=b, min=-4, max=4, step=0.05, description="start b")
        self.eta = W.FloatLogSlider(value=eta, base=10, min=-3, max=0.5, step=0.01,
                                    description="η", readout_format=".3g")
        self.epochs = W.IntSlider(value=epochs, min=10, max=1000, step=10,
                                  description="epochs")
        self.run_button = W.Button(description="Run", button_style="success", icon="play")
        self.preset_buttons = [W.Button(description=label, tooltip=label,
                                        layout=W.Layout(width="auto"))
                               for label in PRESETS]
        self.play = W.Play(value=0, min=0, max=epochs, step=2, interval=25,
                           description="play")
        self.epoch = W.IntSlider(value=0, min=0, max=epochs, description="epoch",
                                 continuous_update=True)
        W.jslink((self.play, "value"), (self.epoch, "value"))
        self.readout = W.HTML()
        self.image = W.Image(format="jpeg")

        self._build_figure(dpi)
        for control in (self.cost, self.w, self.b, self.eta, self.epochs):
            control.observe(self._on_settings, names="value")
        self.epoch.observe(self._on_epoch, names="value")
        self.run_button.on_click(lambda _: self.start())
        for button, settings in zip(self.preset_buttons, PRESETS.values()):
            button.on_click(lambda _, s=settings: self.apply_preset(s))
        self.layout = W.VBox([
            W.HBox([self.cost, self.run_button]),
            W.HBox([self.w, self.b]), W.HBox([self.eta, self.epochs]),
            W.HBox(self.preset_buttons[:3]), W.HBox(self.preset_buttons[3:]),
            W.HBox([self.play, self.epoch]), self.readout, self.image])
        self.recompute()

    # -- figure ---------------------------------------------------------------
    def _build_figure(self, dpi: int) -> None:
        self.fig = Figure(figsize=(9.6, 2.7), dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.axes = self.fig.subplots(1, 3)
        labels = ("output a", "cost C", "weight and bias")
        for ax, label in zip(self.axes, labels):
            ax.set_title(label, fontsize=10)
            ax.set_xlabel("epoch")
            ax.grid(alpha=0.3)
        ax_a, ax_c, ax_wb = self.axes
        ax_a.axhline(0, color="0.5", lw=0.8, ls="--")  # the target y = 0
        mk = dict(animated=True, lw=2)
        self.lines = {"a": ax_a.plot([], [], **mk)[0], "cost": ax_c.plot([], [], **mk)[0],
                      "w": ax_wb.plot([], [], color="tab:orange", label="w", ls="--", **mk)[0],
                      "b": ax_wb.plot([], [], color="tab:green", label="b", **mk)[0]}
        self.dots = {k: line.axes.plot([], [], "o", ms=5, animated=True,
                                       color=line.get_color())[0]
                     for k, line in self.lines.items()}
        ax_wb.legend(handles=[self.lines["w"], self.lines["b"]], frameon=False,
                     fontsize=8, loc="upper right")
        self.fig.subplots_adjust(left=0.05, right=0.99, bottom=0.18, top=0.88, wspace=0.25)
        self._background = None

    def _rescale(self) -> None:
        """Fit the axes to the whole run, draw the static parts once, cache them."""
        run, n = self.run, len(self.run.a) - 1
        color = "tab:blue" if run.cost_name == "quadratic" else "tab:red"
        for key in ("a", "cost"):
            self.lines[key].set_color(color)
            self.dots[key].set_color(color)
        ax_a, ax_c, ax_wb = self.axes
        for ax in self.axes:
            ax.set_xlim(0, n)
        ax_a.set_ylim(-0.02, 1.02)
        ax_c.set_ylim(0, 1.08 * max(float(run.cost.max()), 1e-3))
        ax_c.set_title(f"cost C ({run.cost_name})", fontsize=10)
        lo = min(run.w.min(), run.b.min())
        hi = max(run.w.max(), run.b.max())
        pad = 0.08 * max(hi - lo, 0.1)
        ax_wb.set_ylim(lo - pad, hi + pad)
        self.fig.canvas.draw()
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    # -- model ----------------------------------------------------------------
    def settings(self) -> dict:
        """The current control values as keyword arguments of :func:`nnlib.train_neuron`."""
        return dict(cost=self.cost.value, w=float(self.w.value), b=float(self.b.value),
                    eta=float(self.eta.value), epochs=int(self.epochs.value))

    def recompute(self) -> None:
        """Train the neuron for the current settings and show epoch 0."""
        self.run = train_neuron(**self.settings())
        n = len(self.run.a) - 1
        self.play.playing = False
        self.play.step = max(1, round(n / 150))
        self.epoch.value = 0  # before the max shrinks (a value above max would be clipped)
        self.play.value = 0
        self.play.max = self.epoch.max = n
        self._rescale()
        self.show_epoch(0)

    def _on_settings(self, change) -> None:
        if not self._holding:
            self.recompute()

    @contextmanager
    def _hold(self):
        """Change several controls with one recomputation at the end."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.recompute()

    def apply_preset(self, settings: Mapping, start: bool = True) -> None:
        """Set every control to ``settings`` (a :data:`PRESETS` value) and run it."""
        unknown = set(settings) - {"cost", "w", "b", "eta", "epochs"}
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}: use cost, w, b, eta, epochs")
        with self._hold():
            for key, value in settings.items():
                getattr(self, key).value = value
        if start:
            self.start()

    def start(self) -> None:
        """Rewind to epoch 0 and let the ``Play`` widget run (needs a browser)."""
        self.play.playing = False
        self.epoch.value = 0
        self.play.value = 0
        self.play.playing = True

    # -- view -----------------------------------------------------------------
    def _on_epoch(self, change) -> None:
        self.show_epoch(change["new"])

    def show_epoch(self, t: int) -> None:
        """Draw the run up to epoch ``t`` (moving artists only) and update the readout."""
        run = self.run
        t = int(min(max(t, 0), len(run.a) - 1))
        epochs = np.arange(t + 1)
        canvas = self.fig.canvas
        canvas.restore_region(self._background)
        for key, line in self.lines.items():
            values = getattr(run, key)
            line.set_data(epochs, values[: t + 1])
            self.dots[key].set_data([t], [values[t]])
            line.axes.draw_artist(line)
            line.axes.draw_artist(self.dots[key])
        self.shown_epoch = t
        self.image.value = self._frame_bytes()
        self.readout.value = (
            f"<b>epoch {t}</b> &nbsp; w = {run.w[t]:.3f} &nbsp; b = {run.b[t]:.3f} &nbsp; "
            f"output a = {run.a[t]:.3f} &nbsp; cost C = {run.cost[t]:.4f} "
            f"&nbsp; <span style='color:gray'>({run.cost_name}, η = {run.eta:g})</span>")

    def _frame_bytes(self) -> bytes:
        from PIL import Image as PILImage

        buf = io.BytesIO()
        rgba = np.asarray(self.fig.canvas.buffer_rgba())
        PILImage.fromarray(rgba[..., :3]).save(buf, format="jpeg", quality=90)
        return buf.getvalue()

    def _ipython_display_(self):
        from IPython.display import display
        display(self.layout)

    def save_frame(self, path: str) -> None:
        """Write the current frame (JPEG) to ``path``, to look at it outside a notebook."""
        with open(path, "wb") as f:
            f.write(self._frame_bytes())

"""The learning neuron (chapter 1): a live widget, and the chapter's helpers.

One sigmoid neuron with input ``x = 1`` learns to output ``y = 0`` by plain
gradient descent (:func:`nnlib.train_neuron`).

* :class:`NeuronExplorer` -- the live widget: cost, starting ``w`` and ``b``,
  ``η``, epochs, *Run* / *Play* through the epochs, and the source's runs as
  presets. Its JavaScript (``js/neuron.js``) trains the neuron in the reader's
  browser (the same arithmetic as :func:`nnlib.train_neuron`, checked to 1e-9)
  and draws output, cost, weight and bias, so it works on the static site.
* :func:`plot_saturation`, :func:`plot_runs`: figures of the chapter's text
  (the numbers behind them: :mod:`nnlib.neuron`).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import anywidget
import numpy as np
import traitlets as t

from ...activations import sigmoid, sigmoid_prime
from ...neuron import NeuronRun, train_neuron
from ...validation import check_positive
from ._base import esm, finite

__all__ = ["SOURCE_CASES", "FAST_CE_ETA", "PRESETS", "ETA_VALUES", "NeuronExplorer",
           "plot_saturation", "plot_runs"]

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

#: Preset buttons of the widget: label -> settings (the labels are also the
#: names ``NeuronExplorer(preset=...)`` accepts).
PRESETS: dict[str, dict] = {
    "quadratic, w = 0.6, b = 0.9": SOURCE_CASES[0],
    "quadratic, w = b = 2": SOURCE_CASES[1],
    "cross-entropy, w = 0.6, b = 0.9, η = 0.005": SOURCE_CASES[2],
    "cross-entropy, w = b = 2, η = 0.005": SOURCE_CASES[3],
    f"cross-entropy, w = b = 2, η = {FAST_CE_ETA:g}": dict(
        cost="cross-entropy", w=2.0, b=2.0, eta=FAST_CE_ETA, epochs=300),
}

#: The learning rates the η slider steps through (exact values; a value given to the
#: widget that is not here is added).
ETA_VALUES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0)

COSTS = ("quadratic", "cross-entropy")
W_RANGE = (-4.0, 4.0)     # the w and b sliders
EPOCHS_RANGE = (50, 1000)  # the epochs slider (step 50)


class NeuronExplorer(anywidget.AnyWidget):
    """The learning neuron, trained and drawn in the browser.

    Parameters
    ----------
    preset : str, optional
        A key of :data:`PRESETS` (e.g. ``"quadratic, w = b = 2"``); it sets
        ``cost, w, b, eta, epochs``. Default: the source's first case.
    cost, w, b, eta, epochs : optional
        Individual settings (they override the preset's).
    epoch : int, optional
        The epoch shown first (default: the last, so the whole run is drawn;
        *Run* animates it from epoch 0).

    Traits (synced with the browser)
    --------------------------------
    cost, w, b, eta, epochs : the settings; ``epoch`` : the epoch shown.
    The drawing's root element has class ``nnlib-neuron`` and ``data-epoch``,
    ``data-output`` (``a`` at that epoch), ``data-cost-value``, ``data-w``,
    ``data-b``, ``data-cost``, ``data-eta``, ``data-playing``.
    """

    _esm = esm("neuron")
    cost = t.Unicode("quadratic").tag(sync=True)
    w = t.Float(0.6).tag(sync=True)
    b = t.Float(0.9).tag(sync=True)
    eta = t.Float(0.15).tag(sync=True)
    epochs = t.Int(300).tag(sync=True)
    epoch = t.Int(0).tag(sync=True)
    eta_values = t.List(t.Float()).tag(sync=True)
    presets = t.List(t.Dict()).tag(sync=True)

    def __init__(self, preset: str | None = None, *, cost: str | None = None,
                 w: float | None = None, b: float | None = None, eta: float | None = None,
                 epochs: int | None = None, epoch: int | None = None) -> None:
        if preset is None:
            settings = dict(SOURCE_CASES[0])
        elif preset in PRESETS:
            settings = dict(PRESETS[preset])
        else:
            raise ValueError(f"unknown preset {preset!r}: choose one of {list(PRESETS)}")
        given = dict(cost=cost, w=w, b=b, eta=eta, epochs=epochs)
        settings.update({k: v for k, v in given.items() if v is not None})
        epochs = settings["epochs"]
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)):
            raise ValueError(f"epochs must be a whole number in {EPOCHS_RANGE}, got {epochs!r}")
        for key in ("w", "b"):
            settings[key] = finite(settings[key], key)
        etas = {*ETA_VALUES, *(p["eta"] for p in PRESETS.values())}
        etas.add(check_positive(settings["eta"], "eta"))
        epoch = epochs if epoch is None else epoch
        if not (isinstance(epoch, (int, np.integer)) and 0 <= epoch <= epochs):
            raise ValueError(f"epoch (the epoch shown first) must be a whole number in "
                             f"[0, epochs={epochs}], got {epoch!r}")
        super().__init__(
            epoch=int(epoch), eta_values=sorted(etas),
            presets=[dict(label=label, **p) for label, p in PRESETS.items()],
            **settings)

    @t.validate("cost")
    def _valid_cost(self, proposal):
        if proposal["value"] not in COSTS:
            raise ValueError(f"cost must be 'quadratic' or 'cross-entropy', got {proposal['value']!r}")
        return proposal["value"]

    @t.validate("w", "b")
    def _valid_start(self, proposal):
        name = proposal["trait"].name
        v = finite(proposal["value"], name)
        if not W_RANGE[0] <= v <= W_RANGE[1]:
            raise ValueError(f"the starting {name} must lie in [{W_RANGE[0]:g}, {W_RANGE[1]:g}] "
                             f"(the slider's range), got {v!r}")
        return v

    @t.validate("eta")
    def _valid_eta(self, proposal):
        v = check_positive(proposal["value"], "eta")
        if v > max(ETA_VALUES):
            raise ValueError(f"eta must be at most {max(ETA_VALUES):g}, got {v!r}")
        return v

    @t.validate("epochs")
    def _valid_epochs(self, proposal):
        v = proposal["value"]
        if not (isinstance(v, (int, np.integer)) and EPOCHS_RANGE[0] <= v <= EPOCHS_RANGE[1]):
            raise ValueError(f"epochs must be a whole number in {EPOCHS_RANGE}, got {v!r}")
        return int(v)

    @t.validate("epoch")
    def _valid_epoch(self, proposal):
        v = proposal["value"]
        if not 0 <= v <= self.epochs:
            raise ValueError(f"epoch must lie in [0, epochs={self.epochs}], got {v!r}")
        return v

    def settings(self) -> dict:
        """The current settings as keyword arguments of :func:`nnlib.train_neuron`."""
        return dict(cost=self.cost, w=self.w, b=self.b, eta=self.eta, epochs=self.epochs)

    @property
    def run(self) -> NeuronRun:
        """The run the browser draws, computed by nnlib (for a kernel session)."""
        return train_neuron(**self.settings())

    def apply_preset(self, preset: str) -> None:
        """Set the controls to one of :data:`PRESETS` (from Python) and rewind."""
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}: choose one of {list(PRESETS)}")
        with self.hold_sync():
            self.epoch = 0
            for key, value in PRESETS[preset].items():
                setattr(self, key, value)


# ----------------------------------------------------------------------- static figures

def plot_saturation(starts: Sequence[tuple[float, float]] = ((0.6, 0.9), (2.0, 2.0)),
                    x: float = 1.0, ax=None):
    """The sigmoid and its slope, with the starting ``z = w x + b`` of each start marked.

    Returns the axes.
    """
    if ax is None:
        import matplotlib.pyplot as plt

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
        import matplotlib.pyplot as plt

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



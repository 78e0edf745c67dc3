"""The learning-neuron widget's Python side (nnlib.book.widgets.neuron): traits, presets, checks.

What the browser draws is tested in tests/test_widgets_js.py (the JS neuron is nnlib's, in
Node) and tests/site/test_widgets_live.py (the widget used on the built site).
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib.book.widgets import neuron as nw  # noqa: E402
from nnlib.book.widgets._base import esm  # noqa: E402


def test_default_is_the_source_first_case():
    w = nw.NeuronExplorer()
    assert w.settings() == dict(cost="quadratic", w=0.6, b=0.9, eta=0.15, epochs=300)
    assert w.epoch == 300                            # the whole run is drawn at first
    assert nw.NeuronExplorer(epoch=0).epoch == 0
    assert round(w.run.a[0], 2) == 0.82 and abs(w.run.a[-1] - 0.09) < 0.01
    assert w._esm == esm("neuron")


@pytest.mark.parametrize("label", list(nw.PRESETS))
def test_presets_hold_exactly_the_values_the_text_names(label):
    w = nw.NeuronExplorer(preset=label)
    assert w.settings() == nw.PRESETS[label]
    assert w.eta in w.eta_values                       # the η slider can show it exactly
    assert {p["label"] for p in w.presets} == set(nw.PRESETS)
    expected = nnlib.train_neuron(**nw.PRESETS[label])
    np.testing.assert_array_equal(w.run.a, expected.a)


def test_the_eta_slider_steps_through_exact_values():
    w = nw.NeuronExplorer()
    assert 0.15 in w.eta_values and 0.005 in w.eta_values
    assert w.eta_values == sorted(w.eta_values)
    odd = nw.NeuronExplorer(eta=0.07)                  # a value off the list is added to it
    assert 0.07 in odd.eta_values and odd.eta == 0.07


def test_keywords_override_the_preset_and_apply_preset_rewinds():
    w = nw.NeuronExplorer(preset="quadratic, w = b = 2", cost="cross-entropy", epochs=500)
    assert w.settings() == dict(cost="cross-entropy", w=2.0, b=2.0, eta=0.15, epochs=500)
    w.epoch = 400
    w.apply_preset("cross-entropy, w = 0.6, b = 0.9, η = 0.005")
    assert w.settings() == nw.SOURCE_CASES[2] and w.epoch == 0


def test_source_cases_and_fast_eta():
    assert [c["cost"] for c in nw.SOURCE_CASES] == ["quadratic"] * 2 + ["cross-entropy"] * 2
    assert all(c["epochs"] == 300 for c in nw.SOURCE_CASES)
    assert nw.FAST_CE_ETA == 0.15


@pytest.mark.parametrize("kwargs, match", [
    (dict(preset="fast"), "unknown preset"),
    (dict(cost="hinge"), "cost must be"),
    (dict(w=5.0), "starting w must lie in"),
    (dict(b=float("nan")), "b must be a finite number"),
    (dict(eta=0.0), "eta must be a positive"),
    (dict(eta=10.0), "eta must be at most"),
    (dict(epochs=20), "epochs must be a whole number"),
    (dict(epochs=300.5), "epochs must be a whole number"),
    (dict(epoch=301), "epoch .* must be a whole number in"),
])
def test_bad_settings_are_refused_with_the_fix(kwargs, match):
    with pytest.raises(ValueError, match=match):
        nw.NeuronExplorer(**kwargs)


def test_epoch_must_lie_in_the_run():
    w = nw.NeuronExplorer()
    w.epoch = 300
    with pytest.raises(ValueError, match="epoch must lie in"):
        w.epoch = 301
    with pytest.raises(ValueError, match="unknown preset"):
        w.apply_preset("nope")


def test_plot_helpers():
    ax = nw.plot_saturation()
    assert len(ax.get_legend().get_texts()) == 4
    runs = {"q": nnlib.train_neuron(epochs=10)}
    ax = nw.plot_runs(runs, "cost")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), runs["q"].cost)
    with pytest.raises(ValueError, match="key"):
        nw.plot_runs(runs, "z")

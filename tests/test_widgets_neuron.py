"""The learning-neuron widget and helpers (nnlib.book.widgets.neuron), driven without a browser."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import nnlib
from nnlib.book.widgets import neuron as nw


@pytest.fixture
def widget():
    return nw.NeuronWidget()


def test_default_widget_is_the_first_source_case(widget):
    assert widget.settings() == dict(cost="quadratic", w=0.6, b=0.9, eta=0.15, epochs=300)
    assert round(widget.run.a[0], 2) == 0.82
    assert widget.epoch.max == widget.play.max == 300
    assert widget.shown_epoch == 0


@pytest.mark.parametrize("index", range(len(nw.PRESETS)))
def test_each_preset_sets_controls_and_trajectory(widget, index):
    label, settings = list(nw.PRESETS.items())[index]
    widget.w.value = -1.0  # move away first, so the preset has to change things
    widget.preset_buttons[index].click()
    assert widget.preset_buttons[index].description == label
    for key, value in settings.items():
        got = getattr(widget, key).value
        assert got == pytest.approx(value) if isinstance(value, float) else got == value
    expected = nnlib.train_neuron(**settings)
    np.testing.assert_allclose(widget.run.a, expected.a)
    np.testing.assert_allclose(widget.run.cost, expected.cost)
    assert widget.play.playing  # the Run animation was started
    assert widget.epoch.value == 0


def test_source_case_numbers(widget):
    widget.preset_buttons[0].click()
    assert round(widget.run.a[0], 2) == 0.82
    assert abs(widget.run.a[-1] - 0.09) < 0.01  # "ends near 0.09"
    widget.preset_buttons[1].click()
    assert round(widget.run.a[0], 2) == 0.98
    assert widget.run.a[150] > 0.9  # barely moves for ~150 epochs
    assert widget.run.a[-1] < 0.3


def test_stepping_the_slider_moves_the_plotted_lines(widget):
    widget.preset_buttons[1].click()
    widget.epoch.value = 120
    x, y = widget.lines["a"].get_data()
    assert len(x) == len(y) == 121 and x[-1] == 120
    np.testing.assert_allclose(y, widget.run.a[:121])
    _, c = widget.lines["cost"].get_data()
    np.testing.assert_allclose(c, widget.run.cost[:121])
    np.testing.assert_allclose(widget.lines["w"].get_data()[1], widget.run.w[:121])
    np.testing.assert_allclose(widget.dots["b"].get_data()[1], [widget.run.b[120]])
    assert widget.shown_epoch == 120
    assert "epoch 120" in widget.readout.value
    assert f"{widget.run.a[120]:.3f}" in widget.readout.value
    first = widget.image.value
    widget.epoch.value = 300
    assert widget.image.value != first and widget.image.value[:2] == b"\xff\xd8"  # a JPEG


def test_changing_a_control_recomputes_and_rewinds(widget):
    widget.epoch.value = 200
    widget.cost.value = "cross-entropy"
    assert widget.run.cost_name == "cross-entropy"
    assert widget.epoch.value == 0 and widget.shown_epoch == 0
    widget.epochs.value = 50
    assert len(widget.run.a) == 51 and widget.epoch.max == 50
    widget.eta.value = 0.005
    assert widget.run.eta == pytest.approx(0.005)


def test_run_button_rewinds_and_plays(widget):
    widget.epoch.value = 77
    widget.run_button.click()
    assert widget.epoch.value == 0 and widget.play.playing


def test_bad_preset_is_rejected(widget):
    with pytest.raises(ValueError, match="unknown settings"):
        widget.apply_preset({"lr": 0.1})


def test_one_frame_is_cheap(widget):
    import time
    widget.epoch.value = 1
    t0 = time.process_time()
    for t in range(2, 42):
        widget.epoch.value = t
    per_frame = (time.process_time() - t0) / 40
    assert per_frame < 0.03, per_frame


def test_epochs_to_reach_and_eta_scan():
    run = nnlib.train_neuron(0.6, 0.9, 0.15, 300, "quadratic")
    hit = nw.epochs_to_reach(run, 0.5)
    assert run.a[hit] <= 0.5 < run.a[hit - 1]
    assert nw.epochs_to_reach(run, 0.01) is None
    scan = nw.eta_scan([0.005, 0.15], [(0.6, 0.9), (2.0, 2.0)], level=0.1)
    assert scan.shape == (2, 2)
    assert np.isnan(scan[0]).all()  # eta = 0.005 never gets there in 300 epochs
    assert np.all(scan[1] < 100)
    with pytest.raises(ValueError, match="level"):
        nw.epochs_to_reach(run, 1.5)
    with pytest.raises(ValueError, match="eta"):
        nw.eta_scan([-1.0], [(0.0, 0.0)])


def test_linear_neuron_matches_network_and_closed_form():
    run = nw.train_linear_neuron(2.0, 2.0, 0.15, 20)
    # with x = 1, both w and b move by -eta*delta, so a - y shrinks by (1 - 2 eta) per epoch
    np.testing.assert_allclose(run.a, 4.0 * 0.7 ** np.arange(21))
    net = nnlib.Network([1, 1], cost="quadratic", output="linear", seed=0)
    net.weights[0][:] = 2.0
    net.biases[0][:] = 2.0
    net.SGD((np.ones((1, 1)), np.zeros((1, 1))), 1, 1, 0.15, shuffle=False)
    assert net.weights[0][0, 0] == pytest.approx(run.w[1])
    assert net.biases[0][0] == pytest.approx(run.b[1])
    with pytest.raises(ValueError, match="eta"):
        nw.train_linear_neuron(eta=0)


@pytest.mark.filterwarnings("ignore:Animation was deleted")
def test_case_animation_is_small_and_ends_at_the_runs():
    anim = nw.case_animation(frames=20)
    frames = anim.frame_epochs
    assert len(frames) == 20 and frames[0] == 0 and frames[-1] == 300
    anim._func(300)
    for line, dot, run in anim.series:
        np.testing.assert_allclose(line.get_data()[1], run.a)
    assert len(anim.series) == 6  # four source cases + two fast cross-entropy runs
    with pytest.raises(ValueError, match="60"):
        nw.case_animation(frames=61)


def test_plot_helpers():
    ax = nw.plot_saturation()
    assert len(ax.get_legend().get_texts()) == 4
    runs = {"q": nnlib.train_neuron(epochs=10)}
    ax = nw.plot_runs(runs, "cost")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), runs["q"].cost)
    with pytest.raises(ValueError, match="key"):
        nw.plot_runs(runs, "z")

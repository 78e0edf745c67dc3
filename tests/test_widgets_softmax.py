"""The softmax widgets' logic, driven without a browser, and the calibration helper."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib.book.widgets import softmax as sw  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ sliders
def test_default_start_has_one_clearly_dominant_output():
    w = sw.SoftmaxSliders()
    a = w.bar_heights()
    assert np.argmax(a) == 0
    assert a[0] > 0.6 and np.all(a[1:] < 0.25), a
    assert w.sum_label.get_text() == "sum = 1.000"


def test_moving_a_slider_moves_the_existing_bars():
    w = sw.SoftmaxSliders()
    bars_before = list(w.panel.bars)
    fig_before = w.panel.fig
    old = w.bar_heights()
    w.sliders[3].value = 3.0  # drag z4 up
    new = w.bar_heights()
    assert w.panel.bars[0] is bars_before[0] and w.panel.fig is fig_before  # not rebuilt
    assert new[3] > old[3]
    assert np.all(new[:3] < old[:3])  # every other activation falls (monotonicity)
    np.testing.assert_allclose(new, nnlib.softmax(np.array([2.5, 1.0, 0.0, 3.0])))
    assert w.sum_label.get_text() == "sum = 1.000"
    assert w.panel.value_labels[3].get_text() == f"{new[3]:.3f}"


def test_the_shown_picture_changes_with_the_slider():
    w = sw.SoftmaxSliders()
    png = w.output.value
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w.sliders[1].value = 4.0
    assert w.output.value != png and w.output.value[:8] == png[:8]


def test_sum_label_stays_one_for_extreme_settings():
    w = sw.SoftmaxSliders()
    for s, v in zip(w.sliders, (-5.0, 5.0, -5.0, 4.95)):
        s.value = v
        assert w.sum_label.get_text() == "sum = 1.000"
    assert np.isclose(w.bar_heights().sum(), 1.0)


def test_sliders_update_continuously_and_start_where_asked():
    w = sw.SoftmaxSliders(z=(0.0, 1.0, 2.0, 3.0))
    assert all(s.continuous_update for s in w.sliders)
    np.testing.assert_allclose(w.z, [0, 1, 2, 3])
    assert [s.description for s in w.sliders] == ["z1", "z2", "z3", "z4"]


@pytest.mark.parametrize("kwargs, match", [
    (dict(z=(1.0,)), "at least two"),
    (dict(z=(0.0, 9.0)), "slider range"),
    (dict(zmin=2.0, zmax=1.0), "zmin < zmax"),
    (dict(z=(0.0, float("nan"))), "NaN"),
])
def test_sliders_reject_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sw.SoftmaxSliders(**kwargs)


def test_temperature_slider_sharpens_and_flattens():
    t = sw.TemperatureSlider()
    assert np.isclose(t.c, 1.0)
    np.testing.assert_allclose(t.bar_heights(), nnlib.softmax(np.array(sw.DEFAULT_Z)))
    t.slider.value = 10.0
    sharp = t.bar_heights()
    assert sharp[0] > 0.999999 - 1e-6 and sharp[0] > 0.99
    t.slider.value = 0.1
    flat = t.bar_heights()
    assert flat.max() - flat.min() < 0.1  # close to uniform
    assert t.sum_label.get_text() == "sum = 1.000"
    assert t.panel.note.get_text() == "c = 0.10"


def test_temperature_slider_rejects_bad_c():
    with pytest.raises(ValueError, match="positive"):
        sw.TemperatureSlider(c=0.0)
    with pytest.raises(ValueError, match=r"\[cmin, cmax\]"):
        sw.TemperatureSlider(c=20.0)


def test_bar_panel_checks_length():
    panel = sw.BarPanel(4)
    with pytest.raises(ValueError, match="expected 4 activations"):
        panel.set(np.ones(3) / 3)


# ------------------------------------------------------------ sweeps (logic)
def test_z_sweep_raises_its_output_and_lowers_the_rest():
    vals = np.linspace(-3, 4, 20)
    A = sw.z_sweep_activations(sw.DEFAULT_Z, 3, vals)
    assert A.shape == (20, 4)
    np.testing.assert_allclose(A.sum(axis=1), 1.0)
    assert np.all(np.diff(A[:, 3]) > 0)
    assert np.all(np.diff(A[:, :3], axis=0) < 0)


def test_z_sweep_rejects_bad_index():
    with pytest.raises(ValueError, match="index"):
        sw.z_sweep_activations(sw.DEFAULT_Z, 4, [0.0])


def test_temperature_activations_limits():
    z = np.array([1.0, 3.0, 2.0, -1.0])
    A = sw.temperature_activations(z, [1e-4, 1.0, 50.0])
    np.testing.assert_allclose(A[0], 0.25, atol=1e-3)  # c -> 0: uniform
    np.testing.assert_allclose(A[1], nnlib.softmax(z))
    np.testing.assert_allclose(A[2], [0, 1, 0, 0], atol=1e-12)  # c -> inf: one-hot of max
    with pytest.raises(ValueError, match="positive"):
        sw.temperature_activations(z, [1.0, -1.0])


def test_softmax_with_c_is_softmax_of_scaled_z():
    z = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(sw.softmax_with_c(z, 2.5), nnlib.softmax(2.5 * z))
    with pytest.raises(ValueError, match="positive"):
        sw.softmax_with_c(z, 0)


def test_animations_are_small_html():
    html = sw.z_sweep_animation(values=np.linspace(-3, 4, 6))
    assert "<script" in html and html.count("data:image/png;base64") == 6
    html = sw.temperature_animation(cs=[0.1, 1.0, 10.0])
    assert html.count("data:image/png;base64") == 3
    with pytest.raises(ValueError, match="60 or fewer"):
        sw.temperature_animation(cs=np.linspace(0.1, 10, 61))


# ------------------------------------------------------------- log-softmax
def test_log_softmax_matches_log_of_softmax_where_both_are_finite():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(5, 7)) * 3
    np.testing.assert_allclose(sw.log_softmax(Z), np.log(nnlib.softmax(Z)), atol=1e-12)


def test_log_softmax_survives_what_breaks_the_naive_formula():
    z = np.array([1000.0, 999.0, 998.0])
    out = sw.log_softmax(z)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, sw.log_softmax(np.array([2.0, 1.0, 0.0])))
    np.testing.assert_allclose(sw.log_softmax(np.array([1000.0, 0.0])), [0.0, -1000.0])
    with pytest.raises(ValueError, match="NaN or infinite"):
        sw.log_softmax(np.array([np.inf, 0.0]))


# ------------------------------------------------------------- calibration
def test_reliability_table_bins_by_confidence():
    probs = np.array([[0.95, 0.05], [0.92, 0.08], [0.1, 0.9], [0.55, 0.45], [0.4, 0.6]])
    labels = np.array([0, 1, 1, 0, 0])
    rel = sw.reliability_table(probs, labels, n_bins=5, lo=0.5)
    np.testing.assert_allclose(rel.edges, [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    assert rel.count.tolist() == [1, 1, 0, 0, 3]
    np.testing.assert_allclose(rel.confidence[[0, 1, 4]], [0.55, 0.6, (0.95 + 0.92 + 0.9) / 3])
    np.testing.assert_allclose(rel.accuracy[[0, 1, 4]], [1.0, 0.0, 2 / 3])
    assert np.isnan(rel.accuracy[2])
    expected_ece = (abs(1 - 0.55) + abs(0 - 0.6) + 3 * abs(2 / 3 - 2.77 / 3)) / 5
    assert rel.ece == pytest.approx(expected_ece)


def test_reliability_of_a_calibrated_source_is_near_the_diagonal():
    rng = np.random.default_rng(1)
    n = 40_000
    p = rng.uniform(0.5, 1.0, n)  # confidence of class 0; the label agrees with probability p
    probs = np.stack([p, 1 - p], axis=1)
    labels = (rng.random(n) >= p).astype(np.int64)
    rel = sw.reliability_table(probs, labels, n_bins=5, lo=0.5)
    assert rel.ece < 0.01
    overconfident = sw.reliability_table(np.stack([np.full(n, 0.99), np.full(n, 0.01)], 1),
                                         labels, n_bins=5, lo=0.5)
    assert overconfident.ece > 0.2


@pytest.mark.parametrize("probs, labels, kw, match", [
    (np.ones(3), np.zeros(3, int), {}, "shape"),
    (np.ones((3, 2)) / 2, np.zeros(2, int), {}, "labels"),
    (np.ones((3, 2)) / 2, np.zeros(3), {}, "integer"),
    (np.ones((3, 2)) / 2, np.zeros(3, int), {"n_bins": 0}, "n_bins"),
    (np.ones((3, 2)) * 2, np.zeros(3, int), {}, r"\[0, 1\]"),
    (np.ones((0, 2)), np.zeros(0, int), {}, "empty"),
])
def test_reliability_table_rejects_bad_input(probs, labels, kw, match):
    with pytest.raises(ValueError, match=match):
        sw.reliability_table(probs, labels, **kw)


def test_plot_reliability_draws_only_filled_bins():
    probs = np.array([[0.95, 0.05], [0.1, 0.9], [0.55, 0.45]])
    rel = sw.reliability_table(probs, np.array([0, 1, 1]), n_bins=5, lo=0.5)
    ax = sw.plot_reliability(rel, label="net")
    line = ax.get_lines()[1]
    assert len(line.get_xdata()) == int((rel.count > 0).sum()) == 2
    sw.plot_reliability(rel, ax=ax, label="again")  # a second curve, no second diagonal
    assert [ln.get_gid() for ln in ax.get_lines()].count("diagonal") == 1
    assert len(ax.get_lines()) == 3

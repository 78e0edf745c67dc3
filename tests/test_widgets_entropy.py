"""nnlib.book.widgets.entropy: the numbers, the live widget driven without a browser,
and the static stand-in."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.book.widgets.entropy import (  # noqa: E402
    EntropyExplorer, cross_entropy_curve, entropy_terms, static_figure)


def test_terms_match_closed_forms():
    t = entropy_terms(0.3, 0.8)
    assert t.cross_entropy == pytest.approx(-(0.3 * np.log(0.8) + 0.7 * np.log(0.2)))
    assert t.entropy == pytest.approx(-(0.3 * np.log(0.3) + 0.7 * np.log(0.7)))
    assert t.kl == pytest.approx(t.cross_entropy - t.entropy)


def test_targets_zero_and_one_have_no_entropy():
    for y, a in ((0.0, 0.2), (1.0, 0.9)):
        t = entropy_terms(y, a)
        assert t.entropy == 0.0 and not np.signbit(t.entropy)
        assert t.kl == pytest.approx(t.cross_entropy)
    assert entropy_terms(0.0, 0.2).cross_entropy == pytest.approx(-np.log(0.8))


def test_gap_is_never_negative_and_zero_only_at_a_equals_y():
    y, a = np.meshgrid(np.linspace(0, 1, 41), np.linspace(0.01, 0.99, 41))
    t = entropy_terms(y, a)
    assert np.all(t.kl >= 0)
    on_diag = np.isclose(a, y)
    assert np.all(t.kl[~on_diag] > 0)
    assert np.allclose(t.kl[on_diag], 0, atol=1e-12)


def test_bad_inputs_name_the_problem():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        entropy_terms(0.5, 1.0)
    with pytest.raises(ValueError, match=r"target y must lie in \[0, 1\]"):
        entropy_terms(1.5, 0.5)
    with pytest.raises(ValueError, match="starting output"):
        EntropyExplorer(a=0.995)


def test_curve_minimum_is_at_y():
    a, c = cross_entropy_curve(0.3)
    assert a[np.argmin(c)] == pytest.approx(0.3, abs=0.01)


def test_widget_follows_its_sliders():
    ex = EntropyExplorer(y=0.3, a=0.8)
    ex.y_slider.value = 0.5
    ex.a_slider.value = 0.5
    st = ex.state
    assert st["kl"] == 0.0 and st["cross_entropy"] == pytest.approx(np.log(2), abs=1e-6)
    ex.set(y=0.2, a=0.7)
    st = ex.state
    t = entropy_terms(0.2, 0.7)
    assert [b.get_height() for b in ex.bars] == pytest.approx([t.cross_entropy, t.entropy, t.kl])
    assert list(ex.dot.get_xdata()) == [0.7]
    assert list(ex.gap.get_ydata()) == pytest.approx([t.entropy, t.cross_entropy], abs=1e-6)
    assert ex.entropy_line.get_ydata()[0] == pytest.approx(t.entropy, abs=1e-6)
    xs, ys = ex.curve.get_data()
    assert xs[np.argmin(ys)] == pytest.approx(0.2, abs=0.01)
    assert "0.2" in ex.ax_curve.get_title() and "gap KL" in ex.readout.value


def test_static_figure_marks_each_interior_minimum():
    fig = static_figure(ys=(0.0, 0.2, 0.5))
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert sorted(float(d.get_xdata()[0]) for d in dots) == [0.2, 0.5]
    assert len(ax.get_legend().get_texts()) == 4
    with pytest.raises(ValueError, match="at least one target"):
        static_figure(ys=())

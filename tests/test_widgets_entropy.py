"""nnlib.book.widgets.entropy: the numbers, the widget's Python side, the printed figure."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.book.widgets.entropy import (  # noqa: E402
    EntropyExplorer, cross_entropy_curve, entropy_terms, static_figure)
from nnlib.book.widgets._base import esm  # noqa: E402


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


def test_curve_minimum_is_at_y():
    a, c = cross_entropy_curve(0.3)
    assert a[np.argmin(c)] == pytest.approx(0.3, abs=0.01)


def test_widget_traits_and_state():
    ex = EntropyExplorer(y=0.3, a=0.8)
    assert (ex.y, ex.a, ex.y_max) == (0.3, 0.8, 3.0) and ex._esm == esm("entropy")
    ex.y, ex.a = 0.5, 0.5
    st = ex.state
    assert st["kl"] == 0.0 and st["cross_entropy"] == pytest.approx(np.log(2), abs=1e-12)
    ex.y, ex.a = 0.2, 0.7
    t = entropy_terms(0.2, 0.7)
    assert ex.state == {"y": 0.2, "a": 0.7, "cross_entropy": t.cross_entropy,
                        "entropy": t.entropy, "kl": t.kl}


@pytest.mark.parametrize("kwargs, match", [
    (dict(y=-0.1), r"target y must lie in \[0, 1\]"),
    (dict(y="x"), "target y must be a number"),
    (dict(a=0.995), r"output a must lie in \[0.01, 0.99\]"),
    (dict(a=float("inf")), "finite"),
    (dict(y_max=0), "y_max must be positive"),
])
def test_widget_refuses_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        EntropyExplorer(**kwargs)


def test_static_figure_marks_each_interior_minimum():
    fig = static_figure(ys=(0.0, 0.2, 0.5))
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert sorted(float(d.get_xdata()[0]) for d in dots) == [0.2, 0.5]
    assert len(ax.get_legend().get_texts()) == 4
    with pytest.raises(ValueError, match="at least one target"):
        static_figure(ys=())

"""nnlib.book.widgets.softmax: eq 83's numbers, the widget's Python side, the reliability plot."""
from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib.book.widgets import softmax as sw  # noqa: E402
from nnlib.book.widgets._base import esm  # noqa: E402


def test_default_start_has_one_clearly_dominant_output():
    w = sw.SoftmaxExplorer()
    assert w.z == list(sw.DEFAULT_Z) and not w.show_c and w.c == 1.0
    assert w._esm == esm("softmax")
    np.testing.assert_allclose(w.a, nnlib.softmax(np.array(sw.DEFAULT_Z)))
    assert 0.7 < w.a[0] < 0.8 and w.a.sum() == pytest.approx(1)


def test_temperature_view_has_the_c_slider_with_exact_values():
    w = sw.SoftmaxExplorer(c=1.0)
    assert w.show_c and w.c == 1.0
    assert w.c_values[0] == 0.1 and w.c_values[-1] == 10.0 and 1.0 in w.c_values
    assert w.c_values == sorted(w.c_values) and len(w.c_values) == 41
    w.c = 10.0
    np.testing.assert_allclose(w.a, nnlib.softmax(10 * np.array(sw.DEFAULT_Z)))
    odd = sw.SoftmaxExplorer(c=0.37)
    assert 0.37 in odd.c_values


def test_c_values_are_log_spaced_and_rounded():
    v = np.array(sw.c_values(0.1, 10.0, per_decade=10))
    assert v[0] == 0.1 and v[-1] == 10.0
    ratios = v[1:] / v[:-1]
    assert np.all(np.abs(ratios - 10 ** 0.1) < 0.01)
    assert all(float(f"{x:.3g}") == x for x in v)
    with pytest.raises(ValueError, match="cmin < cmax"):
        sw.c_values(2.0, 1.0)


def test_z_trait_follows_and_is_checked():
    w = sw.SoftmaxExplorer(z=[0.0, 1.0, -1.0])
    w.z = [4.0, 1.0, -1.0]
    assert int(np.argmax(w.a)) == 0
    with pytest.raises(ValueError, match="slider range"):
        w.z = [6.0, 0.0, 0.0]


@pytest.mark.parametrize("kwargs, match", [
    (dict(z=[1.0]), "at least two"),
    (dict(z=[0.0, float("nan")]), "NaN or infinite"),
    (dict(z=[0.0] * 10), "at most 9"),
    (dict(z=[9.0, 0.0]), "slider range"),
    (dict(c=0.0), "positive"),
    (dict(c=20.0), "c_range"),
    (dict(z_range=(1.0, -1.0)), "zmin < zmax"),
])
def test_bad_arguments_name_the_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sw.SoftmaxExplorer(**kwargs)


def test_z_sweep_raises_its_output_and_lowers_the_rest():
    vals = np.linspace(-3, 4, 20)
    A = sw.z_sweep_activations(sw.DEFAULT_Z, 3, vals)
    assert A.shape == (20, 4)
    np.testing.assert_allclose(A.sum(axis=1), 1.0)
    assert np.all(np.diff(A[:, 3]) > 0)
    assert np.all(np.diff(A[:, :3], axis=0) < 0)
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


def test_plot_reliability_draws_only_filled_bins():
    rel = SimpleNamespace(edges=np.linspace(0.5, 1, 6), count=np.array([1, 0, 0, 0, 2]),
                          confidence=np.array([0.55, np.nan, np.nan, np.nan, 0.925]),
                          accuracy=np.array([1.0, np.nan, np.nan, np.nan, 1.0]))
    ax = sw.plot_reliability(rel, label="net")
    line = ax.get_lines()[1]
    assert len(line.get_xdata()) == 2
    sw.plot_reliability(rel, ax=ax, label="again")  # a second curve, no second diagonal
    assert [ln.get_gid() for ln in ax.get_lines()].count("diagonal") == 1
    assert len(ax.get_lines()) == 3

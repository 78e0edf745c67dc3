"""Tests for the λ explorer: driven without a browser."""
import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

from nnlib import History
from nnlib.book.widgets.lambda_explorer import LambdaExplorer, final_gaps, plot_lambda_runs


def _history(train_end, test_end, n=5):
    h = History()
    h.training_accuracy = list(np.linspace(0.5, train_end, n))
    h.evaluation_accuracy = list(np.linspace(0.4, test_end, n))
    return h


@pytest.fixture
def runs():
    return {0.0: _history(1.0, 0.80), 1.0: _history(0.95, 0.85), 0.1: _history(0.99, 0.84)}


def test_final_gaps_in_points_sorted_by_lambda(runs):
    gaps = final_gaps(runs)
    assert list(gaps) == [0.0, 0.1, 1.0]
    assert gaps[0.0] == pytest.approx(20.0)
    assert gaps[1.0] == pytest.approx(10.0)


def test_slider_moves_the_lines_and_the_label(runs):
    ex = LambdaExplorer(runs)
    assert ex.value == 0.0
    assert np.allclose(ex.lines["test"].get_ydata(), 100 * np.asarray(runs[0.0].evaluation_accuracy))
    assert "gap 20.0" in ex.gap_label.get_text()
    ex.slider.value = 1.0
    assert np.allclose(ex.lines["training"].get_ydata(),
                       100 * np.asarray(runs[1.0].training_accuracy))
    assert np.allclose(ex.lines["test"].get_ydata(), 100 * np.asarray(runs[1.0].evaluation_accuracy))
    assert ex.gap() == pytest.approx(10.0)
    assert "λ = 1" in ex.gap_label.get_text() and "gap 10.0" in ex.gap_label.get_text()
    ex.select(0.1)
    assert ex.slider.value == 0.1 and ex.gap() == pytest.approx(15.0)
    # one shaded band only, however often the slider moves
    assert len(ex.ax.collections) == 1


def test_lines_are_updated_not_redrawn(runs):
    ex = LambdaExplorer(runs)
    n_lines = len(ex.ax.lines)
    for lam in (0.1, 1.0, 0.0):
        ex.slider.value = lam
    assert len(ex.ax.lines) == n_lines


def test_every_sets_the_epoch_axis(runs):
    ex = LambdaExplorer(runs, every=10)
    assert np.array_equal(ex.lines["test"].get_xdata(), [10, 20, 30, 40, 50])
    fig = plot_lambda_runs(runs, every=10)
    assert np.array_equal(fig.axes[0].lines[0].get_xdata(), [10, 20, 30, 40, 50])
    with pytest.raises(ValueError, match="every"):
        LambdaExplorer(runs, every=0)


def test_static_figure_has_every_lambda(runs):
    fig = plot_lambda_runs(runs)
    ax_tr, ax_te = fig.axes
    assert len(ax_tr.lines) == len(ax_te.lines) == 3
    labels = [t.get_text() for t in ax_tr.get_legend().get_texts()]
    assert labels == ["λ = 0", "λ = 0.1", "λ = 1"]


def test_bad_runs_are_refused(runs):
    with pytest.raises(ValueError, match="non-empty"):
        LambdaExplorer({})
    with pytest.raises(ValueError, match="History"):
        final_gaps({0.1: [0.9]})
    with pytest.raises(ValueError, match="monitor_training_accuracy"):
        final_gaps({0.1: History(evaluation_accuracy=[0.5])})
    bad = History(training_accuracy=[0.5, 0.6], evaluation_accuracy=[0.5])
    with pytest.raises(ValueError, match="same epochs"):
        final_gaps({0.1: bad})
    with pytest.raises(ValueError, match=">= 0"):
        final_gaps({-1.0: _history(1, 0.8)})
    with pytest.raises(ValueError, match="no precomputed run"):
        LambdaExplorer(runs).select(0.5)


def test_the_picture_is_an_image_widget_that_follows_the_slider(runs, capsys):
    ex = LambdaExplorer(runs)
    first = ex.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    ex.slider.value = ex.lambdas[-1]
    assert ex.image.value != first  # redrawn for the new lambda
    assert capsys.readouterr().out == ""  # nothing printed: nbval has nothing to compare

"""nnlib.book.widgets.lambda_explorer: the λ explorer's Python side, the figure, the gaps."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import History  # noqa: E402
from nnlib.book.widgets._base import esm  # noqa: E402
from nnlib.book.widgets.lambda_explorer import (  # noqa: E402
    LambdaExplorer, final_gaps, plot_lambda_runs)


def _history(train_end, test_end, n=5, every=10):
    return History(epochs=list(range(every - 1, n * every, every)),
                   accuracy={"training": list(np.linspace(0.5, train_end, n)),
                             "test": list(np.linspace(0.4, test_end, n))})


@pytest.fixture
def runs():
    return {0.0: _history(1.0, 0.80), 1.0: _history(0.95, 0.85), 0.1: _history(0.99, 0.84)}


def test_final_gaps_in_points_sorted_by_lambda(runs):
    gaps = final_gaps(runs)
    assert list(gaps) == [0.0, 0.1, 1.0]
    assert gaps[0.0] == pytest.approx(20.0) and gaps[1.0] == pytest.approx(10.0)


def test_widget_state_and_selection(runs):
    ex = LambdaExplorer(runs, value=0.1)
    assert ex._esm == esm("lambda")
    assert ex.lambdas == [0.0, 0.1, 1.0] and ex.index == 1 and ex.value == 0.1
    assert ex.epochs[0] == [9, 19, 29, 39, 49]
    assert ex.training[1][-1] == 99.0 and ex.test[1][-1] == 84.0
    assert ex.gap() == pytest.approx(15.0)
    ex.select(1.0)
    assert ex.index == 2 and ex.gap() == ex.training[2][-1] - ex.test[2][-1]
    assert LambdaExplorer(runs).value == 0.0     # the smallest first


def test_bad_runs_and_choices_are_refused(runs):
    with pytest.raises(ValueError, match="non-empty dict"):
        LambdaExplorer({})
    with pytest.raises(ValueError, match="must be an nnlib History"):
        LambdaExplorer({0.1: [0.9]})
    with pytest.raises(ValueError, match=">= 0"):
        LambdaExplorer({-1: _history(1, 0.8)})
    no_test = History(epochs=[0], accuracy={"training": [0.9]})
    with pytest.raises(ValueError, match=r"recorded no accuracy for \['test'\]"):
        LambdaExplorer({0.1: no_test})
    short = _history(1, 0.8)
    short.epochs = short.epochs[:-1]
    with pytest.raises(ValueError, match="same epochs"):
        LambdaExplorer({0.1: short})
    ex = LambdaExplorer(runs)
    with pytest.raises(ValueError, match="no recorded run for lambda=0.5"):
        ex.select(0.5)
    with pytest.raises(ValueError, match="index must lie"):
        ex.index = 3
    with pytest.raises(ValueError, match="ylim"):
        LambdaExplorer(runs, ylim=(100, 60))


def test_static_figure_has_every_lambda(runs):
    fig = plot_lambda_runs(runs)
    ax_tr, ax_te = fig.axes
    assert [ln.get_label() for ln in ax_tr.lines] == ["λ = 0", "λ = 0.1", "λ = 1"]
    np.testing.assert_array_equal(ax_te.lines[0].get_xdata(), [9, 19, 29, 39, 49])
    assert ax_te.get_title() == "test accuracy"
    styles = {(ln.get_color(), ln.get_linestyle()) for ln in ax_tr.lines}
    assert len(styles) == 3                          # every λ its own colour and line style

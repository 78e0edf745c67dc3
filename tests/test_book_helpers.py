"""The book's small helpers: curve reading (nnlib.book.curves), calibration, the shared
plots (checked on the data they draw), result tables, and show_source."""
import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib.book.calibration import reliability_table
from nnlib.book.curves import gap_series, moving_average, plateau_epoch, series_values
from nnlib.book.plotting import plot_histories, plot_series, series_label
from nnlib.book.results import Comparison, assert_close, comparison_table
from nnlib.book.source import show_source, source_markdown

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def run():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    y = (X[:, 0] > X[:, 1]).astype(int)
    train, test = (X[:80], y[:80]), (X[80:], y[80:])
    return nnlib.Network([2, 4, 2], seed=0).SGD(
        train, 12, 10, 0.5, monitor={"training": train, "test": test}, record_every=3)


# -------------------------------------------------------------------- curves
def test_series_values_are_in_percent_for_accuracies(run):
    assert np.allclose(series_values(run, "test accuracy"), 100 * np.array(run.accuracy["test"]))
    assert np.array_equal(series_values(run, "training cost"), run.cost["training"])
    with pytest.raises(ValueError, match="must be an nnlib.History"):
        series_values({"test accuracy": [1.0]}, "test accuracy")


def test_gap_series_is_training_minus_held_out(run):
    acc = gap_series(run)
    assert np.allclose(acc, 100 * (np.array(run.accuracy["training"])
                                   - np.array(run.accuracy["test"])))
    cost = gap_series(run, "cost")
    assert np.allclose(cost, np.array(run.cost["test"]) - np.array(run.cost["training"]))
    with pytest.raises(ValueError, match="'accuracy' or 'cost'"):
        gap_series(run, "loss")


def test_moving_average_and_plateau_epoch():
    v = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert np.allclose(moving_average(v, 3), [1.5, 2, 3, 4, 4.5])
    assert np.array_equal(moving_average(v, 1), v)
    rising = np.concatenate([np.linspace(0, 10, 11), np.full(10, 10.0)])
    assert plateau_epoch(rising, tol=0.5) == 10
    with pytest.raises(ValueError, match="odd"):
        moving_average(v, 2)
    with pytest.raises(ValueError, match="positive finite"):
        plateau_epoch(v, tol=0)


# --------------------------------------------------------------- calibration
def test_reliability_table_bins_confidence_against_accuracy():
    probs = np.array([[0.95, 0.05], [0.9, 0.1], [0.6, 0.4], [0.3, 0.7]])
    labels = np.array([0, 1, 0, 1])
    rel = reliability_table(probs, labels, n_bins=5, lo=0.5)
    assert rel.count.tolist() == [0, 1, 1, 0, 2]
    assert rel.accuracy[4] == 0.5 and rel.confidence[4] == pytest.approx(0.925)
    assert np.isnan(rel.accuracy[0])
    expected = (0.4 * 1 + 0.3 * 1 + 0.425 * 2) / 4
    assert rel.ece == pytest.approx(expected)
    with pytest.raises(ValueError, match="integer classes"):
        reliability_table(probs, labels.astype(float))


# ------------------------------------------------------------------ plotting
def test_plot_series_draws_each_run_at_its_recorded_epochs(run):
    ax = plot_series({"a": run, "b": run}, "test accuracy", epochs=(4, 11))
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    x, y = ax.get_lines()[0].get_data()
    assert list(x) == [5, 8, 11]                                  # epochs 2, 5, 8, 11 recorded
    assert np.allclose(y, 100 * np.array(run.accuracy["test"][1:]))
    assert ax.get_ylabel() == "test accuracy (%)"


def test_plot_histories_has_one_panel_per_key(run):
    fig = plot_histories({"run": run}, keys=("training cost", "test accuracy", "weight norm"))
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_ylabel() for ax in shown] == ["training cost", "test accuracy (%)",
                                                 "weight norm ||w||"]
    with pytest.raises(ValueError, match="no accuracy recorded for 'validation'"):
        plot_histories({"run": run}, keys=("validation accuracy",))


def test_series_label():
    assert series_label("validation accuracy") == "validation accuracy (%)"
    assert series_label("test cost") == "test cost"


# ------------------------------------------------------------------- results
def test_comparison_table_and_assert_close():
    rows = [Comparison("peak accuracy", 82.0, 82.27, tol=1.0),
            Comparison("our extra", 50.0, None)]
    text = comparison_table(rows).data
    assert "| peak accuracy | 82.00% | 82.27% | -0.27 | ±1 |" in text
    assert "| our extra | 50.00% | — | — | — |" in text
    assert_close(rows)
    with pytest.raises(AssertionError, match="peak accuracy: ours 80.000% vs source 82.270%"):
        assert_close([Comparison("peak accuracy", 80.0, 82.27, tol=1.0)])


# -------------------------------------------------------------------- source
def test_show_source_is_a_python_block_of_the_real_source():
    text = source_markdown(nnlib.Network.update_mini_batch)
    assert text.startswith("```python\ndef update_mini_batch(self,") and text.endswith("\n```")
    assert "eq 93" in text and "w -= eta / m * nw" in text
    assert show_source(nnlib.CrossEntropyCost.delta).data == source_markdown(
        nnlib.CrossEntropyCost.delta)
    assert source_markdown(nnlib.stopping.StopDecision).startswith("```python\n@dataclass")


def test_show_source_fence_outgrows_backticks_in_the_source():
    text = source_markdown(source_markdown)   # its docstring contains ``double`` backticks
    assert text.startswith("```python") and "``" in text
    assert source_markdown(nnlib.book.curves.gap_series).count("```") == 2


def test_show_source_refuses_what_has_no_source():
    with pytest.raises(TypeError, match="Python function, method or class"):
        source_markdown(np.exp)

"""Tests of nnlib.book.widgets.curves: the pure helpers and the explorer, without a browser."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import nnlib
from nnlib.book.widgets.curves import (CurveExplorer, gap_series, moving_average, plateau_epoch,
                                  series_values)


def make_history(n=50, eval_acc=None):
    """A synthetic overfitting run: training improves for ever, test stalls."""
    e = np.arange(n)
    h = nnlib.History()
    h.training_accuracy = list(np.minimum(1.0, 0.5 + 0.02 * e))
    h.evaluation_accuracy = list(eval_acc if eval_acc is not None
                                 else 0.5 + 0.3 * (1 - np.exp(-e / 8)))
    h.training_cost = list(1.0 / (1 + e))
    h.evaluation_cost = list(0.5 + 0.01 * (e - 10) ** 2 / 10)
    h.epochs_run = n
    return h


# ------------------------------------------------------------------ pure functions
def test_series_values_converts_accuracy_to_percent_only():
    h = make_history()
    assert series_values(h, "training_accuracy")[0] == pytest.approx(50.0)
    assert series_values(h, "training_cost")[0] == pytest.approx(1.0)


def test_series_values_errors():
    h = make_history()
    with pytest.raises(ValueError, match="unknown series"):
        series_values(h, "test_accuracy")
    with pytest.raises(ValueError, match="monitor_weight_norm|did not record"):
        series_values(nnlib.History(), "training_cost")
    with pytest.raises(ValueError, match="nnlib.History"):
        series_values({"training_cost": [1.0]}, "training_cost")


def test_gap_series_sign_and_units():
    h = make_history()
    acc_gap = gap_series(h)
    expected = 100 * (np.array(h.training_accuracy) - np.array(h.evaluation_accuracy))
    np.testing.assert_allclose(acc_gap, expected)
    assert acc_gap[0] == pytest.approx(0.0) and acc_gap[-1] > 15  # the gap opens
    cost_gap = gap_series(h, "cost")
    np.testing.assert_allclose(cost_gap, np.array(h.evaluation_cost) - np.array(h.training_cost))
    with pytest.raises(ValueError, match="'accuracy' or 'cost'"):
        gap_series(h, "loss")


def test_gap_series_uses_the_shorter_series_and_needs_both():
    h = make_history()
    h.evaluation_accuracy = h.evaluation_accuracy[:10]
    assert len(gap_series(h)) == 10
    h.evaluation_accuracy = []
    with pytest.raises(ValueError, match="evaluation_accuracy"):
        gap_series(h)


def test_gap_series_on_a_real_run():
    rng = np.random.default_rng(1)
    X = rng.random((40, 3))
    y = (X[:, 0] > 0.5).astype(int)
    h = nnlib.Network([3, 4, 2], seed=0).SGD(
        (X[:20], y[:20]), 3, 5, 0.5, evaluation_data=(X[20:], y[20:]),
        monitor_training_accuracy=True, monitor_evaluation_accuracy=True)
    np.testing.assert_allclose(gap_series(h), 100 * (np.array(h.training_accuracy)
                                                     - np.array(h.evaluation_accuracy)))


def test_moving_average():
    v = [1.0, 2.0, 3.0, 4.0, 5.0]
    np.testing.assert_allclose(moving_average(v, 1), v)
    np.testing.assert_allclose(moving_average(v, 3), [1.5, 2, 3, 4, 4.5])
    np.testing.assert_allclose(moving_average(v, 99), [3.0] * 5)
    for bad in (0, 2, -3, 1.0, True):
        with pytest.raises(ValueError, match="odd"):
            moving_average(v, bad)
    with pytest.raises(ValueError, match="non-empty"):
        moving_average([], 1)
    with pytest.raises(ValueError, match="NaN"):
        moving_average([1.0, np.nan], 1)


def test_plateau_epoch():
    # rises by 1 a step to 10, then flat
    v = np.minimum(np.arange(30), 10).astype(float)
    assert plateau_epoch(v, tol=0.5) == 10
    assert plateau_epoch(v, tol=3.5) == 7      # from 7 on, at most 3 more to gain
    assert plateau_epoch([5.0], tol=1) == 0
    # a late, big jump moves the plateau after it
    v2 = np.concatenate([v, [20.0]])
    assert plateau_epoch(v2, tol=0.5) == 30
    # noise: smoothing ignores single spikes that raw values chase
    noisy = np.full(50, 80.0)
    noisy[40] = 82.0
    assert plateau_epoch(noisy, tol=1.0) == 40
    assert plateau_epoch(noisy, tol=1.0, width=11) == 0
    for bad in (0, -1, np.nan, "x"):
        with pytest.raises(ValueError, match="tol"):
            plateau_epoch(v, bad)


# ------------------------------------------------------------------ the explorer
def test_explorer_defaults_show_accuracies_and_the_gap():
    h = make_history()
    ex = CurveExplorer({"run": h})
    s = ex.state()
    assert s["window"] == (0, 49)
    assert s["visible"] == [("run", "evaluation_accuracy"), ("run", "training_accuracy")]
    assert s["filled"] == [("run", "accuracy")]
    assert s["gaps"][("run", "accuracy")] == pytest.approx(gap_series(h)[-1])
    assert "points</b> below the training accuracy" in ex.readout.value
    line = ex.lines[("run", "training_accuracy")]
    np.testing.assert_allclose(line.get_ydata(), series_values(h, "training_accuracy"))


def test_explorer_window_moves_lines_axes_and_readout():
    h = make_history()
    ex = CurveExplorer({"run": h})
    ex.window.value = (20, 30)
    line = ex.lines[("run", "evaluation_accuracy")]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(20, 31))
    np.testing.assert_allclose(line.get_ydata(), series_values(h, "evaluation_accuracy")[20:31])
    assert ex.state()["xlim"]["accuracy"] == (20, 30)
    assert ex.state()["gaps"][("run", "accuracy")] == pytest.approx(gap_series(h)[30])
    assert "epoch 30" in ex.readout.value
    # the y-range follows the data inside the window
    lo, hi = ex.ax_acc.get_ylim()
    ys = np.concatenate([ex.lines[k].get_ydata() for k in ex.lines if k[1].endswith("accuracy")])
    assert lo < ys.min() and hi > ys.max() and hi - lo < 1.2 * (ys.max() - ys.min()) + 1.1


def test_explorer_renders_into_an_image_widget_that_follows_the_controls():
    ex = CurveExplorer({"run": make_history()})
    first = ex.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    ex.window.value = (10, 20)
    assert ex.image.value[:8] == b"\x89PNG\r\n\x1a\n" and ex.image.value != first
    assert ex.image in ex.widget.children


def test_explorer_series_choice_and_gap_toggle():
    ex = CurveExplorer({"run": make_history()})
    ex.series_select.value = ("training_cost", "evaluation_cost")
    s = ex.state()
    assert s["visible"] == [("run", "evaluation_cost"), ("run", "training_cost")]
    assert s["filled"] == [("run", "cost")]
    assert ex.notes["accuracy"].get_visible() and not ex.notes["cost"].get_visible()
    assert "above the training cost" in ex.readout.value
    ex.show_gap.value = False
    assert ex.state()["filled"] == []
    ex.series_select.value = ("training_cost",)  # no partner: no gap to report
    assert ex.state()["gaps"] == {}
    assert "Choose a training series" in ex.readout.value


def test_explorer_several_runs_and_run_selection():
    long, short = make_history(50), make_history(20)
    ex = CurveExplorer({"long": long, "short": short}, epochs=(5, 40))
    s = ex.state()
    assert ("short", "training_accuracy") in s["visible"]
    # the short run is drawn only up to its last epoch
    np.testing.assert_array_equal(ex.lines[("short", "training_accuracy")].get_xdata(),
                                  np.arange(5, 20))
    assert ("short", "accuracy") not in s["gaps"]  # epoch 40 is past its end
    ex.run_select.value = ("short",)
    assert all(name == "short" for name, _ in ex.state()["visible"])
    assert ex.lines[("long", "training_accuracy")].get_visible() is False


def test_explorer_skips_series_that_were_not_recorded():
    h = make_history()
    h.evaluation_cost = []
    ex = CurveExplorer({"run": h}, series=("training_cost", "evaluation_cost"))
    assert ("run", "evaluation_cost") not in ex.lines
    assert ex.series_select.value == ("training_cost",)
    assert "evaluation_cost" not in [v for _, v in ex.series_select.options]


def test_explorer_eval_name_in_labels():
    ex = CurveExplorer({"run": make_history()}, eval_name="validation")
    assert ex.label("evaluation_accuracy") == "validation accuracy"
    assert "validation accuracy" in ex.readout.value


@pytest.mark.parametrize("runs, kw, match", [
    ({}, {}, "non-empty dict"),
    ([make_history()], {}, "non-empty dict"),
    ({"a": [1, 2]}, {}, "nnlib.History"),
    ({"a": nnlib.History()}, {}, "none of the runs recorded"),
    ({"a": make_history()}, {"series": ("accuracy",)}, "unknown series"),
    ({"a": make_history()}, {"epochs": (10, 5)}, "first <= last"),
    ({"a": make_history()}, {"epochs": (0, 50)}, "<= 49"),
    ({"a": make_history()}, {"epochs": 3}, "pair"),
])
def test_explorer_bad_input(runs, kw, match):
    with pytest.raises(ValueError, match=match):
        CurveExplorer(runs, **kw)

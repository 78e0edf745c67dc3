"""nnlib.book.widgets.curves: the training-curve explorer's Python side (state, window, gap)."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib
from nnlib.book.widgets._base import esm
from nnlib.book.widgets.curves import CurveExplorer, recorded_series


def make_history(n=50, every=1):
    """A synthetic overfitting run: training improves for ever, test stalls."""
    e = np.arange(every - 1, n * every, every)
    return nnlib.History(
        epochs=list(e),
        accuracy={"training": list(np.minimum(1.0, 0.5 + 0.02 * e / every)),
                  "test": list(0.5 + 0.3 * (1 - np.exp(-e / 8 / every))),
                  "validation": list(0.49 + 0.3 * (1 - np.exp(-e / 8 / every)))},
        cost={"training": list(1.0 / (1 + e)), "test": list(0.5 + 0.001 * (e - 10) ** 2)},
        epochs_run=n * every)


def test_recorded_series_are_rounded_percent_training_first():
    h = make_history()
    series = recorded_series(h)
    keys = [sr["key"] for sr in series]
    assert keys == ["training accuracy", "test accuracy", "validation accuracy",
                    "training cost", "test cost"]
    acc = series[1]["values"]
    np.testing.assert_allclose(acc, 100 * np.array(h.accuracy["test"]), atol=0.005)
    assert all(round(v, 2) == v for v in acc)
    cost = series[3]["values"]
    np.testing.assert_allclose(cost, h.cost["training"], atol=5e-6)


def test_defaults_show_training_and_test_accuracy_over_every_epoch():
    ex = CurveExplorer(make_history())
    assert ex._esm == esm("curves")
    assert ex.shown == ["training accuracy", "test accuracy"]
    assert ex.window == (0, 49) and (ex.lo, ex.hi) == (0, 49) and ex.shade_gap
    assert ex.epochs == list(range(50))


def test_gap_is_what_the_browser_computes_from_the_rounded_state():
    h = make_history()
    ex = CurveExplorer(h)
    v = ex.values
    assert ex.gap("accuracy") == v["training accuracy"][49] - v["test accuracy"][49]
    assert ex.gap("accuracy") == pytest.approx(
        100 * (h.accuracy["training"][49] - h.accuracy["test"][49]), abs=0.011)
    ex.window = (10, 20)
    assert ex.window == (10, 20)
    assert ex.gap("accuracy") == v["training accuracy"][20] - v["test accuracy"][20]
    assert ex.gap("accuracy", epoch=5) == v["training accuracy"][5] - v["test accuracy"][5]
    assert ex.gap("cost") is None                  # the cost series are not shown
    ex.shown = ["training cost", "test cost"]
    assert ex.gap("cost") == v["test cost"][20] - v["training cost"][20]
    assert ex.gap("accuracy") is None


def test_held_out_can_be_the_validation_set():
    ex = CurveExplorer(make_history(), shown=("training accuracy", "validation accuracy"),
                       held_out="validation")
    v = ex.values
    assert ex.gap() == v["training accuracy"][49] - v["validation accuracy"][49]


def test_recorded_every_k_epochs_windows_by_epoch():
    ex = CurveExplorer(make_history(n=40, every=10), epochs=(99, 399))
    assert ex.epochs[:3] == [9, 19, 29] and ex.window == (99, 399)
    assert (ex.lo, ex.hi) == (9, 39)
    with pytest.raises(ValueError, match="recorded epochs"):
        ex.window = (100, 399)


@pytest.mark.parametrize("kwargs, match", [
    (dict(shown=("test accurcy",)), "cannot show 'test accurcy'"),
    (dict(epochs=(30, 10)), "first <= last"),
    (dict(epochs=(0, 50)), "recorded epochs"),
    (dict(epochs=5), "pair"),
    (dict(held_out="valid"), "held_out='valid' was not recorded"),
])
def test_bad_arguments_name_the_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CurveExplorer(make_history(), **kwargs)


def test_bad_histories_and_traits():
    with pytest.raises(ValueError, match="nnlib.History"):
        CurveExplorer({"run": make_history()})
    with pytest.raises(ValueError, match="recorded nothing"):
        CurveExplorer(nnlib.History())
    h = make_history()
    h.accuracy["test"] = h.accuracy["test"][:-1]
    with pytest.raises(ValueError, match="49 records but history.epochs has 50"):
        CurveExplorer(h)
    ex = CurveExplorer(make_history())
    with pytest.raises(ValueError, match="unknown series"):
        ex.shown = ["weight norm"]
    with pytest.raises(ValueError, match="must index history.epochs"):
        ex.hi = 50

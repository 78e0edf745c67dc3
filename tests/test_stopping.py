"""The early-stopping rule (nnlib.stopping), its replay over several patiences
(nnlib.book.early_stopping), agreement with SGD, and the learning-rate schedule."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib.book.early_stopping import apply_rules
from nnlib.schedule import halve_on_plateau
from nnlib.stopping import StopDecision, best_so_far, no_improvement

SERIES = [0.50, 0.60, 0.58, 0.61, 0.60, 0.59, 0.62]


def test_best_so_far_keeps_the_first_maximum_and_never_stops():
    d = best_so_far([0.1, 0.5, 0.3, 0.5, 0.2])
    assert d == StopDecision("best so far (train all epochs)", 4, 1, 0.5, False)
    assert d.epochs_run == 5


def test_no_improvement_stops_after_k_flat_epochs():
    d = no_improvement(SERIES, patience=2)
    assert (d.stop_epoch, d.kept_epoch, d.kept_value, d.stopped) == (5, 3, 0.61, True)
    assert d.epochs_run == 6


def test_patience_one_stops_at_first_non_improvement():
    d = no_improvement(SERIES, patience=1)
    assert (d.stop_epoch, d.kept_epoch) == (2, 1)


def test_large_patience_never_fires_and_keeps_the_overall_best():
    d = no_improvement(SERIES, patience=10)
    assert not d.stopped
    assert d.stop_epoch == len(SERIES) - 1
    assert d.kept_epoch == best_so_far(SERIES).kept_epoch == 6


def test_a_tie_is_not_an_improvement():
    d = no_improvement([0.5, 0.7, 0.7, 0.7], patience=2)
    assert (d.stop_epoch, d.kept_epoch, d.stopped) == (3, 1, True)


def test_min_delta_ignores_small_gains():
    series = [80.0, 81.0, 81.2, 81.3, 81.4, 85.0]
    assert not no_improvement(series, patience=3).stopped
    d = no_improvement(series, patience=3, min_delta=0.5)
    assert (d.stop_epoch, d.kept_epoch, d.kept_value) == (4, 1, 81.0)
    assert "0.5" in d.rule


def test_single_epoch_series():
    for d in (best_so_far([0.3]), no_improvement([0.3], patience=1)):
        assert (d.stop_epoch, d.kept_epoch, d.kept_value, d.stopped) == (0, 0, 0.3, False)


def test_percent_and_fraction_give_the_same_epochs():
    a = no_improvement(SERIES, 2)
    b = no_improvement([100 * s for s in SERIES], 2)
    assert (a.stop_epoch, a.kept_epoch) == (b.stop_epoch, b.kept_epoch)


def test_apply_rules_order_and_names():
    rules = apply_rules(SERIES, patiences=(1, 2))
    assert [r.rule for r in rules] == ["best so far (train all epochs)",
                                       "no improvement in 1", "no improvement in 2"]
    with pytest.raises(ValueError, match="patiences is empty"):
        apply_rules(SERIES, patiences=())


@pytest.mark.parametrize("bad, match", [
    ([], "empty"),
    ([[0.1, 0.2]], "one-dimensional"),
    ([0.1, float("nan")], "NaN"),
    ("0.5", "string"),
    ([0.1, "x"], "sequence of numbers"),
])
def test_bad_series_raise_clear_errors(bad, match):
    with pytest.raises(ValueError, match=match):
        no_improvement(bad, 2)
    with pytest.raises(ValueError, match=match):
        best_so_far(bad)


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "3", None])
def test_bad_patience(k):
    with pytest.raises(ValueError, match="positive integer"):
        no_improvement(SERIES, k)


@pytest.mark.parametrize("d", [-0.1, float("inf"), "a"])
def test_bad_min_delta(d):
    with pytest.raises(ValueError, match="min_delta"):
        no_improvement(SERIES, 2, min_delta=d)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=40), st.integers(1, 8))
def test_properties_against_a_brute_force_replay(values, k):
    v = np.array(values, dtype=float)
    d = no_improvement(v, k)
    # the kept epoch is the first best among the epochs trained
    seen = v[:d.stop_epoch + 1]
    assert d.kept_epoch == int(np.argmax(seen))
    assert d.kept_value == seen.max()
    # it stopped exactly when k epochs in a row brought nothing new
    if d.stopped:
        assert d.stop_epoch - d.kept_epoch == k
    else:
        assert d.stop_epoch == len(v) - 1
        assert len(v) - 1 - d.kept_epoch < k
    # best-so-far is never worse than any stopping rule
    assert best_so_far(v).kept_value >= d.kept_value


def test_replay_matches_network_sgd_early_stopping():
    """Replaying the rule on a recorded series gives the epochs SGD itself uses."""
    rng = np.random.default_rng(0)
    X = rng.random((200, 4))
    y = (X[:, 0] + X[:, 1] + 0.3 * rng.standard_normal(200) > 1.0).astype(int)
    train, held = (X[:100], y[:100]), (X[100:], y[100:])
    full = nnlib.Network([4, 5, 2], seed=3).SGD(train, 60, 10, 0.3, monitor={"held": held})
    decisions = {k: no_improvement(full.accuracy["held"], k) for k in (1, 3, 6, 10, 30)}
    # the case is not trivial: the rules keep different epochs, and one never fires
    assert len({d.kept_epoch for d in decisions.values()}) == 5
    assert not decisions[30].stopped
    for k, d in decisions.items():
        net = nnlib.Network([4, 5, 2], seed=3)
        h = net.SGD(train, 60, 10, 0.3, monitor={"held": held}, early_stopping=k)
        assert h.epochs_run == d.epochs_run, k
        assert h.stopped_early == d.stopped, k
        assert h.best_epoch == d.kept_epoch, k
        assert net.accuracy(held) == pytest.approx(d.kept_value)


def test_halve_on_plateau():
    assert halve_on_plateau([], 0.5, 3) == 0.5
    assert halve_on_plateau([0.1, 0.2, 0.3], 0.5, 2) == 0.5               # always improving
    assert halve_on_plateau([0.5, 0.4, 0.4], 0.5, 2) == 0.25              # one plateau
    assert halve_on_plateau([0.5, 0.4, 0.4, 0.45, 0.5], 1.0, 2) == 0.25   # count restarts
    assert halve_on_plateau([0.5] * 7, 0.8, 2) == 0.1                     # ties: 3 halvings

"""Chapter 7's additions: SGD's records every k mini-batches and the
hyper-parameter protocols of nnlib.book.protocols_hyper."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib
from nnlib.book import protocols_hyper as ph


def tiny_data(n, seed, classes=10):
    rng = np.random.default_rng(seed)
    return rng.random((n, 784)), rng.integers(0, classes, n)


def tiny_mnist(n=60, seed=0):
    return tiny_data(n, seed), tiny_data(40, seed + 1), tiny_data(20, seed + 2)


# ------------------------------------------------- SGD(record_every_batches=k)
def test_records_every_k_mini_batches_across_epochs():
    data, val = tiny_data(55, 0), tiny_data(10, 1)    # 6 mini-batches of 10 per epoch
    net = nnlib.Network([784, 5, 10], seed=1)
    h = net.SGD(data, 3, 10, 0.5, monitor={"v": val}, record_every_batches=4)
    assert h.batches == [4, 8, 12, 16]                # 18 mini-batches in all
    assert h.epochs == [0, 1, 1, 2]                   # the epoch in progress
    assert len(h.accuracy["v"]) == len(h.cost["v"]) == len(h.weight_norm) == 4
    assert len(h.epoch_times) == 3 and h.epochs_run == 3


def test_a_record_holds_the_state_after_its_mini_batch():
    data, val = tiny_data(30, 2), tiny_data(15, 3)
    net = nnlib.Network([784, 5, 10], seed=4)
    h = net.SGD(data, 1, 10, 0.5, monitor={"v": val}, record_every_batches=3,
                shuffle=False)
    assert h.batches == [3]
    assert h.cost["v"][0] == net.total_cost(val)      # the last batch ends the epoch


def test_batch_records_do_not_change_the_run():
    data, val = tiny_data(50, 5), tiny_data(20, 6)
    runs = []
    for extra in ({}, {"record_every_batches": 2}):
        net = nnlib.Network([784, 8, 10], seed=7)
        net.SGD(data, 2, 10, 0.5, lmbda=1.0, monitor={"v": val}, **extra)
        runs.append(net.weights + net.biases)
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kwargs, message", [
    (dict(record_every_batches=0), "record_every_batches must be a positive integer"),
    (dict(record_every_batches=2, early_stopping=3), "early stopping counts epochs"),
])
def test_batch_records_bad_input(kwargs, message):
    data = tiny_data(20, 0)
    net = nnlib.Network([784, 5, 10], seed=1)
    with pytest.raises(ValueError, match=message):
        net.SGD(data, 1, 10, 0.5, monitor={"v": data}, **kwargs)


# ---------------------------------------------------------------- protocols
def test_stripped_run_gives_feedback_every_thousand_images():
    training = tiny_data(2500, 0, classes=2)
    stripped = (training, tiny_data(100, 1, classes=2), tiny_data(10, 2, classes=2))
    h = ph.stripped_run(stripped, 0.5, 0.0, seed=3, epochs=2)
    assert h.batches == [100, 200, 300, 400, 500]    # 250 mini-batches per epoch
    assert len(h.accuracy["validation"]) == 5 and "test" not in h.accuracy


def test_cost_falls_is_true_for_a_small_eta_and_false_for_a_huge_one():
    data = tiny_mnist(200)
    falls, costs = ph.cost_falls(data, 0.05, seed=1, epochs=2)
    assert falls and len(costs) == 3 and costs[2] < costs[1] < costs[0]
    assert not ph.cost_falls(data, 1e4, seed=1, epochs=2)[0]


def fake_cost_falls(threshold, calls):
    def cost_falls(data, eta, seed, epochs=3):
        calls.append(eta)
        return eta <= threshold, []
    return cost_falls


@pytest.mark.parametrize("threshold, start", [(0.3, 0.01), (0.003, 0.01), (0.05, 0.01)])
def test_eta_threshold_brackets_by_orders_of_magnitude_then_refines(
        monkeypatch, threshold, start):
    calls = []
    monkeypatch.setattr(ph, "cost_falls", fake_cost_falls(threshold, calls))
    found, trials = ph.eta_threshold(None, seed=1, start=start, refine=3)
    assert [eta for eta, _ in trials] == calls and calls[0] == start
    assert all(falls == (eta <= threshold) for eta, falls in trials)
    # the refinement leaves a gap of 10**(1/8) between a good and a bad eta
    bad = min(eta for eta, falls in trials if not falls)
    assert found <= threshold < bad and bad / found == pytest.approx(10 ** (1 / 8))


def test_eta_threshold_bad_input():
    with pytest.raises(ValueError, match="start must be > 0"):
        ph.eta_threshold(None, seed=1, start=0.0)


def fake_small_run(accuracy_of):
    def small_run(data, eta, lmbda, seed, *, epochs=30, record_every=1):
        h = nnlib.History()
        h.accuracy["validation"] = [accuracy_of(lmbda) / 100]
        return None, h
    return small_run


@pytest.mark.parametrize("peak, tried, chosen", [
    (10.0, [0.0, 1.0, 10.0, 100.0], 10.0),        # up by 10 until it gets worse
    (0.01, [0.0, 1.0, 10.0, 0.1, 0.01, 0.001], 0.01),   # x10 does not help: go down
])
def test_lambda_search_moves_by_factors_of_ten_on_validation(
        monkeypatch, peak, tried, chosen):
    score = lambda l: 90 - abs(np.log10(l) - np.log10(peak)) if l else 80.0
    monkeypatch.setattr(ph, "small_run", fake_small_run(score))
    found, scores = ph.lambda_search(None, seed=1)
    assert list(scores) == pytest.approx(tried) and found == pytest.approx(chosen)


def test_grid_and_random_points_cover_the_box():
    grid = ph.grid_points(3)
    assert len(grid) == 9 and len({e for e, _ in grid}) == 3
    lo, hi = ph.SEARCH_BOX["eta"]
    assert all(lo < e < hi for e, _ in grid)
    np.testing.assert_allclose(sorted({e for e, _ in grid}), [10**-1.5, 10**-0.5, 10**0.5])
    pts = ph.random_points(9, seed=1)
    assert len({e for e, _ in pts}) == 9 and pts == ph.random_points(9, seed=1)
    assert all(lo <= e <= hi and 0.01 <= l <= 100 for e, l in pts)


def test_search_scores_every_point_on_validation():
    data = tiny_mnist(40)
    rows = ph.search(data, [(0.1, 0.0), (1.0, 1.0)], seed=1)
    assert [r[:2] for r in rows] == [(0.1, 0.0), (1.0, 1.0)]
    net, h = ph.small_run(data, 1.0, 1.0, 1, record_every=ph.SMALL_EPOCHS)
    assert rows[1][2] == 100 * net.accuracy(data[1]) == 100 * h.accuracy["validation"][-1]


def test_minibatch_run_scales_eta_with_m_and_epoch_seconds_times_each_size():
    data = tiny_mnist(50)
    net, h = ph.minibatch_run(data, 5, seed=1)
    assert h.epochs == [0] and len(h.epoch_times) == 1
    times = ph.epoch_seconds(data[0], (1, 25), images=50, repeats=1)
    assert sorted(times) == [1, 25] and all(t >= 0 for t in times.values())

"""The single neuron of the chapter's opening (sigmoid and linear) and the NN1/NN2 score table."""
import numpy as np
import pytest

import nnlib
import nnlib.book.scores


def test_quadratic_neuron_from_the_source_first_start():
    run = nnlib.train_neuron(w=0.6, b=0.9, eta=0.15, epochs=300, cost="quadratic")
    assert len(run.a) == 301
    assert run.a[0] == pytest.approx(0.82, abs=0.005)
    assert run.a[-1] == pytest.approx(0.09, abs=0.01)
    assert np.all(np.diff(run.a) < 0) and np.all(np.diff(run.cost) < 0)
    assert np.allclose(run.cost, run.a ** 2 / 2)  # (a - y)^2 / 2 with y = 0


def test_quadratic_neuron_from_the_saturated_start_learns_late():
    run = nnlib.train_neuron(w=2.0, b=2.0, eta=0.15, epochs=300, cost="quadratic")
    assert run.a[0] == pytest.approx(0.98, abs=0.005)
    # barely moves for the first ~150 epochs, then learns
    assert run.a[0] - run.a[150] < 0.2 < run.a[150] - run.a[300]


def test_cross_entropy_neuron_learns_fastest_when_most_wrong():
    q = nnlib.train_neuron(2.0, 2.0, 0.15, 300, "quadratic")
    ce = nnlib.train_neuron(2.0, 2.0, 0.15, 300, "cross-entropy")
    assert ce.a[-1] < q.a[-1]
    assert (ce.a[0] - ce.a[1]) > 5 * (q.a[0] - q.a[1])  # the steep start
    # one gradient step is exactly eq 61/62 with x = 1
    assert ce.w[1] == pytest.approx(2.0 - 0.15 * (ce.a[0] - 0.0))


def test_neuron_run_records_z_and_input():
    run = nnlib.train_neuron(0.5, -0.2, 0.1, 3, "quadratic", x=2.0, y=1.0)
    assert np.allclose(run.z, run.w * 2.0 + run.b)
    assert np.allclose(run.a, nnlib.sigmoid(run.z))


def test_a_linear_neuron_has_no_slowdown():
    """Eq 68: delta = a - y, no sigma' factor: a = w + b falls by the same fraction each step."""
    run = nnlib.train_neuron(2.0, 2.0, 0.15, 30, "quadratic", activation="linear")
    assert run.activation == "linear" and run.a[0] == 4.0
    assert np.allclose(run.a[1:] / run.a[:-1], 1 - 2 * 0.15)   # x = 1: w and b both step
    assert np.allclose(run.cost, run.a ** 2 / 2)


def test_epochs_to_reach_and_eta_scan():
    run = nnlib.train_neuron(0.6, 0.9, 0.15, 300, "quadratic")
    first = nnlib.neuron.epochs_to_reach(run, 0.5)
    assert run.a[first] <= 0.5 < run.a[first - 1]
    assert nnlib.neuron.epochs_to_reach(run, 0.01) is None
    scan = nnlib.neuron.eta_scan([0.15, 0.6], [(0.6, 0.9), (2.0, 2.0)], level=0.5)
    assert scan.shape == (2, 2) and np.all(scan[1] < scan[0])   # a larger eta is faster
    assert scan[0, 0] == nnlib.neuron.epochs_to_reach(
        nnlib.train_neuron(0.6, 0.9, 0.15, 300, "cross-entropy"), 0.5)


@pytest.mark.parametrize("kwargs,match", [
    (dict(activation="softmax"), "'sigmoid' or 'linear'"),
    (dict(activation="linear", cost="cross-entropy"), "use cost='quadratic'"),
    (dict(eta=0), "eta"), (dict(epochs=-3), "epochs"), (dict(cost="log-likelihood"),
                                                       "quadratic"),
    (dict(y=2.0), "target y"), (dict(w=float("nan")), "w must be a finite"),
])
def test_neuron_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        nnlib.train_neuron(**kwargs)


NN1 = [[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]]
NN2 = [[0.6, 0.4], [0.3, 0.7], [0.1, 0.9]]
TRUTH = np.array([0, 1, 0])  # dog, cat, dog


def test_the_nn1_nn2_table():
    t = nnlib.book.scores.score_table({"NN1": NN1, "NN2": NN2}, TRUTH)
    assert t["NN1"]["classification error"] == t["NN2"]["classification error"] == 1 / 3
    assert round(t["NN1"]["MSE"], 2) == 0.25 and round(t["NN2"]["MSE"], 2) == 0.71
    assert round(t["NN1"]["log-likelihood"], 2) == 0.38
    assert round(t["NN2"]["log-likelihood"], 2) == 1.06


@pytest.mark.parametrize("P,labels,match", [
    ([0.5, 0.5], [0], "table"), ([[0.5, 0.6]], [0], "sum to 1"),
    ([[0.5, 0.5]], [2], r"\[0, 2\)"), ([[0.5, 0.5]], [0, 1], "integer classes"),
])
def test_scores_reject_bad_tables(P, labels, match):
    with pytest.raises(ValueError, match=match):
        nnlib.book.scores.log_likelihood(P, np.array(labels))

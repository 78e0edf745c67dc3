"""Training: one step is the update of eqs 93/94 (and 97), SGD learns, and what SGD
records (monitored sets, record_every, callback, early stopping, the eta schedule)."""
import numpy as np
import pytest

import nnlib
from nnlib import Network
from nnlib.gradcheck import finite_difference_gradient


def problem(seed=0, n=12, sizes=(5, 4, 3)):
    rng = np.random.default_rng(seed)
    return rng.random((n, sizes[0])), rng.integers(0, sizes[-1], n)


def separable(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


# ------------------------------------------------------------------ one step
@pytest.mark.parametrize("reg, lmbda", [("l2", 0.0), ("l2", 3.0), ("l1", 3.0)])
def test_one_step_on_a_one_layer_net_is_eqs_93_94_and_97_by_hand(reg, lmbda):
    """[3, 2], sigmoid outputs, cross-entropy: dC_x/dz = a - y (eq 66), so the step is
    w -> (1 - eta lmbda/n) w - (eta/m) sum_x (a - y) x^T (or the L1 form) by hand."""
    net = Network([3, 2], seed=0)
    X = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [0.0, 1.0, 1.0]])
    y = np.array([1, 0, 1])
    Y = np.eye(2)[y]
    eta, n, m = 0.7, 50, len(X)
    w, b = net.weights[0].copy(), net.biases[0].copy()
    a = 1 / (1 + np.exp(-(X @ w.T + b)))
    sum_w, sum_b = (a - Y).T @ X, (a - Y).sum(axis=0)
    shrunk = (1 - eta * lmbda / n) * w if reg == "l2" else w - eta * lmbda / n * np.sign(w)
    net.update_mini_batch(X, Y, eta, lmbda, n, reg)
    assert np.allclose(net.weights[0], shrunk - eta / m * sum_w, rtol=0, atol=1e-14)
    assert np.allclose(net.biases[0], b - eta / m * sum_b, rtol=0, atol=1e-14)


@pytest.mark.parametrize("reg, lmbda", [("l2", 0.0), ("l2", 3.0), ("l1", 3.0)])
def test_a_full_batch_epoch_is_gradient_descent_on_the_regularized_cost(reg, lmbda):
    """Every layer moves by -eta times the finite-difference gradient of the cost plus
    the penalty scaled by the training-set size (eqs 85-89, 95-96)."""
    data = problem()
    net = Network([5, 4, 3], init="large", seed=1)
    eta = 0.1
    numeric = [finite_difference_gradient(net, data, layer, lmbda=lmbda, regularization=reg)
               for layer in range(2)]
    before = [p.copy() for p in net.weights + net.biases]
    net.SGD(data, 1, len(data[0]), eta, lmbda=lmbda, regularization=reg, shuffle=False)
    grads = [g[0] for g in numeric] + [g[1] for g in numeric]
    for p0, p1, g in zip(before, net.weights + net.biases, grads):
        assert np.allclose((p0 - p1) / eta, g, rtol=1e-5, atol=1e-7)


def test_an_epoch_is_update_mini_batch_on_consecutive_batches():
    X, y = problem(n=10)
    a, b = Network([5, 4, 3], seed=3), Network([5, 4, 3], seed=3)
    a.SGD((X, y), 1, 4, 0.5, lmbda=1.0, shuffle=False)
    for start in (0, 4, 8):   # the last batch is smaller
        b.update_mini_batch(X[start:start + 4], nnlib.one_hot(y[start:start + 4], 3),
                            0.5, 1.0, 10)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases,
                                                    b.weights + b.biases))


def test_biases_are_not_regularized():
    data = problem(seed=3)
    net = Network([5, 4, 3], init="large", seed=2)
    for reg in ("l2", "l1"):
        plain = finite_difference_gradient(net, data, 0, lmbda=0.0, regularization=reg)[1]
        regularized = finite_difference_gradient(net, data, 0, lmbda=5.0, regularization=reg)[1]
        assert np.allclose(plain, regularized, atol=1e-8)


def test_regularization_term_is_scaled_by_n():
    net = Network([5, 4, 3], init="large", seed=4)
    sq = sum(float(np.sum(W ** 2)) for W in net.weights)
    ab = sum(float(np.sum(np.abs(W))) for W in net.weights)
    assert net.regularization_term(2.0, 50) == pytest.approx(2.0 / 100 * sq)    # eq 85
    assert net.regularization_term(2.0, 50, "l1") == pytest.approx(2.0 / 50 * ab)  # eq 95


# --------------------------------------------------------------------- SGD
def test_sgd_lowers_the_cost_and_learns_a_separable_problem():
    X, y = separable()
    net = Network([2, 8, 2], seed=1)
    h = net.SGD((X[:300], y[:300]), 30, 10, 0.5,
                monitor={"training": (X[:300], y[:300]), "test": (X[300:], y[300:])})
    cost = h.cost["training"]
    assert cost[-1] < 0.3 * cost[0] and h.accuracy["test"][-1] > 0.95


def test_training_is_reproducible_and_chunks_follow_the_same_path():
    """One seed fixes the run; calling SGD three times for 2 epochs is one call for 6."""
    data = problem(seed=15, n=20)
    nets = [Network([5, 4, 3], init="large", seed=16) for _ in range(3)]
    for net in nets[:2]:
        net.SGD(data, 6, 5, 0.5, lmbda=0.5, dropout=0.3)
    for _ in range(3):
        nets[2].SGD(data, 2, 5, 0.5, lmbda=0.5, dropout=0.3, monitor={"d": data})
    for other in nets[1:]:
        assert all(np.array_equal(p, q) for p, q in zip(nets[0].weights + nets[0].biases,
                                                        other.weights + other.biases))


def test_l2_shrinks_weights_and_l1_zeroes_small_ones():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 4)), rng.integers(0, 3, size=60)
    weights = {}
    for name, lmbda, reg in [("none", 0.0, "l2"), ("l2", 1.0, "l2"), ("l1", 1.0, "l1")]:
        net = Network([4, 20, 3], seed=2)
        net.SGD((X, y), 40, 10, 0.5, lmbda=lmbda, regularization=reg)
        weights[name] = np.concatenate([W.ravel() for W in net.weights])
    norm = {k: np.linalg.norm(v) for k, v in weights.items()}
    assert norm["l2"] < 0.5 * norm["none"] and norm["l1"] < 0.5 * norm["none"]
    small = {k: np.mean(np.abs(v) < 0.05) for k, v in weights.items()}
    assert small["l1"] > 0.9 > 0.5 > small["l2"] > small["none"]


def test_dropout_changes_training_but_not_evaluation():
    X, y = problem(n=40)
    a, b = Network([5, 6, 3], seed=1), Network([5, 6, 3], seed=1)
    a.SGD((X, y), 2, 5, 0.5)
    b.SGD((X, y), 2, 5, 0.5, dropout=0.5)
    assert not np.allclose(a.weights[0], b.weights[0])
    assert np.array_equal(b.feedforward(X), b.feedforward(X))


# ----------------------------------------------------------- what SGD records
def test_monitored_sets_are_recorded_every_k_epochs():
    X, y = separable(n=100)
    train, test = (X[:60], y[:60]), (X[60:], y[60:])
    net = Network([2, 5, 2], seed=0)
    h = net.SGD(train, 10, 10, 0.5, lmbda=0.3, monitor={"training": train, "test": test},
                record_every=3)
    assert h.epochs == [2, 5, 8] and h.epochs_run == 10
    assert len(h.eta) == len(h.epoch_times) == 10
    for series in (h.cost["training"], h.cost["test"], h.accuracy["training"],
                   h.accuracy["test"], h.weight_norm):
        assert len(series) == 3
    # the last record (epoch 8) is not the final state (epoch 9): retrain to epoch 8
    again = Network([2, 5, 2], seed=0)
    again.SGD(train, 9, 10, 0.5, lmbda=0.3)
    assert h.cost["test"][-1] == again.total_cost(test, 0.3, n=60)   # penalty scaled by n
    assert h.accuracy["test"][-1] == again.accuracy(test)
    assert h.weight_norm[-1] == again.weight_norm()
    assert np.array_equal(h.series("test accuracy"), h.accuracy["test"])
    assert np.array_equal(h.series("weight norm"), h.weight_norm)


def test_real_targets_record_cost_only():
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(20, 3)), rng.normal(size=(20, 2))
    h = Network([3, 4, 2], cost="quadratic", output="linear", seed=0).SGD(
        (X, T), 3, 5, 0.05, monitor={"training": (X, T)})
    assert len(h.cost["training"]) == 3 and "training" not in h.accuracy


def test_history_series_names_what_is_missing():
    h = Network([2, 2], seed=0).SGD(separable(20), 1, 5, 0.1, monitor={"test": separable(10)})
    with pytest.raises(ValueError, match="monitored sets are \\['test'\\]"):
        h.series("validation accuracy")
    with pytest.raises(ValueError, match="unknown series"):
        h.series("test loss")


def test_callback_sees_every_epoch_after_its_record():
    seen = []
    data = separable(40)
    net = Network([2, 3, 2], seed=0)
    h = net.SGD(data, 4, 10, 0.5, monitor={"t": data}, record_every=2,
                callback=lambda epoch, network, history: seen.append(
                    (epoch, network is net, len(history.epochs))))
    assert seen == [(0, True, 0), (1, True, 1), (2, True, 1), (3, True, 2)]
    assert h.epochs == [1, 3]


def test_early_stopping_is_the_core_rule_and_restores_the_best_weights():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 5)), rng.integers(0, 3, 60)   # noise: soon stops improving
    train, val = (X[:40], y[:40]), (X[40:], y[40:])
    net = Network([5, 30, 3], init="large", seed=0)
    h = net.SGD(train, 200, 5, 1.0, monitor={"validation": val, "training": train},
                early_stopping=5)
    decision = nnlib.no_improvement(h.accuracy["validation"], 5)
    assert h.stopped_early and decision.stopped and h.epochs_run == decision.epochs_run < 200
    assert h.best_epoch == decision.kept_epoch
    assert net.accuracy(val) == h.accuracy["validation"][h.best_epoch]


def test_early_stopping_counts_records():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(60, 5)), rng.integers(0, 3, 60)
    h = Network([5, 30, 3], init="large", seed=0).SGD(
        (X[:40], y[:40]), 300, 5, 1.0, monitor={"validation": (X[40:], y[40:])},
        record_every=2, early_stopping=3)
    decision = nnlib.no_improvement(h.accuracy["validation"], 3)
    assert h.stopped_early and h.epochs[-1] == h.epochs_run - 1
    assert len(h.epochs) == decision.epochs_run and h.best_epoch == h.epochs[decision.kept_epoch]


def test_eta_schedule_is_called_before_each_epoch_with_the_history():
    data = separable(40)
    h = Network([2, 3, 2], seed=0).SGD(data, 4, 4, 1.0,
                                       eta_schedule=lambda epoch, hist: 1.0 / (epoch + 1))
    assert h.eta == [1.0, 0.5, 1 / 3, 0.25]
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(60, 5)), rng.integers(0, 3, 60)
    h = Network([5, 30, 3], init="large", seed=0).SGD(
        (X[:40], y[:40]), 30, 5, 1.0, monitor={"validation": (X[40:], y[40:])},
        eta_schedule=lambda epoch, hist: nnlib.halve_on_plateau(
            hist.accuracy["validation"], 1.0, 2))
    assert h.eta[0] == 1.0 and h.eta[-1] < 1.0
    for e in range(30):
        assert h.eta[e] == nnlib.halve_on_plateau(h.accuracy["validation"][:e], 1.0, 2)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("data,match", [
    ((np.zeros((5, 3)), np.zeros(5, int)), r"shape \(n, 4\)"),
    ((np.zeros((5, 4)), np.zeros(4, int)), "5 samples but y"),
    ((np.zeros((5, 4)), np.array([0, 1, 2, 3, 1])), r"labels must lie in \[0, 3\)"),
    ((np.full((5, 4), np.nan), np.zeros(5, int)), "NaN or infinite"),
    ((np.zeros((5, 4)), np.array([0.5, 1, 0, 0, 1])), "must be integers"),
    (np.zeros((5, 4)), "pair \\(X, y\\)"),
])
def test_bad_data_is_named(data, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Network([4, 3], seed=0).SGD(data, 1, 2, 0.1)


@pytest.mark.parametrize("kwargs,match", [
    (dict(eta=0.0), "eta must be a positive"),
    (dict(eta=float("nan")), "eta must be a positive"),
    (dict(mini_batch_size=2.5), "mini_batch_size must be a positive integer"),
    (dict(epochs=-1), "epochs must be a non-negative"),
    (dict(lmbda=-0.1), "lmbda must be a number >= 0"),
    (dict(regularization="l3"), "unknown regularization"),
    (dict(dropout=1.0), "dropout"),
    (dict(record_every=0), "record_every must be a positive integer"),
    (dict(early_stopping=3), "early stopping watches the accuracy of the first monitored"),
    (dict(monitor={"test": (np.zeros((2, 5)), np.zeros(2, int))}), r"monitor\['test'\]"),
    (dict(monitor={"": (np.zeros((2, 4)), np.zeros(2, int))}), "non-empty strings"),
])
def test_bad_training_arguments(kwargs, match):
    X, y = problem(sizes=(4, 3))
    args = dict(epochs=1, mini_batch_size=2, eta=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        Network([4, 3], seed=0).SGD((X, y), **args)


def test_monitor_must_be_a_dict():
    with pytest.raises(TypeError, match="dict of named data sets"):
        Network([4, 3], seed=0).SGD(problem(sizes=(4, 3)), 1, 2, 0.1, monitor=[problem()])

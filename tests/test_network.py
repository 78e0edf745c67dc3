"""Network: gradients against finite differences, the fused SGD path against the
plain algorithm, regularization, early stopping, save/load and bad input."""
import json

import numpy as np
import pytest

import nnlib
from nnlib import Network, NetworkFileError
from nnlib.book.grading import finite_difference_gradient

PAIRS = [("quadratic", "sigmoid"), ("quadratic", "softmax"), ("quadratic", "linear"),
         ("cross-entropy", "sigmoid"), ("cross-entropy", "softmax"),
         ("log-likelihood", "softmax"), ("log-likelihood", "sigmoid")]


def toy_data(n=12, sizes=(4, 5, 3, 3), seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], size=n)


def numerical_gradients(net, data, lmbda=0.0, reg="l2"):
    """Central differences of the (regularized) cost for every layer: lists (dW, db)."""
    per_layer = [finite_difference_gradient(net, data, layer, lmbda=lmbda, regularization=reg)
                 for layer in range(len(net.weights))]
    return [g[0] for g in per_layer], [g[1] for g in per_layer]


@pytest.mark.parametrize("cost,output", PAIRS)
def test_backprop_matches_finite_differences(cost, output):
    net = Network([4, 5, 3, 3], cost=cost, output=output, seed=3)
    X, y = toy_data()
    gw, gb = net.backprop(X, nnlib.one_hot(y, 3))
    nw, nb = numerical_gradients(net, (X, y))
    for a, b in zip(gw + gb, nw + nb):
        assert np.allclose(a, b, atol=1e-7), (a - b)
    # integer labels are accepted too and mean the same
    gw2, _ = net.backprop(X, y)
    assert all(np.array_equal(a, b) for a, b in zip(gw, gw2))


def test_backprop_with_real_targets_for_linear_outputs():
    net = Network([3, 4, 2], cost="quadratic", output="linear", seed=0)
    rng = np.random.default_rng(1)
    X, T = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    gw, gb = net.backprop(X, T)
    nw, nb = numerical_gradients(net, (X, T))
    assert all(np.allclose(a, b, atol=1e-7) for a, b in zip(gw + gb, nw + nb))


@pytest.mark.parametrize("cost,output", PAIRS)
@pytest.mark.parametrize("reg,lmbda", [("l2", 0.0), ("l2", 0.7), ("l1", 0.7)])
def test_one_full_batch_sgd_step_is_gradient_descent_on_the_regularized_cost(
        cost, output, reg, lmbda):
    """The fused training loop takes exactly the step -eta * dC/dw of eq 85 / 95."""
    X, y = toy_data()
    net = Network([4, 5, 3, 3], cost=cost, output=output, seed=5)
    before_w = [W.copy() for W in net.weights]
    before_b = [b.copy() for b in net.biases]
    nw, nb = numerical_gradients(net, (X, y), lmbda, reg)
    eta = 0.3
    net.SGD((X, y), 1, len(X), eta, lmbda=lmbda, regularization=reg, shuffle=False)
    for W0, W, g in zip(before_w, net.weights, nw):
        assert np.allclose(W, W0 - eta * g, atol=1e-7)
    for b0, b, g in zip(before_b, net.biases, nb):
        assert np.allclose(b, b0 - eta * g, atol=1e-7)


def reference_epoch(net, X, y, order, m, eta, lmbda, reg):
    """The algorithm spelled out with backprop(), one mini-batch at a time."""
    n = len(X)
    for start in range(0, n, m):
        idx = order[start:start + m]
        gw, gb = net.backprop(X[idx], y[idx])
        for l in range(len(net.weights)):
            W = net.weights[l]
            if reg == "l2":
                W = (1 - eta * lmbda / n) * W
            else:
                W = W - eta * lmbda / n * np.sign(W)
            net.weights[l] = W - eta * gw[l]
            net.biases[l] = net.biases[l] - eta * gb[l]


@pytest.mark.parametrize("cost,output", PAIRS)
@pytest.mark.parametrize("reg", ["l2", "l1"])
def test_fused_epoch_equals_the_plain_algorithm(cost, output, reg):
    X, y = toy_data(n=23)  # 23 = 4 batches of 5 and a last one of 3
    a = Network([4, 5, 3, 3], cost=cost, output=output, seed=9)
    b = Network([4, 5, 3, 3], cost=cost, output=output, seed=9)
    for _ in range(3):
        order = a.rng.permutation(len(X))
        b.rng.permutation(len(X))
        a._train_epoch(X, a._targets(y), order, 5, 0.4, 0.2, len(X), reg, 0.0)
        reference_epoch(b, X, y, order, 5, 0.4, 0.2, reg)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        assert np.allclose(p, q, atol=1e-12)


def test_sgd_learns_a_separable_problem_and_monitors_four_series():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    net = Network([2, 8, 2], seed=1)
    h = net.SGD((X[:300], y[:300]), 30, 10, 0.5, evaluation_data=(X[300:], y[300:]),
                monitor_evaluation_cost=True, monitor_evaluation_accuracy=True,
                monitor_training_cost=True, monitor_training_accuracy=True,
                monitor_weight_norm=True)
    for series in (h.evaluation_cost, h.evaluation_accuracy, h.training_cost,
                   h.training_accuracy, h.weight_norm, h.epoch_times, h.eta):
        assert len(series) == 30
    assert h.evaluation_accuracy[-1] > 0.95 and h.training_cost[-1] < h.training_cost[0]
    assert all(0 <= acc <= 1 for acc in h.training_accuracy)  # fractions, not counts
    assert h.as_arrays()["training_cost"].shape == (30,)


def test_training_is_reproducible_with_a_seed():
    X, y = toy_data(n=50)
    runs = []
    for _ in range(2):
        net = Network([4, 6, 3], seed=42)
        net.SGD((X, y), 3, 7, 0.5, dropout=0.3)
        runs.append(net.weights[0])
    assert np.array_equal(*runs)


def test_l2_shrinks_weights_and_l1_zeroes_small_ones():
    X, y = toy_data(n=60)
    nets = {}
    for reg, lmbda in [("none", 0.0), ("l2", 1.0), ("l1", 1.0)]:
        net = Network([4, 20, 3], seed=2)
        net.SGD((X, y), 40, 10, 0.5, lmbda=lmbda, regularization="l1" if reg == "l1" else "l2")
        nets[reg] = np.concatenate([W.ravel() for W in net.weights])
    norm = {k: np.linalg.norm(v) for k, v in nets.items()}
    assert norm["l2"] < 0.5 * norm["none"] and norm["l1"] < 0.5 * norm["none"]
    small = {k: np.mean(np.abs(v) < 0.05) for k, v in nets.items()}
    assert small["l1"] > 0.9 > 0.5 > small["l2"] > small["none"]  # L1 sparsifies, L2 shrinks


def test_dropout_is_off_at_evaluation_and_changes_training():
    X, y = toy_data(n=40)
    a, b = Network([4, 6, 3], seed=1), Network([4, 6, 3], seed=1)
    a.SGD((X, y), 2, 5, 0.5)
    b.SGD((X, y), 2, 5, 0.5, dropout=0.5)
    assert not np.allclose(a.weights[0], b.weights[0])
    out1, out2 = b.feedforward(X), b.feedforward(X)
    assert np.array_equal(out1, out2)  # deterministic: no dropout at evaluation


def test_early_stopping_stops_and_restores_the_best_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 5))
    y = rng.integers(0, 3, 60)  # pure noise: evaluation accuracy soon stops improving
    net = Network([5, 30, 3], init="large", seed=0)
    h = net.SGD((X[:40], y[:40]), 200, 5, 1.0, evaluation_data=(X[40:], y[40:]),
                monitor_evaluation_accuracy=True, early_stopping_n=5)
    assert h.stopped_early and h.epochs_run < 200
    best = int(np.argmax(h.evaluation_accuracy))
    assert h.best_epoch == best and h.epochs_run == best + 1 + 5
    assert net.accuracy((X[40:], y[40:])) == h.evaluation_accuracy[best]


def test_eta_schedule_is_applied_per_epoch():
    X, y = toy_data()
    h = Network([4, 3, 3], seed=0).SGD((X, y), 4, 4, 1.0,
                                       eta_schedule=lambda epoch, hist: 1.0 / (epoch + 1))
    assert h.eta == [1.0, 0.5, 1 / 3, 0.25]


def test_accuracy_is_a_fraction_and_predict_is_argmax():
    net = Network([3, 2], seed=0)
    X = np.eye(3)
    pred = net.predict(X)
    assert np.array_equal(pred, np.argmax(net.feedforward(X), axis=1))
    assert net.accuracy((X, pred)) == 1.0
    assert net.accuracy((X, 1 - pred)) == 0.0
    assert net.feedforward(X[0]).shape == (2,)


def test_total_cost_uses_the_training_set_size_for_the_penalty():
    net = Network([3, 2], seed=0)
    X, y = np.eye(3), np.array([0, 1, 0])
    base = net.total_cost((X, y))
    sq = sum(np.sum(W ** 2) for W in net.weights)
    assert net.total_cost((X, y), lmbda=2.0, n_train=100) == pytest.approx(base + sq / 100)
    assert net.total_cost((X, y), lmbda=2.0) == pytest.approx(base + sq / 3)
    l1 = sum(np.sum(np.abs(W)) for W in net.weights)
    assert net.total_cost((X, y), 2.0, 100, "l1") == pytest.approx(base + 2 * l1 / 100)


def test_large_init_has_unit_variance_and_default_is_scaled():
    big = Network([400, 300, 10], init="large", seed=0).weights[0]
    small = Network([400, 300, 10], init="default", seed=0).weights[0]
    assert big.std() == pytest.approx(1.0, rel=0.02)
    assert small.std() == pytest.approx(1 / 20, rel=0.02)


# ------------------------------------------------------------------ save/load
def test_save_load_round_trip_is_exact(tmp_path):
    net = Network([4, 5, 3], cost="log-likelihood", output="softmax", seed=1)
    X, y = toy_data(sizes=(4, 5, 3))
    net.SGD((X, y), 2, 4, 0.5)
    path = net.save(tmp_path / "net.json")
    back = Network.load(path)
    assert back.sizes == net.sizes and back.cost is net.cost and back.output is net.output
    for p, q in zip(net.weights + net.biases, back.weights + back.biases):
        assert np.array_equal(p, q)
    assert json.loads(path.read_text())["version"] == 1
    assert list(tmp_path.iterdir()) == [path]  # no temporary files left behind


def test_save_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    net = Network([2, 2], seed=0)
    path = net.save(tmp_path / "net.json")
    good = path.read_text()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("nnlib.io.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        Network([2, 2], seed=1).save(path)
    assert path.read_text() == good  # the old file is intact
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("content,match", [
    (None, "no network file"),
    ("truncated", "not valid JSON"),
    ('{"hello": 1}', "not an nnlib network file"),
    ('{"format": "nnlib-network", "version": 99}', "version 99"),
    ('{"format": "nnlib-network", "version": 1, "sizes": [2, 2], "cost": "quadratic",'
     ' "output": "sigmoid", "weights": [[[1, 2, 3]]], "biases": [[0, 0]]}', "shapes"),
    ('{"format": "nnlib-network", "version": 1, "sizes": [2, 2]}', "missing or bad"),
])
def test_loading_a_bad_file_raises_a_clear_error(tmp_path, content, match):
    path = tmp_path / "net.json"
    if content == "truncated":
        Network([3, 2], seed=0).save(path)
        path.write_text(path.read_text()[:40])
    elif content is not None:
        path.write_text(content)
    with pytest.raises(NetworkFileError, match=match):
        Network.load(path)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("kwargs,match", [
    (dict(sizes=[784]), "at least two"),
    (dict(sizes=[784, 0, 10]), "positive integer"),
    (dict(sizes=[784, 30.5, 10]), "positive integer"),
    (dict(sizes=[4, 3], cost="hinge"), "unknown cost"),
    (dict(sizes=[4, 3], output="relu"), "unknown activation"),
    (dict(sizes=[4, 3], init="xavier"), "unknown init"),
    (dict(sizes=[4, 3], cost="cross-entropy", output="linear"), "outputs in \\(0, 1\\)"),
])
def test_bad_network_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


@pytest.mark.parametrize("data,match", [
    ((np.zeros((5, 3)), np.zeros(5, int)), r"shape \(n, 4\)"),
    ((np.zeros((5, 4)), np.zeros(4, int)), "5 samples but y"),
    ((np.zeros((5, 4)), np.array([0, 1, 2, 3, 1])), r"labels must lie in \[0, 3\)"),
    ((np.zeros((5, 4)), np.array([0, 1, -1, 0, 1])), r"labels must lie in \[0, 3\)"),
    ((np.full((5, 4), np.nan), np.zeros(5, int)), "NaN or infinite"),
    ((np.zeros((5, 4)), np.array([0.5, 1, 0, 0, 1])), "must be integers"),
    (np.zeros((5, 4)), "pair \\(X, y\\)"),
])
def test_bad_data_is_named(data, match):
    net = Network([4, 3], seed=0)
    with pytest.raises((ValueError, TypeError), match=match):
        net.SGD(data, 1, 2, 0.1)


@pytest.mark.parametrize("kwargs,match", [
    (dict(eta=0.0), "eta must be a positive"),
    (dict(eta=-1.0), "eta must be a positive"),
    (dict(eta=float("nan")), "eta must be a positive"),
    (dict(mini_batch_size=0), "mini_batch_size must be a positive integer"),
    (dict(mini_batch_size=2.5), "mini_batch_size must be a positive integer"),
    (dict(epochs=-1), "epochs must be a non-negative"),
    (dict(lmbda=-0.1), "lmbda must be a number >= 0"),
    (dict(regularization="l3"), "unknown regularization"),
    (dict(dropout=1.0), "dropout"),
    (dict(monitor_evaluation_accuracy=True), "evaluation_data is needed"),
])
def test_bad_training_arguments(kwargs, match):
    X, y = toy_data(sizes=(4, 3))
    args = dict(epochs=1, mini_batch_size=2, eta=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        Network([4, 3], seed=0).SGD((X, y), **args)


def test_feedforward_rejects_wrong_width():
    with pytest.raises(ValueError, match=r"shape \(n, 4\)"):
        Network([4, 3], seed=0).feedforward(np.zeros((2, 5)))


def test_evaluate_is_total_cost_and_accuracy_in_one_pass():
    X, y = toy_data(n=30, sizes=(4, 3))
    net = Network([4, 5, 3], seed=4)
    cost, acc = net.evaluate((X, y), lmbda=0.5, n_train=100)
    assert cost == net.total_cost((X, y), 0.5, 100) and acc == net.accuracy((X, y))
    assert net.evaluate((X, y), accuracy=False)[1] is None
    # the SGD monitors use the same numbers
    h = net.SGD((X, y), 1, 10, 0.1, lmbda=0.5, evaluation_data=(X[:9], y[:9]),
                monitor_training_cost=True, monitor_training_accuracy=True,
                monitor_evaluation_cost=True, monitor_evaluation_accuracy=True)
    assert h.training_cost[0] == net.total_cost((X, y), 0.5, 30)
    assert h.evaluation_cost[0] == net.total_cost((X[:9], y[:9]), 0.5, 30)
    assert h.evaluation_accuracy[0] == net.accuracy((X[:9], y[:9]))


def test_training_runs_with_one_blas_thread_and_restores_the_setting():
    from threadpoolctl import threadpool_info

    seen = []

    def schedule(epoch, history):
        seen.append({i["filepath"]: i["num_threads"] for i in threadpool_info()
                     if i["user_api"] == "blas"})
        return 0.1

    before = {i["filepath"]: i["num_threads"] for i in threadpool_info()
              if i["user_api"] == "blas"}
    X, y = toy_data()
    Network([4, 3, 3], seed=0).SGD((X, y), 2, 4, 0.1, eta_schedule=schedule)
    assert seen and all(set(s.values()) == {1} for s in seen)
    after = {i["filepath"]: i["num_threads"] for i in threadpool_info()
             if i["user_api"] == "blas"}
    assert after == before

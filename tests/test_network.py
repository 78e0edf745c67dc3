"""Network: the forward pass, costs and accuracy, backprop against finite differences,
saving and loading, and bad input.  Training (SGD) is in test_training.py."""
import json

import numpy as np
import pytest

import nnlib
from nnlib import Network, NetworkFileError
from nnlib.gradcheck import central_difference, finite_difference_gradient

PAIRS = [("quadratic", "sigmoid"), ("quadratic", "softmax"), ("quadratic", "linear"),
         ("cross-entropy", "sigmoid"), ("cross-entropy", "softmax"),
         ("log-likelihood", "softmax"), ("log-likelihood", "sigmoid")]


def toy_data(n=12, sizes=(4, 5, 3, 3), seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], size=n)


# ---------------------------------------------------------------------- backprop
CASES = [(cost, output, "labels") for cost, output in PAIRS] + [
    ("quadratic", "linear", "real targets")]


@pytest.mark.parametrize("cost,output,targets", CASES)
def test_backprop_matches_finite_differences(cost, output, targets):
    """Every layer's gradient, for every cost/output pair: sum over the batch of dC_x/dw
    equals n times the central difference of the average cost."""
    net = Network([4, 5, 3, 3], cost=cost, output=output, seed=3)
    X, y = toy_data()
    if targets == "real targets":
        y = np.random.default_rng(1).normal(size=(len(X), 3))
    nabla_w, nabla_b = net.backprop(X, y)
    for layer in range(3):
        dW, db = finite_difference_gradient(net, (X, y), layer)
        assert np.allclose(nabla_w[layer] / len(X), dW, atol=1e-7)
        assert np.allclose(nabla_b[layer] / len(X), db, atol=1e-7)
    if targets == "labels":  # one-hot rows mean the same as labels
        one_hot_w, _ = net.backprop(X, nnlib.one_hot(y, 3))
        assert all(np.array_equal(a, b) for a, b in zip(nabla_w, one_hot_w))


def test_backprop_with_dropout_is_the_gradient_of_the_thinned_network():
    """With the dropout masks held fixed (same seed), backprop's gradient is the finite
    difference of the cost of the thinned network."""
    net = Network([4, 6, 5, 3], seed=2)
    X, y = toy_data(n=8)
    Y = nnlib.one_hot(y, 3)

    def thinned_cost():
        net.rng = np.random.default_rng(7)
        return float(np.mean(net.cost.fn(net.forward(X, dropout=0.4)[-1], Y)))

    net.rng = np.random.default_rng(7)
    nabla_w, nabla_b = net.backprop(X, Y, dropout=0.4)
    for layer in range(3):
        for P, G in ((net.weights[layer], nabla_w[layer]), (net.biases[layer], nabla_b[layer])):
            assert np.allclose(G / len(X), central_difference(thinned_cost, P), atol=1e-7)
    net.rng = np.random.default_rng(7)          # one sample: its dropped neurons learn nothing
    dropped = net.forward(X[:1], dropout=0.4)[1][0] == 0
    net.rng = np.random.default_rng(7)
    one_w, one_b = net.backprop(X[:1], Y[:1], dropout=0.4)
    assert dropped.any() and np.all(one_b[0][dropped] == 0) and np.all(one_w[1][:, dropped] == 0)


def test_finite_difference_gradient_rejects_bad_input_and_restores_the_weights():
    net = Network([2, 2], seed=0)
    data = (np.zeros((2, 2)), np.array([0, 1]))
    before = [W.copy() for W in net.weights]
    finite_difference_gradient(net, data)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))
    with pytest.raises(ValueError, match="layer 5 does not exist"):
        finite_difference_gradient(net, data, layer=5)
    with pytest.raises(ValueError, match="small positive float"):
        finite_difference_gradient(net, data, h=0)


def test_backprop_rejects_a_batch_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"X of shape \(m, 4\)"):
        Network([4, 3], seed=0).backprop(np.zeros((2, 5)), np.array([0, 1]))


# ---------------------------------------------------------------- forward pass
def test_forward_returns_every_layer_and_feedforward_its_last():
    net = Network([4, 5, 3], output="softmax", seed=0)
    X, _ = toy_data(n=6, sizes=(4, 3))
    acts = net.forward(X)
    assert [a.shape for a in acts] == [(6, 4), (6, 5), (6, 3)]
    assert np.array_equal(acts[1], nnlib.sigmoid(X @ net.weights[0].T + net.biases[0]))
    assert np.allclose(acts[2].sum(axis=1), 1.0)
    assert np.array_equal(net.feedforward(X), acts[-1])
    assert np.array_equal(net.feedforward(X[0]), acts[-1][0])


def test_dropout_thins_only_hidden_layers_with_inverted_scaling():
    net = Network([20, 400, 5], seed=0)
    X = np.random.default_rng(1).normal(size=(50, 20))
    plain = net.forward(X)
    thinned = net.forward(X, dropout=0.25)
    assert np.array_equal(thinned[0], X)
    kept = thinned[1] != 0
    assert np.allclose(thinned[1][kept], plain[1][kept] / 0.75)   # survivors scaled by 1/(1-p)
    assert abs(kept.mean() - 0.75) < 0.01                          # each dropped with p = 0.25
    assert np.all(thinned[2] != 0)                                 # the output layer is not thinned
    assert np.array_equal(net.feedforward(X), plain[-1])            # no dropout at evaluation


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
    assert net.total_cost((X, y), lmbda=2.0, n=100) == pytest.approx(base + sq / 100)
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


def test_feedforward_rejects_wrong_width():
    with pytest.raises(ValueError, match=r"shape \(m, 4\)"):
        Network([4, 3], seed=0).feedforward(np.zeros((2, 5)))


def test_evaluate_is_total_cost_and_accuracy_in_one_pass():
    X, y = toy_data(n=30, sizes=(4, 3))
    net = Network([4, 5, 3], seed=4)
    cost, acc = net.evaluate((X, y), lmbda=0.5, n=100)
    assert cost == net.total_cost((X, y), 0.5, 100) and acc == net.accuracy((X, y))
    assert net.evaluate((X, np.eye(3)[y]))[1] is None       # real targets: no accuracy


def test_weight_norm_is_the_length_of_all_weights():
    net = Network([3, 4, 2], seed=0)
    flat = np.concatenate([W.ravel() for W in net.weights])
    assert net.weight_norm() == pytest.approx(np.linalg.norm(flat))

"""Momentum (eqs 107-108) and the tanh / rectified linear hidden layers (eqs 109-112):
steps against hand computations, backprop against finite differences, bad input."""
import numpy as np
import pytest

import nnlib
from nnlib import Network
from nnlib.activations import HIDDEN, ReLU, Sigmoid, Tanh
from nnlib.gradcheck import central_difference, finite_difference_gradient


def problem(seed=0, n=12, sizes=(5, 4, 3)):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], n)


# ------------------------------------------------------------------ momentum
@pytest.mark.parametrize("reg, lmbda", [("l2", 0.0), ("l2", 3.0), ("l1", 3.0)])
def test_two_momentum_steps_on_a_one_layer_net_by_hand(reg, lmbda):
    """[3, 2], sigmoid outputs, cross-entropy: the gradient of the regularized cost is
    (1/m) sum_x (a - y) x^T + (lmbda/n) w (or sgn w); v -> mu v - eta grad, w -> w + v."""
    net = Network([3, 2], seed=0)
    X = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [0.0, 1.0, 1.0]])
    Y = np.eye(2)[[1, 0, 1]]
    eta, mu, n, m = 0.7, 0.6, 50, len(X)
    w, b = net.weights[0].copy(), net.biases[0].copy()
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(2):
        a = 1 / (1 + np.exp(-(X @ w.T + b)))
        penalty = lmbda / n * (w if reg == "l2" else np.sign(w))
        vw = mu * vw - eta * ((a - Y).T @ X / m + penalty)
        vb = mu * vb - eta * (a - Y).sum(axis=0) / m
        w, b = w + vw, b + vb
        net.update_mini_batch(X, Y, eta, lmbda, n, reg, momentum=mu)
    assert np.allclose(net.weights[0], w, rtol=0, atol=1e-14)
    assert np.allclose(net.biases[0], b, rtol=0, atol=1e-14)
    assert np.allclose(net.velocity_w[0], vw, rtol=0, atol=1e-14)
    assert np.allclose(net.velocity_b[0], vb, rtol=0, atol=1e-14)


@pytest.mark.parametrize("kwargs", [dict(), dict(lmbda=2.0), dict(lmbda=2.0, regularization="l1"),
                                    dict(dropout=0.3)])
def test_momentum_zero_is_the_plain_step_to_the_last_bit(kwargs):
    """mu = 0 takes the plain update of eqs 93/94/97: the same arithmetic, bit for bit."""
    X, y = problem(n=30)
    a, b = Network([5, 6, 3], seed=4), Network([5, 6, 3], seed=4)
    a.SGD((X, y), 3, 7, 0.4, **kwargs)
    b.SGD((X, y), 3, 7, 0.4, momentum=0.0, **kwargs)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    assert all(np.all(v == 0) for v in b.velocity_w + b.velocity_b)


def test_plain_step_is_eq_93_exactly():
    """The mu = 0 branch computes (1 - eta lmbda/n) w - (eta/m) sum_x dC_x/dw with these
    very operations (array_equal, not allclose)."""
    X, y = problem(n=8)
    Y = nnlib.one_hot(y, 3)
    net = Network([5, 4, 3], seed=1)
    w0 = [W.copy() for W in net.weights]
    b0 = [c.copy() for c in net.biases]
    nabla_w, nabla_b = net.backprop(X, Y)
    net.update_mini_batch(X, Y, 0.3, 2.0, 40)
    for W, W1, nw in zip(w0, net.weights, nabla_w):
        W = W.copy()
        W *= 1 - 0.3 * 2.0 / 40
        W -= 0.3 / 8 * nw
        assert np.array_equal(W, W1)
    for c, c1, nb in zip(b0, net.biases, nabla_b):
        assert np.array_equal(c - 0.3 / 8 * nb, c1)


def test_momentum_velocities_carry_over_between_sgd_calls():
    data = problem(seed=15, n=20)
    a, b = Network([5, 4, 3], seed=16), Network([5, 4, 3], seed=16)
    a.SGD(data, 6, 5, 0.3, lmbda=0.5, dropout=0.2, momentum=0.9)
    for _ in range(3):
        b.SGD(data, 2, 5, 0.3, lmbda=0.5, dropout=0.2, momentum=0.9)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases + a.velocity_w,
                                                    b.weights + b.biases + b.velocity_w))


def test_momentum_speeds_up_a_full_batch_run():
    """On a small problem trained full-batch with a small eta, mu = 0.9 lowers the
    training cost further in the same number of steps (the velocity builds up)."""
    X, _ = problem(seed=2, n=60)
    y = np.argmax(X[:, :3] + 0.5 * X[:, 3:4], axis=1)          # a learnable rule
    costs = {}
    for mu in (0.0, 0.9):
        net = Network([5, 8, 3], seed=2)
        h = net.SGD((X, y), 40, 60, 0.05, momentum=mu, monitor={"t": (X, y)})
        costs[mu] = h.cost["t"]
    start = costs[0.0][0]           # after the first step, the same for both
    assert start - costs[0.9][-1] > 1.5 * (start - costs[0.0][-1]) > 0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "0.9", True, None])
def test_bad_momentum_is_named(bad):
    with pytest.raises(ValueError, match="momentum must be a finite number"):
        Network([5, 3], seed=0).SGD(problem(sizes=(5, 3)), 1, 4, 0.1, momentum=bad)


# ------------------------------------------------------------- tanh and ReLU
@pytest.mark.parametrize("act", [Tanh, ReLU, Sigmoid])
def test_hidden_activation_derivatives(act):
    """prime(z) is the finite difference of fn; prime_from_output(fn(z)) == prime(z)."""
    z = np.linspace(-4, 4, 18)           # even count: never exactly 0 (ReLU's kink)
    h = 1e-6
    num = (act.fn(z + h) - act.fn(z - h)) / (2 * h)
    assert np.allclose(act.prime(z), num, atol=1e-8)
    assert np.allclose(act.prime_from_output(act.fn(z)), act.prime(z), atol=1e-15)
    g = np.cos(z)
    assert np.allclose(act.backward(act.fn(z), g), g * act.prime(z), atol=1e-15)


def test_tanh_is_a_rescaled_sigmoid_and_relu_is_max():
    z = np.linspace(-30, 30, 61)
    assert np.allclose(nnlib.sigmoid(z), (1 + Tanh.fn(z / 2)) / 2, atol=1e-15)   # eq 111
    assert np.array_equal(ReLU.fn(z), np.where(z > 0, z, 0.0))                    # eq 112
    assert np.all(ReLU.prime(z[z > 0]) == 1) and np.all(ReLU.prime(z[z <= 0]) == 0)


@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("cost, output", [("cross-entropy", "sigmoid"),
                                          ("log-likelihood", "softmax")])
def test_backprop_through_tanh_and_relu_matches_finite_differences(hidden, cost, output):
    net = Network([4, 6, 5, 3], cost=cost, output=output, hidden=hidden, seed=3)
    X, y = problem(n=10, sizes=(4, 6, 3))
    nabla_w, nabla_b = net.backprop(X, y)
    for layer in range(3):
        dW, db = finite_difference_gradient(net, (X, y), layer)
        assert np.allclose(nabla_w[layer] / len(X), dW, atol=1e-7)
        assert np.allclose(nabla_b[layer] / len(X), db, atol=1e-7)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_backprop_with_dropout_through_tanh_and_relu(hidden):
    """Masks held fixed (same seed): backprop is the gradient of the thinned network."""
    net = Network([4, 6, 5, 3], hidden=hidden, seed=2)
    X, y = problem(n=8, sizes=(4, 6, 3))
    Y = nnlib.one_hot(y, 3)

    def thinned_cost():
        net.rng = np.random.default_rng(7)
        return float(np.mean(net.cost.fn(net.forward(X, dropout=0.4)[-1], Y)))

    net.rng = np.random.default_rng(7)
    nabla_w, nabla_b = net.backprop(X, Y, dropout=0.4)
    for layer in range(3):
        for P, G in ((net.weights[layer], nabla_w[layer]), (net.biases[layer], nabla_b[layer])):
            assert np.allclose(G / len(X), central_difference(thinned_cost, P), atol=1e-7)


def test_forward_uses_the_hidden_activation_and_not_on_the_output():
    X, _ = problem(n=6, sizes=(4, 3))
    X = X[:, :4]
    net = Network([4, 5, 3], hidden="tanh", seed=0)
    acts = net.forward(X)
    assert np.array_equal(acts[1], np.tanh(X @ net.weights[0].T + net.biases[0]))
    assert np.all((acts[2] > 0) & (acts[2] < 1))                  # sigmoid outputs
    relu = Network([4, 5, 3], hidden="relu", seed=0)
    assert np.all(relu.forward(X)[1] >= 0) and np.any(relu.forward(X)[1] == 0)


def test_relu_units_with_negative_z_on_every_input_get_no_gradient():
    """A dead unit: its bias so negative that z < 0 for every input gives zero gradient."""
    net = Network([5, 4, 3], hidden="relu", seed=0)
    net.biases[0][2] = -100.0
    X, y = problem(n=20)
    nabla_w, nabla_b = net.backprop(X, y)
    assert nabla_b[0][2] == 0 and np.all(nabla_w[0][2] == 0) and np.all(nabla_w[1][:, 2] == 0)
    assert np.all(nabla_b[0][[0, 1, 3]] != 0)


def test_hidden_activation_is_saved_and_loaded(tmp_path):
    net = Network([3, 4, 2], hidden="relu", seed=5)
    again = Network.load(net.save(tmp_path / "net.json"))
    assert again.hidden is ReLU and "hidden='relu'" in repr(again)
    assert np.array_equal(again.feedforward(np.eye(3)), net.feedforward(np.eye(3)))
    assert "hidden" not in repr(Network([3, 2], seed=0))      # the default is not shown


@pytest.mark.parametrize("kwargs, match", [
    (dict(hidden="softmax"), "unknown activation 'softmax': choose one of \\['relu', "),
    (dict(hidden="swish"), "unknown activation"),
    (dict(output="tanh"), "unknown activation 'tanh': choose one of \\['linear', "),
])
def test_bad_activations_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network([3, 4, 2], seed=0, **kwargs)


def test_hidden_names():
    assert sorted(HIDDEN) == ["relu", "sigmoid", "tanh"]
    with pytest.raises(ValueError, match="hidden layers must be one of"):
        Network([3, 4, 2], hidden=nnlib.Softmax, seed=0)

"""L1/L2 regularized gradients and dropout in nnlib's SGD, checked independently.

One SGD step with a single full-size mini-batch and no shuffling moves every
weight by -eta times the gradient of the regularized cost (eqs 93 and 98), so
(w - w_after) / eta must equal the finite-difference derivative of
``Network.total_cost(data, lmbda, n_train, regularization)``.
"""
import copy

import numpy as np
import pytest

import nnlib
from nnlib.book.grading import finite_difference_gradient


def _problem(seed=0, m=12, sizes=(5, 4, 3)):
    rng = np.random.default_rng(seed)
    X = rng.random((m, sizes[0]))
    y = rng.integers(0, sizes[-1], m)
    return X, y


def _numeric_grad(net, data, lmbda, reg):
    """Central differences of the regularized cost: lists of dC/dW and dC/db per layer."""
    per_layer = [finite_difference_gradient(net, data, layer, lmbda=lmbda, regularization=reg)
                 for layer in range(len(net.weights))]
    return [g[0] for g in per_layer], [g[1] for g in per_layer]


@pytest.mark.parametrize("reg, lmbda", [("l2", 0.0), ("l2", 3.0), ("l1", 3.0)])
def test_one_sgd_step_is_minus_eta_times_the_regularized_gradient(reg, lmbda):
    data = _problem()
    net = nnlib.Network([5, 4, 3], init="large", seed=1)
    eta = 0.1
    gw, gb = _numeric_grad(net, data, lmbda, reg)
    W0 = [W.copy() for W in net.weights]
    b0 = [b.copy() for b in net.biases]
    net.SGD(data, 1, len(data[0]), eta, lmbda=lmbda, regularization=reg, shuffle=False)
    for W_before, W_after, g in zip(W0, net.weights, gw):
        assert np.allclose((W_before - W_after) / eta, g, rtol=1e-5, atol=1e-7)
    for b_before, b_after, g in zip(b0, net.biases, gb):
        assert np.allclose((b_before - b_after) / eta, g, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("reg", ["l2", "l1"])
def test_biases_are_not_regularized(reg):
    data = _problem(seed=3)
    net = nnlib.Network([5, 4, 3], init="large", seed=2)
    g0 = _numeric_grad(net, data, 0.0, reg)[1]
    g5 = _numeric_grad(net, data, 5.0, reg)[1]
    for a, b in zip(g0, g5):
        assert np.allclose(a, b, atol=1e-8)


def test_regularization_term_values():
    net = nnlib.Network([5, 4, 3], init="large", seed=4)
    n = 50
    sq = sum(float(np.sum(W ** 2)) for W in net.weights)
    ab = sum(float(np.sum(np.abs(W))) for W in net.weights)
    data = _problem(seed=5)
    base = net.total_cost(data)
    assert np.isclose(net.total_cost(data, 2.0, n, "l2") - base, 2.0 / (2 * n) * sq)
    assert np.isclose(net.total_cost(data, 2.0, n, "l1") - base, 2.0 / n * ab)


def test_l2_decay_factor_on_weights_without_data_gradient():
    # Inputs that are always zero give their weights no data gradient: under L2
    # they shrink by (1 - eta*lmbda/n) per step; under L1 they move by eta*lmbda/n
    # towards zero.
    X, y = _problem(seed=6)
    X[:, 0] = 0.0
    eta, lmbda, n = 0.5, 2.0, len(X)
    for reg in ("l2", "l1"):
        net = nnlib.Network([5, 4, 3], init="large", seed=7)
        w = net.weights[0][:, 0].copy()
        net.SGD((X, y), 1, n, eta, lmbda=lmbda, regularization=reg, shuffle=False)
        expected = (1 - eta * lmbda / n) * w if reg == "l2" else w - eta * lmbda / n * np.sign(w)
        assert np.allclose(net.weights[0][:, 0], expected)


def test_dropout_keeps_the_expected_activation_scale():
    """With a linear output and quadratic cost, the output-bias step is
    eta * mean(a - y) with a = W2 (h * mask) + b2, linear in the mask.  Averaged
    over many dropout draws it must equal the step without dropout, which holds
    only if survivors are scaled by 1/(1-p) (inverted dropout)."""
    rng = np.random.default_rng(8)
    X = rng.random((4, 6))
    Y = rng.random((4, 2))
    eta, p, trials = 1.0, 0.5, 3000
    base = nnlib.Network([6, 20, 2], cost="quadratic", output="linear", init="large", seed=9)
    ref = copy.deepcopy(base)
    b_before = base.biases[-1].copy()
    ref.SGD((X, Y), 1, 4, eta, shuffle=False)
    no_dropout_step = b_before - ref.biases[-1]
    steps = np.empty((trials, 2))
    for t in range(trials):
        net = copy.deepcopy(base)
        net.rng = np.random.default_rng(10_000 + t)
        net.SGD((X, Y), 1, 4, eta, dropout=p, shuffle=False)
        steps[t] = b_before - net.biases[-1]
    mean = steps.mean(axis=0)
    se = steps.std(axis=0, ddof=1) / np.sqrt(trials)
    assert np.all(np.abs(mean - no_dropout_step) < 5 * se), (mean, no_dropout_step, se)
    # and without the 1/(1-p) scaling the expected step would be far off:
    h = nnlib.sigmoid(X @ base.weights[0].T + base.biases[0])
    unscaled = eta * np.mean((1 - p) * h @ base.weights[1].T + base.biases[1] - Y, axis=0)
    assert np.all(np.abs(unscaled - no_dropout_step) > 10 * se)


def test_dropout_masks_are_inverted_bernoulli_on_hidden_layers_only():
    """Replay the generator: the step equals a hand-made backprop with mask
    (u < 1-p) / (1-p) on the hidden activations and none on inputs/outputs."""
    X, y = _problem(seed=11, m=6, sizes=(5, 4, 3))
    p = 0.3
    net = nnlib.Network([5, 4, 3], init="large", seed=12)
    rng = copy.deepcopy(net.rng)
    W1, W2 = (W.copy() for W in net.weights)
    b1, b2 = (b.copy() for b in net.biases)
    net.SGD((X, y), 1, 6, 0.5, dropout=p, shuffle=False)
    mask = (rng.random((6, 4)) < 1 - p) / (1 - p)
    h = nnlib.sigmoid(X @ W1.T + b1)
    hm = h * mask
    a = nnlib.sigmoid(hm @ W2.T + b2)
    delta2 = a - nnlib.one_hot(y, 3)                    # cross-entropy, eq 66
    delta1 = (delta2 @ W2) * h * (1 - h) * mask
    assert np.allclose(net.weights[1], W2 - 0.5 * delta2.T @ hm / 6)
    assert np.allclose(net.weights[0], W1 - 0.5 * delta1.T @ X / 6)
    assert np.allclose(net.biases[0], b1 - 0.5 * delta1.sum(axis=0) / 6)


def test_dropout_is_off_at_evaluation():
    X, y = _problem(seed=13)
    net = nnlib.Network([5, 4, 3], init="large", seed=14)
    net.SGD((X, y), 2, 4, 0.5, dropout=0.5)
    out1 = net.feedforward(X)
    out2 = net.feedforward(X)
    assert np.array_equal(out1, out2)
    W1, W2 = net.weights
    b1, b2 = net.biases
    assert np.allclose(out1, nnlib.sigmoid(nnlib.sigmoid(X @ W1.T + b1) @ W2.T + b2))


@pytest.mark.parametrize("options", [{}, {"lmbda": 0.5}, {"dropout": 0.5}])
def test_training_in_chunks_follows_the_same_path(options):
    # The chapter calls SGD in chunks of epochs to monitor less often; the
    # network's generator carries on between calls, so the weights must be
    # exactly those of one uninterrupted call.
    data = _problem(seed=15, m=20)
    one = nnlib.Network([5, 4, 3], init="large", seed=16)
    one.SGD(data, 6, 5, 0.5, **options)
    chunked = nnlib.Network([5, 4, 3], init="large", seed=16)
    for _ in range(3):
        chunked.SGD(data, 1, 5, 0.5, **options)
        chunked.SGD(data, 1, 5, 0.5, evaluation_data=data, monitor_evaluation_accuracy=True,
                    **options)
    for a, b in zip(one.weights + one.biases, chunked.weights + chunked.biases):
        assert np.array_equal(a, b)

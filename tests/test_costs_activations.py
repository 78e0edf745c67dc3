"""Costs and activations: formulas, numerical safety, softmax properties (hypothesis),
the softmax Jacobian and the output error delta of every cost/activation pair."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnlib
from nnlib.activations import Linear, Sigmoid, Softmax, get_activation
from nnlib.costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost, get_cost

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
vectors = arrays(np.float64, st.integers(1, 8), elements=finite)
probs = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(vectors, st.floats(-1e3, 1e3, allow_nan=False))
def test_softmax_is_a_distribution_that_ignores_an_added_constant(z, c):
    a = nnlib.softmax(z)
    assert np.all(a > 0) or np.max(z) - np.min(z) > 700  # exp underflow only when far apart
    assert a.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(nnlib.softmax(z + c), a, atol=1e-12)
    assert a[np.argmax(z)] == a.max()


@given(vectors, st.integers(0, 7), st.floats(0.01, 5))
def test_softmax_is_monotone(z, j, dz):
    j = j % len(z)
    z2 = z.copy()
    z2[j] += dz
    a, a2 = nnlib.softmax(z), nnlib.softmax(z2)
    assert a2[j] >= a[j]
    others = np.arange(len(z)) != j
    assert np.all(a2[others] <= a[others])


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, 4, elements=st.floats(0.01, 1.0)))
def test_log_of_the_activations_inverts_the_softmax_up_to_a_constant(w):
    a = w / w.sum()
    assert np.allclose(nnlib.softmax(np.log(a) + 7.0), a, rtol=1e-12)
    assert np.allclose(nnlib.log_softmax(np.log(a) + 7.0), np.log(a), atol=1e-12)


def test_log_softmax_is_stable():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.allclose(nnlib.log_softmax(np.array([1000.0, 0.0])), [0.0, -1000.0])
    with pytest.raises(ValueError, match="not a scalar"):
        nnlib.log_softmax(3.0)
    with pytest.raises(ValueError, match="NaN or infinite"):
        nnlib.log_softmax(np.array([1.0, np.inf]))


def test_softmax_does_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = nnlib.softmax(np.array([[1000.0, 999.0, -1000.0]]))
    assert np.all(np.isfinite(a)) and np.isclose(a.sum(), 1)
    assert np.isclose(a[0, 0] / a[0, 1], np.e)


def test_sigmoid_is_stable_and_symmetric():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
        s = nnlib.sigmoid(z)
    assert np.all(np.isfinite(s)) and s[3] == 0.5
    assert np.allclose(s + nnlib.sigmoid(-z), 1.0)
    assert np.isclose(nnlib.sigmoid(2.0), 1 / (1 + np.exp(-2.0)))


@pytest.mark.parametrize("act", [Sigmoid, Linear])
def test_elementwise_prime_matches_finite_difference(act):
    z = np.linspace(-4, 4, 17)
    h = 1e-6
    num = (act.fn(z + h) - act.fn(z - h)) / (2 * h)
    assert np.allclose(act.prime(z), num, atol=1e-8)


def test_softmax_jacobian_and_backward_match_finite_difference():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 5))
    J = Softmax.jacobian(z)
    h = 1e-6
    for k in range(5):
        e = np.zeros(5)
        e[k] = h
        num = (nnlib.softmax(z + e) - nnlib.softmax(z - e)) / (2 * h)
        assert np.allclose(J[:, :, k], num, atol=1e-8)
    g = rng.normal(size=(3, 5))
    assert np.allclose(Softmax.backward(nnlib.softmax(z), g), np.einsum("mjk,mj->mk", J, g))
    with pytest.raises(TypeError, match="jacobian"):
        Softmax.prime(z)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(2, 8), elements=st.floats(-30, 30)))
def test_softmax_jacobian_signs(z):
    """da_j/dz_k > 0 iff j == k; each column sums to 0 (the sum of a stays 1); symmetric."""
    a = nnlib.softmax(z)
    J = Softmax.jacobian(z)
    off = ~np.eye(z.size, dtype=bool)
    assert np.all(np.diag(J) >= 0) and np.all(J[off] <= 0)
    if np.all((a > 1e-6) & (a < 1 - 1e-6)):  # away from underflow: strict signs
        assert np.all(np.diag(J) > 0) and np.all(J[off] < 0)
    assert np.allclose(J.sum(axis=0), 0.0, atol=1e-12) and np.allclose(J, J.T, atol=1e-15)


@pytest.mark.parametrize("cost", [QuadraticCost, CrossEntropyCost, LogLikelihoodCost])
@given(st.integers(2, 6), st.data())
@settings(max_examples=40)
def test_costs_are_non_negative_and_zero_at_the_target(cost, n, data):
    label = data.draw(st.integers(0, n - 1))
    y = np.eye(n)[label]
    values = data.draw(arrays(np.float64, n, elements=st.floats(0.001, 1.0)))
    a = values / values.sum() if cost is LogLikelihoodCost else np.clip(values, 0, 1)
    assert cost.fn(a, y) >= 0
    assert cost.fn(y, y) == pytest.approx(0.0, abs=1e-12)


def test_cross_entropy_values_and_safety_at_0_and_1():
    # eq 57 for one neuron: y=0, a=0.82 -> -ln(0.18)
    assert CrossEntropyCost.fn(np.array([0.82]), np.array([0.0])) == pytest.approx(-np.log(0.18))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no divide-by-zero or invalid-value warnings
        a = np.array([[0.0, 1.0, 0.0, 1.0]])
        y = np.array([[0.0, 1.0, 1.0, 0.0]])
        c = CrossEntropyCost.fn(a, y)
        g = CrossEntropyCost.grad_a(a, y)
    assert np.all(np.isfinite(c)) and np.all(np.isfinite(g))
    # right answers cost nothing; confidently wrong ones cost -ln(EPS) each
    assert c[0] == pytest.approx(2 * -np.log(nnlib.costs.EPS))
    assert CrossEntropyCost.fn(a[:, :2], y[:, :2])[0] == pytest.approx(0, abs=1e-12)


def test_log_likelihood_is_minus_log_of_the_true_class():
    a = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y = np.eye(3)[[1, 2]]
    assert np.allclose(LogLikelihoodCost.fn(a, y), -np.log([0.2, 0.8]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(LogLikelihoodCost.fn(np.array([1.0, 0.0]), np.array([0.0, 1.0])))


@pytest.mark.parametrize("cost,act", [  # every pair but cross-entropy with linear outputs,
    (c, a) for c in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)  # which needs
    for a in (Sigmoid, Softmax, Linear) if not (c is CrossEntropyCost and a is Linear)])  # (0, 1)
def test_delta_is_dC_dz_for_every_pair(cost, act):
    """delta(a, y) equals the numerical derivative of fn(act(z), y) in z."""
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 3))
    if act is Linear and cost is LogLikelihoodCost:
        z = np.abs(z) + 0.5  # -ln a needs a > 0
    y = np.eye(3)[[0, 2, 1, 1]]
    a = act.fn(z)
    d = cost.delta(a, y, act)
    h = 1e-6
    num = np.zeros_like(z)
    for k in range(3):
        e = np.zeros(3)
        e[k] = h
        num[:, k] = (cost.fn(act.fn(z + e), y) - cost.fn(act.fn(z - e), y)) / (2 * h)
    assert np.allclose(d, num, atol=1e-7)


def test_natural_pairs_give_a_minus_y():
    z = np.array([[0.3, -1.2]])
    y = np.array([[1.0, 0.0]])
    for cost, act in [(CrossEntropyCost, Sigmoid), (LogLikelihoodCost, Softmax),
                      (QuadraticCost, Linear)]:
        a = act.fn(z)
        assert np.allclose(cost.delta(a, y, act), a - y)
    a = Sigmoid.fn(z)  # the quadratic cost keeps sigma' (eq 65)
    assert np.allclose(QuadraticCost.delta(a, y, Sigmoid), (a - y) * nnlib.sigmoid_prime(z))


def test_output_layer_gradients_are_eqs_81_and_82():
    """Softmax + log-likelihood, one sample: dC/db^L = a^L - y, dC/dw^L = (a^L - y) a^{L-1}."""
    net = nnlib.Network([6, 5, 4], cost="log-likelihood", output="softmax", seed=4)
    x = np.random.default_rng(9).normal(size=(1, 6))
    nabla_w, nabla_b = net.backprop(x, np.array([1]))
    hidden = nnlib.sigmoid(x @ net.weights[0].T + net.biases[0])
    d = net.feedforward(x) - np.eye(4)[[1]]
    assert np.allclose(nabla_b[-1], d[0], atol=1e-14)
    assert np.allclose(nabla_w[-1], d.T @ hidden, atol=1e-14)


def test_binary_entropy_is_the_least_cross_entropy():
    """Eq 64: H(y) = min over a of the cross-entropy, reached at a = y; H(0) = H(1) = 0."""
    y = np.array([0.0, 0.2, 0.5, 0.9, 1.0])
    H = nnlib.binary_entropy(y)
    assert H[0] == 0.0 == H[-1] and H[2] == pytest.approx(np.log(2))
    grid = np.linspace(0.001, 0.999, 999)
    for yi, Hi in zip(y[1:-1], H[1:-1]):
        costs = CrossEntropyCost.fn(grid[:, None], np.full((grid.size, 1), yi))
        assert Hi == pytest.approx(costs.min(), abs=1e-5)
        assert Hi == pytest.approx(CrossEntropyCost.fn(np.array([yi]), np.array([yi])))


def test_unknown_names_give_clear_errors():
    with pytest.raises(ValueError, match="unknown cost 'hinge'.*cross-entropy"):
        get_cost("hinge")
    with pytest.raises(ValueError, match="unknown activation 'relu'"):
        get_activation("relu")
    with pytest.raises(TypeError, match="cost must be"):
        get_cost(3)
    assert get_cost("CE") is CrossEntropyCost and get_cost("mse") is QuadraticCost

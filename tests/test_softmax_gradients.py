"""Finite-difference checks of the softmax Jacobian and of softmax + log-likelihood
backpropagation (eqs 78-84), plus property tests of the softmax itself."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnlib
from nnlib.book.grading import finite_difference_gradient
from nnlib import LogLikelihoodCost, Network, Softmax

finite_z = arrays(np.float64, st.integers(2, 8),
                  elements=st.floats(-30, 30, allow_nan=False, allow_infinity=False))


def numeric_jacobian(z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    J = np.empty((z.size, z.size))
    for k in range(z.size):
        e = np.zeros_like(z)
        e[k] = h
        J[:, k] = (nnlib.softmax(z + e) - nnlib.softmax(z - e)) / (2 * h)
    return J


# ------------------------------------------------------------------ Jacobian
def test_jacobian_matches_finite_differences():
    rng = np.random.default_rng(3)
    for _ in range(5):
        z = rng.normal(size=6) * 2
        np.testing.assert_allclose(Softmax.jacobian(z), numeric_jacobian(z), atol=1e-8)


def test_jacobian_formula_and_batch_shape():
    z = np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, 1.0, 1.0]])
    J = Softmax.jacobian(z)
    assert J.shape == (2, 4, 4)
    a = nnlib.softmax(z)
    for i in range(2):
        np.testing.assert_allclose(J[i], np.diag(a[i]) - np.outer(a[i], a[i]), atol=1e-15)
    # equal inputs: a = 1/4, so the diagonal is 1/4 * 3/4 and off-diagonals -1/16
    np.testing.assert_allclose(np.diag(J[1]), 3 / 16)
    assert J[1, 0, 1] == pytest.approx(-1 / 16)


@settings(max_examples=60, deadline=None)
@given(finite_z)
def test_jacobian_signs_monotonicity(z):
    """da_j/dz_k > 0 iff j == k (while every a_j is positive)."""
    a = nnlib.softmax(z)
    J = Softmax.jacobian(z)
    off = ~np.eye(z.size, dtype=bool)
    assert np.all(np.diag(J) >= 0) and np.all(J[off] <= 0)
    if np.all((a > 1e-6) & (a < 1 - 1e-6)):  # away from underflow: strict signs
        assert np.all(np.diag(J) > 0) and np.all(J[off] < 0)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-12)  # columns: sum of a stays 1
    np.testing.assert_allclose(J, J.T, atol=1e-15)


@settings(max_examples=60, deadline=None)
@given(finite_z)
def test_backward_is_the_jacobian_vector_product(z):
    g = np.cos(np.arange(z.size) + 0.3)  # any upstream gradient dC/da
    a = nnlib.softmax(z)
    np.testing.assert_allclose(Softmax.backward(z, a, g), Softmax.jacobian(z).T @ g,
                               atol=1e-12)


# ------------------------------------------------------------ softmax itself
@settings(max_examples=80, deadline=None)
@given(finite_z, st.floats(-500, 500))
def test_softmax_positive_sums_to_one_shift_invariant(z, shift):
    a = nnlib.softmax(z)
    assert np.all(a >= 0) and np.all(a <= 1)
    assert a.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(nnlib.softmax(z + shift), a, atol=1e-12)
    assert a[np.argmax(z)] == a.max()  # the largest input gets the largest output


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, 4, elements=st.floats(0.01, 1.0)))
def test_inverting_the_softmax(w):
    """z_j = ln a_j + C recovers the inputs up to one constant C (problem: inversion)."""
    a = w / w.sum()
    z = np.log(a) + 7.0
    np.testing.assert_allclose(nnlib.softmax(z), a, rtol=1e-12)


def test_softmax_survives_huge_inputs():
    a = nnlib.softmax(np.array([1000.0, 999.0, 998.0]))
    np.testing.assert_allclose(a, nnlib.softmax(np.array([2.0, 1.0, 0.0])))


# ------------------------------------------------------- log-likelihood delta
@settings(max_examples=60, deadline=None)
@given(finite_z, st.data())
def test_delta_is_a_minus_y(z, data):
    """Eq 84: dC/dz for C = -ln a_y equals a - y, checked against the chain rule."""
    y_class = data.draw(st.integers(0, z.size - 1))
    y = np.zeros(z.size)
    y[y_class] = 1.0
    a = nnlib.softmax(z)
    delta = LogLikelihoodCost.delta(z, a, y, Softmax)
    np.testing.assert_allclose(delta, a - y, atol=1e-15)
    # -ln a_y = -z_y + logsumexp(z): its gradient by the Jacobian is a - y
    chain = Softmax.jacobian(z).T @ (-y / np.maximum(a, 1e-300))
    if a[y_class] > 1e-8:
        np.testing.assert_allclose(chain, a - y, atol=1e-7)


def test_delta_matches_finite_differences_of_the_cost():
    rng = np.random.default_rng(5)
    z = rng.normal(size=5)
    y = np.eye(5)[2]
    cost = lambda zz: float(LogLikelihoodCost.fn(nnlib.softmax(zz), y))  # noqa: E731
    h = 1e-6
    num = np.array([(cost(z + h * e) - cost(z - h * e)) / (2 * h) for e in np.eye(5)])
    np.testing.assert_allclose(num, nnlib.softmax(z) - y, atol=1e-8)


# ------------------------------------------------------ through the network
def _numeric_grads(net: Network, X, y):
    per_layer = [finite_difference_gradient(net, (X, y), layer)
                 for layer in range(len(net.weights))]
    return [g[0] for g in per_layer], [g[1] for g in per_layer]


@pytest.mark.parametrize("sizes", [[4, 3], [5, 4, 3], [3, 5, 4, 6]])
def test_backprop_softmax_log_likelihood_matches_finite_differences(sizes):
    net = Network(sizes, cost="log-likelihood", output="softmax", init="large", seed=11)
    rng = np.random.default_rng(2)
    X = rng.normal(size=(7, sizes[0]))
    y = rng.integers(0, sizes[-1], size=7)
    nabla_w, nabla_b = net.backprop(X, y)
    num_w, num_b = _numeric_grads(net, X, y)
    for a, b in zip(nabla_w + nabla_b, num_w + num_b):
        np.testing.assert_allclose(a, b, atol=1e-7, rtol=1e-5)


def test_output_layer_gradients_are_eqs_81_and_82():
    """dC/db^L_j = a^L_j - y_j and dC/dw^L_jk = a^{L-1}_k (a^L_j - y_j), per sample."""
    net = Network([6, 5, 4], cost="log-likelihood", output="softmax", seed=4)
    rng = np.random.default_rng(9)
    x = rng.normal(size=(1, 6))
    y = np.array([1])
    nabla_w, nabla_b = net.backprop(x, y)
    hidden = nnlib.sigmoid(x @ net.weights[0].T + net.biases[0])
    a = net.feedforward(x)
    d = a - np.eye(4)[y]
    np.testing.assert_allclose(nabla_b[-1], d[0], atol=1e-14)
    np.testing.assert_allclose(nabla_w[-1], d.T @ hidden, atol=1e-14)


def test_sigmoid_cross_entropy_has_the_same_output_error():
    """Eq 67 vs eq 82: both output layers give delta^L = a^L - y."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 5))
    y = np.array([0, 2, 1])
    for cost, out in (("log-likelihood", "softmax"), ("cross-entropy", "sigmoid")):
        net = Network([5, 3], cost=cost, output=out, seed=1)
        nabla_w, nabla_b = net.backprop(X, y)
        d = net.feedforward(X) - np.eye(3)[y]
        np.testing.assert_allclose(nabla_b[0], d.mean(axis=0), atol=1e-14)
        np.testing.assert_allclose(nabla_w[0], d.T @ X / 3, atol=1e-14)

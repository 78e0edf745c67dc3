"""The exercise checkers: each must accept a right answer, reject a wrong one with a
message that says what is wrong, and stay calm about an unwritten function."""
from __future__ import annotations

import math

import numpy as np
import pytest

import nnlib
from nnlib.book import grading as checks
from nnlib.book.grading import (check_binary_entropy, check_early_stopping, check_inverse_softmax,
                          check_l1_update, check_lr_schedule, check_sigmoid_prime,
                          check_softmax, check_softmax_delta, check_softmax_jacobian)


def _out(capsys) -> str:
    """What a check printed, with the line wrapping undone."""
    return " ".join(capsys.readouterr().out.split())


def _sig(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def _softmax_stable(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _early_right(accs, n):
    best, since = -1.0, 0
    for i, a in enumerate(accs):
        if a > best:
            best, since = a, 0
        else:
            since += 1
            if since == n:
                return i + 1
    return len(accs)


def _schedule_right(accs, eta0, n):
    eta, best, since = eta0, -1.0, 0
    for a in accs:
        if a > best:
            best, since = a, 0
        else:
            since += 1
            if since == n:
                eta, since = eta / 2, 0
    return eta


RIGHT = {
    check_sigmoid_prime: lambda z: _sig(z) * (1 - _sig(z)),
    check_binary_entropy: lambda y: -sum(t * math.log(t) for t in (y, 1 - y) if t > 0),
    check_softmax: _softmax_stable,
    check_softmax_jacobian: lambda z: np.diag(_softmax_stable(z))
    - np.outer(_softmax_stable(z), _softmax_stable(z)),
    check_inverse_softmax: lambda a: np.log(a) + 7.0,
    check_softmax_delta: lambda z, y: _softmax_stable(z) - y,
    check_l1_update: lambda w, g, eta, lmbda, n: w - eta * lmbda / n * np.sign(w) - eta * g,
    check_early_stopping: _early_right,
    check_lr_schedule: _schedule_right,
}

# (wrong answer, a phrase the message must contain)
WRONG = {
    check_sigmoid_prime: (lambda z: _sig(z), "That is sigma(z) itself"),
    check_binary_entropy: (lambda y: -(y * np.log(y) + (1 - y) * np.log(1 - y)),
                           "treat 0 ln 0 as 0"),
    check_softmax: (lambda z: np.exp(z), "does not sum to 1 for z="),
    check_softmax_jacobian: (lambda z: np.diag(_softmax_stable(z) * (1 - _softmax_stable(z))),
                             "off-diagonal entries are -a_j a_k"),
    check_inverse_softmax: (lambda a: a.copy(), "softmax of that is"),
    check_softmax_delta: (lambda z, y: y - _softmax_stable(z), "signs are flipped"),
    check_l1_update: (lambda w, g, eta, lmbda, n: (1 - eta * lmbda / n) * w - eta * g,
                      "That is the L2 step"),
    check_early_stopping: (lambda accs, n: _early_right(accs, n) - 1, "Off by one"),
    check_lr_schedule: (lambda accs, eta0, n: eta0 / 2 if _early_right(accs, n) < len(accs)
                        else eta0, "expected"),
}


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda c: c.__name__)
def test_right_answer_passes(check, capsys):
    res = check(RIGHT[check])
    out = _out(capsys)
    assert res.ok is True and bool(res)
    assert out.startswith("✓ correct"), out


@pytest.mark.parametrize("check", list(WRONG), ids=lambda c: c.__name__)
def test_wrong_answer_fails_with_a_helpful_message(check, capsys):
    fn, phrase = WRONG[check]
    res = check(fn)
    out = _out(capsys)
    assert res.ok is False and not res
    assert out.startswith(f"✗ {check.__name__}"), out
    assert phrase in out, out


@pytest.mark.parametrize("check", list(WRONG), ids=lambda c: c.__name__)
def test_raise_on_fail(check):
    with pytest.raises(AssertionError, match=check.__name__):
        check(WRONG[check][0], raise_on_fail=True)


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda c: c.__name__)
def test_unwritten_function_is_not_an_error(check, capsys):
    def stub(*args):
        pass

    def stub_raising(*args):
        raise NotImplementedError

    for fn in (stub, stub_raising):
        res = check(fn)
        assert res.ok is None and not res
        assert "not written yet" in _out(capsys)
    check(stub, raise_on_fail=True)  # not written is not a failure


def test_a_crashing_function_is_reported_not_raised(capsys):
    def broken(z):
        return z / undefined_name  # noqa: F821

    res = check_softmax(broken)
    out = _out(capsys)
    assert res.ok is False
    assert "raised NameError" in out and "undefined_name" in out


def test_naive_softmax_overflow_is_caught(capsys):
    res = check_softmax(lambda z: np.exp(z) / np.exp(z).sum())
    assert res.ok is False
    assert "subtract max(z)" in _out(capsys)


def test_scalar_only_sigmoid_prime_is_caught(capsys):
    def scalar_only(z):
        s = 1 / (1 + math.exp(-z))
        return s * (1 - s)

    assert check_sigmoid_prime(scalar_only).ok is False
    assert "raised TypeError" in _out(capsys)


def test_l1_update_messages(capsys):
    no_grad = check_l1_update(lambda w, g, eta, lmbda, n: w - eta * lmbda / n * np.sign(w))
    assert no_grad.ok is False
    assert "left out the gradient step" in _out(capsys)


def test_lr_schedule_must_keep_halving(capsys):
    once = lambda accs, eta0, n: eta0 / 2 if _schedule_right(accs, eta0, n) < eta0 else eta0
    assert check_lr_schedule(once).ok is False
    assert "start counting again" in _out(capsys)


def test_early_stopping_ties_are_not_improvements(capsys):
    ties_count = lambda accs, n: _early_right([a + 1e-9 * i for i, a in enumerate(accs)], n)
    assert check_early_stopping(ties_count).ok is False
    assert "is not an improvement" in _out(capsys)


def test_not_a_function_is_a_type_error():
    with pytest.raises(TypeError, match="pass the function itself"):
        check_softmax(np.array([1.0, 2.0]))


def test_references_agree_with_nnlib():
    assert np.isclose(checks.reference_binary_entropy(0.5), math.log(2))
    assert checks.reference_binary_entropy(0.0) == 0.0 == checks.reference_binary_entropy(1.0)
    w = np.array([0.2, -0.4, 0.0])
    assert np.allclose(checks.reference_l1_update(w, np.zeros(3), 1.0, 1.0, 10),
                       [0.1, -0.3, 0.0])
    assert checks.reference_lr_schedule([0.5, 0.4, 0.4, 0.3, 0.3], 1.0, 2) == 0.25


def test_reference_early_stopping_matches_network_sgd():
    """The rule the checker expects is the one nnlib's SGD applies (early_stopping_n)."""
    rng = np.random.default_rng(0)
    X = rng.random((60, 4))
    y = (X[:, 0] > 0.5).astype(int)
    for n in (1, 2, 3):
        net = nnlib.Network([4, 3, 2], seed=1)
        h = net.SGD((X[:40], y[:40]), 25, 10, 3.0, evaluation_data=(X[40:], y[40:]),
                    monitor_evaluation_accuracy=True, early_stopping_n=n)
        assert checks.reference_early_stopping(h.evaluation_accuracy, n) == h.epochs_run


@pytest.mark.parametrize("cost,output", [("cross-entropy", "sigmoid"), ("quadratic", "sigmoid"),
                                         ("quadratic", "linear"),
                                         ("log-likelihood", "softmax")])
def test_finite_difference_gradient_matches_backprop(cost, output):
    rng = np.random.default_rng(3)
    X = rng.random((8, 4))
    y = rng.integers(0, 3, size=8)
    net = nnlib.Network([4, 5, 3], cost=cost, output=output, seed=2)
    before = [W.copy() for W in net.weights]
    nabla_w, nabla_b = net.backprop(X, y)
    for layer in (0, 1):
        dW, db = checks.finite_difference_gradient(net, (X, y), layer)
        assert np.allclose(dW, nabla_w[layer], atol=1e-7)
        assert np.allclose(db, nabla_b[layer], atol=1e-7)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))  # restored


def test_finite_difference_gradient_rejects_bad_input():
    net = nnlib.Network([2, 2], seed=0)
    data = (np.zeros((2, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match="layer 5 does not exist"):
        checks.finite_difference_gradient(net, data, layer=5)
    with pytest.raises(ValueError, match="small positive float"):
        checks.finite_difference_gradient(net, data, h=0)


def test_messages_are_wrapped_to_fit_the_page(capsys):
    check_softmax(WRONG[check_softmax][0])
    check_lr_schedule(lambda accs, eta0, n: None)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 2 and all(len(line) <= 72 for line in lines), lines

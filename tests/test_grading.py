"""The exercise graders: each must accept a right answer, reject a wrong one with a
message that says what is wrong, and stay calm about an unwritten function."""
from __future__ import annotations

import math

import numpy as np
import pytest

import nnlib
from nnlib.book import grading
from nnlib.book.grading import (grade_binary_entropy, grade_early_stopping, grade_inverse_softmax,
                          grade_l1_update, grade_lr_schedule, grade_sigmoid_prime,
                          grade_softmax, grade_softmax_delta, grade_softmax_jacobian)


def _out(capsys) -> str:
    """What a grader printed, with the line wrapping undone."""
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
    grade_sigmoid_prime: lambda z: _sig(z) * (1 - _sig(z)),
    grade_binary_entropy: lambda y: -sum(t * math.log(t) for t in (y, 1 - y) if t > 0),
    grade_softmax: _softmax_stable,
    grade_softmax_jacobian: lambda z: np.diag(_softmax_stable(z))
    - np.outer(_softmax_stable(z), _softmax_stable(z)),
    grade_inverse_softmax: lambda a: np.log(a) + 7.0,
    grade_softmax_delta: lambda z, y: _softmax_stable(z) - y,
    grade_l1_update: lambda w, g, eta, lmbda, n: w - eta * lmbda / n * np.sign(w) - eta * g,
    grade_early_stopping: _early_right,
    grade_lr_schedule: _schedule_right,
}

# (wrong answer, a phrase the message must contain)
WRONG = {
    grade_sigmoid_prime: (lambda z: _sig(z), "That is sigma(z) itself"),
    grade_binary_entropy: (lambda y: -(y * np.log(y) + (1 - y) * np.log(1 - y)),
                           "treat 0 ln 0 as 0"),
    grade_softmax: (lambda z: np.exp(z), "does not sum to 1 for z="),
    grade_softmax_jacobian: (lambda z: np.diag(_softmax_stable(z) * (1 - _softmax_stable(z))),
                             "off-diagonal entries are -a_j a_k"),
    grade_inverse_softmax: (lambda a: a.copy(), "softmax of that is"),
    grade_softmax_delta: (lambda z, y: y - _softmax_stable(z), "signs are flipped"),
    grade_l1_update: (lambda w, g, eta, lmbda, n: (1 - eta * lmbda / n) * w - eta * g,
                      "That is the L2 step"),
    grade_early_stopping: (lambda accs, n: _early_right(accs, n) - 1, "Off by one"),
    grade_lr_schedule: (lambda accs, eta0, n: eta0 / 2 if _schedule_right(accs, eta0, n) < eta0
                        else eta0, "start counting again"),
}


@pytest.mark.parametrize("grade", list(RIGHT), ids=lambda g: g.__name__)
def test_right_answer_passes(grade, capsys):
    res = grade(RIGHT[grade])
    out = _out(capsys)
    assert res.ok is True and bool(res)
    assert out.startswith("✓ correct"), out


@pytest.mark.parametrize("grade", list(WRONG), ids=lambda g: g.__name__)
def test_wrong_answer_fails_with_a_helpful_message(grade, capsys):
    fn, phrase = WRONG[grade]
    res = grade(fn)
    out = _out(capsys)
    assert res.ok is False and not res
    assert out.startswith(f"✗ {grade.__name__}"), out
    assert phrase in out, out


@pytest.mark.parametrize("grade", list(WRONG), ids=lambda g: g.__name__)
def test_raise_on_fail(grade):
    with pytest.raises(AssertionError, match=grade.__name__):
        grade(WRONG[grade][0], raise_on_fail=True)


@pytest.mark.parametrize("grade", list(RIGHT), ids=lambda g: g.__name__)
def test_unwritten_function_is_not_an_error(grade, capsys):
    def stub(*args):
        pass

    def stub_raising(*args):
        raise NotImplementedError

    for fn in (stub, stub_raising):
        res = grade(fn)
        assert res.ok is None and not res
        assert "not written yet" in _out(capsys)
    grade(stub, raise_on_fail=True)  # not written is not a failure


def test_a_crashing_function_is_reported_not_raised(capsys):
    def broken(z):
        return z / undefined_name  # noqa: F821

    res = grade_softmax(broken)
    out = _out(capsys)
    assert res.ok is False
    assert "raised NameError" in out and "undefined_name" in out


def test_naive_softmax_overflow_is_caught(capsys):
    res = grade_softmax(lambda z: np.exp(z) / np.exp(z).sum())
    assert res.ok is False
    assert "subtract max(z)" in _out(capsys)


def test_scalar_only_sigmoid_prime_is_caught(capsys):
    def scalar_only(z):
        s = 1 / (1 + math.exp(-z))
        return s * (1 - s)

    assert grade_sigmoid_prime(scalar_only).ok is False
    assert "raised TypeError" in _out(capsys)


def test_l1_update_messages(capsys):
    no_grad = grade_l1_update(lambda w, g, eta, lmbda, n: w - eta * lmbda / n * np.sign(w))
    assert no_grad.ok is False
    assert "left out the gradient step" in _out(capsys)


def test_early_stopping_ties_are_not_improvements(capsys):
    ties_count = lambda accs, n: _early_right([a + 1e-9 * i for i, a in enumerate(accs)], n)
    assert grade_early_stopping(ties_count).ok is False
    assert "is not an improvement" in _out(capsys)


def test_not_a_function_is_a_type_error():
    with pytest.raises(TypeError, match="pass the function itself"):
        grade_softmax(np.array([1.0, 2.0]))


def test_l1_reference_is_eq_97():
    w = np.array([0.2, -0.4, 0.0])
    assert np.allclose(grading.reference_l1_update(w, np.zeros(3), 1.0, 1.0, 10),
                       [0.1, -0.3, 0.0])


def test_early_stopping_grader_expects_what_network_sgd_does(capsys):
    """A reader's answer that replays SGD's own early stopping is graded right."""
    rng = np.random.default_rng(0)
    X = rng.random((60, 4))
    y = (X[:, 0] > 0.5).astype(int)
    for patience in (1, 2, 3):
        net = nnlib.Network([4, 3, 2], seed=1)
        h = net.SGD((X[:40], y[:40]), 25, 10, 3.0, monitor={"validation": (X[40:], y[40:])},
                    early_stopping=patience)
        assert _early_right(h.accuracy["validation"], patience) == h.epochs_run
    assert grade_early_stopping(_early_right).ok


def test_messages_are_wrapped_to_fit_the_page(capsys):
    grade_softmax(WRONG[grade_softmax][0])
    grade_lr_schedule(lambda accs, eta0, n: None)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 2 and all(len(line) <= 72 for line in lines), lines

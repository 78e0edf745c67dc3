"""Graders for the exercise notebooks.

Each ``grade_...`` helper takes a function the reader wrote, calls it on a few
ordinary and a few awkward inputs, compares the answers with a reference that
nnlib computes independently, and prints one friendly line:

* ``✓ correct: ...`` when every case agrees;
* ``✗ ...`` naming the first input where it went wrong, what was expected and
  what came back, and a hint;
* ``… not written yet ...`` when the function still returns ``None`` or raises
  ``NotImplementedError`` (so a notebook with an empty exercise still runs).

Messages are printed wrapped to 72 columns, so that they fit the book's pages.

The helpers return a :class:`Grade`, which is truthy only when the answer
is right (handy in tests) and shows nothing extra in a notebook. Pass
``raise_on_fail=True`` to turn a wrong answer into an ``AssertionError``.

Signatures the reader's functions must have
-------------------------------------------
================================  ============================================
helper                            the reader's function
================================  ============================================
``grade_sigmoid_prime(fn)``       ``fn(z) -> sigma'(z)``, elementwise on arrays
``grade_binary_entropy(fn)``      ``fn(y) -> -[y ln y + (1-y) ln(1-y)]``
``grade_softmax(fn)``             ``fn(z) -> a`` for a 1-D vector ``z``
``grade_softmax_jacobian(fn)``    ``fn(z) -> J`` with ``J[j, k] = da_j/dz_k``
``grade_inverse_softmax(fn)``     ``fn(a) -> z`` with ``softmax(z) == a``
``grade_softmax_delta(fn)``       ``fn(z, y) -> dC/dz`` for ``C = -ln a_y``
``grade_l1_update(fn)``           ``fn(w, grad, eta, lmbda, n) -> new w``
``grade_early_stopping(fn)``      ``fn(accuracies, n) -> epochs run``
``grade_lr_schedule(fn)``         ``fn(accuracies, eta0, n) -> next eta``
================================  ============================================
"""
from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..activations import Softmax, sigmoid_prime, softmax
from ..costs import binary_entropy
from ..schedule import halve_on_plateau
from ..stopping import no_improvement

__all__ = ["Grade", "quietly", "grade_sigmoid_prime", "grade_binary_entropy", "grade_softmax",
           "grade_softmax_jacobian", "grade_inverse_softmax", "grade_softmax_delta",
           "grade_l1_update", "grade_early_stopping", "grade_lr_schedule",
           "reference_l1_update"]


# --------------------------------------------------------------------- plumbing
@dataclass(frozen=True)
class Grade:
    """Outcome of grading: ``ok`` (``None`` when the function is not written yet)."""

    ok: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.ok)

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:  # the message was already printed
        return None


@contextlib.contextmanager
def quietly():
    """Grade without printing: for re-checking a solution whose verdict is already shown."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


class _Wrong(Exception):
    """Raised inside a grader with the message for the reader."""


class _NotWritten(Exception):
    pass


def _fmt(x) -> str:
    """A short, readable rendering of a number or small array."""
    if x is None:
        return "None"
    arr = np.asarray(x, dtype=object if not _is_numeric(x) else float)
    if arr.dtype == object:
        return repr(x)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    with np.printoptions(precision=4, suppress=True, threshold=12, edgeitems=3):
        return np.array2string(np.asarray(arr, dtype=float), separator=", ")


def _is_numeric(x) -> bool:
    try:
        np.asarray(x, dtype=float)
        return True
    except (TypeError, ValueError):
        return False


def _call(fn: Callable, what: str, *args):
    """Call the reader's function; turn its exceptions into friendly messages."""
    try:
        out = fn(*args)
    except NotImplementedError:
        raise _NotWritten() from None
    except Exception as exc:  # the reader's bug, reported, not re-raised
        shown = ", ".join(_fmt(a) for a in args)
        raise _Wrong(f"your {what} raised {type(exc).__name__}: {exc} "
                     f"(when called with {shown})") from None
    if out is None:
        raise _NotWritten()
    return out


def _as_array(out, what: str, args_text: str) -> np.ndarray:
    try:
        arr = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise _Wrong(f"your {what} returned {type(out).__name__} for {args_text}; "
                     f"expected numbers (a float or a NumPy array)") from None
    return arr


def _compare(got: np.ndarray, want: np.ndarray, what: str, args_text: str,
             hint: str = "", rtol: float = 1e-6, atol: float = 1e-9) -> None:
    if got.shape != want.shape:
        raise _Wrong(f"your {what} returned shape {got.shape} for {args_text}; "
                     f"expected shape {want.shape}")
    if not np.all(np.isfinite(got)):
        raise _Wrong(f"your {what} returned {_fmt(got)} (not finite) for {args_text}; "
                     f"expected {_fmt(want)}. " + (hint or "Watch out for overflow in exp "
                                                  "or log of 0."))
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        raise _Wrong(f"your {what} returned {_fmt(got)} for {args_text}; expected "
                     f"{_fmt(want)}." + (f" {hint}" if hint else ""))


def _run(name: str, body: Callable[[], str], raise_on_fail: bool) -> Grade:
    try:
        detail = body()
    except _NotWritten:
        res = Grade(None, f"… {name}: your function returned None (or raised "
                                f"NotImplementedError), so it is not written yet. Fill in "
                                f"its body, return the answer, and run this cell again.")
    except _Wrong as wrong:
        res = Grade(False, f"✗ {name}: {wrong}")
    else:
        res = Grade(True, f"✓ correct: {detail}")
    print(textwrap.fill(res.message, width=72, subsequent_indent="  ",
                        break_long_words=False, break_on_hyphens=False))
    if raise_on_fail and res.ok is False:
        raise AssertionError(res.message)
    return res


def _require_callable(fn, name: str) -> None:
    if not callable(fn):
        raise TypeError(f"{name} expects a function (the one you wrote), got "
                        f"{type(fn).__name__}; pass the function itself, without calling it")


# ---------------------------------------------------------- cross-entropy chapter
def grade_sigmoid_prime(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(z)``, the derivative of the sigmoid, on scalars, arrays and large ``|z|``."""
    _require_callable(fn, "grade_sigmoid_prime")

    def body():
        for z in (0.0, 1.5, -2.0):
            got = _as_array(_call(fn, "sigmoid_prime", z), "sigmoid_prime", f"z={_fmt(z)}")
            hint = ""
            if np.isclose(float(np.ravel(got)[0]) if got.size else np.nan,
                          float(1 / (1 + np.exp(-z)))):
                hint = "That is sigma(z) itself; the derivative is sigma(z)(1 - sigma(z))."
            _compare(got.reshape(()) if got.size == 1 else got, sigmoid_prime(z),
                     "sigmoid_prime", f"z={_fmt(z)}", hint)
        z = np.linspace(-8, 8, 9)
        got = _as_array(_call(fn, "sigmoid_prime", z.copy()), "sigmoid_prime", f"z={_fmt(z)}")
        _compare(got, sigmoid_prime(z), "sigmoid_prime", f"the array z={_fmt(z)}",
                 "It should work elementwise on a NumPy array (use np.exp, not math.exp).")
        z = np.array([-40.0, 40.0])
        got = _as_array(_call(fn, "sigmoid_prime", z.copy()), "sigmoid_prime", f"z={_fmt(z)}")
        _compare(got, sigmoid_prime(z), "sigmoid_prime", f"z={_fmt(z)}", atol=1e-12)
        return "sigma'(z) = sigma(z)(1 - sigma(z)) on scalars, arrays and large |z|."
    return _run("grade_sigmoid_prime", body, raise_on_fail)


def grade_binary_entropy(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(y)``, the least cross-entropy one input can have (eq 64), incl. y = 0, 1."""
    _require_callable(fn, "grade_binary_entropy")

    def body():
        for y in (0.5, 0.2, 0.9):
            got = _as_array(_call(fn, "binary_entropy", y), "binary_entropy", f"y={y}")
            _compare(got.reshape(()) if got.size == 1 else got, binary_entropy(y),
                     "binary_entropy", f"y={y}",
                     "Expected -[y ln y + (1-y) ln(1-y)] with the natural log.")
        for y in (0.0, 1.0):
            with np.errstate(all="ignore"):
                got = _as_array(_call(fn, "binary_entropy", y), "binary_entropy", f"y={y}")
            _compare(got.reshape(()) if got.size == 1 else got, binary_entropy(y),
                     "binary_entropy", f"y={y}",
                     "At y = 0 or 1 the answer is 0: the limit of t ln t as t -> 0 is 0, "
                     "so treat 0 ln 0 as 0 (e.g. with np.where).")
        return "the binary entropy, including the limits y = 0 and y = 1."
    return _run("grade_binary_entropy", body, raise_on_fail)


# ----------------------------------------------------------------- softmax chapter
def _softmax_cases() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [np.array([1.0, 2.0, 3.0]), rng.normal(size=5), np.array([0.0, 0.0]),
            np.array([-3.0, 0.5, 2.0, 0.1])]


def grade_softmax(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(z)`` for a 1-D ``z``: positive, sums to 1, matches eq 78, no overflow."""
    _require_callable(fn, "grade_softmax")

    def body():
        for z in _softmax_cases():
            got = _as_array(_call(fn, "softmax", z.copy()), "softmax", f"z={_fmt(z)}")
            if got.shape == z.shape and np.all(np.isfinite(got)) and \
                    not np.isclose(got.sum(), 1.0):
                raise _Wrong(f"your softmax does not sum to 1 for z={_fmt(z)}: the "
                             f"activations {_fmt(got)} sum to {got.sum():.6g}. Divide each "
                             f"exponential by the sum of all of them.")
            if got.shape == z.shape and np.any(got <= 0):
                raise _Wrong(f"your softmax has an activation <= 0 for z={_fmt(z)}: "
                             f"{_fmt(got)}. Every e^z is positive.")
            _compare(got, softmax(z), "softmax", f"z={_fmt(z)}",
                     "Expected a_j = exp(z_j) / sum_k exp(z_k).")
        z = np.array([1000.0, 999.0, 0.0])
        with np.errstate(all="ignore"):
            got = _as_array(_call(fn, "softmax", z.copy()), "softmax", f"z={_fmt(z)}")
        _compare(got, softmax(z), "softmax", f"z={_fmt(z)}",
                 "exp(1000) overflows: subtract max(z) from every z_j first. That leaves "
                 "the softmax unchanged (the common factor cancels).")
        return "positive, sums to 1, equals eq 78, and copes with z as large as 1000."
    return _run("grade_softmax", body, raise_on_fail)


def grade_softmax_jacobian(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(z)`` returns the matrix ``J[j, k] = da_j/dz_k = a_j (delta_jk - a_k)``."""
    _require_callable(fn, "grade_softmax_jacobian")

    def body():
        for z in _softmax_cases():
            got = _as_array(_call(fn, "softmax Jacobian", z.copy()), "softmax Jacobian",
                            f"z={_fmt(z)}")
            want = Softmax.jacobian(z)
            hint = ""
            a = softmax(z)
            if got.shape == want.shape and np.allclose(got, np.diag(a * (1 - a))):
                hint = ("Your matrix is diagonal, but a softmax output depends on every z_k: "
                        "the off-diagonal entries are -a_j a_k.")
            elif got.shape == want.shape and np.allclose(got, -want):
                hint = "The signs are flipped."
            _compare(got, want, "softmax Jacobian", f"z={_fmt(z)}",
                     hint or "Expected J[j, k] = a_j (1 - a_j) if j == k, else -a_j a_k.")
        return "J[j, k] = a_j (delta_jk - a_k): positive on the diagonal, negative off it."
    return _run("grade_softmax_jacobian", body, raise_on_fail)


def grade_inverse_softmax(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(a)`` returns weighted inputs ``z`` whose softmax is ``a``.

    Any answer of the form ``z_j = ln a_j + C`` is accepted, whatever the constant.
    """
    _require_callable(fn, "grade_inverse_softmax")

    def body():
        rng = np.random.default_rng(1)
        for z0 in _softmax_cases() + [rng.normal(size=10) * 3]:
            a = softmax(z0)
            got = _as_array(_call(fn, "inverse softmax", a.copy()), "inverse softmax",
                            f"a={_fmt(a)}")
            if got.shape != a.shape:
                raise _Wrong(f"your inverse softmax returned shape {got.shape} for "
                             f"a={_fmt(a)}; expected one z per activation, shape {a.shape}")
            if not np.all(np.isfinite(got)):
                raise _Wrong(f"your inverse softmax returned {_fmt(got)} for a={_fmt(a)}")
            back = softmax(got)
            if not np.allclose(back, a, rtol=1e-6, atol=1e-12):
                raise _Wrong(f"for a={_fmt(a)} you returned z={_fmt(got)}, but softmax of "
                             f"that is {_fmt(back)}, not a. Hint: take logarithms of eq 78.")
        return "softmax(your z) gives back a; your z differs from ln a by a constant."
    return _run("grade_inverse_softmax", body, raise_on_fail)


def grade_softmax_delta(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(z, y)``: the gradient of ``C = -ln a_y`` with respect to ``z`` (eq 84).

    ``y`` is a one-hot vector; the reference is a central finite difference of the
    cost, so the grader does not assume the answer.
    """
    _require_callable(fn, "grade_softmax_delta")

    def cost(z, y):
        return -float(np.log(softmax(z)[np.argmax(y)]))

    def body():
        for z, cls in zip(_softmax_cases(), (2, 0, 1, 3)):
            y = np.eye(len(z))[min(cls, len(z) - 1)]
            h = 1e-6
            want = np.array([(cost(z + h * e, y) - cost(z - h * e, y)) / (2 * h)
                             for e in np.eye(len(z))])
            args = f"z={_fmt(z)}, y={_fmt(y)}"
            got = _as_array(_call(fn, "delta", z.copy(), y.copy()), "delta", args)
            hint = ""
            if got.shape == want.shape and np.allclose(got, -want, atol=1e-5):
                hint = "Your signs are flipped: it is a - y, not y - a."
            _compare(got, want, "delta", args, hint or "Differentiate C = -z_y + ln sum_k "
                     "exp(z_k) with respect to each z_j.", rtol=1e-4, atol=1e-6)
        return "dC/dz = a - y, as a finite difference of C = -ln a_y confirms."
    return _run("grade_softmax_delta", body, raise_on_fail)


# ------------------------------------------------------ overfitting/regularization
def reference_l1_update(w, grad, eta: float, lmbda: float, n: int) -> np.ndarray:
    """Eq 97: ``w - (eta lmbda / n) sgn(w) - eta grad``, with ``sgn(0) = 0``."""
    w = np.asarray(w, dtype=float)
    return w - eta * lmbda / n * np.sign(w) - eta * np.asarray(grad, dtype=float)


def grade_l1_update(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(w, grad, eta, lmbda, n)`` performs the L1-regularized step of eq 97."""
    _require_callable(fn, "grade_l1_update")

    def body():
        rng = np.random.default_rng(2)
        cases = [(np.array([0.5, -0.3, 0.0, 2.0]), np.array([0.1, -0.2, 0.3, 0.0]),
                  0.5, 5.0, 1000),
                 (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), 0.1, 0.1, 50),
                 (np.array([1.0, -1.0]), np.zeros(2), 1.0, 10.0, 100)]
        for w, g, eta, lmbda, n in cases:
            args = f"w={_fmt(w)}, grad={_fmt(g)}, eta={eta}, lmbda={lmbda}, n={n}"
            got = _as_array(_call(fn, "l1_update", w.copy(), g.copy(), eta, lmbda, n),
                            "l1_update", args)
            want = reference_l1_update(w, g, eta, lmbda, n)
            l2 = (1 - eta * lmbda / n) * w - eta * g
            hint = "Expected w - (eta*lmbda/n)*sign(w) - eta*grad."
            if got.shape == want.shape and np.allclose(got, l2) and not np.allclose(l2, want):
                hint = ("That is the L2 step (weight decay, which shrinks w in proportion to "
                        "w); L1 subtracts a constant amount (eta*lmbda/n)*sign(w).")
            elif got.shape == want.shape and np.allclose(
                    got, w - eta * lmbda / n * np.sign(w)) and not np.allclose(g, 0):
                hint = "You left out the gradient step -eta*grad of the unregularized cost."
            elif got.shape == want.shape and np.any(w == 0) and np.allclose(
                    got[w != 0], want[w != 0]):
                hint = ("At w = 0 take sgn(0) = 0 (np.sign does this), so a zero weight is "
                        "not pushed by the regularization term.")
            _compare(got, want, "l1_update", args, hint)
        return "the L1 step of eq 97, with sgn(0) = 0, on vectors and matrices."
    return _run("grade_l1_update", body, raise_on_fail)


_EARLY_CASES = [([0.5, 0.6, 0.7, 0.8, 0.9], 2),
                ([0.5, 0.6, 0.6, 0.6, 0.7, 0.7], 2),
                ([0.8, 0.7, 0.75, 0.79, 0.81, 0.6, 0.6, 0.6], 3),
                ([0.9, 0.1, 0.2, 0.3, 0.4, 0.5], 4),
                ([0.3, 0.3], 1),
                ([0.1, 0.5, 0.4, 0.6, 0.55, 0.58, 0.59, 0.61, 0.2, 0.3, 0.4], 3)]


def grade_early_stopping(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(accuracies, n)`` returns how many epochs the no-improvement-in-n rule runs."""
    _require_callable(fn, "grade_early_stopping")

    def body():
        for accs, n in _EARLY_CASES:
            args = f"accuracies={list(accs)}, n={n}"
            got = _call(fn, "early-stopping rule", list(accs), n)
            want = no_improvement(accs, n).epochs_run
            if not isinstance(got, (int, np.integer)) or isinstance(got, bool):
                raise _Wrong(f"your early-stopping rule returned {got!r} for {args}; "
                             f"expected an int (the number of epochs run), here {want}")
            if got != want:
                hint = ""
                if got == want - 1:
                    hint = (" Off by one: count epochs from 1, so stopping after the epoch "
                            "with index i means i + 1 epochs were run.")
                elif any(a == max(accs[:i]) for i, a in enumerate(accs) if i):
                    hint = " Equal to the best so far is not an improvement."
                raise _Wrong(f"for {args} you said {got} epochs run; the rule stops after "
                             f"{want}.{hint} (If the rule never fires, return "
                             f"len(accuracies).)")
        return "the no-improvement-in-n rule, including ties, a late best, and no stop."
    return _run("grade_early_stopping", body, raise_on_fail)


_SCHEDULE_CASES = [([], 0.5, 3),
                   ([0.1, 0.2, 0.3], 0.5, 2),
                   ([0.5, 0.4, 0.4], 0.5, 2),
                   ([0.5, 0.4, 0.4, 0.45], 0.5, 2),
                   ([0.5, 0.4, 0.4, 0.45, 0.5], 1.0, 2),
                   ([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 0.8, 2),
                   ([0.2, 0.3, 0.3, 0.31, 0.3, 0.3, 0.3, 0.29, 0.32, 0.1], 0.25, 3)]


def grade_lr_schedule(fn: Callable, raise_on_fail: bool = False) -> Grade:
    """Grade ``fn(accuracies, eta0, n)`` returns the next epoch's eta (halving rule)."""
    _require_callable(fn, "grade_lr_schedule")

    def body():
        for accs, eta0, n in _SCHEDULE_CASES:
            args = f"accuracies={list(accs)}, eta0={eta0}, n={n}"
            got = _call(fn, "learning-rate schedule", list(accs), eta0, n)
            want = halve_on_plateau(accs, eta0, n)
            try:
                got_f = float(got)
            except (TypeError, ValueError):
                raise _Wrong(f"your schedule returned {got!r} for {args}; expected a "
                             f"number, here {want:g}") from None
            if not np.isclose(got_f, want):
                hint = ""
                if np.isclose(got_f, eta0 / 2) and want < eta0 / 2:
                    hint = (" After a halving, start counting again: another n epochs "
                            "without a new best halve eta once more.")
                raise _Wrong(f"for {args} your schedule gives eta={got_f:g}; expected "
                             f"{want:g}.{hint}")
        return "eta halves each time n epochs pass without a new best, and not otherwise."
    return _run("grade_lr_schedule", body, raise_on_fail)

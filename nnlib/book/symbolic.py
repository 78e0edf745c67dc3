"""SymPy helpers for deriving the cross-entropy (eqs 57, 64 and 71-77).

The chapter ``02_deriving_cross_entropy`` and the exercises build on these:
every step of the derivation is a small function that returns SymPy objects,
and :func:`equal` tells a reader whether two expressions agree (and, when
they do not, where they differ).

Typical use::

    import nnlib.book.symbolic as sym
    s = sym.symbols()
    print(sym.equal(sym.sigmoid_prime(s.z), sym.sigmoid(s.z) * (1 - sym.sigmoid(s.z))))
    steps = sym.derive_cross_entropy()   # eqs 71-77, each with its own verdict
    assert all(step.verdict for step in steps.values())

Conventions: ``a`` is the neuron's output (``0 < a < 1``), ``y`` the target,
``z = w x + b`` the weighted input of a one-input neuron; ``C`` is an undefined
SymPy function standing for "some cost".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any, Mapping, Sequence

import sympy as sp

__all__ = [
    "Symbols", "symbols", "Verdict", "equal", "assert_equal", "Step", "latex_equation",
    "math_block", "show", "sigmoid", "sigmoid_prime", "cross_entropy", "binary_entropy", "kl_divergence",
    "wished_gradients", "sigmoid_prime_identity", "chain_rule_bias", "bias_gradient_in_a", "dC_da_required",
    "partial_fractions", "hand_antiderivative", "tidy_logs", "sympy_antiderivative",
    "cross_entropy_from_gradient",
    "integration_constant", "average_cost", "average_gradients", "recover_gradients",
    "difference_is_constant", "cross_entropy_minimizer", "kl_gap", "weight_gradient_factor",
    "derive_cross_entropy",
]

#: Values tried for every free symbol when SymPy cannot simplify a difference to 0.
#: They lie in (0, 1) so that outputs, targets and logarithms all make sense.
SAMPLE_VALUES: tuple[float, ...] = (0.17, 0.42, 0.73, 0.91)
#: Largest number of sample points a numeric check evaluates.
MAX_POINTS = 64
#: A difference smaller than this at every sample point counts as zero.
TOLERANCE = 1e-9


# --------------------------------------------------------------------------- symbols
@dataclass(frozen=True)
class Symbols:
    """The symbols of the derivation (see :func:`symbols`)."""

    a: sp.Symbol  #: output of the neuron, 0 < a < 1
    y: sp.Symbol  #: target
    z: sp.Symbol  #: weighted input
    w: sp.Symbol  #: weight
    b: sp.Symbol  #: bias
    x: sp.Symbol  #: input
    n: sp.Symbol  #: number of training inputs
    i: sp.Symbol  #: index of a training input
    xs: sp.IndexedBase  #: inputs x_i
    ys: sp.IndexedBase  #: targets y_i
    C: Any = field(default=sp.Function("C"))  #: an unknown cost, C(a)

    @property
    def z_expr(self) -> sp.Expr:
        """The weighted input ``w x + b`` of a one-input neuron."""
        return self.w * self.x + self.b


def symbols() -> Symbols:
    """Fresh symbols for the derivation.

    ``a`` is declared positive (SymPy cannot also say ``a < 1``); ``y`` is
    non-negative; ``z, w, b, x`` are real; ``n`` is a positive integer.
    """
    return Symbols(
        a=sp.Symbol("a", positive=True), y=sp.Symbol("y", nonnegative=True),
        z=sp.Symbol("z", real=True), w=sp.Symbol("w", real=True),
        b=sp.Symbol("b", real=True), x=sp.Symbol("x", real=True),
        n=sp.Symbol("n", integer=True, positive=True), i=sp.Symbol("i", integer=True),
        xs=sp.IndexedBase("x"), ys=sp.IndexedBase("y"),
    )


def _sym(s: Symbols | None) -> Symbols:
    if s is None:
        return symbols()
    if not isinstance(s, Symbols):
        raise ValueError(f"expected the symbols from nnlib.book.symbolic.symbols(), got "
                         f"{type(s).__name__}; call s = nnlib.book.symbolic.symbols() first")
    return s


# --------------------------------------------------------------------------- comparing
@dataclass(frozen=True)
class Verdict:
    """The verdict of :func:`equal`; true when the two sides are equal.

    Attributes
    ----------
    ok : bool
        Whether the sides agree.
    how : str
        ``"symbolic"`` (the difference simplifies to 0), ``"numeric"`` (SymPy
        could not simplify it, but it vanishes at every sample point),
        ``"different"`` or ``"undecided"`` (neither test could be run).
    difference : sympy.Expr
        ``lhs - rhs`` after simplification.
    counterexample : dict or None
        For ``"different"``: values of the free symbols where the sides differ.
    message : str
        One line for a reader.
    """

    ok: bool
    how: str
    difference: sp.Expr
    counterexample: dict | None
    message: str
    name: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return self.message

    def require(self) -> "Verdict":
        """Return ``self``, or raise AssertionError with the message if not ok."""
        if not self.ok:
            raise AssertionError(self.message)
        return self


def _as_expr(value, what: str) -> sp.Expr:
    """``value`` as a SymPy object. Strings are parsed with the names ``a, y, z, w, b, x, n``
    bound to the symbols of :func:`symbols` (same assumptions), so ``"(a - y)/(a*(1 - a))"``
    can be compared with expressions built from ``symbols()``."""
    if isinstance(value, sp.Basic):
        return value
    try:
        if isinstance(value, str):
            s = symbols()
            names = {k: getattr(s, k) for k in ("a", "y", "z", "w", "b", "x", "n")}
            return sp.sympify(value, locals=names)
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError, SyntaxError) as exc:
        raise ValueError(f"{what} must be a SymPy expression, a number or a formula string "
                         f"such as '(a - y)/(a*(1 - a))', got {value!r}; or build it from the "
                         f"symbols of nnlib.book.symbolic.symbols()") from exc


def tidy_logs(expr: sp.Expr) -> sp.Expr:
    """Cancel the argument of every logarithm, e.g. ``log(a + (1-2y)/(2y-1))`` -> ``log(a - 1)``."""
    return expr.replace(lambda e: isinstance(e, sp.log),
                        lambda e: sp.log(sp.factor(sp.cancel(e.args[0]))))


def _simplified_difference(diff: sp.Expr) -> sp.Expr:
    """``diff`` simplified; 0 when one of several rewritings shows it is 0.

    Logarithms are expanded with ``force=True`` (``ln(pq) = ln p + ln q``),
    which is valid here because outputs and targets lie in (0, 1).
    """
    diff = sp.simplify(diff)
    if diff == 0:
        return diff
    for attempt in (lambda d: sp.expand_log(d, force=True),
                    lambda d: sp.logcombine(d, force=True),
                    lambda d: tidy_logs(d).doit()):
        alt = sp.simplify(attempt(diff))
        if alt == 0:
            return alt
    return diff


def _numeric_points(free: Sequence[sp.Symbol]):
    n = len(free)
    pts = product(SAMPLE_VALUES, repeat=n) if n else [()]
    for k, values in enumerate(pts):
        if k >= MAX_POINTS:
            break
        yield dict(zip(free, values))


def _cheap_zero(diff: sp.Expr) -> bool:
    """Fast test: is ``diff`` 0 after expanding logs and cancelling fractions?"""
    try:
        return sp.cancel(sp.expand(sp.expand_log(diff, force=True))) == 0
    except sp.PolynomialError:  # undefined functions, sums, ...: leave it to simplify
        return False


def _numeric_probe(diff: sp.Expr) -> tuple[str, dict | None, int]:
    """Evaluate ``diff`` at sample points: ``("different", point, k)``, ``("zero", None, k)``
    or ``("unevaluable", None, 0)`` when it contains something without a numeric value."""
    free = sorted(diff.free_symbols, key=str)
    evaluated = 0
    for point in _numeric_points(free):
        try:
            value = complex(sp.N(diff.subs(point)))
        except (TypeError, ValueError):
            return "unevaluable", None, 0
        evaluated += 1
        if value != value or abs(value) > TOLERANCE:  # nan counts as different
            return "different", point, evaluated
    return "zero", None, evaluated


def equal(lhs, rhs=None, name: str = "") -> Verdict:
    """Decide whether ``lhs`` equals ``rhs`` (or whether the equation ``lhs`` holds).

    A quick symbolic test first (expand logarithms, cancel fractions); then a
    numeric probe at sample points with every free symbol in (0, 1), which
    settles "different" at once and names a point where the sides differ;
    otherwise ``simplify(lhs - rhs) == 0`` (with a few rewritings). If SymPy
    cannot simplify a difference that vanishes at every sample point, the
    verdict is "numeric" (equal, with a note).

    Parameters
    ----------
    lhs : sympy.Expr or sympy.Eq
        An expression, or an equation (then leave ``rhs`` out).
    rhs : sympy.Expr, optional
        The other side.
    name : str
        What is being checked, used in the message (e.g. ``"eq 74"``).

    Returns
    -------
    Verdict
        Truthy when equal; ``print(verdict)`` explains it.

    Examples
    --------
    >>> s = symbols()
    >>> bool(equal(sp.diff(sp.log(s.a), s.a), 1 / s.a))
    True
    """
    label = f"{name}: " if name else ""
    if isinstance(lhs, sp.logic.boolalg.BooleanAtom):  # sp.Eq(...) that SymPy already decided
        if rhs is not None:
            raise ValueError("pass either an equation sp.Eq(lhs, rhs) or two expressions, not both")
        verdict = "equal" if lhs else "NOT equal"
        return Verdict(bool(lhs), "symbolic" if lhs else "different", sp.S.Zero, None,
                     f"{label}{verdict} (SymPy decided the equation when it was built)", name)
    if isinstance(lhs, sp.Equality):
        if rhs is not None:
            raise ValueError("pass either an equation sp.Eq(lhs, rhs) or two expressions, not both")
        lhs, rhs = lhs.lhs, lhs.rhs
    elif rhs is None:
        raise ValueError("equal needs two expressions (lhs, rhs) or one sp.Eq(lhs, rhs)")
    lhs, rhs = _as_expr(lhs, "lhs"), _as_expr(rhs, "rhs")
    unsimplified = lhs - rhs
    if _cheap_zero(unsimplified):
        return Verdict(True, "symbolic", sp.S.Zero, None,
                     f"{label}equal (the difference simplifies to 0)", name)
    status, where, evaluated = _numeric_probe(unsimplified)
    if status == "different":  # no need for an expensive simplification
        shown = sp.simplify(unsimplified) if sp.count_ops(unsimplified) <= 40 else unsimplified
        l_val, r_val = (sp.N(e.subs(where), 6) for e in (lhs, rhs))
        at = ", ".join(f"{k} = {v}" for k, v in where.items()) or "every point"
        return Verdict(False, "different", shown, {str(k): v for k, v in where.items()},
                     f"{label}NOT equal\n  difference: {shown}\n  e.g. at {at}: "
                     f"left side {l_val}, right side {r_val}", name)
    diff = _simplified_difference(unsimplified)
    if diff == 0:
        return Verdict(True, "symbolic", diff, None,
                     f"{label}equal (the difference simplifies to 0)", name)
    if status == "zero":
        return Verdict(True, "numeric", diff, None,
                     f"{label}equal at {evaluated} sample points in (0, 1) (SymPy could not "
                     f"simplify the difference {diff} to 0 by itself)", name)
    return Verdict(False, "undecided", diff, None,
                 f"{label}could not be decided: the difference {diff} does not simplify to 0 "
                 f"and cannot be evaluated numerically (it contains undefined functions)", name)


def assert_equal(lhs, rhs=None, name: str = "") -> Verdict:
    """:func:`equal`, raising AssertionError (with the explanation) if not equal."""
    return equal(lhs, rhs, name).require()


# --------------------------------------------------------------------------- display
def latex_equation(lhs, rhs, tag: int | str | None = None) -> str:
    """LaTeX for ``lhs = rhs`` with an optional equation number ``\\tag{..}``."""
    text = f"{sp.latex(lhs)} = {sp.latex(rhs)}"
    return text + (rf" \tag{{{tag}}}" if tag is not None else "")


def math_block(latex: str):
    """``IPython.display.Latex`` of ``$$ latex $$``: display math, so ``\\tag{..}`` works
    in Jupyter and on the built site (``IPython.display.Math`` makes inline math)."""
    from IPython.display import Latex
    return Latex(f"$$ {latex} $$")


def show(lhs, rhs, tag: int | str | None = None):
    """Display math for ``lhs = rhs`` (numbered with ``tag``), see :func:`math_block`."""
    return math_block(latex_equation(lhs, rhs, tag))


@dataclass(frozen=True)
class Step:
    """One numbered equation of the derivation, with its verdict."""

    tag: int
    lhs: sp.Expr
    rhs: sp.Expr
    verdict: Verdict

    def _repr_latex_(self) -> str:
        return "$$" + latex_equation(self.lhs, self.rhs, self.tag) + "$$"


# --------------------------------------------------------------------------- building blocks
def sigmoid(z) -> sp.Expr:
    """The sigmoid ``1 / (1 + exp(-z))`` as a SymPy expression."""
    return 1 / (1 + sp.exp(-_as_expr(z, "z")))


def sigmoid_prime(z) -> sp.Expr:
    """``d sigma / dz``, computed by SymPy (not simplified)."""
    z = _as_expr(z, "z")
    t = sp.Dummy("t")
    return sp.diff(sigmoid(t), t).subs(t, z)


def cross_entropy(a, y) -> sp.Expr:
    """``-[y ln a + (1 - y) ln(1 - a)]``: one neuron, one input (eq 76 with constant 0)."""
    a, y = _as_expr(a, "a"), _as_expr(y, "y")
    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


def binary_entropy(y) -> sp.Expr:
    """``-[y ln y + (1 - y) ln(1 - y)]`` (eq 64); the cross-entropy at ``a = y``."""
    return cross_entropy(y, y)


def kl_divergence(y, a) -> sp.Expr:
    """``y ln(y/a) + (1 - y) ln((1 - y)/(1 - a))``: Kullback-Leibler divergence of (a, 1-a) from (y, 1-y)."""
    a, y = _as_expr(a, "a"), _as_expr(y, "y")
    return y * sp.log(y / a) + (1 - y) * sp.log((1 - y) / (1 - a))


# --------------------------------------------------------------------------- eqs 71-77
def wished_gradients(s: Symbols | None = None) -> tuple[sp.Expr, sp.Expr]:
    """The wish (71, 72): ``dC/dw = x (a - y)`` and ``dC/db = a - y``."""
    s = _sym(s)
    return s.x * (s.a - s.y), s.a - s.y


def sigmoid_prime_identity(s: Symbols | None = None) -> Verdict:
    """Verdict on ``sigma'(z) = sigma(z) (1 - sigma(z))``, the identity that turns eq 73 into 74."""
    s = _sym(s)
    sig = sigmoid(s.z)
    return equal(sp.diff(sig, s.z), sig * (1 - sig), "sigma' = sigma (1 - sigma)")


def chain_rule_bias(s: Symbols | None = None) -> tuple[sp.Expr, sp.Expr, Verdict]:
    """Eq 73 for an unknown cost ``C(a)``: ``dC/db = C'(a) sigma'(z)``.

    Returns ``(lhs, rhs, verdict)``: ``lhs`` is SymPy's derivative of
    ``C(sigma(w x + b))`` with respect to ``b``; ``rhs`` is ``C'(a)`` times
    ``sigma'(z)``, both evaluated at ``a = sigma(z)``, ``z = w x + b``.
    """
    s = _sym(s)
    zx = s.z_expr
    lhs = sp.diff(s.C(sigmoid(zx)), s.b)
    rhs = sp.diff(s.C(s.a), s.a).subs(s.a, sigmoid(zx)) * sigmoid_prime(s.z).subs(s.z, zx)
    return lhs, rhs, equal(lhs, rhs, "eq 73 (chain rule)")


def bias_gradient_in_a(s: Symbols | None = None) -> tuple[sp.Expr, sp.Expr, Verdict]:
    """Eq 74 for an unknown cost ``C(a)``: ``dC/db = C'(a) a (1 - a)``.

    Eq 73 with ``sigma'(z) = a (1 - a)``. Returns ``(lhs, rhs, verdict)``:
    ``lhs`` is SymPy's derivative of ``C(sigma(w x + b))`` with respect to
    ``b``; ``rhs`` is ``C'(a) a (1 - a)`` at ``a = sigma(w x + b)``.
    """
    s = _sym(s)
    a_of_z = sigmoid(s.z_expr)
    lhs = sp.diff(s.C(a_of_z), s.b)
    rhs = (sp.diff(s.C(s.a), s.a) * s.a * (1 - s.a)).subs(s.a, a_of_z)
    return lhs, rhs, equal(lhs, rhs, "eq 74")


def dC_da_required(s: Symbols | None = None) -> sp.Expr:
    """Solve ``C'(a) a (1 - a) = a - y`` (eqs 72-74) for ``C'(a)``: eq 75."""
    s = _sym(s)
    d = sp.Symbol("D")
    (sol,) = sp.solve(sp.Eq(d * s.a * (1 - s.a), s.a - s.y), d)
    return sol


def partial_fractions(expr=None, s: Symbols | None = None) -> sp.Expr:
    """``sp.apart`` in ``a``; by default of eq 75, giving ``(1-y)/(1-a) - y/a``."""
    s = _sym(s)
    expr = dC_da_required(s) if expr is None else _as_expr(expr, "expr")
    return sp.apart(expr, s.a)


def hand_antiderivative(s: Symbols | None = None) -> sp.Expr:
    """Integrate ``(1-y)/(1-a) - y/a`` term by term, as by hand, for ``0 < a < 1``.

    ``int (1-y)/(1-a) da = -(1-y) ln(1-a)`` and ``int y/a da = y ln a``.
    The result is checked by differentiating it back.
    """
    s = _sym(s)
    result = -(1 - s.y) * sp.log(1 - s.a) - s.y * sp.log(s.a)
    assert_equal(sp.diff(result, s.a), partial_fractions(None, s), "hand antiderivative")
    return result


def sympy_antiderivative(expr=None, s: Symbols | None = None) -> sp.Expr:
    """``sp.integrate(expr, a)`` (default: eq 75) with the log arguments tidied."""
    s = _sym(s)
    expr = dC_da_required(s) if expr is None else _as_expr(expr, "expr")
    return tidy_logs(sp.integrate(expr, s.a))


def integration_constant(C_without_constant=None, s: Symbols | None = None) -> sp.Expr:
    """The constant ``c`` that makes ``C + c -> 0`` as ``a -> y`` for ``y = 0`` and ``y = 1``.

    Computes one-sided limits (``a -> 0+`` with ``y = 0``; ``a -> 1-`` with
    ``y = 1``) and solves both conditions for ``c``.

    Raises
    ------
    ValueError
        If no single constant satisfies both conditions.
    """
    s = _sym(s)
    C = hand_antiderivative(s) if C_without_constant is None else _as_expr(C_without_constant, "C")
    c = sp.Symbol("c")
    conditions = [sp.Eq(sp.limit(C.subs(s.y, 0), s.a, 0, "+") + c, 0),
                  sp.Eq(sp.limit(C.subs(s.y, 1), s.a, 1, "-") + c, 0)]
    sol = sp.solve(conditions, c, dict=True)
    if len(sol) != 1:
        raise ValueError(f"no single constant makes the cost vanish at a = y for y = 0 and "
                         f"y = 1 (conditions {conditions}); is C an antiderivative of eq 75?")
    return sol[0][c]


def cross_entropy_from_gradient(dC_da=None, s: Symbols | None = None) -> sp.Expr:
    """The cost whose slope in ``a`` is ``dC_da`` (default: eq 75), with its constant fixed.

    Splits ``dC_da`` into partial fractions, integrates term by term, writes
    every logarithm with a positive argument on ``0 < a < 1`` (``ln(1 - a)``
    rather than SymPy's ``ln(a - 1)``), checks the result by differentiating,
    and adds the constant from :func:`integration_constant`. With the default
    this returns the cross-entropy ``-[y ln a + (1 - y) ln(1 - a)]``.

    Raises
    ------
    ValueError
        If no single number makes the cost vanish at ``a = y`` for ``y = 0``
        and ``y = 1`` (e.g. for ``dC_da = a - y``, whose cost ``(a - y)^2 / 2``
        needs a constant that depends on ``y``).
    """
    s = _sym(s)
    expr = dC_da_required(s) if dC_da is None else _as_expr(dC_da, "dC_da")
    half = sp.Rational(1, 2)
    C = tidy_logs(sp.integrate(sp.apart(expr, s.a), s.a))
    C = C.replace(lambda e: isinstance(e, sp.log) and bool(e.args[0].subs(s.a, half).is_negative),
                  lambda e: sp.log(sp.expand(-e.args[0])))
    assert_equal(sp.diff(C, s.a), expr, "antiderivative")
    return C + integration_constant(C, s)


def average_cost(s: Symbols | None = None) -> sp.Expr:
    """Eq 77: ``-(1/n) sum_i [y_i ln a_i + (1 - y_i) ln(1 - a_i)]`` with ``a_i = sigma(w x_i + b)``."""
    s = _sym(s)
    a_i = sigmoid(s.w * s.xs[s.i] + s.b)
    return sp.Sum(cross_entropy(a_i, s.ys[s.i]), (s.i, 1, s.n)) / s.n


def _equal_sums(total: sp.Expr, want: sp.Expr, name: str) -> Verdict:
    """Compare two sums over the same range term by term (a sufficient condition)."""
    if not (isinstance(total, sp.Sum) and isinstance(want, sp.Sum) and total.limits == want.limits):
        return equal(total, want, name)
    inner = equal(total.function, want.function, name + " (term i)")
    msg = inner.message.replace(" (term i)", "", 1)
    return Verdict(inner.ok, inner.how, inner.difference, inner.counterexample,
                 msg + (" term by term" if inner.ok else ""), name)


def average_gradients(s: Symbols | None = None) -> tuple[Verdict, Verdict]:
    """Verdict that eq 77's gradients are the averages ``(1/n) sum x_i (a_i - y_i)`` and ``(1/n) sum (a_i - y_i)``.

    The derivative of a sum is the sum of the derivatives, so it suffices that
    the i-th terms agree; that is what is checked (both sums run over ``i = 1..n``).
    """
    s = _sym(s)
    n_times_C = average_cost(s) * s.n
    err = sigmoid(s.w * s.xs[s.i] + s.b) - s.ys[s.i]
    want_w = sp.Sum(s.xs[s.i] * err, (s.i, 1, s.n))
    want_b = sp.Sum(err, (s.i, 1, s.n))
    return (_equal_sums(sp.diff(n_times_C, s.w), want_w, "eq 77, dC/dw"),
            _equal_sums(sp.diff(n_times_C, s.b), want_b, "eq 77, dC/db"))


def recover_gradients(C=None, s: Symbols | None = None) -> tuple[Verdict, Verdict]:
    """Close the loop: put ``a = sigma(w x + b)`` into ``C(a)`` and differentiate.

    Returns verdicts that ``dC/dw = x (a - y)`` (eq 71) and ``dC/db = a - y``
    (eq 72). ``C`` defaults to the cross-entropy.
    """
    s = _sym(s)
    C = cross_entropy(s.a, s.y) if C is None else _as_expr(C, "C")
    a_of_z = sigmoid(s.z_expr)
    Cz = C.subs(s.a, a_of_z)
    want_w, want_b = (g.subs(s.a, a_of_z) for g in wished_gradients(s))
    return (equal(sp.diff(Cz, s.w), want_w, "eq 71"),
            equal(sp.diff(Cz, s.b), want_b, "eq 72"))


def difference_is_constant(C1, C2, s: Symbols | None = None) -> Verdict:
    """Verdict that ``C1 - C2`` does not depend on ``a``, hence not on ``w`` or ``b`` either.

    Two costs with the same gradients (71, 72) pass; the verdict is False for
    costs whose difference changes with the output ``a``.
    """
    s = _sym(s)
    D = _as_expr(C1, "C1") - _as_expr(C2, "C2")
    Dz = D.subs(s.a, sigmoid(s.z_expr))
    for what, expr in (("a", D), ("w", Dz), ("b", Dz)):
        c = equal(sp.diff(expr, getattr(s, what)), 0, f"d(C1 - C2)/d{what}")
        if not c:  # stop at the first failure
            return Verdict(False, c.how, c.difference, c.counterexample,
                         "the costs do NOT differ by a constant: " + c.message, "uniqueness")
    return Verdict(True, "symbolic", sp.S.Zero, None,
                 "the costs differ by a constant: d/da, d/dw and d/db of the difference are 0",
                 "uniqueness")


@dataclass(frozen=True)
class Minimum:
    """Where the cross-entropy is smallest for a fixed target ``y`` (see :func:`cross_entropy_minimizer`)."""

    critical_points: list
    second_derivative: sp.Expr
    minimum_value: sp.Expr
    is_binary_entropy: Verdict


def cross_entropy_minimizer(s: Symbols | None = None) -> Minimum:
    """Solve ``dC/da = 0`` for the cross-entropy: ``a = y``, a minimum with value eq 64."""
    s = _sym(s)
    C = cross_entropy(s.a, s.y)
    crit = sp.solve(sp.diff(C, s.a), s.a)
    second = sp.simplify(sp.diff(C, s.a, 2).subs(s.a, s.y))
    value = C.subs(s.a, s.y)
    return Minimum(crit, second, value, equal(value, binary_entropy(s.y), "eq 64"))


def kl_gap(s: Symbols | None = None) -> Verdict:
    """Verdict ``C(a, y) - H(y) = KL(y || a)``: the cross-entropy is the entropy plus a gap."""
    s = _sym(s)
    return equal(cross_entropy(s.a, s.y) - binary_entropy(s.y), kl_divergence(s.y, s.a),
                       "C - H = KL")


def weight_gradient_factor(n_inputs: int = 2) -> tuple[list[sp.Expr], sp.Expr, list[Verdict]]:
    """For ANY cost of the output, ``dC/dw_j = x_j dC/db``.

    The cost is an undefined function ``C(z)`` of ``z = sum_j w_j x_j + b``
    (any cost of ``a = sigma(z)`` and ``y`` is such a function). Returns the
    weight gradients, the bias gradient and one verdict per weight.
    """
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, int) or n_inputs < 1:
        raise ValueError(f"n_inputs must be a positive integer, got {n_inputs!r}")
    ws = sp.symbols(f"w1:{n_inputs + 1}", real=True)
    xs = sp.symbols(f"x1:{n_inputs + 1}", real=True)
    b = sp.Symbol("b", real=True)
    C = sp.Function("C")(sum(w * x for w, x in zip(ws, xs)) + b)
    grads = [sp.diff(C, w) for w in ws]
    db = sp.diff(C, b)
    verdicts = [equal(g, x * db, f"dC/d{w} = {x} dC/db") for g, w, x in zip(grads, ws, xs)]
    return grads, db, verdicts


def derive_cross_entropy(s: Symbols | None = None) -> dict[int, Step]:
    """Run the whole derivation and return eqs 71-77 as :class:`Step` s with verdicts.

    71, 72: the wished gradients, compared with the cross-entropy found at
    the end (closing the loop); 73: chain rule for an unknown ``C``; 74: the
    same with ``sigma'(z) = a (1 - a)``, ``dC/db = C'(a) a (1 - a)``; 75: ``dC/da``; 76: the antiderivative with its
    constant fixed by limits; 77: the average over ``n`` inputs.
    """
    s = _sym(s)
    a_of_z = sigmoid(s.z_expr)
    d75 = dC_da_required(s)
    C76 = hand_antiderivative(s) + integration_constant(None, s)
    c71, c72 = recover_gradients(C76, s)
    gw, gb = wished_gradients(s)
    lhs73, rhs73, c73 = chain_rule_bias(s)
    lhs74, rhs74, c74 = bias_gradient_in_a(s)
    dw77, db77 = average_gradients(s)
    Cz = C76.subs(s.a, a_of_z)
    c76 = equal(sp.diff(C76, s.a), d75, "eq 76 (derivative gives eq 75)")
    c77 = Verdict(dw77.ok and db77.ok, "symbolic", sp.S.Zero, None,
                f"{dw77.message}; {db77.message}", "eq 77")
    dC = sp.Derivative(s.C(s.a), s.a)
    return {
        71: Step(71, sp.Derivative(Cz, s.w), gw.subs(s.a, a_of_z), c71),
        72: Step(72, sp.Derivative(Cz, s.b), gb.subs(s.a, a_of_z), c72),
        73: Step(73, lhs73, rhs73, c73),
        74: Step(74, lhs74, rhs74, c74),
        75: Step(75, dC, d75, equal(d75 * s.a * (1 - s.a), s.a - s.y, "eq 75")),
        76: Step(76, s.C(s.a), C76, c76),
        77: Step(77, sp.Symbol("C"), average_cost(s), c77),
    }

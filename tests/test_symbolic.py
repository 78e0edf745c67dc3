"""nnlib.book.symbolic: the derivation of the cross-entropy (eqs 71-77) re-derived
through the helpers, and every verdict shown to fail on a wrong input."""
from __future__ import annotations

import pytest
import sympy as sp

import nnlib.book.symbolic as sym


@pytest.fixture(scope="module")
def s():
    return sym.symbols()


@pytest.fixture(scope="module")
def steps(s):
    return sym.derive_cross_entropy(s)


# ----------------------------------------------------------------------------- equal
def test_equal_symbolic_and_equation_form(s):
    c = sym.equal(sp.diff(sp.log(s.a), s.a), 1 / s.a, "d ln a")
    assert c and c.how == "symbolic" and "d ln a: equal" in str(c)
    assert sym.equal(sp.Eq(s.a * (1 - s.a), s.a - s.a**2))


def test_equal_reports_a_counterexample(s):
    c = sym.equal(s.a**2, s.a, "square")
    assert not c and c.how == "different"
    assert "NOT equal" in c.message and "left side" in c.message
    a_val = c.counterexample["a"]
    assert abs(a_val**2 - a_val) > 1e-3


def test_equal_numeric_fallback_for_logs_of_quotients(s):
    # log((y-1)/(a-1)) = log((1-y)/(1-a)) only because 0 < a, y < 1
    c = sym.equal(sp.log((s.y - 1) / (s.a - 1)), sp.log((1 - s.y) / (1 - s.a)))
    assert c.ok and c.how in ("symbolic", "numeric")


def test_equal_undecided_for_unknown_functions(s):
    c = sym.equal(s.C(s.a), s.C(s.a) + sp.Derivative(s.C(s.a), s.a))
    assert not c and c.how == "undecided"


def test_equal_bad_input(s):
    with pytest.raises(ValueError, match="two expressions"):
        sym.equal(s.a)
    with pytest.raises(ValueError, match="not both"):
        sym.equal(sp.Eq(s.a, s.a), s.a)
    with pytest.raises(ValueError, match="SymPy expression"):
        sym.equal(object(), s.a)
    with pytest.raises(ValueError, match="symbols"):
        sym.sigmoid_prime_identity("not symbols")


def test_equal_parses_formula_strings_with_our_symbols(s):
    c = sym.equal("(a - y)/(a*(1 - a))", sym.dC_da_required(s))
    assert c and c.how == "symbolic"
    assert not sym.equal("(a - y)/a", sym.dC_da_required(s))
    with pytest.raises(ValueError, match="formula string"):
        sym.equal("a +* y", s.a)


def test_assert_equal_raises_with_the_explanation(s):
    sym.assert_equal(s.a + s.a, 2 * s.a)
    with pytest.raises(AssertionError, match="NOT equal"):
        sym.assert_equal(s.a + s.a, 3 * s.a, "doubling")


# ----------------------------------------------------------------------------- eqs 71-77
def test_all_seven_equations_hold(steps):
    assert sorted(steps) == [71, 72, 73, 74, 75, 76, 77]
    for tag, step in steps.items():
        assert step.verdict, f"eq {tag}: {step.verdict}"


def test_eq75_and_partial_fractions(s):
    d75 = sym.dC_da_required(s)
    assert sym.equal(d75, (s.a - s.y) / (s.a * (1 - s.a)))
    split = sym.partial_fractions(None, s)
    assert sym.equal(split, (1 - s.y) / (1 - s.a) - s.y / s.a)
    assert not sym.equal(split, (1 - s.y) / (1 - s.a) + s.y / s.a)


def test_eq76_integrals_agree_up_to_a_constant(s):
    hand = sym.hand_antiderivative(s)
    auto = sym.sympy_antiderivative(None, s)
    assert sym.equal(sp.diff(auto, s.a), sym.dC_da_required(s))
    assert sym.difference_is_constant(auto, hand, s)
    assert sym.integration_constant(None, s) == 0
    assert sym.equal(hand, sym.cross_entropy(s.a, s.y))


def test_integration_constant_sees_a_shifted_cost(s):
    assert sym.integration_constant(sym.cross_entropy(s.a, s.y) + 5, s) == -5
    with pytest.raises(ValueError, match="no single constant"):
        sym.integration_constant(sym.cross_entropy(s.a, s.y) + s.y, s)


def test_closing_the_loop_rejects_the_quadratic_cost(s):
    assert all(sym.recover_gradients(None, s))
    quad = (s.a - s.y) ** 2 / 2
    cw, cb = sym.recover_gradients(quad, s)
    assert not cw and not cb and cb.how == "different"


def test_eq73_chain_rule_detects_a_missing_factor(s):
    lhs, rhs, ok = sym.chain_rule_bias(s)
    assert ok
    assert not sym.equal(lhs, sp.diff(s.C(s.a), s.a).subs(s.a, sym.sigmoid(s.z_expr)))


def test_eq74_identity_and_a_wrong_version(s):
    assert sym.sigmoid_prime_identity(s)
    sig = sym.sigmoid(s.z)
    assert not sym.equal(sym.sigmoid_prime(s.z), sig * (1 + sig))


def test_eq77_average_gradients(s):
    cw, cb = sym.average_gradients(s)
    assert cw and cb
    wrong = sp.Sum(sym.sigmoid(s.w * s.xs[s.i] + s.b) - s.ys[s.i], (s.i, 1, s.n))
    assert not sym._equal_sums(sp.diff(sym.average_cost(s) * s.n, s.w), wrong, "x missing")


def test_uniqueness_accepts_constants_and_rejects_other_costs(s):
    ce = sym.cross_entropy(s.a, s.y)
    assert sym.difference_is_constant(ce + 7 * s.y + 3, ce, s)
    c = sym.difference_is_constant(ce, (s.a - s.y) ** 2 / 2, s)
    assert not c and "NOT" in c.message


# ----------------------------------------------------------------------------- meaning
def test_minimizer_is_y_with_binary_entropy(s):
    m = sym.cross_entropy_minimizer(s)
    assert m.critical_points == [s.y]
    assert m.is_binary_entropy
    assert m.second_derivative.subs(s.y, sp.Rational(1, 3)) > 0
    assert sym.equal(m.second_derivative, 1 / (s.y * (1 - s.y)))


def test_kl_gap_and_its_failure_with_swapped_roles(s):
    assert sym.kl_gap(s)
    swapped = sym.kl_divergence(s.a, s.y)
    assert not sym.equal(sym.cross_entropy(s.a, s.y) - sym.binary_entropy(s.y), swapped)
    # KL is 0 at a = y and its a-derivative is eq 75
    kl = sym.kl_divergence(s.y, s.a)
    assert sp.simplify(kl.subs(s.a, s.y)) == 0
    assert sym.equal(sp.diff(kl, s.a), sym.dC_da_required(s))


def test_weight_gradient_factor_for_any_cost():
    grads, db, verdicts = sym.weight_gradient_factor(3)
    assert len(grads) == 3 and all(verdicts)
    x1 = sp.Symbol("x1", real=True)
    assert not sym.equal(grads[1], x1 * db)  # dC/dw2 is x2 dC/db, not x1 dC/db
    with pytest.raises(ValueError, match="positive integer"):
        sym.weight_gradient_factor(0)


def test_latex_equation_has_the_tag(s):
    text = sym.latex_equation(s.a, s.y, 75)
    assert text.endswith(r"\tag{75}") and "a = y" in text


def test_show_makes_display_math_with_the_tag(s):
    shown = sym.show(s.a, s.y, 72)
    assert shown.data.startswith("$$") and shown.data.endswith("$$") and r"\tag{72}" in shown.data


def test_cross_entropy_from_gradient(s):
    C = sym.cross_entropy_from_gradient(None, s)
    assert sym.equal(C, sym.cross_entropy(s.a, s.y)) and not C.has(sp.I)
    # a wished slope whose cost needs a y-dependent constant is refused with a reason
    with pytest.raises(ValueError, match="no single constant"):
        sym.cross_entropy_from_gradient(s.a - s.y, s)


def test_eq74_is_the_chain_rule_with_a_one_minus_a(s):
    lhs, rhs, verdict = sym.bias_gradient_in_a(s)
    assert verdict and verdict.how == "symbolic"
    wrong = (sp.diff(s.C(s.a), s.a) * s.a).subs(s.a, sym.sigmoid(s.z_expr))
    assert not sym.equal(lhs, wrong)

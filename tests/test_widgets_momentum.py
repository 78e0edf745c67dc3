"""The momentum valley (chapter 8): the valley's arithmetic (Newton step, descent paths),
the widget's validation, and its JavaScript (run in Node through tests/js/run_exports.mjs)
against the NumPy paths, to 1e-9."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from js_exports import js_caller

from nnlib.book import valley
from nnlib.book.widgets.momentum import (ETA_VALUES, MU_VALUES, STEPS_VALUES, MomentumValley,
                                         esm)

TOL = 1e-9
node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def test_one_newton_step_lands_on_the_minimum_from_anywhere():
    rng = np.random.default_rng(0)
    for w in rng.normal(scale=5, size=(20, 2)):
        assert np.allclose(valley.newton_step(w), valley.W_MIN, atol=1e-12)
    assert valley.cost(valley.W_MIN) == 0 and valley.cost(valley.START) > 30


def test_descent_path_is_eqs_107_108_and_mu_0_is_plain_descent():
    p = valley.descent_path(0.05, 0.0, 30)
    w = valley.START.copy()
    for k in range(30):
        w = w - 0.05 * valley.gradient(w)
        assert np.allclose(p[k + 1], w, rtol=1e-13, atol=1e-13)
    m = valley.descent_path(0.05, 0.6, 30)
    w, v = valley.START.copy(), np.zeros(2)
    for k in range(30):
        v = 0.6 * v - 0.05 * valley.gradient(w)
        w = w + v
        assert np.allclose(m[k + 1], w, rtol=1e-13, atol=1e-13)


def test_what_the_chapter_says_about_the_valley():
    """Plain descent is stable only for eta < 2/20; momentum 0.6 reaches 1e-3 far sooner;
    mu above 1 never settles."""
    assert valley.steps_to(0.095) is not None and valley.steps_to(0.105) is None
    assert valley.steps_to(0.05, 0.6) < valley.steps_to(0.05) / 2
    assert valley.steps_to(0.05, 1.05) is None


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="steps must be a whole number"):
        valley.descent_path(0.1, 0.0, -1)
    with pytest.raises(ValueError, match="eta must be a positive number"):
        valley.descent_path(0.0, 0.5)
    with pytest.raises(ValueError, match="two finite numbers"):
        valley.cost([1.0, np.nan])
    w = MomentumValley()
    for trait, bad in (("eta", 0.33), ("mu", 0.33), ("steps", 7), ("eta", "x")):
        with pytest.raises(Exception):
            setattr(w, trait, bad)


def test_widget_state_and_readout():
    w = MomentumValley(eta=0.05, mu=0.9, steps=50)
    assert w.hessian == valley.H.tolist() and w.start == valley.START.tolist()
    r = w.readout()
    assert r["cost_momentum"] == valley.cost(valley.descent_path(0.05, 0.9, 50)[-1])
    assert r["steps_plain"] == valley.steps_to(0.05)
    assert w._esm == esm() and "export function descentPath" in w._esm
    assert 0.0 in MU_VALUES and 1.1 in MU_VALUES and -0.5 in MU_VALUES


@pytest.fixture
def call(tmp_path):
    return js_caller(tmp_path, "momentum", esm())


def close(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    finite = np.isfinite(b)
    return bool(np.all(np.isfinite(a) == finite) and
                np.all(np.abs(a[finite] - b[finite]) <= TOL * np.maximum(1, np.abs(b[finite]))))


@node
def test_js_paths_are_the_numpy_paths(call):
    """Every slider value of eta and mu (200 steps, diverging runs too: up to 1e300)."""
    H, w0, s0 = valley.H.tolist(), valley.W_MIN.tolist(), valley.START.tolist()
    cases = [(e, m) for e in ETA_VALUES for m in MU_VALUES]
    got = call([["descentPath", [H, w0, s0, e, m, STEPS_VALUES[-1]]] for e, m in cases])
    for (e, m), js in zip(cases, got):
        js = np.array([[np.inf if x is None else x for x in p] for p in js])
        with np.errstate(over="ignore", invalid="ignore"):
            ref = valley.descent_path(e, m, STEPS_VALUES[-1])
        ok = np.isfinite(ref).all(axis=1) & (np.abs(ref).max(axis=1) < 1e300)
        assert close(js[ok], ref[ok]), (e, m)


@node
def test_js_readout_numbers_are_the_widgets(call):
    H, w0, s0 = valley.H.tolist(), valley.W_MIN.tolist(), valley.START.tolist()
    cases = [(0.05, 0.6, 50), (0.05, 0.9, 50), (0.09, 0.0, 20), (0.1, 0.5, 100), (0.02, -0.3, 30)]
    got = call([["momentumState", [H, w0, s0, e, m, n, 1e-3]] for e, m, n in cases])
    for (e, m, n), js in zip(cases, got):
        r = MomentumValley(eta=e, mu=m, steps=n).readout()
        assert abs(js["costPlain"] - r["cost_plain"]) <= TOL * max(1, r["cost_plain"])
        assert abs(js["costMomentum"] - r["cost_momentum"]) <= TOL * max(1, r["cost_momentum"])
        assert js["stepsPlain"] == r["steps_plain"] and js["stepsMomentum"] == r["steps_momentum"]
    eig = call([["eigen2", [H]]])[0]
    assert np.allclose(eig["values"], np.linalg.eigvalsh(valley.H), atol=1e-12)

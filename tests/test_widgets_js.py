"""The widgets' JavaScript computes nnlib's numbers: run its exported functions in Node.

Each widget module (``nnlib.book.widgets._base.esm``) exports its pure functions; the
helper ``tests/js/run_exports.mjs`` imports the module in Node and calls them with JSON
arguments. JSON carries IEEE doubles exactly, so the comparison is of the numbers the
browser computes.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from js_exports import RUNNER, node_calls

import nnlib
from nnlib.book.widgets._base import NAMES, esm
from nnlib.book.widgets.entropy import entropy_terms

TOL = 1e-9

pytestmark = pytest.mark.skipif(shutil.which("node") is None,
                                reason="node is not installed (it comes with npm)")


@pytest.fixture(scope="module")
def modules(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("esm")
    paths = {}
    for name in NAMES:
        paths[name] = folder / f"{name}.mjs"
        paths[name].write_text(esm(name), encoding="utf-8")
    return paths


call = node_calls


NEURON_CASES = [
    (0.6, 0.9, 0.15, 300, "quadratic"),
    (2.0, 2.0, 0.15, 300, "quadratic"),
    (0.6, 0.9, 0.005, 300, "cross-entropy"),
    (2.0, 2.0, 0.005, 300, "cross-entropy"),
    (2.0, 2.0, 0.15, 300, "cross-entropy"),
    (-4.0, 4.0, 3.0, 1000, "cross-entropy"),
    (4.0, -3.95, 2.0, 1000, "quadratic"),
    (4.0, 4.0, 3.0, 50, "cross-entropy"),
]


def test_js_neuron_trains_like_nnlib(modules):
    got = call(modules["neuron"], [["trainNeuron", list(c)] for c in NEURON_CASES])
    for case, js in zip(NEURON_CASES, got):
        w, b, eta, epochs, cost = case
        run = nnlib.train_neuron(w=w, b=b, eta=eta, epochs=epochs, cost=cost)
        for key in ("w", "b", "a", "cost"):
            assert len(js[key]) == epochs + 1
            np.testing.assert_allclose(js[key], getattr(run, key), rtol=0, atol=TOL,
                                       err_msg=f"{key} of {case}")


def test_js_neuron_refuses_an_unknown_cost(modules):
    proc = subprocess.run(["node", str(RUNNER), str(modules["neuron"])],
                          input=json.dumps([["trainNeuron", [0.6, 0.9, 0.15, 10, "hinge"]]]),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "unknown cost hinge" in proc.stderr


def test_js_softmax_is_nnlibs(modules):
    rng = np.random.default_rng(0)
    cases = [([2.5, 1.0, 0.0, -1.0], 1.0), ([5, 5, 5, 5], 0.1), ([1000.0, 0.0], 1.0),
             ([-5, 5, 0.05, -0.05, 2.45], 10.0)]
    cases += [(list(rng.uniform(-5, 5, size=n)), float(c))
              for n, c in zip(rng.integers(2, 10, size=20), 10 ** rng.uniform(-1, 1, size=20))]
    got = call(modules["softmax"], [["softmax", [z, c]] for z, c in cases])
    for (z, c), js in zip(cases, got):
        np.testing.assert_allclose(js, nnlib.softmax(c * np.asarray(z)), rtol=0, atol=TOL)
        assert abs(sum(js) - 1) < TOL


def test_js_entropy_terms_are_pythons(modules):
    ys = [0.0, 0.01, 0.3, 0.5, 0.99, 1.0]
    as_ = [0.01, 0.2, 0.3, 0.8, 0.99]
    cases = [(y, a) for y in ys for a in as_]
    got = call(modules["entropy"], [["entropyTerms", [y, a]] for y, a in cases])
    for (y, a), js in zip(cases, got):
        t = entropy_terms(y, a)
        assert js["crossEntropy"] == pytest.approx(t.cross_entropy, abs=TOL)
        assert js["entropy"] == pytest.approx(t.entropy, abs=TOL)
        assert js["kl"] == pytest.approx(t.kl, abs=TOL)
        assert js["kl"] >= 0


def test_js_gaps_and_ranges(modules):
    tr, te = [50.0, 80.5, 99.9], [50.0, 70.25, 81.0]
    got = call(modules["curves"], [["gapSeries", [tr, te, "accuracy"]],
                                   ["gapSeries", [[1.0, 0.5], [1.0, 0.75, 9.0], "cost"]],
                                   ["yRange", [[tr, te], 1, 2]],
                                   ["yRange", [[[3.0, 3.0]], 0, 1]]])
    np.testing.assert_allclose(got[0], np.subtract(tr, te), atol=TOL)
    np.testing.assert_allclose(got[1], [0.0, 0.25], atol=TOL)   # the shorter length
    lo, hi = got[2]
    assert lo < 70.25 and hi > 99.9 and hi - 99.9 == pytest.approx(0.05 * (99.9 - 70.25))
    assert got[3] == [2.5, 3.5]                                 # flat: +- 0.5
    gap = call(modules["lambda"], [["finalGap", [tr, te]]])[0]
    assert gap == pytest.approx(99.9 - 81.0, abs=TOL)

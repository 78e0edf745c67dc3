"""The initialization explorer (chapter 6): its arithmetic, its validation, and its
JavaScript (run in Node through tests/js/run_exports.mjs) against the Python/SciPy
functions, to 1e-9."""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from js_exports import js_caller

import nnlib
from nnlib.book.widgets.init_explorer import (N_IN_VALUES, InitExplorer, esm, inputs_on,
                                              mean_sigma_prime, saturated_share, z_spread)

TOL = 1e-9
node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def test_the_sources_two_numbers():
    assert z_spread(1000, 0.5, "large") == pytest.approx(math.sqrt(501))
    assert z_spread(1000, 0.5, "default") == pytest.approx(math.sqrt(1.5))
    assert z_spread(1000, 0.5, "default", bias_sd=0.0) == pytest.approx(math.sqrt(0.5))


def test_spread_agrees_with_sampling_a_real_network():
    """z of every hidden neuron of nnlib's own networks, for one input with k pixels on."""
    for init, rule in (("large", "large"), ("default", "default")):
        net = nnlib.Network([784, 3000, 1], init=init, seed=3)
        x = np.zeros(784)
        x[:392] = 1.0
        z = net.weights[0] @ x + net.biases[0]
        sd = z_spread(784, 0.5, rule)
        # the sample sd of 3,000 Gaussians is within 5% of the truth (about 4 sd's of it)
        assert abs(z.std() / sd - 1) < 0.05
        share = np.mean(np.abs(z) > 4)
        p = saturated_share(sd, 4)
        assert abs(share - p) < 4 * math.sqrt(p * (1 - p) / 3000) + 1e-3


def test_saturated_share_and_mean_sigma_prime():
    assert saturated_share(1.0, 1.96) == pytest.approx(0.05, abs=1e-4)
    assert saturated_share(0.0, 4) == 0.0
    assert mean_sigma_prime(0.0) == 0.25
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3.0, 400_000)
    assert mean_sigma_prime(3.0) == pytest.approx(np.mean(nnlib.sigmoid_prime(z)), rel=5e-3)
    assert mean_sigma_prime(22.4) < mean_sigma_prime(1.22) < 0.25


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="unknown rule"):
        z_spread(100, 0.5, "xavier")
    with pytest.raises(ValueError, match="share_on"):
        inputs_on(100, 1.5)
    with pytest.raises(ValueError, match="n_in"):
        inputs_on(0, 0.5)
    with pytest.raises(ValueError, match="bias_sd"):
        z_spread(100, 0.5, "large", bias_sd=-1)
    w = InitExplorer()
    for trait, bad in (("n_in", 999), ("share_on", 0.33), ("bias_sd", 2.5), ("rule", "he"),
                       ("threshold", 0.0)):
        with pytest.raises(Exception):
            setattr(w, trait, bad)


def test_widget_state_is_the_python_arithmetic():
    w = InitExplorer(n_in=784, share_on=0.2, rule="default", bias_sd=0.5)
    st = w.state
    assert st["on"] == 157 and st["sd"] == pytest.approx(math.sqrt(157 / 784 + 0.25))
    assert st["saturated"] == saturated_share(st["sd"], 4.0)
    assert w._esm == esm() and "export function zSpread" in w._esm


@pytest.fixture
def call(tmp_path):
    return js_caller(tmp_path, "init", esm())


@node
def test_js_computes_what_python_does(call):
    cases = [(n, p, r, b) for n in N_IN_VALUES for p in (0.05, 0.15, 0.5, 1.0)
             for r in ("large", "default") for b in (0.0, 0.3, 1.0, 2.0)]
    got = call([["initState", [n, p, r, b, 4.0]] for n, p, r, b in cases])
    for (n, p, r, b), js in zip(cases, got):
        sd = z_spread(n, p, r, b)
        assert js["on"] == inputs_on(n, p)
        assert abs(js["sd"] - sd) <= TOL * max(1, sd)
        assert abs(js["saturated"] - saturated_share(sd, 4.0)) <= TOL
        assert abs(js["meanSigmaPrime"] - mean_sigma_prime(sd)) <= TOL


@node
def test_js_erfc_over_its_range(call):
    from scipy.special import erfc
    xs = [0, 1e-6, 0.3, 1, 2.5, 2.9999, 3.0, 3.5, 5, 8, 12, 27]
    got = call([["erfc", [x]] for x in xs])
    for x, js in zip(xs, got):
        assert abs(js - erfc(x)) <= 1e-15 + 1e-12 * erfc(x), x


def test_the_chapter_saved_todays_js():
    """The site runs the JS saved in the notebook: it must be today's js/init.js."""
    path = Path(__file__).resolve().parents[1] / "chapters" / "06_weight_initialization.ipynb"
    state = json.loads(path.read_text(encoding="utf-8"))["metadata"]["widgets"][
        "application/vnd.jupyter.widget-state+json"]["state"]
    saved = [m["state"] for m in state.values()
             if m["state"].get("_anywidget_id", "").endswith("init_explorer.InitExplorer")]
    assert saved, "chapter 6 saved no InitExplorer: re-execute it (make refresh NB=...)"
    assert all(st["_esm"] == esm() for st in saved), \
        "chapter 6 saved an old copy of js/init.js: re-execute it (make refresh NB=...)"

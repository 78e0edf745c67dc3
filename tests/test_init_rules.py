"""Chapter 6's helpers: the initialization rules, the spread of z through layers, and the
training protocol's bookkeeping."""
from __future__ import annotations

import math

import numpy as np
import pytest

from nnlib.book.init_rules import layer_spreads, weight_sd
from nnlib.book.protocols_init import epochs_to_reach, init_run


def test_weight_sd_of_each_rule():
    assert weight_sd("large", 784, 30) == 1.0
    assert weight_sd("default", 784, 30) == pytest.approx(1 / 28)
    assert weight_sd("glorot", 300, 100) == pytest.approx(math.sqrt(2 / 400))
    assert weight_sd("he", 50, 7) == pytest.approx(math.sqrt(2 / 50))
    with pytest.raises(ValueError, match="unknown rule"):
        weight_sd("lecun", 10, 10)
    with pytest.raises(ValueError, match="positive whole"):
        weight_sd("he", 0, 10)


def test_layer_spreads_follow_the_variance_argument():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2000, 400))           # unit-variance inputs
    # first layer: sd of z = sqrt(n_in Var(w) E[x^2]) = 1 for the default rule
    first = layer_spreads(X, [400, 400], "default", "tanh", seed=1)
    assert first.shape == (1,) and abs(first[0] - 1) < 0.05
    he = layer_spreads(X, [400] + [400] * 6, "he", "relu", seed=1)
    assert np.all(abs(he / he[0] - 1) < 0.15)      # He keeps it with ReLU
    halved = layer_spreads(X, [400] + [400] * 6, "default", "relu", seed=1)
    ratios = halved[1:] / halved[:-1]
    assert np.all(abs(ratios - 1 / math.sqrt(2)) < 0.1)   # 1/n_in halves the variance
    with pytest.raises(ValueError, match="one input of 400"):
        layer_spreads(X[:, :10], [400, 10], "he", "relu")
    with pytest.raises(ValueError, match="unknown activation"):
        layer_spreads(X, [400, 10], "he", "softplus")


def test_epochs_to_reach():
    assert epochs_to_reach([90.0, 95.5, 96.2, 95.9], 96.0) == 3
    assert epochs_to_reach([90.0, 95.5], 96.0) is None
    assert epochs_to_reach([97.0], 96.0) == 1
    with pytest.raises(ValueError):
        epochs_to_reach([[1.0, 2.0]], 1.0)


def test_init_run_records_validation_every_epoch():
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 784)), rng.integers(0, 10, 60)
    data = ((X, y), (X[:20], y[:20]), (X[:1], y[:1]))
    net, h = init_run("default", seed=3, data=data, epochs=2, hidden=5, n_train=40)
    assert net.sizes == [784, 5, 10] and net.init == "default"
    assert len(h.accuracy["validation"]) == 2 and len(h.weight_norm) == 2
    _, h_large = init_run("large", seed=3, data=data, epochs=1, hidden=5, n_train=40)
    assert h_large.weight_norm[0] > 10 * h.weight_norm[0]

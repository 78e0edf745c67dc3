"""nnlib.book.protocols: the chapters' training protocols, shared with seed_spread.py."""
from __future__ import annotations

import json

import numpy as np
import pytest

import nnlib
from nnlib.book import protocols as pr
from nnlib.book import spread as sp
from nnlib.book.results import markdown_table


def tiny_data(n, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n, 784)), rng.integers(0, 10, n)


def test_small_problem_records_training_and_validation_never_test():
    data, validation = tiny_data(20, 0), tiny_data(30, 1)
    net, h = pr.small_problem(data, validation, seed=3)
    assert net.sizes == [784, 30, 10]
    assert sorted(h.accuracy) == ["training", "validation"]
    assert h.epochs == list(range(pr.SMALL_RECORD_EVERY - 1, pr.SMALL_EPOCHS,
                                  pr.SMALL_RECORD_EVERY))
    # the protocol is the documented one: the same as spelling it out by hand
    by_hand = nnlib.Network([784, 30, 10], cost="cross-entropy", init="large", seed=3)
    by_hand.SGD(data, 400, 10, 0.5)
    for a, b in zip(net.weights, by_hand.weights):
        np.testing.assert_array_equal(a, b)


def test_a_measuring_callback_does_not_change_the_run():
    data, validation = tiny_data(20, 0), tiny_data(30, 1)
    seen = []
    net_a, _ = pr.small_problem(data, validation, seed=5, lmbda=0.1,
                                callback=lambda e, net, h: seen.append(net.accuracy(data)))
    net_b, _ = pr.small_problem(data, validation, seed=5, lmbda=0.1)
    assert len(seen) == pr.SMALL_EPOCHS
    for a, b in zip(net_a.weights + net_a.biases, net_b.weights + net_b.biases):
        np.testing.assert_array_equal(a, b)


def test_full_mnist_passes_cost_output_and_options_through():
    training, validation = tiny_data(30, 2), tiny_data(10, 3)
    epochs = []
    net, h = pr.full_mnist(training, validation, hidden=5, epochs=2, eta=0.1, lmbda=1.0,
                           cost="log-likelihood", output="softmax", seed=2,
                           callback=lambda e, n, h: epochs.append(e))
    assert net.sizes == [784, 5, 10] and epochs == [0, 1]
    assert sorted(h.accuracy) == ["validation"] and len(h.accuracy["validation"]) == 2
    assert np.allclose(net.feedforward(validation[0]).sum(axis=1), 1.0)   # softmax


def test_summarize_small_reads_the_validation_curve():
    h = nnlib.History()
    h.epochs = list(range(9, 400, 10))
    val = np.linspace(0.70, 0.80, 40)
    val[5] = 0.95                                      # a peak after 60 epochs
    h.accuracy = {"training": [1.0] * 40, "validation": list(val)}
    s = pr.summarize_small(h)
    assert s["final_validation_accuracy"] == pytest.approx(80.0)
    assert s["peak_validation_accuracy"] == pytest.approx(95.0)
    assert s["peak_validation_epoch"] == 60
    assert s["final_gap"] == pytest.approx(20.0)
    assert s["gap_last100_mean"] == pytest.approx(100 - 100 * val[-10:].mean())
    assert s["late_gain"] == pytest.approx(100 * (val[35:].mean() - val[20:25].mean()))
    assert s["last10_sd_validation_accuracy"] == pytest.approx(100 * np.std(val[-10:]))


def test_first_images_and_their_expansion():
    training = tiny_data(50, 4)
    part = pr.first_images(training, 10)
    np.testing.assert_array_equal(part[0], training[0][:10])
    big = pr.first_images(training, 10, expanded=True)
    assert big[0].shape == (50, 784)
    np.testing.assert_array_equal(big[1], np.tile(training[1][:10], 5))
    np.testing.assert_array_equal(big[0][:10], training[0][:10])     # originals first


def test_noise_flips_is_zero_for_a_constant_network_and_repeatable():
    net = nnlib.Network([784, 3, 10], seed=0)
    for W in net.weights:
        W[:] = 0.0
    images = tiny_data(40, 5)[0]
    assert pr.noise_flips(net, images) == 0.0
    live = nnlib.Network([784, 30, 10], init="large", seed=1)
    assert pr.noise_flips(live, images) == pr.noise_flips(live, images)


def test_curve_reads_a_recorded_run(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"quantities": {}, "runs": {"exp": {"1": {
        "quantities": {}, "curves": {"validation_accuracy": [90.0, 91.5]}}}}}))
    np.testing.assert_array_equal(sp.curve("exp", "validation_accuracy", path=path),
                                  [90.0, 91.5])
    with pytest.raises(sp.UnknownQuantityError, match="seed 2"):
        sp.curve("exp", "validation_accuracy", seed=2, path=path)
    with pytest.raises(sp.UnknownQuantityError, match="no curve 'test_accuracy'"):
        sp.curve("exp", "test_accuracy", path=path)
    with pytest.raises(sp.UnknownQuantityError, match="no recorded runs"):
        sp.curve("other", "validation_accuracy", path=path)


def test_markdown_table_checks_its_shape():
    text = markdown_table(["a", "b"], [["x", 1.5]]).data
    assert text.splitlines() == ["| a | b |", "| --- | ---: |", "| x | 1.5 |"]
    with pytest.raises(ValueError, match="do not have 2 cells"):
        markdown_table(["a", "b"], [["x"]])
    with pytest.raises(ValueError, match="align"):
        markdown_table(["a", "b"], [["x", 1]], align="lc")

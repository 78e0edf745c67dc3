"""The η × λ map (chapter 7): the recorded sweep, the script that wrote it, the widget's
numbers and validation, and its JavaScript (run in Node through tests/js/run_exports.mjs)
against the Python numbers, to 1e-9."""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib.book.protocols_hyper import zeros_and_ones
from nnlib.book.widgets import HyperMap
from nnlib.book.widgets.hyper_map import (SWEEP_PATH, best_cells, check_sweep, esm,
                                          load_sweep, map_values)
from book_scripts import load_script
from js_exports import js_caller

ROOT = Path(__file__).resolve().parents[1]
TOL = 1e-9
node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@pytest.fixture(scope="module")
def script():
    return load_script("hyper_sweep")


@pytest.fixture(scope="module")
def problem():
    training, validation, _ = zeros_and_ones(nnlib.load_mnist())
    return training, validation


@pytest.fixture(scope="module")
def sweep():
    return load_sweep()


# ------------------------------------------------------------------ the record


def test_the_record_is_the_scripts_grid(sweep, script, problem):
    """The file holds the grid, seeds and schedule the script's defaults name."""
    assert SWEEP_PATH.parent.name == "data" and sweep["schema"] == script.SCHEMA
    assert sweep["etas"] == list(script.ETAS) and sweep["lambdas"] == list(script.LAMBDAS)
    assert sweep["seeds"] == list(script.SEEDS) and len(sweep["seeds"]) >= 2
    assert sweep["command"] == "python scripts/hyper_sweep.py"
    n = len(problem[0][0])
    p = sweep["problem"]
    assert (p["n_training"], p["n_validation"]) == (n, len(problem[1][0])) == (n, 100)
    assert p["sizes"] == [784, 10] and p["cost"] == "cross-entropy"
    assert p["mini_batch_size"] == 10
    # records: before training, every `every` mini-batches, and at each epoch's end
    per_batch = 10 * sweep["every"]
    want = [0]
    for e in range(sweep["epochs"]):
        want += [e * n + k for k in range(per_batch, n, per_batch)] + [(e + 1) * n]
    assert sweep["images"] == want
    assert 0 < sweep["cpu_seconds"] < 1200


def test_the_record_says_what_the_chapter_can_read_from_it(sweep):
    """Facts of the sweep the widget shows: every cell starts at the same untrained
    accuracy per seed; small eta learns the 0s and 1s too; eta = lambda = 100 fails."""
    acc = np.asarray(sweep["validation_accuracy"])
    cost = np.asarray(sweep["training_cost"])
    assert np.all(acc[..., 0] == acc[0, 0, :, 0])           # same start for every cell
    assert np.all(cost[:, 0, :, 0] == cost[0, 0, :, 0])     # ... and same cost at lambda 0
    final = acc[..., -1].mean(axis=2)
    assert final[0, 0] >= 95                                 # eta = 0.001, lambda = 0
    assert final[-1, -1] < 80                                # eta = lambda = 100
    assert np.all((acc >= 0) & (acc <= 100)) and np.all(cost > 0)


def test_train_cell_is_sgd_at_each_epochs_end(script, problem):
    """Between mini-batches train_cell only measures: at the end of each epoch it has
    Network.SGD's numbers bit for bit (same seed, same shuffles, same updates)."""
    training, validation = problem
    eta, lmbda, seed, epochs = 0.3, 1.0, 5, 2
    rec = script.train_cell(training, validation, eta, lmbda, seed, epochs=epochs, every=400)
    net = nnlib.Network([784, 10], seed=seed)
    h = net.SGD(training, epochs, 10, eta, lmbda,
                monitor={"validation": validation, "training": training})
    n = len(training[0])
    ends = [rec["images"].index((e + 1) * n) for e in range(epochs)]
    assert rec["images"][:4] == [0, 4000, 8000, n]
    assert [rec["validation_accuracy"][k] for k in ends] == [100 * a for a in
                                                              h.accuracy["validation"]]
    assert [rec["training_cost"][k] for k in ends] == h.cost["training"]


def test_the_script_reproduces_the_recorded_cell(script, problem, sweep):
    """Seed 1 of one cell, re-run: every record within the record's spread over seeds,
    widened by one validation image (1 point) and 5% of the cost (other CPUs round
    differently)."""
    training, validation = problem
    i, j = sweep["etas"].index(1.0), sweep["lambdas"].index(1.0)
    rec = script.train_cell(training, validation, 1.0, 1.0, sweep["seeds"][0],
                            epochs=sweep["epochs"], every=sweep["every"])
    assert rec["images"] == sweep["images"]
    for key, margin in (("validation_accuracy", lambda v: 1.0), ("training_cost",
                                                                  lambda v: 0.05 * v)):
        runs = np.asarray(sweep[key][i][j])
        lo, hi = runs.min(axis=0), runs.max(axis=0)
        got = np.asarray(rec[key])
        assert np.all(got >= lo - margin(lo)) and np.all(got <= hi + margin(hi)), key


def test_the_script_refuses_bad_settings(script, problem):
    with pytest.raises(ValueError, match="every must be a positive"):
        script.train_cell(*problem, 0.1, 0.0, 1, epochs=1, every=0)
    with pytest.raises(ValueError, match="etas must be positive"):
        script.sweep(etas=[0.1, -1], data=((None,),))
    with pytest.raises(ValueError, match="lambdas must be numbers >= 0"):
        script.sweep(lambdas=[-1.0], data=((None,),))


def test_a_tiny_sweep_writes_a_file_the_widget_reads(script, tmp_path):
    out = tmp_path / "sweep.json"
    assert script.main(["--etas", "0.1", "100", "--lambdas", "0", "100", "--seeds", "1",
                        "--epochs", "1", "--every", "500", "--out", str(out)]) == 0
    doc = load_sweep(out)
    assert doc["command"] == ("python scripts/hyper_sweep.py --etas 0.1 100 --lambdas 0 100 "
                              "--seeds 1 --epochs 1 --every 500")
    w = HyperMap(sweep=doc)
    assert w.map().shape == (2, 2) and len(w.images) == 4
    assert w.map()[1, 1] < w.map()[0, 0]         # eta = lambda = 100 learns nothing


# ------------------------------------------------------------------ the widget


def test_widget_state_is_the_records_numbers(sweep):
    w = HyperMap(eta=0.3, lmbda=1.0, after=sweep["images"][3])
    i, j = sweep["etas"].index(0.3), sweep["lambdas"].index(1.0)
    assert (w.row, w.col, w.at, w.shows) == (i, j, 3, "accuracy")
    acc = np.asarray(sweep["validation_accuracy"])
    cost = np.asarray(sweep["training_cost"])
    np.testing.assert_allclose(w.map(), acc[:, :, :, 3].mean(axis=2), rtol=0, atol=1e-12)
    st = w.state
    assert st["accuracy_seeds"] == list(acc[i, j, :, 3])
    assert st["cost"] == pytest.approx(cost[i, j, :, 3].mean(), abs=1e-12)
    assert st["best"] == pytest.approx(acc[:, :, :, 3].mean(axis=2).max(), abs=1e-12)
    w.shows = "cost"
    np.testing.assert_allclose(w.map(), cost[:, :, :, 3].mean(axis=2), rtol=1e-12)
    assert w.state["best"] == pytest.approx(w.map().min(), abs=1e-12)
    np.testing.assert_array_equal(w.cell()["training_cost"], cost[i, j])
    assert w._esm == esm() and "export function hyperState" in w._esm


def test_defaults_and_selection(sweep):
    w = HyperMap()
    assert w.at == len(sweep["images"]) - 1 and w.lmbda == 0.0
    assert w.eta == sweep["etas"][(len(sweep["etas"]) - 1) // 2]
    w.select(100, 0.01)
    assert (w.eta, w.lmbda) == (100.0, 0.01)


def test_the_state_is_small_enough_for_a_page(sweep):
    """The recorded series go into the notebook and the page: keep them compact."""
    w = HyperMap()
    size = len(json.dumps({k: getattr(w, k) for k in ("accuracy", "cost", "images")}))
    assert size < 150_000, size


def test_bad_input_gets_a_clear_error(sweep, tmp_path):
    w = HyperMap()
    with pytest.raises(ValueError, match="eta must be one of the sweep's values"):
        w.select(0.2, 0.0)
    with pytest.raises(ValueError, match="lambda must be one of"):
        w.select(0.1, 0.5)
    with pytest.raises(ValueError, match="no record after 1234 images"):
        HyperMap(after=1234)
    with pytest.raises(ValueError, match="shows must be one of"):
        HyperMap(shows="loss")
    for trait, bad in (("row", len(sweep["etas"])), ("col", -1), ("at", 10 ** 6)):
        with pytest.raises(Exception, match="must lie in"):
            setattr(w, trait, bad)
    with pytest.raises(FileNotFoundError, match="scripts/hyper_sweep.py"):
        load_sweep(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_sweep(tmp_path / "bad.json")
    broken = copy.deepcopy(sweep)
    del broken["training_cost"]
    with pytest.raises(ValueError, match="lacks"):
        check_sweep(broken)
    broken = copy.deepcopy(sweep)
    broken["validation_accuracy"][0][0].pop()
    with pytest.raises(ValueError, match="shape"):
        check_sweep(broken)
    broken = copy.deepcopy(sweep)
    broken["training_cost"][0][0][0][1] = float("nan")
    with pytest.raises(ValueError, match="not finite"):
        check_sweep(broken)
    broken = copy.deepcopy(sweep)
    broken["etas"] = broken["etas"][::-1]
    with pytest.raises(ValueError, match="increasing"):
        check_sweep(broken)
    with pytest.raises(ValueError, match="shows must be one of"):
        best_cells(np.zeros((2, 2)), "loss")


# ------------------------------------------------------------------ JavaScript in Node


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    return js_caller(tmp_path_factory.mktemp("esm"), "hyper_map", esm())


@node
def test_js_map_and_best_cells_are_pythons(call, sweep):
    """Every record, both quantities: the map's means and the best cells."""
    n = len(sweep["images"])
    calls, ref = [], []
    for key, shows in (("validation_accuracy", "accuracy"), ("training_cost", "cost")):
        for at in range(n):
            calls += [["mapValues", [sweep[key], at]]]
            ref.append((map_values(sweep[key], at), shows))
    got = call(calls)
    best = call([["bestCells", [g, shows]] for g, (_, shows) in zip(got, ref)])
    for g, b, (values, shows) in zip(got, best, ref):
        np.testing.assert_allclose(g, values, rtol=TOL, atol=TOL)
        value, cells = best_cells(values, shows)
        assert b["best"] == pytest.approx(value, abs=TOL)
        assert [tuple(c) for c in b["cells"]] == cells


@node
def test_js_readout_numbers_are_the_widgets(call, sweep):
    cases = [(0.001, 0.0, 1, "accuracy"), (0.3, 1.0, 3, "cost"), (100.0, 100.0, None, "accuracy"),
             (3.0, 0.01, 12, "cost"), (0.1, 10.0, 0, "accuracy")]
    calls, widgets = [], []
    for eta, lam, at, shows in cases:
        w = HyperMap(eta=eta, lmbda=lam, shows=shows,
                     after=None if at is None else sweep["images"][at])
        widgets.append(w)
        calls.append(["hyperState", [w.accuracy, w.cost, w.row, w.col, w.at, shows]])
    for js, w in zip(call(calls), widgets):
        st = w.state
        assert js["accuracy"] == pytest.approx(st["accuracy"], abs=TOL)
        assert js["cost"] == pytest.approx(st["cost"], rel=TOL)
        assert js["accuracySeeds"] == st["accuracy_seeds"] and js["costSeeds"] == st["cost_seeds"]
        assert js["best"] == pytest.approx(st["best"], abs=TOL)
        assert js["bestCount"] == st["best_count"]


@node
def test_js_keys_move_the_selection_within_the_map(call):
    keys = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp",
            "PageDown", "Enter", "a"]
    starts = [(0, 0), (5, 3), (10, 5)]
    got = call([["moveCell", [r, c, k, 11, 6]] for r, c in starts for k in keys])
    want = []
    for r, c in starts:
        want += [[max(r - 1, 0), c], [min(r + 1, 10), c], [r, max(c - 1, 0)],
                 [r, min(c + 1, 5)], [r, 0], [r, 5], [0, c], [10, c], None, None]
    assert got == want


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@node
def test_js_colour_classes_are_ordered_and_readable(call):
    """Eight classes from worst to best; each cell's number has WCAG AA contrast (4.5)."""
    scale, *bins = call([["heatScale", []]] +
                        [["heatBin", [v, "accuracy"]] for v in (0, 49.9, 50, 85, 97, 99, 99.33,
                                                                 99.5, 100)] +
                        [["heatBin", [v, "cost"]] for v in (6000, 10, 0.5, 0.2, 0.04, 0.01)])
    assert bins == [0, 0, 1, 2, 4, 6, 6, 7, 7, 0, 1, 2, 3, 5, 7]
    assert len(scale["colors"]) == 8
    for fill, ink in scale["colors"]:
        hi, lo = sorted((_luminance(fill), _luminance(ink)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (fill, ink)
    texts = call([["cellText", [v, s]] for v, s in ((99.333, "accuracy"), (100, "accuracy"),
                                                     (99.96, "accuracy"), (50, "accuracy"),
                                                     (0.012884, "cost"), (8.1802, "cost"),
                                                     (321.7, "cost"), (6077.4, "cost"))])
    assert texts == ["99.3", "100", "100", "50.0", "0.013", "8.2", "322", "6,077"]


@node
def test_js_accuracy_axis_starts_below_every_trained_record(call):
    """The curves' accuracy axis: a multiple of 10, at most 90, below every record after
    the first and below the record where the map is read (the untrained start may lie
    below it otherwise)."""
    cases = [([[32.0, 99.0, 100.0]], 2), ([[32.0, 84.7, 99.0], [10.0, 50.0, 99.0]], 1),
             ([[0.0, 0.0]], 1), ([[50.0, 91.5]], 1), ([[32.0, 99.0, 100.0]], 0),
             ([[32.0, 99.0], [0.0, 98.0]], 0)]
    assert call([["accuracyFloor", list(c)] for c in cases]) == [90, 50, 0, 90, 30, 0]

"""scripts/hyper_runs.py and the record it wrote (nnlib/book/data/hyper_runs.json),
which chapter 7 and its solutions read back."""
from __future__ import annotations

import json

import pytest

import nnlib
from nnlib.book import protocols_hyper as ph
from nnlib.book.spread import assert_within
from book_scripts import load_script


@pytest.fixture(scope="module")
def script():
    return load_script("hyper_runs")


def test_the_record_holds_every_experiment_over_four_seeds(script):
    doc = json.loads(ph.HYPER_RUNS.read_text(encoding="utf-8"))
    assert sorted(doc["runs"]) == sorted(script.EXPERIMENTS)
    for name, per_seed in doc["runs"].items():
        assert sorted(map(int, per_seed)) == [1, 2, 3, 4], name
    s = ph.recorded("threshold.eta")
    assert s.n_seeds == 4 and s.lo <= s.mean <= s.hi
    assert len(ph.recorded_curve("eta_0p25", "training_cost", seed=3)) == 30


@pytest.mark.parametrize("experiment, margins", [
    ("lambda", {"accuracy_0": 0.3, "accuracy_1": 0.3, "accuracy_10": 0.5}),
    ("minibatch", {"m10_validation_accuracy": 2.0, "m1000_validation_accuracy": 5.0}),
])
def test_the_script_reproduces_its_seed_1_runs(script, experiment, margins):
    quantities, _ = script.EXPERIMENTS[experiment]["fn"](nnlib.load_mnist(), 1)
    for name, margin in margins.items():
        assert_within(ph.recorded(f"{experiment}.{name}"), quantities[name], margin)


def test_record_merges_runs_and_summarizes(script, tmp_path):
    out = tmp_path / "runs.json"
    script.record(out, "lambda", 1, {"chosen": 1.0, "accuracy_1": 88.5}, {"x": [1, 2]}, 1.0)
    script.record(out, "lambda", 2, {"chosen": 0.1, "accuracy_1": 88.9}, {"x": [3]}, 1.0)
    doc = json.loads(out.read_text())
    q = doc["quantities"]["lambda.accuracy_1"]
    assert q["seeds"] == [1, 2] and q["values"] == [88.5, 88.9] and q["unit"] == "%"
    assert q["min"] == 88.5 and q["max"] == 88.9 and q["mean"] == pytest.approx(88.7)
    assert doc["runs"]["lambda"]["1"]["curves"]["x"] == [1, 2]
    assert list(tmp_path.iterdir()) == [out]            # no temporary file left


def test_parse_seeds(script):
    assert script.parse_seeds("1-3,5") == [1, 2, 3, 5]
    with pytest.raises(Exception, match="seeds must look like"):
        script.parse_seeds("0")

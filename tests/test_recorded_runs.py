"""Runs that chapters 1, 3 and 5 read from the record instead of training on the page.

The chapter shows the function that made each recorded run and reads the
numbers from ``nnlib/book/data/seed_spread.json``. These tests re-run seed 1 of
such experiments through ``scripts/seed_spread.py`` (the very code that wrote
the record) and check that the result lies within the spread the record states,
so a record that no longer matches its code is caught. The margins are the ones
the chapters use for a seed-1 run on another machine.
"""
from __future__ import annotations

import pytest

from nnlib.book.spread import assert_within
from book_scripts import load_script


@pytest.fixture(scope="module")
def seed_spread():
    return load_script("seed_spread")


@pytest.mark.parametrize("experiment, quantities, margin", [
    ("n250", ("final_validation_accuracy", "final_test_accuracy"), 1.0),
    ("n500_expanded", ("final_validation_accuracy", "final_test_accuracy"), 1.0),
    ("full_l2_30", ("final_validation_accuracy", "final_test_accuracy",
                    "rotated_six_as_nine"), 0.75),
    # the [784, 30, 10] runs of chapters 1 and 3 (their margin for a seed-1 run: 0.5 points)
    ("full_softmax_30", ("final_test_accuracy", "last10_mean_test_accuracy"), 0.5),
    ("full_ce_30", ("final_test_accuracy", "last10_mean_test_accuracy"), 0.5),
    ("full_quad_30", ("final_test_accuracy", "best_test_accuracy",
                      "last10_mean_test_accuracy"), 0.5),
])
def test_the_script_reproduces_the_recorded_seed_1_run(seed_spread, experiment, quantities,
                                                        margin):
    measured, _ = seed_spread.EXPERIMENTS[experiment].run(1)
    widen = {"rotated_six_as_nine": 10.0}      # percent of ~1,000 sixes: a coarse measure
    for q in quantities:
        assert_within(f"{experiment}.{q}", measured[q], margin=widen.get(q, margin))

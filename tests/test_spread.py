"""The seed-spread loader (nnlib.book.spread) and the committed measurements file."""
from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest

from nnlib.book import spread as sp

COMMITTED = Path(__file__).resolve().parents[1] / "nnlib" / "book" / "data" / "seed_spread.json"


def entry(values, seeds=None, unit="%", **extra):
    seeds = list(seeds or range(1, len(values) + 1))
    e = dict(description="a test quantity", unit=unit, chapters=["01"], experiment="exp",
             protocol={"eta": 0.5}, source=None, seeds=seeds, values=list(values),
             n_seeds=len(values), mean=statistics.fmean(values),
             sd=statistics.stdev(values) if len(values) > 1 else None,
             min=min(values), max=max(values))
    e.update(extra)
    return e


@pytest.fixture
def synthetic(tmp_path):
    path = tmp_path / "spread.json"
    doc = {"schema": 1, "quantities": {
        "exp.accuracy": entry([90.0, 92.0, 95.0, 93.0]),
        "exp.epoch": entry([15, 12, 20], unit="epoch"),
        "exp.single": entry([50.0], seeds=[1]),
    }}
    path.write_text(json.dumps(doc))
    return path


def test_spread_reads_the_summary(synthetic):
    s = sp.spread("exp.accuracy", path=synthetic)
    assert (s.lo, s.hi, s.n_seeds) == (90.0, 95.0, 4)
    assert s.mean == pytest.approx(92.5)
    assert s.sd == pytest.approx(statistics.stdev([90, 92, 95, 93]))
    assert s.values == (90.0, 92.0, 95.0, 93.0) and s.seeds == (1, 2, 3, 4)
    assert s.value(3) == 95.0 and s.unit == "%" and s.protocol == {"eta": 0.5}
    assert s.describe() == "mean 92.50%, sd 2.08, range 90.00% to 95.00% over 4 seeds"
    one = sp.spread("exp.single", path=synthetic)
    assert one.sd is None and one.describe(1) == "mean 50.0%, range 50.0% to 50.0% over 1 seed"


def test_unknown_key_is_a_key_error_that_suggests_close_names(synthetic):
    with pytest.raises(KeyError) as err:
        sp.spread("exp.acuracy", path=synthetic)
    assert isinstance(err.value, sp.UnknownQuantityError)
    msg = str(err.value)
    assert "'exp.acuracy'" in msg and "Did you mean 'exp.accuracy'" in msg and "keys()" in msg
    with pytest.raises(KeyError, match="seeds measured: \\[1, 2, 3, 4\\]"):
        sp.spread("exp.accuracy", path=synthetic).value(9)
    with pytest.raises(TypeError, match="key must be a string"):
        sp.spread(3, path=synthetic)


def test_keys_lists_by_prefix(synthetic):
    assert sp.keys(path=synthetic) == ["exp.accuracy", "exp.epoch", "exp.single"]
    assert sp.keys("exp.e", path=synthetic) == ["exp.epoch"]


def test_check_within_passes_inside_the_widened_range(synthetic):
    s = sp.spread("exp.accuracy", path=synthetic)
    for value in (90.0, 95.0, 92.2, 89.0, 96.0):          # ends included; margin 1
        assert sp.assert_within(s, value, margin=1.0) == value
    assert sp.assert_within("exp.epoch", 12, 0, path=synthetic) == 12
    assert s.contains(95.5, 0.5) and not s.contains(95.5, 0.4)
    assert s.bounds(2) == (88.0, 97.0)


@pytest.mark.parametrize("value", [88.99, 96.01, float("nan"), float("inf")])
def test_check_within_fails_outside_with_a_clear_message(synthetic, value):
    with pytest.raises(AssertionError) as err:
        sp.assert_within("exp.accuracy", value, margin=1.0, what="our accuracy", path=synthetic)
    msg = str(err.value)
    assert msg.startswith("our accuracy = ")
    assert "outside the range measured over 4 seed(s) (90 to 95) widened by 1: [89, 96]" in msg
    assert "seeds [1, 2, 3, 4]" in msg and "scripts/seed_spread.py --only exp" in msg


def test_check_within_rejects_bad_arguments(synthetic):
    for margin in (-1, float("nan"), "wide", None):
        with pytest.raises(ValueError, match="margin"):
            sp.assert_within("exp.accuracy", 92.0, margin=margin, path=synthetic)
    with pytest.raises(ValueError, match="value must be a number"):
        sp.assert_within("exp.accuracy", "92", margin=1, path=synthetic)


def test_missing_or_broken_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="seed_spread.py"):
        sp.spread("exp.accuracy", path=tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        sp.load(bad)
    bad.write_text(json.dumps({"runs": {}}))
    with pytest.raises(ValueError, match="no 'quantities'"):
        sp.load(bad)
    bad.write_text(json.dumps({"quantities": {"exp.x": {"mean": 1}}}))
    with pytest.raises(ValueError, match="malformed"):
        sp.spread("exp.x", path=bad)


# ---------------------------------------------------------------- the committed file
@pytest.fixture(scope="module")
def committed():
    assert COMMITTED.is_file(), "nnlib/book/data/seed_spread.json is missing"
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def close(a, b):
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-6 * max(1e-3, abs(b)))


def test_committed_summaries_match_their_values(committed):
    qs = committed["quantities"]
    assert qs, "no quantities"
    for key, q in qs.items():
        v, seeds = q["values"], q["seeds"]
        assert len(v) == len(seeds) == q["n_seeds"] >= 1, key
        assert seeds == sorted(set(seeds)) and all(isinstance(s, int) for s in seeds), key
        assert all(isinstance(x, (int, float)) and math.isfinite(x) for x in v), key
        assert close(q["mean"], statistics.fmean(v)), key
        assert close(q["min"], min(v)) and close(q["max"], max(v)), key
        if len(v) > 1:
            assert close(q["sd"], statistics.stdev(v)), key
        else:
            assert q["sd"] is None, key
        assert q["description"] and "unit" in q and q["protocol"], key


def test_committed_summaries_match_the_recorded_runs(committed):
    runs = committed["runs"]
    for key, q in committed["quantities"].items():
        if q.get("experiment") is None:          # derived from several experiments
            assert set(q["derived_from"]) <= set(runs), key
            continue
        exp, name = key.split(".", 1)
        assert q["experiment"] == exp
        assert q["protocol"] == committed["experiments"][exp]["protocol"], key
        assert q["values"] == [runs[exp][str(s)]["quantities"][name] for s in q["seeds"]], key


def test_committed_file_has_what_the_chapters_use(committed):
    """The quantities the chapters check against, each with enough seeds."""
    need = {"full_ce_30.final_test_accuracy": 4, "full_quad_30.final_test_accuracy": 4,
            "full_ce_100.final_test_accuracy": 4, "full_quad_100.final_test_accuracy": 6,
            "full_quad_100.stuck_outputs_002": 6, "small_1k.peak_test_accuracy": 4,
            "small_1k.plateau_epoch": 4, "small_1k.final_gap": 4}
    for key, n in need.items():
        s = sp.spread(key, path=COMMITTED)
        assert s.n_seeds >= n and s.seeds[0] == 1, key
    assert "seed 1" in committed["notes"] and "spread" in committed["notes"]


def test_spread_table_and_check_rows(synthetic):
    rows = [("accuracy", 91.234, "exp.accuracy", 96.0),
            sp.Row("lowest cost (epoch)", 13, "exp.epoch", margin=0)]
    text = sp.spread_table(rows, digits=1, path=synthetic)
    text = getattr(text, "data", text)
    lines = text.splitlines()
    assert lines[0].startswith("| result | this run |") and len(lines) == 4
    assert lines[2] == "| accuracy | 91.2% | 92.5% (90.0% to 95.0%) | 4 | 96.0% |"
    assert lines[3] == "| lowest cost (epoch) | 13.0 | 15.7 (12.0 to 20.0) | 3 | — |"
    sp.assert_rows(rows, margin=0.0, path=synthetic)
    fails = r"1 result\(s\) outside.*\nlowest cost \(epoch\) = 21"
    with pytest.raises(AssertionError, match=fails):
        sp.assert_rows([rows[0], sp.Row("lowest cost (epoch)", 21, "exp.epoch", margin=0)],
                      margin=1.0, path=synthetic)
    with pytest.raises(ValueError, match="no margin"):
        sp.assert_rows(rows[:1], path=synthetic)
    with pytest.raises(ValueError, match="a row is a Row or a tuple"):
        sp.spread_table([("only a label",)], path=synthetic)


def test_default_file_is_the_package_data():
    assert sp.DEFAULT_PATH == Path(sp.__file__).resolve().parent / "data" / "seed_spread.json"
    assert sp.DEFAULT_PATH.is_file()


def test_records_store_numbers_and_summaries_one_way():
    """seed_spread.py and hyper_runs.py write numbers and per-quantity summaries through
    nnlib.book.spread (one implementation for both records)."""
    import numpy as np

    from nnlib.book.spread import json_number, summarize

    assert [json_number(v) for v in (np.int64(3), True, np.bool_(False), 1 / 3, np.nan, np.inf)] \
        == [3, 1, 0, 0.3333333, None, None]
    assert type(json_number(np.bool_(True))) is int
    s = summarize([1.0, 2.0, 4.0])
    assert s == dict(n_seeds=3, mean=2.333333, sd=1.527525, min=1.0, max=4.0)
    assert summarize([5.0])["sd"] is None


def test_recorded_history_is_the_record_as_sgd_would_return_it():
    h = sp.recorded_history("full_ce_30")
    final = sp.spread("full_ce_30.final_test_accuracy").value(1)
    assert h.epochs == list(range(30)) and h.epochs_run == 30
    assert math.isclose(100 * h.accuracy["test"][-1], final, abs_tol=1e-9)
    assert set(h.accuracy) == {"test", "training"}
    assert all(0 < a < 1 for a in h.accuracy["test"])        # fractions, as SGD records
    with pytest.raises(sp.UnknownQuantityError, match="no accuracy curves"):
        sp.recorded_history("no_such_run")

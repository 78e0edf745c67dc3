"""Record chapter 7's slow experiments over several seeds: nnlib/book/data/hyper_runs.json.

Every experiment calls one function of ``nnlib.book.protocols_hyper``, the same
function the chapter shows and runs (for one seed, or for a few epochs) on the
page. The file has the layout of ``seed_spread.json`` (``quantities`` with mean,
sd, range and the value per seed; ``runs`` with the curves of each seed), so the
chapter reads it with ``nnlib.book.spread.spread(key, path=HYPER_RUNS)``.

    .venv/bin/python scripts/hyper_runs.py --seeds 1-4          # about 7 min of CPU
    .venv/bin/python scripts/hyper_runs.py --only threshold --seeds 1-4
    .venv/bin/python scripts/hyper_runs.py --list

Each (experiment, seed) is merged into the file as soon as it is done, through
a temporary file and a rename. Re-execute chapters/07_hyperparameters.ipynb and
exercises/solutions/05_hyperparameters_solutions.ipynb afterwards.
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nnlib  # noqa: E402
from nnlib.book import protocols_hyper as ph  # noqa: E402
from nnlib.book.spread import json_number as _clean, summarize  # noqa: E402
from nnlib.io import atomic_write_text  # noqa: E402

DEFAULT_OUT = ROOT / "nnlib" / "book" / "data" / "hyper_runs.json"
SCHEMA = "nnlib hyper runs v1"
NOTES = ("Chapter 7's recorded runs (scripts/hyper_runs.py). Every experiment is one "
         "function of nnlib.book.protocols_hyper; choices are made on validation data "
         "only, and no run here looks at the test set.")


def eta_name(eta: float) -> str:
    return "eta_" + f"{eta:g}".replace(".", "p")


def run_eta(data, seed, eta):
    h = ph.eta_run(data, eta, seed)
    cost = np.array(h.cost["training"])
    acc = 100 * np.array(h.accuracy["validation"])
    quantities = {"first_training_cost": cost[0], "final_training_cost": cost[-1],
                  "epochs_cost_rose": int(np.sum(np.diff(cost) > 0)),
                  "final_validation_accuracy": acc[-1],
                  "best_validation_accuracy": acc.max()}
    return quantities, {"training_cost": cost, "validation_accuracy": acc}


def run_threshold(data, seed):
    threshold, trials = ph.eta_threshold(data, seed)
    return ({"eta": threshold, "trials": len(trials)},
            {"trial_eta": [e for e, _ in trials], "trial_falls": [int(f) for _, f in trials]})


def run_lambda(data, seed):
    chosen, scores = ph.lambda_search(data, seed)
    quantities = {"chosen": chosen}
    quantities.update({f"accuracy_{l:g}": s for l, s in scores.items()})
    return quantities, {"lmbda": list(scores), "validation_accuracy": list(scores.values())}


def run_search(data, seed):
    grid = ph.search(data, ph.grid_points(3), seed)
    rand = ph.search(data, ph.random_points(9, seed), seed)
    g, r = (max(rows, key=lambda row: row[2]) for rows in (grid, rand))
    quantities = {"grid_best": g[2], "random_best": r[2], "random_minus_grid": r[2] - g[2],
                  "grid_best_eta": g[0], "grid_best_lmbda": g[1],
                  "random_best_eta": r[0], "random_best_lmbda": r[1]}
    curves = {f"{kind}_{i}": [row[i] for row in rows]
              for kind, rows in (("grid", grid), ("random", rand))
              for i, _ in enumerate(("eta", "lmbda", "accuracy"))}
    return quantities, curves


def run_minibatch(data, seed):
    quantities = {}
    for m in ph.MINI_BATCHES:
        h = ph.minibatch_run(data, m, seed)[1]
        quantities[f"m{m}_validation_accuracy"] = 100 * h.accuracy["validation"][-1]
    return quantities, {}


EXPERIMENTS = {
    **{eta_name(eta): dict(fn=lambda d, s, eta=eta: run_eta(d, s, eta), cpu_s=25,
                           protocol=f"protocols_hyper.eta_run(eta={eta})")
       for eta in ph.ETAS},
    "threshold": dict(fn=run_threshold, cpu_s=13, protocol="protocols_hyper.eta_threshold"),
    "lambda": dict(fn=run_lambda, cpu_s=2, protocol="protocols_hyper.lambda_search"),
    "search": dict(fn=run_search, cpu_s=7,
                   protocol="protocols_hyper.search: grid_points(3) vs random_points(9, seed)"),
    "minibatch": dict(fn=run_minibatch, cpu_s=3, protocol="protocols_hyper.minibatch_run"),
}


def finish(doc: dict) -> dict:
    """``doc`` with its summaries recomputed from its runs."""
    quantities = {}
    for name, per_seed in doc.get("runs", {}).items():
        qnames = sorted({q for r in per_seed.values() for q in r["quantities"]})
        for q in qnames:
            seeds = sorted(int(s) for s, r in per_seed.items()
                           if r["quantities"].get(q) is not None)
            values = [per_seed[str(s)]["quantities"][q] for s in seeds]
            quantities[f"{name}.{q}"] = dict(
                experiment=name, protocol=EXPERIMENTS.get(name, {}).get("protocol", ""),
                unit=("points" if "_minus_" in q else
                      "%" if "accuracy" in q or q.endswith("_best") else ""),
                seeds=seeds, values=values, **summarize(values))
    return {"schema": SCHEMA, "notes": NOTES, "environment": doc.get("environment", {}),
            "quantities": dict(sorted(quantities.items())), "runs": doc.get("runs", {})}


def load(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"runs": {}}


def record(path: Path, name: str, seed: int, quantities: dict, curves: dict,
           cpu_s: float) -> None:
    doc = load(path)
    doc.setdefault("runs", {}).setdefault(name, {})[str(seed)] = dict(
        quantities={k: _clean(v) for k, v in quantities.items()},
        curves={k: [_clean(x) for x in v] for k, v in curves.items()},
        cpu_seconds=round(cpu_s, 1))
    doc["environment"] = dict(python=platform.python_version(), numpy=np.__version__,
                              machine=platform.machine())
    atomic_write_text(path, json.dumps(finish(doc), indent=1) + "\n")


def parse_seeds(text: str) -> list[int]:
    seeds = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        a, _, b = part.partition("-")
        seeds.extend(range(int(a), int(b or a) + 1))
    if not seeds or min(seeds) < 1:
        raise argparse.ArgumentTypeError(f"seeds must look like '1-4' or '1,3', got {text!r}")
    return seeds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="+", metavar="EXPERIMENT", choices=list(EXPERIMENTS))
    ap.add_argument("--seeds", type=parse_seeds, default=parse_seeds("1-4"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--list", action="store_true", help="list the experiments and stop")
    args = ap.parse_args(argv)
    if args.list:
        runs = load(args.out).get("runs", {})
        for name, e in EXPERIMENTS.items():
            print(f"{name:12s} ~{e['cpu_s']:3d} s CPU per seed; seeds in the file: "
                  f"{sorted(map(int, runs.get(name, {}))) or 'none'}")
        return 0
    data = nnlib.load_mnist()
    for name in args.only or list(EXPERIMENTS):
        for seed in args.seeds:
            start = time.process_time()
            quantities, curves = EXPERIMENTS[name]["fn"](data, seed)
            cpu = time.process_time() - start
            record(args.out, name, seed, quantities, curves, cpu)
            print(f"{name} seed {seed}: {cpu:.0f} s CPU", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

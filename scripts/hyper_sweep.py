"""Precompute the η × λ sweep that the hyper-parameter chapter's live widget draws.

The problem is the chapter's stripped-down one,
:func:`nnlib.book.protocols_hyper.zeros_and_ones`: only the images of 0s and 1s
(10,610 training images), a ``[784, 10]`` network with sigmoid outputs and the
cross-entropy cost, mini-batches of 10, and the first 100 validation images to
monitor. For every cell of a grid of learning rates η and regularization
parameters λ, and for a few seeds, :func:`train_cell` trains a fresh network for a
few epochs and records, at the start and after every ``every`` mini-batches (and at
the end of each epoch), the validation accuracy (percent of the 100 images) and
the training cost (eq 85: the cross-entropy of all 10,610 training images plus
the L2 term). The loop is :meth:`nnlib.Network.SGD`'s, with records between
mini-batches; at the end of each epoch it gives SGD's numbers bit for bit
(``tests/test_widgets_hyper.py``). Only validation data is looked at.

The result goes to ``nnlib/book/data/hyper_sweep.json`` (package data, written
atomically), with the parameters of the sweep; :class:`nnlib.book.widgets.HyperMap`
draws it in the reader's browser.

Command (the recorded sweep; about 4 minutes of CPU time on one core of the
machine it ran on, 2026; the file states the time measured as ``cpu_seconds``)::

    .venv/bin/python scripts/hyper_sweep.py

A quick smoke test (two cells, one seed, a few seconds)::

    .venv/bin/python scripts/hyper_sweep.py --etas 0.1 100 --lambdas 0 --seeds 1 \\
        --epochs 1 --out /tmp/hyper_sweep.json
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

import nnlib
from nnlib.book.protocols_hyper import zeros_and_ones
from nnlib.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "nnlib" / "book" / "data" / "hyper_sweep.json"
SCHEMA = 1

#: the grid: η by factors of about 3 (1, 3, 10, ...), λ = 0 and then by factors of 10
ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
LAMBDAS = (0.0, 0.01, 0.1, 1.0, 10.0, 100.0)
SEEDS = (1, 2, 3)
EPOCHS = 2
EVERY = 100                 # mini-batches between records: 1,000 images, as the source
MINI_BATCH_SIZE = 10
SIZES = (784, 10)
COST = "cross-entropy"


def train_cell(training: tuple, validation: tuple, eta: float, lmbda: float, seed: int,
               epochs: int = EPOCHS, every: int = EVERY,
               mini_batch_size: int = MINI_BATCH_SIZE) -> dict[str, list]:
    """Train one fresh network of the sweep; its record.

    Parameters
    ----------
    training, validation : ``(X, y)`` from :func:`zeros_and_ones`
    eta, lmbda : learning rate and L2 regularization parameter (eqs 93-94)
    seed : seed of the network (initial weights and shuffling)
    epochs : passes over the training data
    every : record after every this many mini-batches, and at each epoch's end

    Returns
    -------
    ``{"images": [...], "validation_accuracy": [...], "training_cost": [...]}``:
    training images seen at each record (0 = before training), the validation
    accuracy in percent, and the training cost with its L2 term (eq 85).
    """
    every = int(every)
    if every < 1:
        raise ValueError(f"every must be a positive number of mini-batches, got {every}")
    net = nnlib.Network(list(SIZES), cost=COST, seed=seed)
    X, y = training
    n, m = len(X), int(mini_batch_size)
    Y = nnlib.one_hot(y, SIZES[-1])
    record: dict[str, list] = {"images": [], "validation_accuracy": [], "training_cost": []}

    def take(images: int) -> None:
        record["images"].append(images)
        record["validation_accuracy"].append(100 * net.accuracy(validation))
        record["training_cost"].append(net.total_cost(training, lmbda))

    take(0)
    seen = 0
    for _ in range(epochs):
        order = net.rng.permutation(n)          # as Network.SGD shuffles
        for j, k in enumerate(range(0, n, m), start=1):
            batch = order[k:k + m]
            net.update_mini_batch(X[batch], Y[batch], eta, lmbda, n)
            seen += len(batch)
            if j % every == 0 or k + m >= n:
                take(seen)
    return record


def sweep(etas=ETAS, lambdas=LAMBDAS, seeds=SEEDS, epochs: int = EPOCHS,
          every: int = EVERY, data=None, log=sys.stderr) -> dict:
    """Train every cell of the grid for every seed; the document to save."""
    etas, lambdas = [float(e) for e in etas], [float(v) for v in lambdas]
    if not etas or any(not e > 0 for e in etas):
        raise ValueError(f"etas must be positive numbers, got {etas}")
    if not lambdas or any(not v >= 0 for v in lambdas):
        raise ValueError(f"lambdas must be numbers >= 0, got {lambdas}")
    if not seeds:
        raise ValueError("give at least one seed")
    training, validation, _ = zeros_and_ones(nnlib.load_mnist() if data is None else data)
    start = time.process_time()
    accuracy, cost, images = [], [], None
    for eta in etas:
        accuracy.append([]), cost.append([])
        for lmbda in lambdas:
            runs = [train_cell(training, validation, eta, lmbda, s, epochs, every)
                    for s in seeds]
            if images is None:
                images = runs[0]["images"]
            accuracy[-1].append([[round(v, 2) for v in r["validation_accuracy"]]
                                 for r in runs])
            cost[-1].append([[float(f"{v:.5g}") for v in r["training_cost"]] for r in runs])
            if log is not None:
                final = [r["validation_accuracy"][-1] for r in runs]
                print(f"eta={eta:g} lambda={lmbda:g}: final validation accuracy "
                      f"{final} ({time.process_time() - start:.0f} s CPU)", file=log)
    return {
        "schema": SCHEMA,
        "description": (
            "Validation accuracy (percent of the first 100 validation images) and "
            "training cost (cross-entropy of all training images plus the L2 term, "
            "eq 85) of a [784, 10] network on the 0s and 1s of MNIST "
            "(nnlib.book.protocols_hyper.zeros_and_ones), trained by mini-batch SGD "
            "for each learning rate eta and L2 parameter lambda of the grid and each "
            "seed; recorded before training and after every 'every' mini-batches and "
            "at each epoch's end. accuracy and cost are indexed [eta][lambda][seed]"
            "[record]; images[k] is the number of training images seen at record k."),
        "command": "python scripts/hyper_sweep.py" + _options(etas, lambdas, seeds,
                                                              epochs, every),
        "problem": {"data": "nnlib.book.protocols_hyper.zeros_and_ones",
                    "sizes": list(SIZES), "cost": COST, "output": "sigmoid",
                    "init": "default", "mini_batch_size": MINI_BATCH_SIZE,
                    "n_training": len(training[0]), "n_validation": len(validation[0])},
        "etas": etas, "lambdas": lambdas, "seeds": [int(s) for s in seeds],
        "epochs": int(epochs), "every": int(every), "images": images,
        "validation_accuracy": accuracy, "training_cost": cost,
        "cpu_seconds": round(time.process_time() - start, 1),
        "numpy": np.__version__, "python": platform.python_version(),
    }


def _options(etas, lambdas, seeds, epochs, every) -> str:
    out = ""
    if list(etas) != list(ETAS):
        out += " --etas " + " ".join(f"{e:g}" for e in etas)
    if list(lambdas) != list(LAMBDAS):
        out += " --lambdas " + " ".join(f"{v:g}" for v in lambdas)
    if list(seeds) != list(SEEDS):
        out += " --seeds " + " ".join(str(s) for s in seeds)
    if epochs != EPOCHS:
        out += f" --epochs {epochs}"
    if every != EVERY:
        out += f" --every {every}"
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--etas", type=float, nargs="+", default=list(ETAS))
    p.add_argument("--lambdas", type=float, nargs="+", default=list(LAMBDAS))
    p.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    p.add_argument("--epochs", type=int, default=EPOCHS)
    p.add_argument("--every", type=int, default=EVERY,
                   help="mini-batches between records (default %(default)s)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = p.parse_args(argv)
    if args.epochs < 1:
        p.error("--epochs must be at least 1")
    doc = sweep(args.etas, args.lambdas, args.seeds, args.epochs, args.every)
    atomic_write_text(args.out, json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({doc['cpu_seconds']} s CPU)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

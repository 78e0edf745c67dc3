"""The η × λ map of the hyper-parameter chapter: a recorded sweep, read in the browser.

``scripts/hyper_sweep.py`` trains the chapter's stripped-down problem
(:func:`nnlib.book.protocols_hyper.zeros_and_ones`: 0s and 1s, a ``[784, 10]``
network, cross-entropy, mini-batches of 10) for every learning rate η and L2
parameter λ of a grid and a few seeds, recording the validation accuracy and the
training cost every 1,000 images; it writes ``nnlib/book/data/hyper_sweep.json``.

:class:`HyperMap` draws that record in the reader's browser (``js/hyper_map.js``):
a map with one cell per (η, λ) coloured by the mean over seeds of the validation
accuracy (or the training cost) after a chosen number of training images, the
number in each cell; the reader picks a cell (click, tap or arrow keys) and sees
its curves, one per seed. :func:`map_values`, :func:`best_cells` and
:attr:`HyperMap.state` give the same numbers from Python;
``tests/test_widgets_hyper.py`` checks the JavaScript against them in Node.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets as t

from ._base import JS_DIR, finite

__all__ = ["SWEEP_PATH", "SHOWS", "TIE", "load_sweep", "map_values", "best_cells",
           "HyperMap", "esm"]

#: where ``scripts/hyper_sweep.py`` writes the sweep (package data)
SWEEP_PATH = Path(__file__).resolve().parents[1] / "data" / "hyper_sweep.json"
#: what the map can show: the key of the recorded series for each choice
SHOWS = {"accuracy": "validation_accuracy", "cost": "training_cost"}
#: two cell means closer than this count as a tie for the best
TIE = 1e-9


def esm() -> str:
    """The widget's ES module: ``js/common.js`` followed by ``js/hyper_map.js``."""
    return "\n".join([
        "// nnlib.book.widgets: hyper_map (generated from js/common.js + js/hyper_map.js)\n",
        (JS_DIR / "common.js").read_text(encoding="utf-8"),
        (JS_DIR / "hyper_map.js").read_text(encoding="utf-8")])


def load_sweep(path: str | Path | None = None) -> dict[str, Any]:
    """The recorded sweep (``SWEEP_PATH`` by default), checked: see :func:`check_sweep`."""
    p = SWEEP_PATH if path is None else Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no recorded sweep at {p}: run "
                                f"`python scripts/hyper_sweep.py` (about 4 minutes of CPU)")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{p} is not valid JSON ({e}): re-run scripts/hyper_sweep.py") from None
    return check_sweep(doc)


def check_sweep(doc: dict) -> dict[str, Any]:
    """``doc`` if it is a sweep as ``scripts/hyper_sweep.py`` writes it, else a ValueError."""
    if not isinstance(doc, dict):
        raise ValueError(f"a sweep is a dict, got {type(doc).__name__}")
    missing = [k for k in ("etas", "lambdas", "seeds", "images", *SHOWS.values())
               if k not in doc]
    if missing:
        raise ValueError(f"the sweep lacks {missing}: re-run scripts/hyper_sweep.py")
    etas = [finite(v, "eta") for v in doc["etas"]]
    lambdas = [finite(v, "lambda") for v in doc["lambdas"]]
    if not etas or any(e <= 0 for e in etas) or etas != sorted(set(etas)):
        raise ValueError(f"etas must be positive and increasing, got {doc['etas']}")
    if not lambdas or any(v < 0 for v in lambdas) or lambdas != sorted(set(lambdas)):
        raise ValueError(f"lambdas must be >= 0 and increasing, got {doc['lambdas']}")
    images = doc["images"]
    if not images or any(int(b) <= int(a) for a, b in zip(images, images[1:])):
        raise ValueError(f"images must be increasing counts, got {images}")
    shape = (len(etas), len(lambdas), len(doc["seeds"]), len(images))
    for key in SHOWS.values():
        try:
            a = np.asarray(doc[key], dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{key} must be numbers indexed [eta][lambda][seed][record], "
                             f"of shape {shape}") from None
        if a.shape != shape:
            raise ValueError(f"{key} has shape {a.shape}; the grid needs {shape} "
                             f"(eta, lambda, seed, record)")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{key} holds values that are not finite numbers")
    return doc


def _mean(values) -> float:
    """Mean, summed left to right as the browser does (so ties agree to the last bit)."""
    total = 0.0
    for v in values:
        total += float(v)
    return total / len(values)


def map_values(series, at: int) -> np.ndarray:
    """``[i, j]``: the mean over seeds of ``series[i][j][seed][at]`` (what the map shows)."""
    return np.array([[_mean([run[at] for run in seeds]) for seeds in row]
                     for row in series], dtype=float)


def best_cells(values: np.ndarray, shows: str) -> tuple[float, list[tuple[int, int]]]:
    """The best mean on the map (highest accuracy, lowest cost) and its cells ``(i, j)``."""
    if shows not in SHOWS:
        raise ValueError(f"shows must be one of {sorted(SHOWS)}, got {shows!r}")
    values = np.asarray(values, dtype=float)
    best = float(values.max() if shows == "accuracy" else values.min())
    cells = [(int(i), int(j)) for i, j in zip(*np.nonzero(np.abs(values - best) <= TIE))]
    return best, cells


class HyperMap(anywidget.AnyWidget):
    """Map of the recorded η × λ sweep; pick a cell to see its curves (browser-side).

    Parameters
    ----------
    eta, lmbda : the cell selected first (values of the grid); by default the
        middle η and the first λ (0)
    after : read the map after this many training images (one of the recorded
        counts in ``images``; by default the last)
    shows : ``"accuracy"`` (validation accuracy, %) or ``"cost"`` (training cost)
    sweep : a sweep dict as ``scripts/hyper_sweep.py`` writes it; by default
        :func:`load_sweep` (the book's record)

    The root element has class ``nnlib-hyper`` and ``data-eta``, ``data-lambda``,
    ``data-row``, ``data-col``, ``data-at`` (record index), ``data-images``,
    ``data-shows``, ``data-accuracy`` and ``data-cost`` (the selected cell's means
    over seeds at that record), ``data-accuracy-seeds``, ``data-cost-seeds``,
    ``data-best`` and ``data-best-count`` (best mean on the map and in how many
    cells).
    """

    _esm = esm()
    etas = t.List(t.Float()).tag(sync=True)
    lambdas = t.List(t.Float()).tag(sync=True)
    seeds = t.List(t.Int()).tag(sync=True)
    images = t.List(t.Int()).tag(sync=True)
    n_training = t.Int(0).tag(sync=True)
    n_validation = t.Int(0).tag(sync=True)
    accuracy = t.List(t.List(t.List(t.List(t.Float())))).tag(sync=True)
    cost = t.List(t.List(t.List(t.List(t.Float())))).tag(sync=True)
    row = t.Int(0).tag(sync=True)
    col = t.Int(0).tag(sync=True)
    at = t.Int(0).tag(sync=True)
    shows = t.Unicode("accuracy").tag(sync=True)

    def __init__(self, eta: float | None = None, lmbda: float | None = None,
                 after: int | None = None, shows: str = "accuracy",
                 sweep: dict | None = None) -> None:
        doc = load_sweep() if sweep is None else check_sweep(sweep)
        problem = doc.get("problem", {})
        super().__init__(
            etas=[float(v) for v in doc["etas"]], lambdas=[float(v) for v in doc["lambdas"]],
            seeds=[int(s) for s in doc["seeds"]], images=[int(v) for v in doc["images"]],
            n_training=int(problem.get("n_training", 0)),
            n_validation=int(problem.get("n_validation", 0)),
            accuracy=doc[SHOWS["accuracy"]], cost=doc[SHOWS["cost"]])
        self.select(self.etas[(len(self.etas) - 1) // 2] if eta is None else eta,
                    self.lambdas[0] if lmbda is None else lmbda)
        self.at = len(self.images) - 1 if after is None else self._record(after)
        self.shows = shows

    def _record(self, after) -> int:
        if after not in self.images:
            raise ValueError(f"no record after {after!r} images; the sweep recorded after "
                             f"{self.images}")
        return self.images.index(after)

    @staticmethod
    def _index(value, values, name) -> int:
        v = finite(value, name)
        for i, x in enumerate(values):
            if math.isclose(v, x, rel_tol=1e-12, abs_tol=0.0):
                return i
        raise ValueError(f"{name} must be one of the sweep's values {values}, got {value!r}")

    @t.validate("row")
    def _valid_row(self, proposal):
        i = proposal["value"]
        if not 0 <= i < len(self.etas):
            raise ValueError(f"row must lie in [0, {len(self.etas) - 1}], got {i!r}")
        return i

    @t.validate("col")
    def _valid_col(self, proposal):
        j = proposal["value"]
        if not 0 <= j < len(self.lambdas):
            raise ValueError(f"col must lie in [0, {len(self.lambdas) - 1}], got {j!r}")
        return j

    @t.validate("at")
    def _valid_at(self, proposal):
        k = proposal["value"]
        if not 0 <= k < len(self.images):
            raise ValueError(f"at must lie in [0, {len(self.images) - 1}], got {k!r}")
        return k

    @t.validate("shows")
    def _valid_shows(self, proposal):
        v = proposal["value"]
        if v not in SHOWS:
            raise ValueError(f"shows must be one of {sorted(SHOWS)}, got {v!r}")
        return v

    def select(self, eta: float, lmbda: float) -> None:
        """Select the cell of ``eta`` and ``lmbda`` (values of the grid)."""
        i = self._index(eta, self.etas, "eta")
        j = self._index(lmbda, self.lambdas, "lambda")
        self.row, self.col = i, j

    @property
    def eta(self) -> float:
        """η of the selected cell."""
        return self.etas[self.row]

    @property
    def lmbda(self) -> float:
        """λ of the selected cell."""
        return self.lambdas[self.col]

    def map(self) -> np.ndarray:
        """``[i, j]`` = the number shown in the cell of ``etas[i]``, ``lambdas[j]``."""
        return map_values(getattr(self, self.shows), self.at)

    def cell(self) -> dict[str, np.ndarray]:
        """The selected cell's record: ``images`` and, per seed (rows), its curves."""
        return {"images": np.asarray(self.images),
                "validation_accuracy": np.asarray(self.accuracy[self.row][self.col]),
                "training_cost": np.asarray(self.cost[self.row][self.col])}

    @property
    def state(self) -> dict[str, Any]:
        """What the readout states, as the browser computes it (see ``data-*``)."""
        acc = [row[self.at] for row in self.accuracy[self.row][self.col]]
        cost = [row[self.at] for row in self.cost[self.row][self.col]]
        best, cells = best_cells(self.map(), self.shows)
        return {"eta": self.eta, "lambda": self.lmbda, "images": self.images[self.at],
                "accuracy": _mean(acc), "cost": _mean(cost), "accuracy_seeds": acc,
                "cost_seeds": cost, "best": best, "best_count": len(cells)}

"""How much the book's training results vary from seed to seed.

A training run on MNIST is chaotic in floating point: two machines that round
differently (another CPU, another BLAS build) turn the same seed into two
different runs, about as different as two seeds. So the book does not check
the exact numbers of its seed-1 runs. ``scripts/seed_spread.py`` repeats each
run with several seeds and records, per quantity, the values per seed and
their mean, standard deviation and range in ``nnlib/book/data/seed_spread.json`` (package data, so an installed
nlib, e.g. on Colab, has it too);
the chapters read that file through this module, to tell the reader how much a
result varies and to check their own run against the measured range.

Example
-------
>>> from nnlib.book.spread import spread, assert_within
>>> s = spread("full_quad_100.final_test_accuracy")       # doctest: +SKIP
>>> s.describe()                                          # doctest: +SKIP
'mean 80.46%, sd 11.92, range 66.37% to 96.59% over 6 seeds'
>>> assert_within(s, 91.0, margin=2.0)                     # doctest: +SKIP
"""
from __future__ import annotations

import difflib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence, Union

__all__ = ["Spread", "Row", "UnknownQuantityError", "DEFAULT_PATH", "spread", "keys", "curve",
           "assert_within", "assert_rows", "spread_table", "load", "spreads", "json_number",
           "summarize"]

#: Where the measurements live in a checkout of the book.
DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "seed_spread.json"
_RERUN = "python scripts/seed_spread.py --list"


def json_number(v):
    """A number as the records store it: ints (and bools) as ints, floats to 7
    significant digits (enough for every quantity, short in the file), NaN and
    infinities as None."""
    if isinstance(v, int) or getattr(getattr(v, "dtype", None), "kind", "") in ("b", "i", "u"):
        return int(v)  # bools are ints too
    v = float(v)
    return float(f"{v:.7g}") if math.isfinite(v) else None


def summarize(values: Sequence[float]) -> dict:
    """A record's summary of one quantity over seeds: ``n_seeds``, ``mean``, ``sd``
    (n - 1; None for one value), ``min``, ``max``, each to 7 significant digits."""
    import numpy as np

    v = np.array(values, dtype=float)
    return dict(n_seeds=len(v), mean=json_number(v.mean()),
                sd=json_number(v.std(ddof=1)) if len(v) > 1 else None,
                min=json_number(v.min()), max=json_number(v.max()))


class UnknownQuantityError(KeyError):
    """A quantity that is not in the measurements file."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class Spread:
    """One quantity measured over several seeds.

    Attributes
    ----------
    key : the quantity's name in the file, ``"<experiment>.<quantity>"``
    mean, sd : mean and sample standard deviation (n - 1) of ``values``;
        ``sd`` is None when only one seed was run
    lo, hi : smallest and largest value
    n_seeds : how many seeds were run
    values, seeds : the value for each seed, and the seeds, in the same order
    unit : ``"%"``, ``"points"``, ``"epoch"``, ...
    description : what was measured
    source : the source's (Nielsen's) value, if it states one
    protocol : how the network was trained (sizes, cost, eta, epochs, ...)
    """

    key: str
    mean: float
    sd: float | None
    lo: float
    hi: float
    n_seeds: int
    values: tuple[float, ...]
    seeds: tuple[int, ...] = ()
    unit: str = ""
    description: str = ""
    source: float | None = None
    protocol: Mapping = field(default_factory=dict)

    def value(self, seed: int) -> float:
        """The value measured with ``seed``."""
        if seed not in self.seeds:
            raise UnknownQuantityError(f"{self.key} was not measured with seed {seed}; "
                                       f"seeds measured: {list(self.seeds)}")
        return self.values[self.seeds.index(seed)]

    def _fmt(self, v: float, digits: int) -> str:
        return f"{v:.{digits}f}" + ("%" if self.unit == "%" else "")

    def describe(self, digits: int = 2) -> str:
        """Mean, sd and range in words, e.g. for a sentence in a chapter."""
        sd = "" if self.sd is None else f", sd {self.sd:.{digits}f}"
        n = f"{self.n_seeds} seed" + ("s" if self.n_seeds != 1 else "")
        return (f"mean {self._fmt(self.mean, digits)}{sd}, range {self._fmt(self.lo, digits)}"
                f" to {self._fmt(self.hi, digits)} over {n}")

    def bounds(self, margin: float = 0.0) -> tuple[float, float]:
        """The measured range widened by ``margin`` on both sides."""
        margin = _check_margin(margin)
        return self.lo - margin, self.hi + margin

    def contains(self, value: float, margin: float = 0.0) -> bool:
        """True if ``value`` lies in the measured range widened by ``margin``."""
        lo, hi = self.bounds(margin)
        v = _as_number(value)
        return not math.isnan(v) and lo <= v <= hi


def _check_margin(margin) -> float:
    try:
        m = float(margin)
    except (TypeError, ValueError):
        raise ValueError(f"margin must be a number (how far outside the measured range a "
                         f"value may lie, in the quantity's unit), got {margin!r}") from None
    if not math.isfinite(m) or m < 0:
        raise ValueError(f"margin must be a finite number >= 0, got {margin!r}")
    return m


def _as_number(value) -> float:
    if isinstance(value, (str, bytes)):
        raise ValueError(f"value must be a number, got the string {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"value must be a number, got {value!r}") from None


_CACHE: dict = {}


def load(path: str | Path | None = None) -> dict:
    """The whole measurements file as a dict (read once per file version)."""
    p = DEFAULT_PATH if path is None else Path(path)
    if not p.is_file():
        raise FileNotFoundError(
            f"no seed-spread measurements at {p}: pass path= to the file "
            f"nnlib/book/data/seed_spread.json of the book's repository, or measure them "
            f"with scripts/seed_spread.py")
    stamp = (str(p.resolve()), p.stat().st_mtime_ns)
    if stamp not in _CACHE:
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{p} is not valid JSON ({e}); re-create it with "
                             f"scripts/seed_spread.py") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("quantities"), dict):
            raise ValueError(f"{p} has no 'quantities' table; re-create it with "
                             f"scripts/seed_spread.py")
        _CACHE.clear()
        _CACHE[stamp] = doc
    return _CACHE[stamp]


def keys(prefix: str = "", path: str | Path | None = None) -> list[str]:
    """The names of the measured quantities that start with ``prefix``, sorted."""
    return sorted(k for k in load(path)["quantities"] if k.startswith(prefix))


def spread(key: str, path: str | Path | None = None) -> Spread:
    """The measured spread of the quantity ``key`` (e.g. ``"full_ce_30.final_test_accuracy"``).

    Raises
    ------
    UnknownQuantityError
        (a KeyError) if ``key`` is not in the file; the message names the
        closest keys.
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a string such as 'full_ce_30.final_test_accuracy', "
                        f"got {type(key).__name__}")
    table = load(path)["quantities"]
    if key not in table:
        close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownQuantityError(
            f"no measured spread for {key!r}.{hint} nnlib.book.spread.keys() lists the "
            f"{len(table)} measured quantities; a new one needs an experiment in "
            f"scripts/seed_spread.py ({_RERUN}).")
    q = table[key]
    try:
        return Spread(key=key, mean=float(q["mean"]),
                      sd=None if q.get("sd") is None else float(q["sd"]),
                      lo=float(q["min"]), hi=float(q["max"]), n_seeds=int(q["n_seeds"]),
                      values=tuple(float(v) for v in q["values"]),
                      seeds=tuple(int(s) for s in q.get("seeds", ())),
                      unit=q.get("unit", ""), description=q.get("description", ""),
                      source=q.get("source"), protocol=q.get("protocol", {}))
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(f"the entry for {key!r} is malformed ({e!r}); re-create the file "
                         f"with scripts/seed_spread.py") from None


def curve(experiment: str, name: str, seed: int = 1,
          path: str | Path | None = None) -> "np.ndarray":
    """A curve recorded with one run, e.g. ``curve("full_l2_100", "validation_accuracy")``.

    The values are stored to 5 significant digits, one per record of the run
    (per epoch, or per 10 epochs for the 400-epoch protocols).
    """
    import numpy as np
    runs = load(path).get("runs", {})
    if experiment not in runs:
        raise UnknownQuantityError(f"no recorded runs of {experiment!r}; the experiments are "
                                   f"{sorted(runs)}")
    run = runs[experiment].get(str(seed))
    if run is None:
        raise UnknownQuantityError(f"{experiment!r} was not run with seed {seed}; seeds: "
                                   f"{sorted(map(int, runs[experiment]))}")
    if name not in run.get("curves", {}):
        raise UnknownQuantityError(f"{experiment!r} recorded no curve {name!r}; it has "
                                   f"{sorted(run.get('curves', {}))}")
    return np.asarray(run["curves"][name], dtype=float)


def recorded_history(experiment: str, seed: int = 1,
                     path: str | Path | None = None) -> "History":
    """A recorded run as the :class:`nnlib.History` its ``SGD`` call returned: the
    accuracy curves the record holds (``"test_accuracy"`` -> ``accuracy["test"]``, as
    fractions), one record per epoch.

    A chapter reads a run from the record this way when training it on the page would
    keep the reader waiting, and shows the call that made it.
    """
    from nnlib import History

    run = load(path).get("runs", {}).get(experiment, {}).get(str(seed), {})
    names = [k for k in run.get("curves", {}) if k.endswith("_accuracy")]
    if not names:
        raise UnknownQuantityError(f"no accuracy curves recorded for {experiment!r}, seed {seed}")
    history = History()
    for name in names:
        history.accuracy[name.removesuffix("_accuracy")] = list(
            curve(experiment, name, seed, path) / 100)
    history.epochs = list(range(len(next(iter(history.accuracy.values())))))
    history.epochs_run = len(history.epochs)
    return history


def assert_within(quantity: str | Spread, value: float, margin: float, *,
                 what: str | None = None, path: str | Path | None = None) -> float:
    """Assert that ``value`` lies in the measured range of ``quantity`` widened by ``margin``.

    Parameters
    ----------
    quantity : a key of the measurements file, or a :class:`Spread`
    value : this run's result, in the quantity's unit
    margin : how far outside [min, max] over the measured seeds the value may
        lie (>= 0, in the quantity's unit); state it in the book
    what : a name for the value in the error message (default: the key)

    Returns
    -------
    The value, so a check can sit inside an expression.

    Raises
    ------
    AssertionError
        If the value is outside (or NaN); the message gives the value, the
        widened range, the measured spread and the seeds.
    """
    s = quantity if isinstance(quantity, Spread) else spread(quantity, path)
    lo, hi = s.bounds(margin)
    v = _as_number(value)
    if not s.contains(v, margin):
        unit = s.unit if s.unit == "%" else f" {s.unit}" if s.unit else ""
        raise AssertionError(
            f"{what or s.key} = {v:g}{unit} is outside the range measured over "
            f"{s.n_seeds} seed(s) ({s.lo:g} to {s.hi:g}) widened by {margin:g}: "
            f"[{lo:g}, {hi:g}]. Measured: {s.describe()}; seeds {list(s.seeds)} gave "
            f"{list(s.values)}. If training changed on purpose, re-measure with "
            f"scripts/seed_spread.py --only {' '.join(_experiments(s))}.")
    return value


def _experiments(s: Spread) -> list[str]:
    """The experiments (of scripts/seed_spread.py) a quantity comes from."""
    if s.protocol and all(isinstance(v, Mapping) for v in s.protocol.values()):
        return list(s.protocol)              # a derived quantity: one protocol per experiment
    return [s.key.split(".")[0]]


def spreads(keys_: Sequence[str], path: str | Path | None = None) -> dict[str, Spread]:
    """Several quantities at once: ``{key: Spread}``."""
    return {k: spread(k, path) for k in keys_}


# ---------------------------------------------------------------- tables of results
@dataclass(frozen=True)
class Row:
    """One line of a results table: this run's value beside the spread over seeds.

    ``quantity`` is a key of the measurements file or a :class:`Spread`;
    ``source`` overrides the source's value recorded with it (None: use the
    recorded one); ``margin`` is this row's margin for :func:`assert_rows`.
    """

    label: str
    ours: float
    quantity: Union[str, Spread]
    source: float | None = None
    margin: float | None = None


def _rows(rows, path) -> list[tuple[Row, Spread]]:
    out = []
    for r in rows:
        if not isinstance(r, Row):
            if not isinstance(r, (tuple, list)) or not 3 <= len(r) <= 5:
                raise ValueError(f"a row is a Row or a tuple (label, ours, key[, source"
                                 f"[, margin]]), got {r!r}")
            r = Row(*r)
        s = r.quantity if isinstance(r.quantity, Spread) else spread(r.quantity, path)
        out.append((r, s))
    return out


def _with_unit(text: str, unit: str) -> str:
    return text + ("%" if unit == "%" else " points" if unit == "points" else "")


def spread_table(rows: Sequence, digits: int = 2, path: str | Path | None = None):
    """A Markdown table: | result | this run | over seeds: mean (min to max) | source |.

    ``rows`` are :class:`Row` objects or tuples ``(label, ours, key[, source])``.
    Returns IPython Markdown (plain text where IPython is missing).
    """
    lines = ["| result | this run | mean over seeds (lowest to highest) | seeds | source |",
             "|---|---:|---:|---:|---:|"]
    for r, s in _rows(rows, path):
        f = lambda v: _with_unit(f"{v:.{digits}f}", s.unit)   # noqa: E731
        src = r.source if r.source is not None else s.source
        lines.append(f"| {r.label} | {f(_as_number(r.ours))} | {f(s.mean)} ({f(s.lo)} to "
                     f"{f(s.hi)}) | {s.n_seeds} | {'—' if src is None else f(float(src))} |")
    text = "\n".join(lines)
    try:
        from IPython.display import Markdown
        return Markdown(text)
    except ImportError:  # pragma: no cover - IPython is there in the book
        return text


def assert_rows(rows: Sequence, margin: float | None = None,
               path: str | Path | None = None) -> None:
    """:func:`assert_within` for every row; one AssertionError listing all that fail.

    Each row uses its own ``margin`` if it has one, else ``margin``.
    """
    bad = []
    for r, s in _rows(rows, path):
        m = r.margin if r.margin is not None else margin
        if m is None:
            raise ValueError(f"no margin for the row {r.label!r}: pass margin= or give the "
                             f"row one")
        try:
            assert_within(s, r.ours, m, what=r.label)
        except AssertionError as e:
            bad.append(str(e))
    if bad:
        raise AssertionError(f"{len(bad)} result(s) outside the measured spread:\n"
                             + "\n".join(bad))

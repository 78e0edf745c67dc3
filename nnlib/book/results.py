"""Our numbers beside the source's: a table, and a tolerance check that says why it failed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

__all__ = ["Comparison", "comparison_table", "assert_close", "markdown_table"]


@dataclass(frozen=True)
class Comparison:
    """One result: what was measured, our value, the source's, and the tolerance.

    Values are in the unit given (e.g. percent); ``tol`` is the largest
    accepted absolute difference, stated in the book next to the table.
    """

    what: str
    ours: float
    source: float | None
    tol: float | None = None
    unit: str = "%"

    @property
    def diff(self) -> float | None:
        return None if self.source is None else self.ours - self.source

    @property
    def ok(self) -> bool:
        return self.tol is None or self.source is None or abs(self.diff) <= self.tol


def markdown_table(header: Sequence[str], rows: Sequence[Sequence], align: str = ""):
    """A Markdown table shown by IPython (plain text in a terminal).

    ``rows`` hold one cell per column (strings, or numbers formatted with
    ``str``); ``align`` has one letter per column, ``"l"`` or ``"r"`` (default:
    the first column left, the others right).
    """
    align = align or "l" + "r" * (len(header) - 1)
    if len(align) != len(header) or set(align) - {"l", "r"}:
        raise ValueError(f"align must give 'l' or 'r' for each of the {len(header)} "
                         f"columns, got {align!r}")
    bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
    if bad:
        raise ValueError(f"rows {bad} do not have {len(header)} cells, one per column of "
                         f"{list(header)}")
    rule = ["---" if a == "l" else "---:" for a in align]
    lines = ["| " + " | ".join(map(str, line)) + " |" for line in (header, rule, *rows)]
    text = "\n".join(lines)
    try:
        from IPython.display import Markdown
        return Markdown(text)
    except ImportError:  # pragma: no cover - IPython is there in the book
        return text


def comparison_table(rows: Sequence[Comparison], digits: int = 2):
    """An IPython Markdown table (plain text in a terminal) of ours vs the source's."""
    fmt = f"{{:.{digits}f}}"
    lines = ["| result | ours | source | difference | tolerance |",
             "|---|---:|---:|---:|---:|"]
    for r in rows:
        src = "—" if r.source is None else fmt.format(r.source) + r.unit
        diff = "—" if r.diff is None else f"{r.diff:+.{digits}f}"
        tol = "—" if r.tol is None else f"±{r.tol:g}"
        lines.append(f"| {r.what} | {fmt.format(r.ours)}{r.unit} | {src} | {diff} | {tol} |")
    text = "\n".join(lines)
    try:
        from IPython.display import Markdown
        return Markdown(text)
    except ImportError:  # pragma: no cover - IPython is there in the book
        return text


def assert_close(rows: Sequence[Comparison]) -> None:
    """Raise AssertionError naming every result that is outside its tolerance."""
    bad = [f"{r.what}: ours {r.ours:.3f}{r.unit} vs source {r.source:.3f}{r.unit} "
           f"(difference {r.diff:+.3f}, tolerance ±{r.tol:g})" for r in rows if not r.ok]
    if bad:
        raise AssertionError("outside the stated tolerance:\n" + "\n".join(bad))

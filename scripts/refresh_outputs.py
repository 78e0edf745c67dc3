"""Re-execute notebooks in place so that their stored outputs are what the code produces today.

Usage:
    .venv/bin/python scripts/refresh_outputs.py chapters/03_softmax.ipynb   # one notebook
    .venv/bin/python scripts/refresh_outputs.py                             # every notebook in the toc dirs

Each notebook runs top to bottom with kernel ``python3`` in its own folder (the same
working directory nbval uses), cell timeout 900 s; the ipywidgets state is stored in the
notebook metadata so that the site can render saved widget views. This is what
``jupyter nbconvert --to notebook --execute --inplace`` does, plus the widget state.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("chapters", "exercises")
TIMEOUT = 900


def execute_notebook(path: Path) -> None:
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    client.execute()
    # Keep metadata stable across refreshes: drop the widget state when it is empty.
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    if not widgets.get("state"):
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def all_notebooks() -> list[Path]:
    return sorted(
        p for d in NOTEBOOK_DIRS for p in (ROOT / d).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or all_notebooks()
    for p in paths:
        t0 = time.perf_counter()
        execute_notebook(p)
        print(f"refreshed {p} in {time.perf_counter() - t0:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

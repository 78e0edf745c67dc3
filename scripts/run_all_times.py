"""How long a reader waits: each notebook run top to bottom, as Run All does.

Usage::

    .venv/bin/python scripts/run_all_times.py                 # every chapter
    .venv/bin/python scripts/run_all_times.py chapters/05_regularization.ipynb ...

Each notebook runs in a fresh ``python3`` kernel in its own folder (as JupyterLab and
nbval run it), one after the other, and nothing is written back. Prints a Markdown
table: the wall time of Run All (kernel start excluded), the CPU time the kernel used,
and the slowest cell with its time. Measure on an otherwise idle machine; on 2 cores a
second busy process stretches every figure (CONTRIBUTING.md keeps the last table).
"""
from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _seconds(cell) -> float:
    t = cell.metadata.get("execution", {})
    start, end = t.get("iopub.execute_input"), t.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def run_all(path: Path) -> dict:
    """Execute ``path`` (a copy in memory); wall and kernel CPU seconds, slowest cell."""
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        kernel = psutil.Process(client.km.provisioner.process.pid)
        cpu0 = sum(kernel.cpu_times()[:2])
        t0 = time.perf_counter()
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        wall = time.perf_counter() - t0
        cpu = sum(kernel.cpu_times()[:2]) - cpu0
    times = [(_seconds(c), i) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    slowest, cell = max(times)
    return {"wall": wall, "cpu": cpu, "slowest": slowest, "cell": cell}


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    print("| notebook | Run All (wall) | kernel CPU | slowest cell |")
    print("|---|---:|---:|---:|")
    for p in paths:
        r = run_all(p)
        name = p.resolve().relative_to(ROOT).as_posix()
        print(f"| {name} | {r['wall']:.0f} s | {r['cpu']:.0f} s | "
              f"{r['slowest']:.0f} s (cell {r['cell']}) |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

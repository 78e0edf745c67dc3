"""Run a widget's exported JavaScript functions in Node, through ``tests/js/run_exports.mjs``
(it imports the ES module and calls the functions named in JSON; JSON carries IEEE
doubles exactly, so the comparison is of the numbers the browser computes)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable

RUNNER = Path(__file__).resolve().parent / "js" / "run_exports.mjs"


def node_calls(module: Path, calls: list) -> list:
    """The results of ``calls`` (``[name, args]`` pairs, see the runner) in ``module``."""
    proc = subprocess.run(["node", str(RUNNER), str(module)], input=json.dumps(calls),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def js_caller(folder: Path, name: str, source: str) -> Callable[[list], list]:
    """Write the ES module ``source`` as ``folder/<name>.mjs``; return ``calls -> results``."""
    module = Path(folder) / f"{name}.mjs"
    module.write_text(source, encoding="utf-8")
    return lambda calls: node_calls(module, calls)

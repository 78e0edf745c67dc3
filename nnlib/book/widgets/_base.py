"""What every live widget shares: its JavaScript module and the anywidget base class.

Each widget is one ``anywidget.AnyWidget`` whose JavaScript computes and draws in the
reader's browser, so it works on the static site (no kernel), in JupyterLab, Binder,
Colab and VS Code alike. The JavaScript lives in ``js/``: ``common.js`` (drawing and
control helpers) followed by the widget's own file make the widget's ES module
(:func:`esm`). The notebook saves that text in its widget state; the built site runs
the saved copy, so a notebook must be re-executed after a change to ``js/``.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

JS_DIR = Path(__file__).resolve().parent / "js"
NAMES = ("neuron", "softmax", "entropy", "curves", "lambda")


@cache
def esm(name: str) -> str:
    """The ES module of widget ``name``: a header, ``js/common.js``, ``js/<name>.js``."""
    if name not in NAMES:
        raise ValueError(f"unknown widget module {name!r}: choose one of {NAMES}")
    parts = [f"// nnlib.book.widgets: {name} (generated from js/common.js + js/{name}.js)\n",
             (JS_DIR / "common.js").read_text(encoding="utf-8"),
             (JS_DIR / f"{name}.js").read_text(encoding="utf-8")]
    return "\n".join(parts)


def finite(value, name: str) -> float:
    """``value`` as a float, or a ValueError naming ``name``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return v


def rounded(values, digits: int) -> list[float]:
    """Recorded numbers for the widget state: floats rounded to ``digits`` decimals."""
    return [round(float(v), digits) for v in values]

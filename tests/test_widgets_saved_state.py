"""The site runs the widget JavaScript saved in each notebook: it must be today's.

A notebook saves the ``_esm`` module text of every widget it shows in its metadata
(``scripts/refresh_outputs.py``); the built site renders from that copy, never from
``nnlib/book/widgets/js/``. After changing the JS, re-execute the notebooks that show
the widget, or, when only the widgets' JS/CSS changed, rewrite the saved copies in place
with ``scripts/refresh_widget_js.py`` (no execution).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from book_scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
refresh_widget_js = load_script("refresh_widget_js")
NOTEBOOKS = sorted(p for d in ("chapters", "exercises") for p in (ROOT / d).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
#: widget class (its anywidget id) -> the name of its JS module
CLASSES = {
    "nnlib.book.widgets.neuron.NeuronExplorer": "neuron",
    "nnlib.book.widgets.softmax.SoftmaxExplorer": "softmax",
    "nnlib.book.widgets.entropy.EntropyExplorer": "entropy",
    "nnlib.book.widgets.curves.CurveExplorer": "curves",
    "nnlib.book.widgets.lambda_explorer.LambdaExplorer": "lambda",
    "nnlib.book.widgets.init_explorer.InitExplorer": "init",
    "nnlib.book.widgets.momentum.MomentumValley": "momentum",
    "nnlib.book.widgets.hyper_map.HyperMap": "hyper_map",
}


def saved_models(path: Path) -> dict[str, dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return state


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_saved_widget_js_is_the_current_js(path):
    """Every nnlib widget saved in the notebook (any class, new ones included) carries its
    class's current _esm/_css text."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    stale = refresh_widget_js.refresh(nb)  # changes only this in-memory copy
    assert not stale, (f"{path.relative_to(ROOT)} saved an old copy of {sorted(set(stale))}: run "
                       f"`.venv/bin/python scripts/refresh_widget_js.py {path.relative_to(ROOT)}` "
                       f"(JS/CSS only) or re-execute it with scripts/refresh_outputs.py")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_picture_is_shipped_as_an_image_widget(path):
    """Pictures are drawn by the widgets' JS; an Image widget never changes without a kernel."""
    images = [m for m in saved_models(path).values() if m.get("model_name") == "ImageModel"]
    assert not images, f"{path.relative_to(ROOT)} saves {len(images)} Image widget(s)"


def test_every_live_widget_is_in_a_chapter():
    found = {model.get("state", {}).get("_anywidget_id") for p in NOTEBOOKS
             for model in saved_models(p).values()}
    missing = sorted(set(CLASSES) - found)
    assert not missing, f"no notebook shows {missing} (see CONTRIBUTING.md, 'Live widgets')"

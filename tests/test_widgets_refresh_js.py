"""scripts/refresh_widget_js.py rewrites only the saved widget JS of a notebook, idempotently."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nnlib.book.widgets._base import esm
from book_scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
refresh_widget_js = load_script("refresh_widget_js")

CHAPTER = ROOT / "chapters" / "01_cross_entropy.ipynb"
NEURON = "nnlib.book.widgets.neuron.NeuronExplorer"


def _models(nb: dict) -> dict:
    return nb["metadata"]["widgets"][refresh_widget_js.STATE_KEY]["state"]


def _stale_copy(tmp_path: Path) -> Path:
    """A copy of chapter 1 whose saved neuron JS is an old text."""
    nb = json.loads(CHAPTER.read_text(encoding="utf-8"))
    ids = [k for k, m in _models(nb).items() if m["state"].get("_anywidget_id") == NEURON]
    assert ids, "chapter 1 saves no NeuronExplorer"
    for k in ids:
        _models(nb)[k]["state"]["_esm"] = "// an old version\nexport default {render() {}};"
    path = tmp_path / CHAPTER.name
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_rewrites_only_the_saved_js_and_a_second_run_changes_nothing(tmp_path):
    path = _stale_copy(tmp_path)
    before = json.loads(path.read_text(encoding="utf-8"))
    assert refresh_widget_js.main(["--check", str(path)]) == 1
    assert refresh_widget_js.main([str(path)]) == 0
    after_text = path.read_text(encoding="utf-8")
    after = json.loads(after_text)
    for k, m in _models(after).items():
        if m["state"].get("_anywidget_id") == NEURON:
            assert m["state"]["_esm"] == esm("neuron")
            m["state"]["_esm"] = _models(before)[k]["state"]["_esm"]
    assert after == before, "something besides the saved _esm changed"
    assert refresh_widget_js.main(["--check", str(path)]) == 0
    refresh_widget_js.main([str(path)])
    assert path.read_text(encoding="utf-8") == after_text, "a second run changed the file"


def test_a_current_notebook_is_left_byte_for_byte(tmp_path):
    path = _stale_copy(tmp_path)
    refresh_widget_js.main([str(path)])
    first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    refresh_widget_js.main([str(path)])
    assert path.read_bytes() == first and path.stat().st_mtime_ns == mtime


def test_key_order_and_unicode_of_the_file_are_kept(tmp_path):
    src = ROOT / "chapters" / "03_softmax.ipynb"  # stored with unsorted keys and non-ASCII text
    path = tmp_path / src.name
    shutil.copyfile(src, path)
    refresh_widget_js.main([str(path)])
    raw = path.read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), indent=1, ensure_ascii=False) + "\n"
    assert refresh_widget_js.main(["--check", str(path)]) == 0


def test_bad_input_gets_a_clear_error(tmp_path):
    nb = json.loads(CHAPTER.read_text(encoding="utf-8"))
    next(iter(_models(nb).values()))["state"]["_anywidget_id"] = "nnlib.book.widgets.neuron.NoSuchWidget"
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="NoSuchWidget"):
        refresh_widget_js.main([str(path)])
    squashed = tmp_path / "squashed.ipynb"
    squashed.write_text(json.dumps(json.loads(CHAPTER.read_text(encoding="utf-8"))), encoding="utf-8")
    with pytest.raises(ValueError, match="layout"):
        refresh_widget_js.main([str(squashed)])
    with pytest.raises(SystemExit):
        refresh_widget_js.main([str(tmp_path / "missing.ipynb")])

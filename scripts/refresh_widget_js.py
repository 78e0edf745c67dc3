"""Rewrite the widget JavaScript saved in notebooks to today's, without running anything.

The built site and JupyterLab draw a notebook's live widgets from the ``_esm`` (and
``_css``) module text saved in the notebook's widget state (metadata), not from
``nnlib/book/widgets/js/``. After a change that touches only the widgets' look or
behaviour in the browser (not their Python traits or recorded data), re-executing the
notebooks is not needed: this script replaces, in each notebook given, the saved
``_esm``/``_css`` of every nnlib widget model (``_anywidget_id`` ``nnlib.*``) with the
class's current text. Nothing else in the file changes (key order, indentation and
non-ASCII characters are kept as the notebook stored them); the file is written
atomically and only when something changed, so a second run does nothing.

Usage::

    .venv/bin/python scripts/refresh_widget_js.py chapters/*.ipynb exercises/*.ipynb
    .venv/bin/python scripts/refresh_widget_js.py --check chapters/*.ipynb   # exit 1 if stale
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

STATE_KEY = "application/vnd.jupyter.widget-state+json"
MODULE_KEYS = ("_esm", "_css")


def widget_class(anywidget_id: str):
    """The class named by a saved ``_anywidget_id`` ("package.module.Class")."""
    module, _, name = anywidget_id.rpartition(".")
    if not module.startswith("nnlib."):
        raise ValueError(f"not an nnlib widget: {anywidget_id!r}")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"saved widget {anywidget_id!r} names no class in nnlib: {exc}") from None


def current_module_text(cls, key: str) -> str | None:
    """The class's ``_esm``/``_css`` as text (a path is read), or None when it has none."""
    value = getattr(cls, key, None)
    if value is None:
        return None
    if isinstance(value, Path):
        return value.read_text(encoding="utf-8")
    if not isinstance(value, str):
        raise TypeError(f"{cls.__name__}.{key} is {type(value).__name__}, expected str or Path")
    return value


def refresh(nb: dict) -> list[str]:
    """Update ``nb`` in place; return what changed ("Class._esm", ...)."""
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE_KEY, {}).get("state", {})
    changed = []
    for model in state.values():
        st = model.get("state", {})
        anywidget_id = st.get("_anywidget_id", "")
        if not anywidget_id.startswith("nnlib."):
            continue
        cls = widget_class(anywidget_id)
        for key in MODULE_KEYS:
            text = current_module_text(cls, key)
            if text is not None and st.get(key) != text:
                st[key] = text
                changed.append(f"{cls.__name__}.{key}")
    return changed


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def process(path: Path, check: bool = False) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    # Notebooks here are stored with indent 1 and real non-ASCII characters; key order
    # is kept as loaded (some files are key-sorted, some not).
    if json.dumps(nb, indent=1, ensure_ascii=False) + "\n" != raw:
        raise ValueError(f"{path}: not in nbformat's JSON layout (indent 1); refusing to rewrite it")
    changed = refresh(nb)
    if changed and not check:
        _write_atomically(path, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if any is stale")
    args = ap.parse_args(argv)
    stale = False
    for path in args.notebooks:
        if path.suffix != ".ipynb" or not path.is_file():
            ap.error(f"{path}: not a notebook file")
        changed = process(path, check=args.check)
        if changed:
            stale = True
            verb = "stale" if args.check else "updated"
            print(f"{path}: {verb} {', '.join(sorted(set(changed)))}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Create a minimal executed placeholder notebook for every toc entry that has no file yet.

Placeholders have a title cell and one tiny code cell, executed with nbclient so that
they carry real outputs (and pass nbval and tests/test_notebooks_meta.py). Chapter
authors overwrite them with the real notebook. Existing files are never touched.

Usage: .venv/bin/python scripts/make_placeholders.py
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def make(path: Path, title: str) -> None:
    from refresh_outputs import execute_notebook  # same execution as the refresh script

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nThis chapter is being written. The page is a placeholder."),
        nbformat.v4.new_code_cell("print(1 + 1)"),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    execute_notebook(path)


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    for entry in toc_files():
        path = ROOT / f"{entry}.ipynb"
        if path.exists() or (ROOT / f"{entry}.md").exists():
            continue
        title = path.stem.split("_", 1)[1].replace("_", " ").capitalize()
        make(path, title)
        print(f"placeholder: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

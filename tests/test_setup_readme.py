"""The README starts with the two commands, and every `make` command the README and
CONTRIBUTING.md name is a real Makefile target (dry run: `make -n`)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "CONTRIBUTING.md")


def _make_commands() -> list[str]:
    found = set()
    for doc in DOCS:
        for block in re.findall(r"```bash\n(.*?)```", (ROOT / doc).read_text(), re.S):
            found |= {ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip().startswith("make ")}
        found |= set(re.findall(r"`(make [a-z][\w-]*(?: [A-Z_]+=\S+)?)`", (ROOT / doc).read_text()))
    return sorted(found)


def test_readme_starts_with_the_site_and_test_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first = re.search(r"```bash\n(.*?)```", text, re.S)
    after_title = [ln for ln in text.splitlines()[1:] if ln.strip()]
    assert first and after_title[0] == "```bash", "the two commands come right after the title"
    commands = [ln.split("#")[0].strip() for ln in first.group(1).splitlines() if ln.strip()]
    assert commands == ["make site", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", _make_commands())
def test_documented_make_commands_exist(command: str) -> None:
    args = command.split()[1:]
    if args[0] in ("notebook", "refresh") and not any("=" in a for a in args):
        args.append("NB=chapters/01_cross_entropy.ipynb")
    proc = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, f"`{command}`: {proc.stderr.strip()}"

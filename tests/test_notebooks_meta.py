"""Cheap checks on the committed notebooks under chapters/ and exercises/.

nbval (see pytest.ini) re-runs every notebook and compares outputs. These checks catch,
without running anything, a notebook that was saved half-executed, out of order, with
an error in it, for another kernel, or with a TODO left in its text, and a notebook
that the table of contents does not list (the site would silently leave it out).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("chapters", "exercises")


def committed_notebooks() -> list[Path]:
    return sorted(
        p
        for d in NOTEBOOK_DIRS
        for p in (ROOT / d).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def toc_entries() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def notebook_problems(path: Path) -> list[str]:
    """Return a list of human-readable problems with one notebook (empty when fine)."""
    problems: list[str] = []
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # unreadable or invalid notebook
        return [f"not a valid notebook: {exc}"]

    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"kernelspec name is {kernel!r}, expected 'python3'")

    expected = 1
    for i, cell in enumerate(nb.cells):
        where = f"cell {i}"
        if cell.cell_type == "markdown" and "TODO" in cell.source:
            problems.append(f"{where}: markdown contains 'TODO'")
        if cell.cell_type != "code":
            continue
        count = cell.get("execution_count")
        if count is None:
            problems.append(f"{where}: code cell was not executed (execution_count is null)")
        elif count != expected:
            problems.append(f"{where}: execution_count is {count}, expected {expected} (run all cells in order)")
        if count is not None:
            expected = count + 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{where}: has an error output ({out.get('ename')}: {out.get('evalue')})")
    return problems


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_fully_executed_and_clean(path: Path) -> None:
    problems = notebook_problems(path)
    assert not problems, f"{path.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


def test_toc_lists_exactly_the_committed_notebooks() -> None:
    listed = {ROOT / f"{entry}.ipynb" for entry in toc_entries() if not (ROOT / f"{entry}.md").exists()}
    missing_files = sorted(str(p.relative_to(ROOT)) for p in listed if not p.exists())
    unlisted = sorted(str(p.relative_to(ROOT)) for p in set(committed_notebooks()) - listed)
    assert not missing_files, f"_toc.yml lists notebooks that do not exist: {missing_files}"
    assert not unlisted, f"notebooks not in _toc.yml (the site would leave them out): {unlisted}"


# --- the checker itself must catch broken notebooks --------------------------------


def _write(tmp_path: Path, cells, kernel="python3") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "k", "language": "python"}
    nb.cells = cells
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def _code(source: str, count, outputs=()):
    cell = nbformat.v4.new_code_cell(source, execution_count=count)
    cell.outputs = list(outputs)
    return cell


def test_checker_accepts_a_good_notebook(tmp_path: Path) -> None:
    out = nbformat.v4.new_output("stream", name="stdout", text="2\n")
    path = _write(tmp_path, [nbformat.v4.new_markdown_cell("# Title"), _code("print(1+1)", 1, [out]), _code("x = 1", 2)])
    assert notebook_problems(path) == []


def test_checker_catches_a_broken_notebook(tmp_path: Path) -> None:
    err = nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])
    path = _write(
        tmp_path,
        [
            nbformat.v4.new_markdown_cell("# Title\n\nTODO: write this"),
            _code("1/0", 1, [err]),
            _code("y = 2", None),
            _code("z = 3", 7),
        ],
        kernel="julia-1.9",
    )
    problems = "\n".join(notebook_problems(path))
    assert "kernelspec name is 'julia-1.9'" in problems
    assert "markdown contains 'TODO'" in problems
    assert "error output (ZeroDivisionError" in problems
    assert "was not executed" in problems
    assert "execution_count is 7, expected 2" in problems


def test_checker_catches_out_of_order_execution(tmp_path: Path) -> None:
    path = _write(tmp_path, [_code("a = 1", 2), _code("b = 2", 1)])
    problems = notebook_problems(path)
    assert any("execution_count is 2, expected 1" in p for p in problems)
    assert any("execution_count is 1, expected 3" in p for p in problems)


# --- JupyterLab (issue 25): every notebook is normalised -----------------------------

from book_scripts import load_script  # noqa: E402

normalize_notebooks = load_script("normalize_notebooks")


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_normalised_for_jupyterlab(path: Path) -> None:
    """Opening it in JupyterLab changes nothing, its checks are collapsed there, jupyterlab-myst
    leaves the equations' numbers alone and the solutions start folded
    (scripts/normalize_notebooks.py)."""
    rel = path.relative_to(ROOT)
    assert not normalize_notebooks.normalize_file(path, check=True), (
        f"{rel} is not normalised: run .venv/bin/python scripts/normalize_notebooks.py {rel}")


def _normalised(tmp_path: Path, cells, **meta) -> nbformat.NotebookNode:
    path = _write(tmp_path, cells)
    nb = nbformat.read(path, as_version=4)
    nb.metadata.update(meta)
    nbformat.write(nb, path)
    assert normalize_notebooks.normalize_file(path) is True
    assert normalize_notebooks.normalize_file(path) is False  # idempotent
    assert normalize_notebooks.main(["--check", str(path)]) == 0
    return nbformat.read(path, as_version=4)


def test_normaliser_folds_checks_and_solutions_and_turns_off_myst_numbering(tmp_path: Path) -> None:
    check = _code("assert x == 1", 2, [nbformat.v4.new_output("stream", name="stdout", text="ok\n")])
    check.metadata["tags"] = ["remove-cell"]
    silent = _code("assert True", 3)
    silent.metadata["tags"] = ["remove-cell"]
    cells = [nbformat.v4.new_markdown_cell("# Title"), _code("x = 1", 1), check, silent,
             nbformat.v4.new_markdown_cell("## A solution\n\n*Statement elsewhere.*"),
             nbformat.v4.new_markdown_cell("```{solution-start} ex-a\n:class: dropdown\n```"),
             nbformat.v4.new_markdown_cell("The answer."),
             nbformat.v4.new_markdown_cell("```{solution-end}\n```")]
    nb = _normalised(tmp_path, cells, widgets={"state": {"y_max": 3.0, "eta": 0.5}})
    first, targets, *rest = nb.cells
    assert first.cell_type == "markdown" and first.metadata["tags"] == ["remove-cell"]
    # the exercise the marker names lives on another page: JupyterLab gets a target for it
    assert targets.metadata["tags"] == ["remove-cell"] and targets.metadata["jupyter"]["source_hidden"]
    assert "(ex-a)=" in targets.source
    assert "numbering:" in first.source and "equation: false" in first.source
    assert nb.metadata.kernelspec == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    assert rest[2].metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert rest[3].metadata["jupyter"] == {"source_hidden": True}
    assert "jupyter" not in rest[1].metadata  # teaching code stays open
    assert rest[4].metadata.get("jp-MarkdownHeadingCollapsed") is True
    assert rest[5].metadata["jupyter"]["source_hidden"] and rest[7].metadata["jupyter"]["source_hidden"]
    assert "jp-MarkdownHeadingCollapsed" not in rest[0].metadata
    state = nb.metadata.widgets["state"]  # whole-number floats as JupyterLab writes them
    assert state == {"y_max": 3, "eta": 0.5} and type(state["y_max"]) is int


def test_normaliser_splits_a_marker_from_its_heading_and_targets_foreign_references(
        tmp_path: Path) -> None:
    cells = [nbformat.v4.new_markdown_cell("# Title"),
             nbformat.v4.new_markdown_cell("## A solution\n\nAs in {numref}`ex-b`.\n\n"
                                           "```{solution-start} ex-a\n:class: dropdown\n```"),
             nbformat.v4.new_markdown_cell("(local)=\nThe answer, see {ref}`local`."),
             nbformat.v4.new_markdown_cell("```{solution-end}\n```")]
    nb = _normalised(tmp_path, cells)
    sources = [c.source for c in nb.cells]
    heading = sources.index("## A solution\n\nAs in {numref}`ex-b`.")
    assert sources[heading + 1].startswith("```{solution-start} ex-a")
    assert nb.cells[heading].metadata.get("jp-MarkdownHeadingCollapsed") is True
    assert nb.cells[heading + 1].metadata["jupyter"]["source_hidden"]
    targets = nb.cells[1].source
    assert "(ex-a)=" in targets and "(ex-b)=" in targets and "(local)=" not in targets
    assert len({c.id for c in nb.cells}) == len(nb.cells)


def test_normaliser_joins_a_stream_split_over_several_outputs(tmp_path: Path) -> None:
    out = nbformat.v4.new_output
    cell = _code("print('dC/dw =', 0.25)", 1, [
        out("stream", name="stdout", text="dC/dw ="), out("stream", name="stdout", text=" 0.25\n"),
        out("stream", name="stderr", text="warning\n"),
        out("stream", name="stdout", text="after\n")])
    nb = _normalised(tmp_path, [nbformat.v4.new_markdown_cell("# Title"), cell])
    got = [(o.name, o.text) for o in nb.cells[-1].outputs]
    assert got == [("stdout", "dC/dw = 0.25\n"), ("stderr", "warning\n"), ("stdout", "after\n")]


def test_normaliser_check_mode_reports_and_changes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, [nbformat.v4.new_markdown_cell("# Title")])
    before = path.read_bytes()
    assert normalize_notebooks.main(["--check", str(path)]) == 1
    assert path.read_bytes() == before
    with pytest.raises(SystemExit):
        normalize_notebooks.normalize_file(tmp_path / "missing.ipynb")


# --- what the page shows fits the page (issue 20) ---------------------------------------
CODE_WIDTH = 79    # characters of visible code the site's code box shows without scrolling
OUTPUT_WIDTH = 80  # the output box is as wide, its text the same size
RICH = ("text/html", "text/markdown", "image/png", "image/svg+xml",
        "application/vnd.jupyter.widget-view+json", "text/latex")


def shown_text_problems(path: Path) -> list[str]:
    """Visible code wider than the code box, printed lines wider than the output box,
    and results shown as a quoted Python string (print them instead)."""
    problems = []
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code" or "remove-cell" in tags:
            continue
        if "remove-input" not in tags:
            problems += [f"cell {i}: code line of {len(line)} characters: {line[:40]!r}..."
                         for line in cell.source.splitlines() if len(line) > CODE_WIDTH]
        if "remove-output" in tags:
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if out.get("output_type") == "stream":
                text = out.get("text", "")
            elif data and not any(k in data for k in RICH):
                text = data.get("text/plain", "")
                if text[:1] in ("'", '"'):
                    problems.append(f"cell {i}: shows a quoted string {text[:40]}...")
            else:
                continue
            problems += [f"cell {i}: printed line of {len(line)} characters: {line[:40]!r}..."
                         for line in text.splitlines() if len(line) > OUTPUT_WIDTH]
    return problems


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_code_and_printed_output_fit_the_page(path: Path) -> None:
    problems = shown_text_problems(path)
    assert not problems, f"{path.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


def test_fit_check_catches_wide_lines_and_quoted_strings(tmp_path: Path) -> None:
    wide = _code("x = 1" + " " * 80 + "# too far", 1, [
        nbformat.v4.new_output("stream", name="stdout", text="a" * 81 + "\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "'a result'"},
                               execution_count=1)])
    hidden = _code("y = 2" + " " * 90, 2)
    hidden.metadata["tags"] = ["remove-cell"]
    problems = shown_text_problems(_write(tmp_path, [wide, hidden]))
    assert len(problems) == 3 and all(p.startswith("cell 0") for p in problems), problems

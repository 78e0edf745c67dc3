"""Fast tests (no browser) that the site checks catch what they should."""
from __future__ import annotations

from pathlib import Path

import cdn
import sitetools


def _page(tmp_path: Path, name: str, body: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(f"<!doctype html><html><body>{body}</body></html>")


def test_link_checker_catches_broken_links_images_and_anchors(tmp_path: Path) -> None:
    _page(tmp_path, "b.html", '<h1 id="top">B</h1><a name="old-anchor"></a>')
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _page(
        tmp_path,
        "sub/a.html",
        """
        <a href="../b.html">fine</a> <a href="../b.html#top">fine anchor</a>
        <a href="../b.html#old-anchor">fine name anchor</a> <a href="#here">fine local</a>
        <p id="here"></p> <img src="../pic.png"> <a href="https://example.org/x">external: not checked</a>
        <a href="mailto:someone@example.org">mail</a>
        <a href="../missing.html">broken page</a>
        <a href="../b.html#nowhere">broken anchor</a>
        <a href="#not-here">broken local anchor</a>
        <img src="missing.png">
        """,
    )
    with sitetools.serve_directory(tmp_path) as base:
        checker = sitetools.LinkChecker(base)
        html = (tmp_path / "sub" / "a.html").read_text()
        problems = checker.problems(base + "sub/a.html", html)
    text = "\n".join(problems)
    assert len(problems) == 4, text
    assert "broken link '../missing.html'" in text and "HTTP 404" in text
    assert "no element with id 'nowhere'" in text
    assert "no element with id 'not-here'" in text
    assert "broken image 'missing.png'" in text


def test_link_checker_with_injected_fetch() -> None:
    pages = {"http://h/a.html": sitetools.Fetched(200, '<p id="x"></p>')}
    checker = sitetools.LinkChecker("http://h/", fetch=lambda u: pages.get(u, sitetools.Fetched(404)))
    assert checker.problems("http://h/a.html", '<a href="a.html#x">ok</a>') == []
    assert len(checker.problems("http://h/a.html", '<a href="b.html">no</a>')) == 1


def test_raw_pipe_tables_are_found_in_prose_and_outputs_not_in_code() -> None:
    raw = "<article><p>| result | ours | source |\n|---|---:|---:|\n| a | 1 | 2 |</p></article>"
    assert len(sitetools.raw_pipe_tables(raw)) == 1
    in_output = '<article><div class="cell_output"><pre>| a | b |\n|---|---|</pre></div></article>'
    assert len(sitetools.raw_pipe_tables(in_output)) == 1
    one_row = "<article><p>| result | ours | source |</p></article>"
    assert len(sitetools.raw_pipe_tables(one_row)) == 1
    fine = (
        "<article><table><tr><th>result</th><th>ours</th></tr><tr><td>a</td><td>1</td></tr></table>"
        '<div class="cell_input"><pre>lines = ["| result | ours |", "|---|---:|"]</pre></div>'
        "<p>the absolute value |x| of a number, and a | b</p></article>"
    )
    assert sitetools.raw_pipe_tables(fine) == []


def test_visible_assert_lines_skip_folded_cells() -> None:
    visible = '<article><div class="cell"><div class="cell_input"><pre>x = 1\n  assert x == 1\n</pre></div></div></article>'
    assert sitetools.visible_assert_lines(visible) == ["assert x == 1"]
    folded = (
        '<article><div class="cell tag_hide-input"><details class="hide above-input"><summary>Show</summary>'
        '<div class="cell_input"><pre>assert x == 1</pre></div></details></div>'
        '<div class="cell"><div class="cell_input"><pre>assertion = "no"  # not an assert\n</pre></div></div>'
        '<div class="cell"><div class="cell_output"><pre>assert in an output is not code</pre></div></div></article>'
    )
    assert sitetools.visible_assert_lines(folded) == []
    opened = '<article><details open><div class="cell_input"><pre>assert y</pre></div></details></article>'
    assert sitetools.visible_assert_lines(opened) == ["assert y"]


def test_bad_alt_text_is_found() -> None:
    bad = [
        '<img src="../_images/a.png">',
        '<img src="../_images/a.png" alt="">',
        '<img src="../_images/a.png" alt="../_images/a.png">',
        '<img src="x.png" alt="_images/abc123.png">',
        '<img src="x.png" alt="figure.svg">',
        '<img src="x.png" alt="Image">',
    ]
    for img in bad:
        assert len(sitetools.bad_alt_images(f"<article>{img}</article>")) == 1, img
    good = '<article><img src="../_images/a.png" alt="Cost against epoch: the quadratic curve stays flat for 100 epochs"></article>'
    assert sitetools.bad_alt_images(good) == []
    # The theme's logo outside the article is not part of the book's text.
    assert sitetools.bad_alt_images('<header><img src="logo.png"></header><article></article>') == []


_TOGGLE_CSS = """<style>.admonition.toggle-hidden > *:not(.admonition-title) { display: none; }</style>
<script>document.addEventListener('click', e => {
  const t = e.target.closest('.toggle-hidden > .admonition-title');
  if (t && !t.dataset.broken) t.parentElement.classList.remove('toggle-hidden'); });</script>"""


def _solution_page(tmp_path: Path, name: str, body: str) -> None:
    _page(tmp_path, name, _TOGGLE_CSS + f"<article>{body}</article>")


def test_solution_check_passes_only_when_solutions_are_folded_and_open(tmp_path: Path, browser) -> None:
    _solution_page(tmp_path, "good.html", """
        <h1>Solutions</h1><p>Open a solution when you have tried the exercise.</p>
        <div class="cell"><div class="cell_input"><pre>import numpy as np\nfrom nnlib.book.grading import (check_a,\n    check_b)</pre><button class="copybtn">Copy to clipboard</button></div></div>
        <div class="solution dropdown admonition toggle toggle-hidden"><p class="admonition-title">Solution 1</p>
          <p>The answer is 42.</p>
          <div class="cell"><div class="cell_input"><pre>print(6 * 7)</pre></div>
            <div class="cell_output"><pre>42</pre></div></div></div>
        <details><summary>Solution 2</summary><p>Another answer.</p><img src="x.png" alt="a plot"></details>""")
    _solution_page(tmp_path, "output_outside.html", """
        <div class="solution dropdown admonition toggle toggle-hidden"><p class="admonition-title">Solution 1</p>
          <p>The answer is 42.</p></div>
        <div class="cell"><div class="cell_input"><pre>print(6 * 7)</pre></div>
          <div class="cell_output"><pre>swapped: [inf inf]</pre></div></div>""")
    _solution_page(tmp_path, "never_opens.html", """
        <div class="solution dropdown admonition toggle toggle-hidden"><p class="admonition-title" data-broken="1">S</p>
          <p>The answer is 42.</p></div>""")
    _solution_page(tmp_path, "unfolded.html", """
        <div class="solution admonition"><p class="admonition-title">Solution 1</p><p>The answer is 42.</p></div>
        <div class="dropdown admonition"><p class="admonition-title">Solution 2</p><p>Shown at once.</p></div>""")
    context = browser.new_context()
    page = context.new_page()
    with sitetools.serve_directory(tmp_path) as base:
        results = {}
        for name in ("good", "output_outside", "never_opens", "unfolded"):
            page.goto(f"{base}{name}.html")
            results[name] = sitetools.solution_problems(page)
    context.close()
    assert results["good"] == [], results["good"]
    assert any("visible before opening: output: swapped" in p for p in results["output_outside"]), results
    assert any("code: print(6 * 7)" in p for p in results["output_outside"]), results
    assert any("still hidden after opening every fold" in p for p in results["never_opens"]), results
    assert any("visible before opening: solution text: Shown at once" in p for p in results["unfolded"]), results


def test_drawn_views_count_subareas_with_a_view(tmp_path: Path, browser) -> None:
    """ipywidgets and anywidget views alike: one filled .widget-subarea per drawn view."""
    _page(tmp_path, "w.html", """
        <div class="widget-subarea"><div class="lm-Widget jupyter-widgets-disconnected"><div class="nnlib-widget"></div></div></div>
        <script type="application/vnd.jupyter.widget-view+json">{"model_id": "a"}</script>
        <div class="widget-subarea"><div class="jupyter-widgets widget-box"></div></div>
        <script type="application/vnd.jupyter.widget-view+json">{"model_id": "b"}</script>
        <div class="widget-subarea"></div>
        <script type="application/vnd.jupyter.widget-view+json">{"model_id": "c"}</script>""")
    context = browser.new_context()
    page = context.new_page()
    with sitetools.serve_directory(tmp_path) as base:
        page.goto(base + "w.html")
        assert page.evaluate(sitetools.DRAWN_VIEWS_JS) == 2
    context.close()

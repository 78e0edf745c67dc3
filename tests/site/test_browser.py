"""Open every page of the built site in headless Chromium and check what a reader sees.

Each page fails on: an HTTP error, a JavaScript console error or uncaught exception, a
request to a CDN script we have no local copy of, any other request off this machine,
a broken internal link or image (anchors included), equations MathJax did not typeset
(or typeset with an error), saved widget views that the widget manager did not
render, and raw pipe-table text. Chapter pages also fail on any visible `assert` line,
chapter and exercise pages on an image without real alt text (empty, generic, or a file
path), and solution pages on solution content visible before the reader opens it (or
still hidden after opening every fold). A full-page screenshot of each page goes to
_build/screenshots/.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import sitetools

PAGES = sitetools.site_pages() if not sitetools.site_is_stale() else None

# Raw TeX that must never stay visible outside code blocks once MathJax has run.
# Page weight (issue 20): bytes a page loads (document + every file it fetches, as
# decoded), measured in the browser after it has drawn; recorded for benchmarks/README.md
# in _build/page-weight.tsv. Budgets stop a regression (numbers of 2026-12: chapter pages
# 7.8-8.5 MB, of which the widget manager is 3.6 MB; other pages 2.6-4.1 MB).
WEIGHT_JS = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(e => [e.name, e.decodedBodySize || 0])"""
WEIGHT_BUDGET = {"widgets": 9_000_000, "other": 4_500_000}

RAW_TEX_MARKERS = ["\\(", "\\)", "\\[", "\\]", "$$", "\\begin{", "\\frac{"]

_VISIBLE_TEXT_JS = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('pre, code, .highlight, script, style, mjx-container, mjx-assistive-mml, .MathJax')
       .forEach(e => e.remove());
  return clone.innerText;
}"""


def _pages() -> list[str]:
    if PAGES is not None:
        return PAGES
    # Site missing or stale at collection time: build it now so that every page is
    # collected (the `built_site` fixture would otherwise build it after collection).
    sitetools.build_site()
    return sitetools.site_pages()


@pytest.fixture(scope="module")
def link_checker(site_url):
    return sitetools.LinkChecker(site_url)


def record_weight(rel: str, weight: int, n_files: int) -> None:
    """One line per page in _build/page-weight.tsv (rewritten by each run of the test)."""
    out = sitetools.SCREENSHOT_DIR.parent / "page-weight.tsv"
    lines = dict(ln.split("\t", 1) for ln in out.read_text().splitlines()[1:]) if out.is_file() else {}
    lines[rel] = f"{weight}\t{n_files}"
    out.write_text("page\tbytes\tfiles\n" + "".join(f"{k}\t{v}\n" for k, v in sorted(lines.items())))


@pytest.mark.parametrize("rel", _pages())
def test_page(page, site_url, built_site, link_checker, rel):
    url = site_url + rel
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{rel}: HTTP {response and response.status}"

    # MathJax: wait until it has typeset the page (if the page loads it).
    has_mathjax = page.evaluate("() => !!(window.MathJax && window.MathJax.startup)")
    if has_mathjax:
        page.wait_for_function("() => window.MathJax.startup.promise !== undefined", timeout=30_000)
        page.evaluate("() => window.MathJax.startup.promise")

    # Saved widget views: the html-manager replaces each view script with a rendered widget.
    n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if n_views:
        try:
            page.wait_for_function(f"n => ({sitetools.DRAWN_VIEWS_JS})() >= n", arg=n_views, timeout=30_000)
        except Exception:
            pass  # reported below with the count

    try:  # late requests (fonts, MathJax's menu); on a loaded machine this can take long
        page.wait_for_load_state("networkidle", timeout=60_000)
    except Exception:
        pass  # what did not arrive shows up below as untypeset maths or undrawn widgets

    shot = sitetools.SCREENSHOT_DIR / (rel.replace("/", "__").removesuffix(".html") + ".png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)

    files = page.evaluate(WEIGHT_JS)
    weight = sum(n for _, n in files)
    record_weight(rel, weight, len(files))
    budget = WEIGHT_BUDGET["widgets" if n_views else "other"]

    ev = page.events
    problems: list[str] = []
    if weight > budget:
        problems.append(f"page weight {weight / 1e6:.2f} MB over its budget of {budget / 1e6:.1f} MB")
    problems += [f"loads a source map: {u}" for u, _ in files if u.split("?")[0].endswith(".map")]
    problems += [f"request off this machine (aborted: the site must work offline): {u}" for u in ev["external"]]
    problems += [f"JavaScript console error: {m}" for m in ev["console"]]
    problems += [f"uncaught JavaScript error: {m}" for m in ev["pageerror"]]

    if n_views:
        drawn = page.evaluate(sitetools.DRAWN_VIEWS_JS)
        if drawn < n_views:
            problems.append(f"{drawn} of {n_views} saved widget views drawn")

    # Equations.
    n_math = page.locator(".math").count()
    n_typeset = page.locator("mjx-container").count()
    if n_math:
        if not has_mathjax:
            problems.append(f"{n_math} .math elements but MathJax was not loaded")
        elif n_typeset < n_math:
            problems.append(f"MathJax typeset {n_typeset} of {n_math} equations")
    n_err = page.locator("mjx-merror").count()
    if n_err:
        problems.append(f"{n_err} MathJax errors: {page.locator('mjx-merror').first.get_attribute('data-mjx-error')}")
    visible = page.evaluate(_VISIBLE_TEXT_JS)
    for marker in RAW_TEX_MARKERS:
        if marker in visible:
            i = visible.index(marker)
            problems.append(f"raw TeX {marker!r} left visible: ...{visible[max(0, i - 60): i + 60]!r}...")

    # No empty output box (e.g. what an emptied progress bar leaves behind).
    empty = page.evaluate("""() => [...document.querySelectorAll('div.cell_output > div.output')]
      .filter(o => o.getBoundingClientRect().height > 0 && !o.textContent.trim()
                   && !o.querySelector('img, svg, canvas, iframe, .widget-subarea, mjx-container'))
      .length""")
    if empty:
        problems.append(f"{empty} empty output boxes shown")

    # Internal links and images (checked against the local server, anchors included).
    # page.url, not url: index.html redirects to the root page.
    html = page.content()
    problems += link_checker.problems(page.url, html)

    # What a reader sees (issue 12): tables render as tables; chapters show no checks;
    # every figure of the book's text says what it shows.
    problems += [f"raw pipe-table text: {t!r}" for t in sitetools.raw_pipe_tables(html)]
    if rel.startswith("chapters/"):
        lines = sitetools.visible_assert_lines(html)
        if lines:
            problems.append(f"{len(lines)} visible assert lines (tag the cell remove-cell), e.g. {lines[:3]}")
    if rel.startswith(("chapters/", "exercises/")):
        problems += [f"image without real alt text: {b}" for b in sitetools.bad_alt_images(html)]

    assert not problems, f"{rel} (screenshot: {sitetools.shown(shot)}):\n  " + "\n  ".join(problems)


def test_no_source_maps_are_shipped(built_site: Path):
    maps = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.map"))
    assert not maps, f"source maps in the build (scripts/book_fixes.py deletes them): {maps[:10]}"


def test_every_toc_entry_has_a_page(built_site: Path):
    import yaml

    toc = yaml.safe_load((sitetools.ROOT / "_toc.yml").read_text())
    entries = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    missing = [e for e in entries if not (built_site / f"{e}.html").is_file()]
    assert not missing, f"toc entries with no built page: {missing}"


SOLUTION_PAGES = [p for p in _pages() if p.startswith("exercises/solutions/")]


@pytest.mark.parametrize("rel", SOLUTION_PAGES)
def test_solutions_are_hidden_until_opened(page, site_url, built_site, rel):
    """Nothing of a solution shows before the reader opens it; all of it shows after."""
    page.goto(site_url + rel, wait_until="networkidle")
    if page.evaluate("() => !!(window.MathJax && window.MathJax.startup)"):
        page.evaluate("() => window.MathJax.startup.promise")
    problems = sitetools.solution_problems(page)
    shot = sitetools.SCREENSHOT_DIR / (rel.replace("/", "__").removesuffix(".html") + "__opened.png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert not problems, f"{rel} (screenshot after opening: {sitetools.shown(shot)}):\n  " + "\n  ".join(problems[:15])


def test_pages_name_no_other_host_for_what_they_load(built_site: Path):
    """Offline by construction: no page's scripts, stylesheets, images or frames come from
    another host (links a reader clicks may). The browser test above proves the rest."""
    from bs4 import BeautifulSoup

    problems = []
    for rel in sitetools.site_pages(built_site):
        soup = BeautifulSoup((built_site / rel).read_text(), "html.parser")
        refs = [s.get("src") for s in soup.find_all(["script", "img", "iframe", "source", "audio", "video"])]
        refs += [ln.get("href") for ln in soup.find_all("link") if set(ln.get("rel") or []) & {"stylesheet", "preload", "icon", "modulepreload"}]
        problems += [f"{rel}: {r}" for r in refs if r and "://" in r or (r or "").startswith("//")]
    assert not problems, "pages load files from other hosts:\n  " + "\n  ".join(problems[:20])
    vendor = built_site / "_static" / "vendor"
    for f in ("mathjax@3.2.2/es5/tex-mml-chtml.js", "mathjax@3.2.2/es5/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
              "requirejs@2.3.7/require.js", "@jupyter-widgets/html-manager@1.0.15/dist/embed-amd.js",
              "@fortawesome/fontawesome-free@6.5.2/webfonts/fa-solid-900.woff2"):
        assert (vendor / f).is_file(), f"missing from the build: _static/vendor/{f}"


def test_icons_come_from_css_and_web_fonts_not_the_1_5_mb_script(built_site: Path, page, site_url):
    """Issue 20 (page weight): every page links Font Awesome's CSS (book_fixes swaps it for
    the theme's script), and the theme's icons draw from its web font."""
    pages = sitetools.site_pages(built_site)
    css = "@fortawesome/fontawesome-free@6.5.2/css/all.min.css"
    still = [r for r in pages if "scripts/fontawesome.js" in (built_site / r).read_text()]
    unlinked = [r for r in pages if re.search(r'class="[^"]*\bfa-', (built_site / r).read_text())
                and css not in (built_site / r).read_text()]  # index.html only redirects
    assert not still and not unlinked, (still[:5], unlinked[:5])
    assert not list(built_site.rglob("fontawesome.js")), "the theme's icon script is still shipped"
    page.goto(site_url + "chapters/04_overfitting.html", wait_until="networkidle")
    icons = page.evaluate("""() => [...document.querySelectorAll('i.fa-solid, i.fas, i.fab')]
      .filter(i => i.getClientRects().length)
      .map(i => ({cls: i.className, font: getComputedStyle(i, '::before').fontFamily,
                  glyph: getComputedStyle(i, '::before').content, w: i.getBoundingClientRect().width}))""")
    assert len(icons) >= 5, icons
    bad = [i for i in icons if "Font Awesome" not in i["font"] or i["glyph"] in ("none", "normal", '""') or i["w"] < 8]
    assert not bad, f"icons not drawn from the web font: {bad[:5]}"
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Font Awesome" in f for f in loaded), loaded


def test_a_widget_that_cannot_be_drawn_says_so(built_site: Path, page, site_url):
    """Issue 20: with the widget manager blocked (a failed download, a filter), each saved
    view of a chapter shows a note instead of an empty box; with JavaScript off, the
    <noscript> note beside each view does."""
    rel = "chapters/04_overfitting.html"
    html = (built_site / rel).read_text()
    n_views = html.count('type="application/vnd.jupyter.widget-view+json"')
    assert n_views and html.count('<noscript><p class="nnlib-widget-fallback">') == n_views
    page.route("**/embed-amd.js", lambda r: r.abort())
    page.goto(site_url + rel, wait_until="load")
    notes = page.locator("p.nnlib-widget-fallback:visible")
    notes.first.wait_for(timeout=10_000)
    assert notes.count() == n_views
    assert "could not be drawn" in notes.first.inner_text()
    assert page.evaluate(f"({sitetools.DRAWN_VIEWS_JS})()") == 0


@pytest.mark.parametrize("rel", SOLUTION_PAGES)
def test_links_and_text_in_folded_titles_work(page, site_url, built_site, rel):
    """Issue 20: a click on the "Exercise N" link in a solution's title follows the link
    (it threw "button is not defined" in sphinx-togglebutton); a click on the title's text
    still opens and closes the fold. No JavaScript error either way."""
    page.goto(site_url + rel, wait_until="networkidle")
    titles = page.locator(".toggle > .admonition-title")
    links = page.locator(".toggle > .admonition-title a[href]")
    assert titles.count() and links.count(), f"{rel}: no folded title with a link"
    # The link first, on a fresh page (togglebutton's handler leaves a global `button`
    # behind after a click on a title, which would hide the fault).
    href = links.first.get_attribute("href")
    links.first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(href.split("/")[-1]), f"the link went to {page.url}, not {href}"
    page.goto(site_url + rel, wait_until="networkidle")
    fold = titles.first.locator("xpath=..")
    assert "toggle-hidden" in fold.get_attribute("class")
    titles.first.click(position={"x": 5, "y": 5})
    page.wait_for_timeout(200)
    assert "toggle-hidden" not in fold.get_attribute("class"), "a click on the title did not open it"
    problems = ([f"uncaught JavaScript error: {m}" for m in page.events["pageerror"]]
                + [f"JavaScript console error: {m}" for m in page.events["console"]])
    assert not problems, f"{rel}:\n  " + "\n  ".join(problems)

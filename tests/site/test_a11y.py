"""axe-core on every page, dark and light (issue 20): no serious or critical WCAG 2.1 A/AA
violation, with every fold opened so that hints and solutions are checked too. Pages
are offline (conftest). axe-core is the npm package fetched by `make cdn`
(tests/site/cdn.py, TOOL_PACKAGES), injected into each page from .cache/cdn.

Each page is opened once, by a reader whose system is in dark mode; then the system
switches to light, as it does at dusk and dawn, and the page (whose theme follows the
system's) is checked again. So the dark page is checked as it loads, the light one as
it follows a switch; a page loaded light is what the browser, phone and widget tests
open.

In dark mode the book's widgets must also follow the theme: their background is the
page's, their text and form controls are drawn for a dark background.
"""
from __future__ import annotations

import pytest

import cdn
import sitetools
from test_phone import event_problems, open_folds

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

AXE_RUN_JS = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(' ').trim())}));
}"""

WIDGET_COLOURS_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  return [...document.querySelectorAll('.nnlib-widget')].map(w => {
    const st = getComputedStyle(w), bg = rgb(st.backgroundColor), fg = rgb(st.color);
    const tick = w.querySelector('svg text'), plot = w.querySelector('svg .nw-plot');
    const control = w.querySelector('input[type=range], select');
    return {name: w.className, bgLum: lum(bg), pageLum: lum(page), text: ratio(fg, bg),
            svgText: tick ? ratio(rgb(getComputedStyle(tick).fill), bg) : null,
            plotLum: plot ? lum(rgb(getComputedStyle(plot).fill)) : null,
            scheme: control ? getComputedStyle(control).colorScheme : null};
  });
}"""


def axe_path():
    name, version = "axe-core", cdn.TOOL_PACKAGES["axe-core"]
    path = cdn.package_dir(name, version) / "axe.min.js"
    if not path.is_file():
        pytest.fail(f"no local copy of {name}@{version}: run `make cdn` (or `make test`)")
    return path


def run_axe(page) -> list[dict]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(axe_path()))
    return page.evaluate(AXE_RUN_JS, WCAG)


def pages() -> list[str]:
    return [p for p in sitetools.site_pages() if p != "index.html"]  # index.html only redirects


def axe_problems(page) -> list[str]:
    return [f"axe {v['id']} ({v['impact']}: {v['help']}) on {len(v['nodes'])} element(s): "
            + "; ".join(v["nodes"][:4]) for v in run_axe(page) if v["impact"] in BLOCKING]


def dark_widget_problems(page) -> list[str]:
    problems = []
    for w in page.evaluate(WIDGET_COLOURS_JS):
        if abs(w["bgLum"] - w["pageLum"]) > 0.02 or w["bgLum"] > 0.1:
            problems.append(f"{w['name']}: background is not the dark page's (luminance {w['bgLum']:.2f})")
        if w["text"] < 4.5 or (w["svgText"] is not None and w["svgText"] < 4.5):
            problems.append(f"{w['name']}: text contrast {w['text']:.1f}:1, drawing {w['svgText']}:1")
        if w["plotLum"] is not None and w["plotLum"] > 0.1:
            problems.append(f"{w['name']}: plot area is light (luminance {w['plotLum']:.2f})")
        if w["scheme"] is not None and "dark" not in w["scheme"]:
            problems.append(f"{w['name']}: form controls drawn for a light page (color-scheme {w['scheme']})")
    return problems


def light_widget_problems(page) -> list[str]:
    """After a switch to light: each widget is drawn on the light page's background."""
    return [f"{w['name']}: background stayed dark after the switch (luminance "
            f"{w['bgLum']:.2f}, page {w['pageLum']:.2f})"
            for w in page.evaluate(WIDGET_COLOURS_JS) if abs(w["bgLum"] - w["pageLum"]) > 0.02]


def switch_to_light(page) -> None:
    """The system turns light; wait until the page has followed (theme set, no running
    transition)."""
    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => document.documentElement.dataset.theme === 'light'"
                           " && document.getAnimations().every(a => a.playState !== 'running')",
                           timeout=10_000)


def screenshot(page, scheme: str, rel: str):
    shot = sitetools.SCREENSHOT_DIR / scheme / (rel.replace("/", "__").removesuffix(".html") + ".png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    return shot


@pytest.mark.parametrize("rel", pages())
def test_page_passes_axe_dark_then_light(page_factory, site_url, built_site, rel):
    page = page_factory(color_scheme="dark")
    sitetools.load_page(page, site_url + rel)
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    open_folds(page)
    page.wait_for_timeout(300)  # a11y.js runs again on window load
    shots, problems = {}, {}
    for scheme in ("dark", "light"):
        if scheme == "light":
            switch_to_light(page)
        shots[scheme] = screenshot(page, scheme, rel)
        problems[scheme] = axe_problems(page)
        problems[scheme] += (dark_widget_problems if scheme == "dark" else light_widget_problems)(page)
    problems["events"] = event_problems(page)
    report = [f"{where} ({sitetools.shown(shots.get(where, shots['dark']))}): {p}"
              for where, found in problems.items() for p in found]
    assert not report, f"{rel}:\n  " + "\n  ".join(report[:20])


def test_axe_and_the_widget_checks_catch_what_they_should(page_factory, site_url, built_site):
    """The checks above can fail: the theme's original button label, a low-contrast link,
    a widget with hard-coded light colours on the dark page, and one left dark after the
    switch to light are reported."""
    page = page_factory(color_scheme="dark")
    sitetools.load_page(page, site_url + "chapters/01_cross_entropy.html")
    page.evaluate("""() => {
      document.querySelector('.search-button__button').setAttribute('aria-label', 'Search');
      const p = document.createElement('p');
      p.innerHTML = '<a href="#" style="color:#176de8;background:#ecf3ff">a pale link</a>';
      document.querySelector('article').prepend(p);
      const w = document.querySelector('.nnlib-widget');
      w.style.background = '#fff'; w.style.color = '#222';
    }""")
    ids = {v["id"] for v in run_axe(page) if v["impact"] in BLOCKING}
    assert {"label-content-name-mismatch", "color-contrast"} <= ids, ids
    assert any("background is not the dark page's" in p for p in dark_widget_problems(page))
    switch_to_light(page)
    assert not light_widget_problems(page), light_widget_problems(page)   # all followed
    page.evaluate("() => { document.querySelector('.nnlib-widget').style.background = '#222'; }")
    assert any("background stayed dark" in p for p in light_widget_problems(page))

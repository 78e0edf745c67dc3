"""The book in JupyterLab's dark theme (issue 25): widgets follow the theme.

The theme is switched through JupyterLab's settings API, as a reader does from the
Settings menu; a chapter with widgets, an exercise page and a solutions page are opened
and photographed in both themes (``_build/screenshots/jupyterlab_{light,dark}__*.png``).
Every drawn book widget must take its colours from the theme: a dark background with
light text in the dark theme, the reverse in the light one.
"""
from __future__ import annotations

import json
import urllib.request

import pytest

import sitetools

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
PAGES = ["chapters/04_overfitting.ipynb", "exercises/03_overfitting_regularization_exercises.ipynb",
         "exercises/solutions/03_overfitting_regularization_solutions.ipynb"]
THEME_PLUGIN = "lab/api/settings/@jupyterlab/apputils-extension:themes"

# relative luminance (WCAG) of an element's computed colours; the background is the
# first non-transparent one up the tree
_COLOURS_JS = """() => {
  const lum = c => { const m = c.match(/[\\d.]+/g).map(Number);
    const [r, g, b] = m.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (!/rgba\\(.*, 0\\)$|transparent/.test(c)) return c; } return 'rgb(255, 255, 255)'; };
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  return {light: document.body.dataset.jpThemeLight,
          widgets: [...nb.querySelectorAll('.nnlib-widget')].filter(w => w.getBoundingClientRect().height > 10)
            .map(w => ({bg: lum(bg(w)), fg: lum(getComputedStyle(w).color), cls: w.className}))};
}"""


def _set_theme(lab, name: str) -> None:
    body = json.dumps({"raw": json.dumps({"theme": name})}).encode()
    req = urllib.request.Request(lab.url + THEME_PLUGIN, data=body, method="PUT",
                                 headers={"Authorization": f"token {lab.token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status in (200, 204)


@pytest.fixture
def themed(jupyter_lab):
    yield lambda theme: _set_theme(jupyter_lab, THEMES[theme])
    _set_theme(jupyter_lab, THEMES["light"])  # the session's other tests expect the default


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_widgets_follow_jupyterlab_theme(lab_page, jupyter_lab, themed, theme: str) -> None:
    themed(theme)
    for rel in PAGES:
        sitetools.open_in_lab(lab_page, jupyter_lab, rel)
        if rel.startswith("chapters/"):   # its saved widget views, drawn
            lab_page.wait_for_function(
                "sel => [...document.querySelectorAll(sel)].some(w => w.getBoundingClientRect().height > 10)",
                arg=f"{sitetools.LAB_NOTEBOOK} .nnlib-widget", timeout=60_000)
        got = lab_page.evaluate(_COLOURS_JS)
        assert got["light"] == ("true" if theme == "light" else "false"), f"{rel}: theme not applied"
        widget = lab_page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .nnlib-widget").first
        if rel.startswith("chapters/"):
            assert got["widgets"], f"{rel}: no book widget drawn"
            widget.scroll_into_view_if_needed()
            sitetools.lab_images_decoded(lab_page)
        shot = sitetools.SCREENSHOT_DIR / f"jupyterlab_{theme}__{rel.split('/')[-1][:-6]}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        lab_page.screenshot(path=str(shot))
        for w in got["widgets"]:
            dark_bg, light_fg = w["bg"] < 0.2, w["fg"] > 0.4
            ok = (dark_bg and light_fg) if theme == "dark" else (not dark_bg and not light_fg)
            assert ok, (f"{rel} ({theme}): widget {w['cls']} background luminance {w['bg']:.2f}, "
                        f"text {w['fg']:.2f} (screenshot {sitetools.shown(shot)})")

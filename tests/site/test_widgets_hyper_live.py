"""Use the η × λ map (chapter 7) on the built site, in headless Chromium, with no kernel,
as a reader would: click a cell, move the selection with the keyboard, move the slider
of training images seen, switch what the map shows, and check each time that the map's
numbers, the data-* attributes and the readout are the recorded sweep's
(nnlib.book.widgets.hyper_map); then the same page on a 390 px phone (tapping a cell)
and in dark mode. Screenshots go to the build's screenshot folder."""
from __future__ import annotations

import pytest
import sitetools

from nnlib.book.widgets.hyper_map import HyperMap, load_sweep

PAGE = "chapters/07_hyperparameters.html"
TOL = 1e-9
WAIT_MS = 30_000
SWEEP = load_sweep()
N_ROWS, N_COLS = len(SWEEP["etas"]), len(SWEEP["lambdas"])

data = sitetools.widget_data
assert_clean = sitetools.assert_page_clean
press = sitetools.press


@pytest.fixture(autouse=True)
def chapter_page(built_site):
    if not (built_site / PAGE).is_file():
        pytest.skip(f"{PAGE} is not built yet (chapter 7 is not in the book yet)")


def open_widget(page, site_url):
    page.goto(site_url + PAGE, wait_until="networkidle")
    page.wait_for_selector(".nnlib-hyper button.hm-cell", timeout=WAIT_MS)
    root = page.locator(".nnlib-hyper").first
    root.scroll_into_view_if_needed()
    return root


def expected(d) -> HyperMap:
    """The widget, in Python, at the setting the page says it shows."""
    return HyperMap(eta=d["eta"], lmbda=d["lambda"], after=d["images"], shows=d["shows"])


def shows(root, row, col, at, what):
    """The map's cells, data-* and the readout hold the sweep's numbers for this setting."""
    d = data(root)
    assert (d["row"], d["col"], d["at"], d["shows"]) == (row, col, at, what), d
    w = expected(d)
    assert (w.row, w.col, w.at) == (row, col, at)
    st = w.state
    for key, name in (("accuracy", "accuracy"), ("cost", "cost"), ("best", "best")):
        assert abs(d[key] - st[name]) <= TOL * max(1.0, abs(st[name])), (key, d[key], st[name])
    assert d["accuracy-seeds"] == st["accuracy_seeds"] and d["cost-seeds"] == st["cost_seeds"]
    assert d["best-count"] == st["best_count"]
    # every cell shows its mean, rounded as the cells round (accuracy: 0.1 point; cost:
    # two significant digits), and only the selected cell is pressed and in the tab order
    values = w.map()
    cells = root.locator("button.hm-cell").evaluate_all(
        "bs => bs.map(b => [+b.dataset.row, +b.dataset.col, b.textContent, "
        "b.getAttribute('aria-pressed'), b.tabIndex, b.getAttribute('aria-label')])")
    assert len(cells) == N_ROWS * N_COLS
    for i, j, text, pressed, tab, label in cells:
        v, shown = values[i, j], float(text.replace(",", ""))
        if what == "accuracy":
            assert abs(shown - v) <= 0.05 + 1e-9, (i, j, text, v)
        else:
            assert abs(shown - v) <= 0.05 * v, (i, j, text, v)
        selected = (i, j) == (row, col)
        assert (pressed, tab) == (("true", 0) if selected else ("false", -1)), (i, j)
        assert label.startswith(f"η = {SWEEP['etas'][i]:g}, λ = {SWEEP['lambdas'][j]:g}: ")
        assert text in label
    text = root.locator(".nw-readout").inner_text()
    assert text.startswith(f"η = {SWEEP['etas'][row]:g}, λ = {SWEEP['lambdas'][col]:g}, "
                           f"after {SWEEP['images'][at]:,} training images"), text
    assert f"validation accuracy {st['accuracy']:.1f}%" in text, text
    assert f"({st['best_count']} of {N_ROWS * N_COLS} cells)" in text, text


def drawing(root) -> str:
    return root.locator(".hm-panels").evaluate("e => e.innerHTML")






def screenshot(root, name):
    sitetools.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(sitetools.SCREENSHOT_DIR / f"hyper-map-{name}.png"))


def test_every_control_changes_what_the_map_shows(page, site_url):
    root = open_widget(page, site_url)
    d = data(root)
    row, col, at, what = d["row"], d["col"], d["at"], d["shows"]
    shows(root, row, col, at, what)
    screenshot(root, "desktop")

    # a click picks a cell and moves the focus there
    before = drawing(root)
    root.locator('button.hm-cell[data-row="8"][data-col="5"]').click()
    row, col = 8, 5
    shows(root, row, col, at, what)
    assert drawing(root) != before
    assert page.evaluate("document.activeElement.dataset.row + ',' + "
                         "document.activeElement.dataset.col") == "8,5"

    # the keyboard moves the selection (and the focus) over the map
    moves = [("ArrowUp", (7, 5)), ("ArrowLeft", (7, 4)), ("Home", (7, 0)),
             ("ArrowLeft", (7, 0)), ("PageUp", (0, 0)), ("ArrowUp", (0, 0)),
             ("End", (0, N_COLS - 1)), ("PageDown", (N_ROWS - 1, N_COLS - 1)),
             ("ArrowDown", (N_ROWS - 1, N_COLS - 1)), ("ArrowRight", (N_ROWS - 1, N_COLS - 1)),
             ("ArrowUp", (N_ROWS - 2, N_COLS - 1))]
    for key, (r, c) in moves:
        before = drawing(root)
        page.keyboard.press(key)
        moved = (r, c) != (row, col)
        row, col = r, c
        shows(root, row, col, at, what)
        focused = page.evaluate("[document.activeElement.dataset.row, "
                                "document.activeElement.dataset.col]")
        assert focused == [str(row), str(col)], (key, focused)
        assert (drawing(root) != before) == moved, key

    # Tab leaves the map in one step: only the selected cell is in the tab order
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('hm-cell')") is False

    # the slider of training images seen reads the map earlier or later
    slider = "training images seen when the map is read"
    for key, new in (("Home", 0), ("ArrowRight", 1), ("ArrowRight", 2),
                     ("End", len(SWEEP["images"]) - 1), ("ArrowLeft", len(SWEEP["images"]) - 2)):
        before = drawing(root)
        press(root, slider, key)
        at = new
        shows(root, row, col, at, what)
        assert drawing(root) != before, key

    # the map shows the training cost instead, and back
    for new in ("cost", "accuracy"):
        before = drawing(root)
        root.locator('[aria-label="what the map shows"]').select_option(new)
        what = new
        shows(root, row, col, at, what)
        assert drawing(root) != before, new
    press(root, "what the map shows", "ArrowDown")
    what = "cost"
    shows(root, row, col, at, what)
    screenshot(root, "desktop-cost")
    assert_clean(page)


def test_phone_width_touch_and_dark_mode(page_factory, site_url):
    for scheme in ("light", "dark"):
        page = page_factory(viewport={"width": 390, "height": 844}, color_scheme=scheme,
                            has_touch=True, is_mobile=True)
        root = open_widget(page, site_url)
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        for fig in root.locator(".nw-figure").all():
            r = fig.bounding_box()
            assert r["x"] >= box["x"] - 1 and r["x"] + r["width"] <= box["x"] + box["width"] + 1
        # the map fits the phone without scrolling sideways; its cells are touch targets
        table = root.locator("table.hm-map").bounding_box()
        assert table["x"] + table["width"] <= box["x"] + box["width"] + 1, (table, box)
        sizes = root.evaluate("e => [...e.querySelectorAll('svg text, .nw-readout, label, "
                              "button, th, caption, .hm-key')]"
                              ".map(t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 11, sizes
        targets = root.evaluate("e => [...e.querySelectorAll('button, input, select')]"
                                ".map(b => { const r = b.getBoundingClientRect(); "
                                "return [r.width, r.height]; })")
        assert min(min(t) for t in targets) >= 24, targets
        colors = root.evaluate("e => [getComputedStyle(e).backgroundColor, "
                               "getComputedStyle(e.querySelector('svg text')).fill]")
        rgb = [[float(c) for c in s[s.index("(") + 1:s.index(")")].split(",")[:3]]
               for s in colors]
        light = [sum(c) / 3 > 128 for c in rgb]
        if scheme == "dark":
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                assert light == [False, True], colors
        else:
            assert light == [True, False], colors
        screenshot(root, f"phone-{scheme}")
        d = data(root)
        cell = root.locator('button.hm-cell[data-row="1"][data-col="2"]')
        cell.tap()
        shows(root, 1, 2, d["at"], d["shows"])
        assert_clean(page)

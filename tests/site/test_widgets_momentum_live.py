"""Use the momentum valley (chapter 8) on the built site, in headless Chromium, with no
kernel: move every slider with the keyboard and check that both paths, the data-*
attributes and the text readout show what nnlib.book.valley computes; then the same
page on a 390 px phone and in dark mode."""
from __future__ import annotations

import sitetools

from nnlib.book import valley
from nnlib.book.widgets.momentum import ETA_VALUES, MU_VALUES, STEPS_VALUES, TOL as COST_TOL

PAGE = "chapters/08_other_techniques.html"
TOL = 1e-9
WAIT_MS = 30_000

def open_widget(page, site_url):
    page.goto(site_url + PAGE, wait_until="networkidle")
    page.wait_for_selector(".nnlib-momentum svg path.mv-mom", timeout=WAIT_MS)
    root = page.locator(".nnlib-momentum").first
    root.scroll_into_view_if_needed()
    return root

data = sitetools.widget_data
assert_clean = sitetools.assert_page_clean
press = sitetools.press

def cost_after(eta, mu, steps) -> float:
    return valley.cost(valley.descent_path(eta, mu, steps)[-1])

def shows(root, eta, mu, steps):
    """data-* and the readout hold NumPy's numbers for this setting."""
    d = data(root)
    assert (d["eta"], d["mu"], d["steps"]) == (eta, mu, steps), d
    for name, m in (("cost-plain", 0.0), ("cost-momentum", mu)):
        ref = cost_after(eta, m, steps)
        assert abs(d[name] - ref) <= TOL * max(1.0, ref), (name, d[name], ref)
    assert d["steps-plain"] == valley.steps_to(eta, 0.0, COST_TOL)
    assert d["steps-momentum"] == valley.steps_to(eta, mu, COST_TOL)
    text = root.locator(".nw-readout").inner_text()
    assert text.startswith(f"η = {eta}, μ = {mu:.2f}: after {steps} steps"), text
    k = valley.steps_to(eta, mu, COST_TOL)
    assert (f"after {k} steps with momentum" if k is not None else
            "not within 1,000 steps with momentum") in text

def drawing(root) -> str:
    return root.locator(".mv-plots").evaluate("e => e.innerHTML")



def test_every_control_moves_the_drawing(page, site_url):
    root = open_widget(page, site_url)
    eta, mu, steps = 0.09, 0.5, 50                  # as saved by the chapter
    shows(root, eta, mu, steps)
    moves = [("learning rate η", "ArrowRight"), ("momentum coefficient μ", "ArrowRight"),
             ("number of steps", "ArrowRight"), ("momentum coefficient μ", "End"),
             ("learning rate η", "Home"), ("number of steps", "Home"),
             ("momentum coefficient μ", "Home"), ("learning rate η", "End"),
             ("number of steps", "End")]
    for label, key in moves:
        before = drawing(root)
        press(root, label, key)
        values, current = {"learning rate η": (ETA_VALUES, eta),
                           "momentum coefficient μ": (MU_VALUES, mu),
                           "number of steps": (STEPS_VALUES, steps)}[label]
        i = values.index(current)
        new = {"ArrowRight": values[min(i + 1, len(values) - 1)], "Home": values[0],
               "End": values[-1]}[key]
        if label.startswith("learning"):
            eta = new
        elif label.startswith("momentum"):
            mu = new
        else:
            steps = new
        shows(root, eta, mu, steps)
        assert drawing(root) != before, f"{label} ({key}) did not change the drawing"
    assert_clean(page)

def test_phone_width_and_dark_mode(page_factory, site_url):
    for options in ({"viewport": {"width": 390, "height": 844}},
                    {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"}):
        page = page_factory(**options)
        root = open_widget(page, site_url)
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        for svg in root.locator("svg").all():
            r = svg.bounding_box()
            assert r["x"] >= box["x"] - 1 and r["x"] + r["width"] <= box["x"] + box["width"] + 1
        sizes = root.evaluate("e => [...e.querySelectorAll('svg text, .nw-readout, label')]"
                              ".map(t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 11, sizes
        colors = root.evaluate("e => [getComputedStyle(e).backgroundColor, "
                               "getComputedStyle(e.querySelector('svg text')).fill]")
        rgb = [[float(c) for c in s[s.index("(") + 1:s.index(")")].split(",")[:3]]
               for s in colors]
        light = [sum(c) / 3 > 128 for c in rgb]
        if options.get("color_scheme") == "dark":
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                assert light == [False, True], colors
        else:
            assert light == [True, False], colors
        press(root, "momentum coefficient μ", "ArrowRight")
        shows(root, 0.09, 0.55, 50)
        assert_clean(page)

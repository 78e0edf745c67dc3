"""Use the initialization explorer (chapter 6) on the built site, in headless Chromium,
with no kernel: move every control with the keyboard and check that the drawing shows
what nnlib.book.widgets.init_explorer computes; then the same page on a 390 px phone
and in dark mode."""
from __future__ import annotations

import sitetools

import pytest

from nnlib.book.widgets.init_explorer import (N_IN_VALUES, inputs_on, mean_sigma_prime,
                                              saturated_share, z_spread)

PAGE = "chapters/06_weight_initialization.html"
TOL = 1e-9
WAIT_MS = 30_000

def open_widget(page, site_url):
    page.goto(site_url + PAGE, wait_until="networkidle")
    page.wait_for_selector(".nnlib-init svg path.ni-curve", timeout=WAIT_MS)
    root = page.locator(".nnlib-init").first
    root.scroll_into_view_if_needed()
    return root

data = sitetools.widget_data
assert_clean = sitetools.assert_page_clean
press = sitetools.press

def shows(root, n_in, share, rule, bias_sd):
    """data-* and the readout hold the Python numbers for this setting."""
    d = data(root)
    sd = z_spread(n_in, share, rule, bias_sd)
    assert (d["n-in"], d["share-on"], d["rule"], d["bias-sd"]) == (n_in, share, rule, bias_sd)
    assert d["on"] == inputs_on(n_in, share)
    assert abs(d["sd"] - sd) <= TOL * max(1.0, sd)
    assert abs(d["saturated"] - saturated_share(sd, d["threshold"])) <= TOL
    assert abs(d["mean-sigma-prime"] - mean_sigma_prime(sd)) <= TOL
    text = root.locator(".nw-readout").inner_text()
    assert f"standard deviation {sd:.2f}" in text
    assert f"{100 * saturated_share(sd, d['threshold']):.1f}%" in text

def drawing(root) -> str:
    return root.locator("svg").first.evaluate("e => e.outerHTML")



def test_every_control_moves_the_drawing(page, site_url):
    root = open_widget(page, site_url)
    n_in, share, rule, bias = 1000, 0.5, "large", 1.0     # as saved by the chapter
    shows(root, n_in, share, rule, bias)
    assert abs(data(root)["sd"] - 501 ** 0.5) < 1e-12
    steps = [("number of inputs n_in", "ArrowLeft"), ("share of inputs that are on", "ArrowRight"),
             ("standard deviation of the bias", "Home"), ("weight initialization rule", "ArrowDown"),
             ("number of inputs n_in", "End"), ("standard deviation of the bias", "End"),
             ("share of inputs that are on", "Home")]
    for label, key in steps:
        before = drawing(root)
        press(root, label, key)
        if label.startswith("number"):
            i = N_IN_VALUES.index(n_in)
            n_in = N_IN_VALUES[i - 1] if key == "ArrowLeft" else N_IN_VALUES[-1]
        elif label.startswith("share"):
            share = round(share + 0.05, 2) if key == "ArrowRight" else 0.05
        elif label.startswith("standard"):
            bias = 0.0 if key == "Home" else 2.0
        else:
            rule = "default"
        shows(root, n_in, share, rule, bias)
        assert drawing(root) != before, f"{label} ({key}) did not change the drawing"
    assert_clean(page)

def test_phone_width_and_dark_mode(page_factory, site_url):
    for options in ({"viewport": {"width": 390, "height": 844}},
                    {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"}):
        page = page_factory(**options)
        root = open_widget(page, site_url)
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        svg_width = root.locator("svg").first.evaluate("e => e.getBoundingClientRect().width")
        assert svg_width <= box["width"]
        sizes = root.evaluate("e => [...e.querySelectorAll('svg text, .nw-readout, label')]"
                              ".map(t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 11, sizes
        colors = root.evaluate("e => [getComputedStyle(e).backgroundColor, "
                               "getComputedStyle(e.querySelector('svg text')).fill]")
        rgb = [[float(c) for c in s[s.index("(") + 1:s.index(")")].split(",")[:3]]
               for s in colors]
        light = [sum(c) / 3 > 128 for c in rgb]
        if options.get("color_scheme") == "dark":
            theme = page.evaluate("document.documentElement.dataset.theme")
            if theme == "dark":
                assert light == [False, True], (theme, colors)
        else:
            assert light == [True, False], colors
        press(root, "number of inputs n_in", "ArrowLeft")
        shows(root, 784, 0.5, "large", 1.0)
        assert_clean(page)

"""Use every live widget on the built site, in headless Chromium, with no kernel.

For each widget the site shows (found by its saved widget state; drawn in an element
with a stable CSS class, ``.nnlib-<name>``): move every slider with the keyboard, press
its buttons, change its selectors, and check that the drawing changed and shows the
value nnlib computes (the widget root exposes it in ``data-*`` attributes; the drawing's
text is checked too). No page error, no request off this machine (the ``page`` fixture
routes CDN files to local npm copies and aborts everything else).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup

import nnlib
import sitetools
from nnlib.book.widgets.entropy import entropy_terms

TOL = 1e-9
WAIT_MS = 30_000  # every wait is bounded
KINDS = {  # widget class (anywidget id) -> CSS class of its drawing
    "nnlib.book.widgets.neuron.NeuronExplorer": "nnlib-neuron",
    "nnlib.book.widgets.softmax.SoftmaxExplorer": "nnlib-softmax",
    "nnlib.book.widgets.entropy.EntropyExplorer": "nnlib-entropy",
    "nnlib.book.widgets.curves.CurveExplorer": "nnlib-curves",
    "nnlib.book.widgets.lambda_explorer.LambdaExplorer": "nnlib-lambda",
}


# --- what the site saved ---------------------------------------------------------

def saved_widgets(html_file: Path) -> list[tuple[str, dict]]:
    """(widget class, saved state) of every nnlib widget view on a page, in page order."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    tag = soup.find("script", type="application/vnd.jupyter.widget-state+json")
    if tag is None:
        return []
    models = json.loads(tag.string)["state"]
    out = []
    for view in soup.find_all("script", type="application/vnd.jupyter.widget-view+json"):
        state = models.get(json.loads(view.string)["model_id"], {}).get("state", {})
        if state.get("_anywidget_id") in KINDS:
            out.append((state["_anywidget_id"], state))
    return out


def pages_with(kind: str, html_dir: Path) -> dict[str, list[dict]]:
    """{page: [saved state of each widget of `kind` on it]} over the whole site."""
    found = {}
    for rel in sitetools.site_pages(html_dir):
        states = [st for k, st in saved_widgets(html_dir / rel) if k == kind]
        if states:
            found[rel] = states
    return found


# --- driving a widget ------------------------------------------------------------

def open_widgets(page, url: str, css: str, n: int):
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length >= n",
                           arg=[f".{css}", n], timeout=WAIT_MS)
    return [page.locator(f".{css}").nth(i) for i in range(n)]


data = sitetools.widget_data
assert_clean = sitetools.assert_page_clean
key = sitetools.press


def drawing(root) -> str:
    return root.locator("svg").first.evaluate("e => e.outerHTML")




def wait_data(root, name: str, value: str) -> None:
    root.page.wait_for_function(
        "([el, name, value]) => el.dataset[name] === value",
        arg=[root.element_handle(), name, value], timeout=WAIT_MS)


def next_frames(page, n: int = 3) -> None:
    """Let the page draw `n` animation frames (no clock involved)."""
    page.evaluate("n => new Promise(done => { const f = k => k ? requestAnimationFrame(() => f(k - 1)) : done(); f(n); })", n)




def each_widget(kind: str, page, site_url: str, built_site: Path):
    """Yield (page name, root locator, saved state) for every widget of `kind` on the site."""
    found = pages_with(kind, built_site)
    assert found, f"no page of the built site shows a {kind.rsplit('.', 1)[1]}"
    for rel, states in found.items():
        roots = open_widgets(page, site_url + rel, KINDS[kind], len(states))
        for root, state in zip(roots, states):
            root.scroll_into_view_if_needed()
            yield rel, root, state
        assert_clean(page)


# --- the widgets -----------------------------------------------------------------

def check_neuron_shows(root, settings: dict, epoch: int) -> None:
    """data-* and the readout show nnlib's run for `settings` at `epoch`."""
    d = data(root)
    run = nnlib.train_neuron(**settings)
    assert (d["cost"], d["start-w"], d["start-b"], d["eta"]) == (
        settings["cost"], settings["w"], settings["b"], settings["eta"])
    assert d["epoch"] == epoch and d["epochs"] == settings["epochs"]
    assert abs(d["output"] - run.a[epoch]) <= TOL
    assert abs(d["cost-value"] - run.cost[epoch]) <= TOL
    assert abs(d["w"] - run.w[epoch]) <= TOL and abs(d["b"] - run.b[epoch]) <= TOL
    assert f"output a = {run.a[epoch]:.3f}" in root.locator(".nw-readout").inner_text()


def test_neuron_explorer(page, site_url, built_site):
    for rel, root, st in each_widget("nnlib.book.widgets.neuron.NeuronExplorer", page,
                                     site_url, built_site):
        s = {k: st[k] for k in ("cost", "w", "b", "eta", "epochs")}
        check_neuron_shows(root, s, st["epoch"])
        steps = [  # (control, key, the setting it changes, its new value)
            ("starting weight w", "ArrowRight", "w", round(s["w"] + 0.05, 2)),
            ("starting bias b", "ArrowLeft", "b", round(s["b"] - 0.05, 2)),
            ("learning rate η", "ArrowLeft", "eta",
             st["eta_values"][st["eta_values"].index(s["eta"]) - 1]),
            ("number of epochs", "ArrowRight", "epochs", s["epochs"] + 50),
        ]
        for label, k, name, value in steps:
            before = drawing(root)
            key(root, label, k)
            s[name] = value
            check_neuron_shows(root, s, s["epochs"])       # the whole new run at once
            assert drawing(root) != before, f"{rel}: {label} did not change the drawing"
        before = drawing(root)
        other = "cross-entropy" if s["cost"] == "quadratic" else "quadratic"
        root.locator('select[aria-label="cost function"]').select_option(other)
        s["cost"] = other
        check_neuron_shows(root, s, s["epochs"])
        assert drawing(root) != before and other in root.locator("svg").first.text_content()

        key(root, "epoch", "Home", "ArrowRight", "ArrowRight", "ArrowRight")
        check_neuron_shows(root, s, 3)
        key(root, "epoch", "End")
        check_neuron_shows(root, s, s["epochs"])

        root.locator("button.nw-run").click()             # Run: from epoch 0, animated
        assert data(root)["playing"] is True and data(root)["epoch"] < s["epochs"]
        wait_data(root, "playing", "false")
        check_neuron_shows(root, s, s["epochs"])

        for i, button in enumerate(root.locator("button.nw-preset").all()):
            label = button.inner_text()
            preset = next(p for p in st["presets"] if p["label"] == label)
            p = {k: preset[k] for k in ("cost", "w", "b", "eta", "epochs")}
            button.click()
            root.page.wait_for_function("el => Number(el.dataset.epoch) >= 5",
                                        arg=root.element_handle(), timeout=WAIT_MS)
            assert data(root)["playing"] is True, f"{label}: playback stopped"
            root.locator("button.nw-pause").click()       # Pause holds the epoch
            held = data(root)["epoch"]
            next_frames(root.page)
            assert data(root)["playing"] is False and data(root)["epoch"] == held
            check_neuron_shows(root, p, held)
            if i == 0:   # Play runs on to the end (once per explorer: Run did too)
                root.locator("button.nw-pause").click()
                wait_data(root, "playing", "false")
            else:        # the end of the other presets' runs, without watching them play
                key(root, "epoch", "End")
            check_neuron_shows(root, p, p["epochs"])       # the exact values the text names


def test_softmax_explorer(page, site_url, built_site):
    for rel, root, st in each_widget("nnlib.book.widgets.softmax.SoftmaxExplorer", page,
                                     site_url, built_site):
        z, c = list(st["z"]), (st["c"] if st["show_c"] else 1.0)

        def shows(z, c):
            d = data(root)
            assert d["z"] == z and d["c"] == c
            a = nnlib.softmax(c * np.asarray(z))
            np.testing.assert_allclose(d["a"], a, rtol=0, atol=TOL)
            assert abs(d["sum"] - 1) <= TOL
            text = root.locator("svg").first.text_content()
            assert all(f"{v:.3f}" in text for v in a) and "= 1.000" in text

        shows(z, c)
        for j in range(len(z)):
            before = drawing(root)
            up = z[j] + 0.05 <= st["z_max"]
            key(root, f"weighted input z{j + 1}", "ArrowRight" if up else "ArrowLeft")
            z[j] = round(z[j] + (0.05 if up else -0.05), 2)
            shows(z, c)
            assert drawing(root) != before, f"{rel}: z{j + 1} did not move the bars"
        key(root, "weighted input z1", "Home")
        z[0] = st["z_min"]
        shows(z, c)
        if st["show_c"]:
            values = st["c_values"]
            for k, step in (("ArrowRight", 1), ("End", None), ("Home", None)):
                before = drawing(root)
                key(root, "the constant c of eq 83", k)
                c = (values[values.index(c) + step] if step else
                     values[-1] if k == "End" else values[0])
                shows(z, c)
                assert drawing(root) != before
        else:
            assert root.locator('[aria-label="the constant c of eq 83"]').count() == 0


def test_entropy_explorer(page, site_url, built_site):
    for rel, root, st in each_widget("nnlib.book.widgets.entropy.EntropyExplorer", page,
                                     site_url, built_site):
        y, a = st["y"], st["a"]

        def shows(y, a):
            d = data(root)
            t = entropy_terms(y, a)
            assert d["y"] == y and d["a"] == a
            assert abs(d["cross-entropy"] - t.cross_entropy) <= TOL
            assert abs(d["entropy"] - t.entropy) <= TOL and abs(d["kl"] - t.kl) <= TOL
            assert f"{t.kl:.3f}" in root.locator("svg").first.text_content()

        shows(y, a)
        for label, k, step in (("target y", "ArrowRight", 0.01), ("output a", "ArrowLeft", -0.01),
                               ("target y", "Home", None), ("output a", "End", None)):
            before = drawing(root)
            key(root, label, k)
            if label == "target y":
                y = round(y + step, 2) if step else 0.0
            else:
                a = round(a + step, 2) if step else st["a_max"]
            shows(y, a)
            assert drawing(root) != before, f"{rel}: {label} ({k}) did not change the drawing"


def test_curve_explorer(page, site_url, built_site):
    for rel, root, st in each_widget("nnlib.book.widgets.curves.CurveExplorer", page,
                                     site_url, built_site):
        epochs, held = st["epochs"], st["held_out"]
        values = {sr["key"]: sr["values"] for sr in st["series"]}

        def shows(lo, hi, shown, shade):
            d = data(root)
            assert (d["lo"], d["hi"]) == (epochs[lo], epochs[hi])
            assert d["shown"] == shown and d["shade"] == shade
            for kind, sign in (("accuracy", 1), ("cost", -1)):
                pair = (f"training {kind}", f"{held} {kind}")
                if all(k in shown for k in pair):
                    expected = sign * (values[pair[0]][hi] - values[pair[1]][hi])
                    assert abs(d[f"gap-{kind}"] - expected) <= TOL
                else:
                    assert d[f"gap-{kind}"] is None
            lines = root.locator("path.nw-line").count()
            assert lines == len(shown)
            # a panel per kind shown (one when nothing is ticked); a one-epoch window
            # marks each series with a point, since a one-point line draws nothing
            kinds = {k for k in ("accuracy", "cost") if any(s.endswith(k) for s in shown)}
            assert root.locator("g.nw-panel").count() == max(1, len(kinds))
            assert root.locator("circle.nw-point").count() == (len(shown) if lo == hi else 0)
            gaps = sum(1 for kind in ("accuracy", "cost")
                       if shade and d[f"gap-{kind}"] is not None)
            assert root.locator("path.nw-gap").count() == gaps

        lo, hi, shown, shade = st["lo"], st["hi"], list(st["shown"]), st["shade_gap"]
        shows(lo, hi, shown, shade)
        for sr in st["series"]:                          # tick every series on, then off
            for _ in range(2):
                before = drawing(root)
                root.locator(f'input.nw-series[data-key="{sr["key"]}"]').click()
                shown = [k for k in values if (k in shown) != (k == sr["key"])]
                shows(lo, hi, shown, shade)
                assert drawing(root) != before, f"{rel}: {sr['key']} did not change the drawing"
        before = drawing(root)
        key(root, "last epoch shown", "ArrowLeft", "ArrowLeft")
        hi -= 2
        shows(lo, hi, shown, shade)
        key(root, "first epoch shown", "ArrowRight")
        lo += 1
        shows(lo, hi, shown, shade)
        assert drawing(root) != before
        assert f"at epoch {epochs[hi]}" in root.locator(".nw-readout").inner_text()
        key(root, "first epoch shown", "End")             # past the last: the window follows
        lo = hi = len(epochs) - 1
        shows(lo, hi, shown, shade)
        for _ in range(2):
            root.locator("input.nw-shade").click()
            shade = not shade
            shows(lo, hi, shown, shade)
        before = drawing(root)
        root.locator("button.nw-all").click()
        lo, hi = 0, len(epochs) - 1
        shows(lo, hi, shown, shade)
        assert drawing(root) != before


def test_lambda_explorer(page, site_url, built_site):
    for rel, root, st in each_widget("nnlib.book.widgets.lambda_explorer.LambdaExplorer", page,
                                     site_url, built_site):
        lambdas = st["lambdas"]

        def shows(i):
            d = data(root)
            assert d["index"] == i and d["lambda"] == lambdas[i]
            gap = st["training"][i][-1] - st["test"][i][-1]
            assert abs(d["gap"] - gap) <= TOL and d["final-test"] == st["test"][i][-1]
            assert root.locator("output").first.inner_text() == f"{lambdas[i]:g}"
            assert f"final gap {gap:.1f} points" in root.locator("svg").first.text_content()

        i = st["index"]
        shows(i)
        last = len(lambdas) - 1
        keys = (["Home"] if i else []) + ["End", "ArrowLeft"] + (["Home", "ArrowRight"] if last > 1 else [])
        for k in keys:
            before = drawing(root)
            key(root, "regularization parameter λ", k)
            i = {"Home": 0, "End": last}.get(k, i + (1 if k == "ArrowRight" else -1))
            shows(i)
            assert drawing(root) != before, f"{rel}: λ slider ({k}) did not change the drawing"

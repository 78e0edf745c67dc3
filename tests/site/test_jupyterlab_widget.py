"""The learning-neuron widget in a real JupyterLab with a kernel (chapter 1).

JupyterLab from this venv on 127.0.0.1 (the ``jupyter_lab`` fixture: token, temporary
config/runtime dirs, a copy of the notebooks, no autosave), headless Chromium: open
chapter 1 as far as its first explorer (the chapter's own cells, as a reader who runs
the chapter up to there; the MNIST runs further down play no part), run all cells,
move the neuron's slider with the keyboard and check that the
drawing changed and that the kernel's widget holds the same value (read back by a new
cell); then press a preset and check that the kernel's echo does not stop the playback
(it did with the old ipywidgets sliders, which rounded the value they sent back).
"""
from __future__ import annotations

import json

import nbformat

import sitetools

CHAPTER = "chapters/01_cross_entropy.ipynb"
NOTEBOOK = "chapters/01_cross_entropy__to_first_explorer.ipynb"   # made in the server's copy
RUN_ALL_WITHIN_MS = 300_000   # every wait below is bounded
WAIT_MS = 60_000
PANEL = sitetools.LAB_PANEL

# Read the kernel's NeuronExplorer objects (ipywidgets keeps every live widget by id).
READ_BACK = """import json
from ipywidgets.widgets.widget import _instances
from nnlib.book.widgets.neuron import NeuronExplorer
print("NEURONS", json.dumps([dict(w.settings(), epoch=w.epoch, output=float(w.run.a[w.epoch]))
                             for w in _instances.values() if isinstance(w, NeuronExplorer)]))"""


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def _run_all(page) -> None:
    # Clearing the outputs empties every prompt ("[ ]:"), so a numbered prompt means ran.
    _menu(page, "Edit", "Clear Outputs of All Cells")
    _menu(page, "Run", "Run All Cells")
    # Done when the kernel is idle and every visible code cell has its number.
    page.wait_for_function(
        """panel => {
          const nb = document.querySelector(panel + ' .jp-Notebook');
          // Cells whose input is collapsed (the book's hidden checks) show an empty
          // prompt; they run all the same, and the kernel going idle covers them. A
          // visible cell not yet run shows "[ ]:", a queued one "[*]:".
          const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
            .map(p => p.textContent.trim()).filter(t => t !== '');
          const busy = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator[data-status="busy"]');
          return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t)) && !busy;
        }""", arg=PANEL, timeout=RUN_ALL_WITHIN_MS)


def _kernel_neurons(page) -> list[dict]:
    """Append a cell that prints the kernel's neuron widgets; run it; parse its output."""
    last = page.locator(f"{PANEL} .jp-Cell").last
    last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")                      # new cell below, then edit it
    page.keyboard.press("Enter")
    editor = page.locator(f"{PANEL} .jp-Cell").last.locator(".cm-content")
    editor.fill(READ_BACK)
    page.keyboard.press("Shift+Enter")
    out = page.locator(f"{PANEL} .jp-Cell").nth(-2).locator(".jp-OutputArea-output")
    out.filter(has_text="NEURONS").first.wait_for(timeout=WAIT_MS)
    text = out.filter(has_text="NEURONS").first.inner_text()
    return json.loads(text.split("NEURONS", 1)[1])


_data = sitetools.widget_data


# JupyterLab 4.6's own cell toolbar throws this while cells re-render during "Run All"
# (in _markdownOverlapsToolbar); it is not ours and changes nothing on the page.
JUPYTERLAB_TOOLBAR_BUG = "_cellToolbarOverlapsContents"


def _chapter_up_to_first_explorer(root) -> None:
    """Write NOTEBOOK: chapter 1's cells up to the first one that shows a NeuronExplorer."""
    nb = nbformat.read(root / CHAPTER, as_version=4)
    first = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and "NeuronExplorer(" in c.source)
    nb.cells = nb.cells[:first + 1]
    nbformat.write(nb, root / NOTEBOOK)


def test_neuron_widget_in_jupyterlab_with_a_kernel(lab_page, jupyter_lab):
    page = lab_page
    _chapter_up_to_first_explorer(jupyter_lab.root)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    sitetools.open_in_lab(page, jupyter_lab, NOTEBOOK)
    _run_all(page)
    root = page.locator(f"{PANEL} .nnlib-neuron").first
    root.wait_for(timeout=WAIT_MS)
    root.scroll_into_view_if_needed()
    before = _data(root)
    picture = root.locator("svg").first.evaluate("e => e.outerHTML")

    slider = root.locator('[aria-label="starting weight w"]')
    slider.focus()
    slider.press("ArrowRight")
    moved = _data(root)
    assert moved["start-w"] == round(before["start-w"] + 0.05, 2)
    assert root.locator("svg").first.evaluate("e => e.outerHTML") != picture
    shot = sitetools.SCREENSHOT_DIR / "jupyterlab__neuron_widget.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(shot))

    kernel = _kernel_neurons(page)
    browser = {"cost": moved["cost"], "w": moved["start-w"], "b": moved["start-b"],
               "eta": moved["eta"], "epochs": moved["epochs"], "epoch": moved["epoch"]}
    match = [k for k in kernel if {key: k[key] for key in browser} == browser]
    assert match, f"no kernel-side NeuronExplorer holds the browser's values {browser}: {kernel}"
    assert abs(match[0]["output"] - moved["output"]) <= 1e-9

    # A preset sets exact values and plays; the kernel's echo must not stop it.
    root.scroll_into_view_if_needed()
    preset = root.locator("button.nw-preset").nth(1)
    label = preset.inner_text()
    preset.click()
    page.wait_for_function("el => Number(el.dataset.epoch) >= 20", arg=root.element_handle(),
                           timeout=WAIT_MS)
    assert _data(root)["playing"] is True, f"the preset {label!r} stopped playing"
    page.wait_for_function("el => el.dataset.playing === 'false'", arg=root.element_handle(),
                           timeout=WAIT_MS)
    end = _data(root)
    assert end["epoch"] == end["epochs"], f"playback of {label!r} stopped at epoch {end['epoch']}"
    ours = [e for e in errors if JUPYTERLAB_TOOLBAR_BUG not in e]
    assert not ours, "page errors:\n" + "\n".join(ours)
    assert not page.events["external"], page.events["external"]
    _menu(page, "Kernel", "Shut Down Kernel")   # leave the shared server as we found it

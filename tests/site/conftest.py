"""Fixtures for the browser test: a fresh build of the site, a local server, Chromium.

Decision: when `_build/html` is missing or older than the book's sources, the test
builds the site itself (the same command as `make site`), so `pytest` alone never
checks a stale site. Chromium (Debian's /usr/bin/chromium) is installed by `make test`; without it the
browser test FAILS with a message saying so, rather than skipping quietly. Pages are
offline: the site serves MathJax, require.js and the widget manager itself (copied
into the build from .cache/cdn, see scripts/book_fixes.py), and every request to
another host is aborted and reported.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitetools  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers (CI) have a tiny /dev/shm
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--mute-audio",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def built_site() -> Path:
    # one builder at a time: `make test` runs pytest-xdist workers, each with this fixture
    import fcntl

    lock = sitetools.BUILD_ROOT / "_build" / ".site-build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        if sitetools.site_is_stale():
            sitetools.build_site()
    return sitetools.HTML_DIR


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    with sitetools.serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it runs `apt-get install -y chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that is offline: every request off the local server is aborted and
    recorded in ``page.events["external"]`` (the site must serve everything itself)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield _offline_page(context, site_url)
    context.close()


def _offline_page(context, site_url):
    events: dict[str, list[str]] = {"console": [], "pageerror": [], "external": []}
    local = urlsplit(site_url).netloc

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.netloc == local or parts.scheme in ("data", "blob"):
            return r.continue_()
        events["external"].append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and events["console"].append(f"{m.text} @ {m.location}"))
    pg.on("pageerror", lambda e: events["pageerror"].append(str(e)))
    pg.events = events
    return pg


@pytest.fixture
def page_factory(browser, site_url):
    """``page_factory(**context_options)``: offline pages with other viewports or colour
    schemes (e.g. ``viewport={"width": 390, "height": 844}, color_scheme="dark"``)."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        return _offline_page(ctx, site_url)

    yield make
    for ctx in contexts:
        ctx.close()


# --- JupyterLab (shared with test_jupyterlab.py and test_jupyterlab_widget.py) ----


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory):
    """JupyterLab from this venv on 127.0.0.1, serving a fresh copy of chapters/ and exercises/.

    Copies, so that nothing a test does in JupyterLab (autosave, running cells) touches
    the committed notebooks. They are trusted first, as `make lab` does. Config, data
    and runtime dirs are temporary, so the user's own Jupyter settings play no part;
    JupyterLab's settings are the venv's (`make setup` installs binder/overrides.json:
    autosave off, widget state saved with the notebook).
    Yields a ``sitetools.LabServer`` (``.url``, ``.token``, ``.get(path)``,
    ``.lab_url("chapters/03_softmax.ipynb")``).
    """
    with sitetools.jupyter_lab(tmp_path_factory.mktemp("jupyter-home")) as server:
        yield server


@pytest.fixture
def lab_page(browser, jupyter_lab):
    """A fresh Chromium page for JupyterLab; requests off 127.0.0.1 are aborted and recorded.

    ``lab_page.events`` has "console" (errors), "pageerror" and "external" lists.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    events: dict[str, list[str]] = {"console": [], "pageerror": [], "external": []}
    local = urlsplit(jupyter_lab.url).netloc

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.netloc == local or parts.scheme in ("data", "blob"):
            return r.continue_()
        events["external"].append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and events["console"].append(f"{m.text} @ {m.location}"))
    pg.on("pageerror", lambda e: events["pageerror"].append(str(e)))
    pg.events = events
    yield pg
    context.close()
    jupyter_lab.shut_down_kernels()   # one kernel per opened notebook: do not let them pile up

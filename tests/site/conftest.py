"""Fixtures for the browser test: a fresh build of the site, a local server, Chromium.

Decision: when `_build/html` is missing or older than the book's sources, the test
builds the site itself (the same command as `make site`), so `pytest` alone never
checks a stale site. Chromium (Debian's /usr/bin/chromium) and the local copies of
the CDN scripts (.cache/cdn) are installed by `make test`; without them the browser
test FAILS with a message saying so, rather than skipping quietly.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cdn  # noqa: E402
import sitetools  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
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
    missing = cdn.missing_packages()
    if missing:
        pytest.fail(f"no local copies of CDN packages {missing}: run `make cdn` (or `make test`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()

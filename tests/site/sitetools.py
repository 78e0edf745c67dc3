"""Helpers for the browser test of the built site: a local static server, the internal
link checker, and the build-if-stale logic. Nothing here needs a browser, so the
helpers have fast tests of their own (test_site_helpers.py)."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
HTML_DIR = ROOT / "_build" / "html"
SCREENSHOT_DIR = ROOT / "_build" / "screenshots"

# Files whose change makes a built site stale.
SOURCE_GLOBS = ("_config.yml", "_toc.yml", "*.md", "chapters/**/*.ipynb", "exercises/**/*.ipynb", "_static/*")


# --- static server ---------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: pages load several times faster

    def log_message(self, format, *args):  # noqa: A002 - keep pytest output clean
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- link checking ---------------------------------------------------------------


@dataclass
class Fetched:
    status: int
    html: str | None = None  # only kept for HTML pages (for anchor checks)


def http_fetch(url: str) -> Fetched:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            ctype = resp.headers.get("Content-Type", "")
            body = resp.read()
            html = body.decode("utf-8", "replace") if "html" in ctype else None
            return Fetched(resp.status, html)
    except urllib.error.HTTPError as exc:
        return Fetched(exc.code)


def _ids(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    ids = {el["id"] for el in soup.find_all(attrs={"id": True})}
    ids |= {el["name"] for el in soup.find_all("a", attrs={"name": True})}
    return ids


@dataclass
class LinkChecker:
    """Checks that internal links and images of pages on ``base_url`` resolve.

    ``fetch`` is injectable so that the checker can be tested on synthetic pages.
    Results of fetches are cached across pages.
    """

    base_url: str
    fetch: Callable[[str], Fetched] = http_fetch
    _cache: dict[str, Fetched] = field(default_factory=dict)
    _id_cache: dict[str, set[str]] = field(default_factory=dict)

    def is_internal(self, url: str) -> bool:
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        return parts.scheme in ("http", "https") and parts.netloc == base.netloc

    def _get(self, url: str) -> Fetched:
        if url not in self._cache:
            self._cache[url] = self.fetch(url)
        return self._cache[url]

    def _anchor_ids(self, url: str, html: str) -> set[str]:
        if url not in self._id_cache:
            self._id_cache[url] = _ids(html)
        return self._id_cache[url]

    def problems(self, page_url: str, html: str) -> list[str]:
        """All broken internal ``a[href]`` and ``img[src]`` references of one page."""
        soup = BeautifulSoup(html, "html.parser")
        refs: list[tuple[str, str]] = []
        refs += [("link", a["href"]) for a in soup.find_all("a", href=True)]
        refs += [("image", img["src"]) for img in soup.find_all("img", src=True)]
        found: list[str] = []
        seen: set[tuple[str, str]] = set()
        for kind, ref in refs:
            ref = ref.strip()
            if not ref or ref.startswith(("mailto:", "javascript:", "data:", "tel:")):
                continue
            absolute = urljoin(page_url, ref)
            if not self.is_internal(absolute) or (kind, absolute) in seen:
                continue
            seen.add((kind, absolute))
            target, fragment = urldefrag(absolute)
            got = self._get(target)
            if got.status != 200:
                found.append(f"broken {kind} {ref!r}: {target} answered HTTP {got.status}")
                continue
            if kind == "link" and fragment and got.html is not None:
                anchor = unquote(fragment)
                if anchor not in self._anchor_ids(target, got.html):
                    found.append(f"broken link {ref!r}: no element with id {anchor!r} on {target}")
        return found


# --- the built site --------------------------------------------------------------


def site_pages(html_dir: Path = HTML_DIR) -> list[str]:
    """Every HTML page of the built site, as paths relative to ``html_dir``."""
    skip = {"_static", "_sources", "_images", "_sphinx_design_static", "_panels_static"}
    return sorted(
        p.relative_to(html_dir).as_posix()
        for p in html_dir.rglob("*.html")
        if not (set(p.relative_to(html_dir).parts) & skip)
    )


def site_is_stale(html_dir: Path = HTML_DIR) -> bool:
    index = html_dir / "intro.html"
    if not index.is_file():
        return True
    built = index.stat().st_mtime
    return any(p.stat().st_mtime > built for g in SOURCE_GLOBS for p in ROOT.glob(g))


def build_site() -> None:
    """Build the site the way `make site` does: from clean, failing on any warning.

    A clean build (a few seconds, as notebooks are not executed) is the only way to
    see every warning again and to drop pages of files no longer in the toc.
    """
    import shutil

    shutil.rmtree(ROOT / "_build" / "html", ignore_errors=True)
    shutil.rmtree(ROOT / "_build" / ".doctrees", ignore_errors=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ})
    if proc.returncode != 0:
        raise RuntimeError(f"site build failed ({' '.join(cmd)}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")


# --- JupyterLab ------------------------------------------------------------------


def book_notebooks(root: Path = ROOT) -> list[Path]:
    """The book's notebooks (chapters/ and exercises/), as `make lab` trusts them."""
    return sorted(
        p for d in ("chapters", "exercises") for p in (root / d).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: ``url`` is the base URL, every request needs ``token``."""

    url: str
    token: str
    root: Path
    env: dict
    log: Path

    def get(self, path: str) -> tuple[int, bytes]:
        """GET ``path`` (relative to the base URL) with the token; (status, body)."""
        req = urllib.request.Request(self.url + path.lstrip("/"), headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def lab_url(self, path: str) -> str:
        """The browser URL that opens ``path`` (relative to the root) in JupyterLab."""
        return f"{self.url}lab/tree/{path}?token={self.token}"


def jupyter_env(home: Path) -> dict:
    """Environment for a Jupyter server isolated from the user's own config and state.

    Config, data (which holds the notebook-trust database), runtime and workspaces go
    under ``home``; extensions and kernels still come from this venv.
    """
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                     ("IPYTHONDIR", "ipython")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("JUPYTER_TOKEN", None)
    return env


def lab_command(port: int, token: str, root: Path = ROOT) -> list[str]:
    """`jupyter lab` from this venv on 127.0.0.1, as `make lab` runs it (plus port and token)."""
    jupyter = Path(sys.executable).with_name("jupyter")
    cmd = [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def copy_book(dest: Path, root: Path = ROOT) -> Path:
    """Copy the book's notebook folders (chapters/, exercises/) into ``dest``; return ``dest``.

    Tests open these copies, never the committed notebooks: JupyterLab saves what it
    opens (autosave, checkpoints), and a running kernel writes files next to them.
    """
    import shutil

    for d in ("chapters", "exercises"):
        shutil.copytree(root / d, dest / d, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


def _write_user_settings(env: dict) -> None:
    """Test-only JupyterLab user settings: never autosave (tests must not write notebooks)."""
    settings = Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}')


@contextmanager
def jupyter_lab(home: Path, root: Path | None = None, trust: bool = True,
                ready_within: float = 120.0) -> Iterator[LabServer]:
    """Start JupyterLab from this venv (isolated in ``home``); yield a :class:`LabServer`.

    The server's root is ``root``, by default a fresh copy of the book's notebooks in
    ``home/book`` (see :func:`copy_book`). With ``trust`` those notebooks are trusted
    first (`jupyter trust`, as `make lab` does), so JupyterLab shows their saved widget
    state and HTML outputs. Autosave is off.
    """
    import secrets
    import time

    env = jupyter_env(home)
    _write_user_settings(env)
    if root is None:
        (home / "book").mkdir(exist_ok=True)
        root = copy_book(home / "book")
    if trust:
        jupyter = Path(sys.executable).with_name("jupyter")
        subprocess.run([str(jupyter), "trust", *map(str, book_notebooks(root))],
                       env=env, check=True, capture_output=True)
    port, token = _free_port(), secrets.token_hex(16)
    log = home / "jupyter-lab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(lab_command(port, token, root), cwd=root, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(f"http://127.0.0.1:{port}/", token, root, env, log)
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if server.get("api/status")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not answer within {ready_within:.0f} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

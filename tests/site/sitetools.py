"""Helpers for the browser test of the built site: a local static server, the internal
link checker, and the build-if-stale logic. Nothing here needs a browser, so the
helpers have fast tests of their own (test_site_helpers.py)."""
from __future__ import annotations

import functools
import json
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
# Where the site is built: the repository (make site) or, with BOOK_BUILD_DIR set, that
# folder (`jupyter-book build . --path-output $BOOK_BUILD_DIR`), e.g. to test a private build.
BUILD_ROOT = Path(os.environ.get("BOOK_BUILD_DIR") or ROOT).resolve()
HTML_DIR = BUILD_ROOT / "_build" / "html"
SCREENSHOT_DIR = BUILD_ROOT / "_build" / "screenshots"

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

    shutil.rmtree(BUILD_ROOT / "_build" / "html", ignore_errors=True)
    shutil.rmtree(BUILD_ROOT / "_build" / ".doctrees", ignore_errors=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"]
    if BUILD_ROOT != ROOT:
        cmd += ["--path-output", str(BUILD_ROOT)]
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

    def sessions(self) -> list[dict]:
        """The server's sessions (one per open notebook with a kernel)."""
        status, body = self.get("api/sessions")
        assert status == 200, body[:300]
        return json.loads(body)

    def shut_down_kernels(self) -> None:
        """End every session and its kernel, so kernels of closed pages do not pile up."""
        for s in self.sessions():
            req = urllib.request.Request(f"{self.url}api/sessions/{s['id']}", method="DELETE",
                                         headers={"Authorization": f"token {self.token}"})
            try:
                urllib.request.urlopen(req, timeout=30).close()
            except urllib.error.HTTPError as exc:
                if exc.code != 404:      # already gone
                    raise


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


@contextmanager
def jupyter_lab(home: Path, root: Path | None = None, trust: bool = True,
                ready_within: float = 120.0) -> Iterator[LabServer]:
    """Start JupyterLab from this venv (isolated in ``home``); yield a :class:`LabServer`.

    The server's root is ``root``, by default a fresh copy of the book's notebooks in
    ``home/book`` (see :func:`copy_book`). With ``trust`` those notebooks are trusted
    first (`jupyter trust`, as `make lab` does), so JupyterLab shows their saved widget
    state and HTML outputs. Settings are the venv's (binder/overrides.json, installed by
    `make setup`: autosave off), none of the user's.
    """
    import secrets
    import time

    env = jupyter_env(home)
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


LAB_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"   # the notebook in front
LAB_NOTEBOOK = LAB_PANEL + " .jp-Notebook"


def open_in_lab(page, lab: LabServer, rel: str, within_ms: int = 180_000) -> None:
    """Open the notebook ``rel`` in JupyterLab as a reader does, and wait (bounded, on
    conditions, not on a clock) until it is shown: every cell in the page, its kernel
    started and idle as the toolbar shows it (the widget manager draws saved views only
    once the kernel answers; on a machine busy training networks that takes a while),
    every markdown cell rendered (its editor hidden) or collapsed."""
    import nbformat

    page.goto(lab.lab_url(rel) + "&reset")
    n_cells = len(nbformat.read(lab.root / rel, as_version=4).cells)
    page.wait_for_function(
        "([sel, n]) => { const nb = document.querySelector(sel);"
        " return nb && nb.querySelectorAll('.jp-Cell').length >= n; }",
        arg=[LAB_NOTEBOOK, n_cells], timeout=90_000)
    try:
        page.wait_for_function(KERNEL_IDLE_JS, arg=LAB_PANEL, timeout=within_ms, polling=250)
    except Exception as exc:
        dialogs = page.evaluate("() => [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText)")
        raise AssertionError(f"{rel}: the kernel was not idle within {within_ms / 1000:.0f} s; "
                             f"sessions {lab.sessions()}, dialogs {dialogs}") from exc
    page.wait_for_function(
        "sel => [...document.querySelector(sel).querySelectorAll('.jp-MarkdownCell')].every(c =>"
        " c.querySelector('.jp-InputPlaceholder') || c.querySelector('.jp-InputArea-editor.lm-mod-hidden'))",
        arg=LAB_NOTEBOOK, timeout=30_000)


# The notebook's toolbar names a Python kernel and shows it idle; a "Select Kernel" dialog,
# if JupyterLab asks, is answered with its default (the notebook's own kernel).
KERNEL_IDLE_JS = """panel => {
  const accept = document.querySelector('.jp-Dialog .jp-mod-accept');
  if (accept) { accept.click(); return false; }
  const name = document.querySelector(panel + ' .jp-Toolbar-kernelName');
  const state = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator');
  return !!(name && /Python/.test(name.textContent) && state && state.dataset.status === 'idle');
}"""


def lab_images_decoded(page) -> None:
    """Wait (bounded) until every image of the open notebook has loaded."""
    page.wait_for_function(
        "sel => [...document.querySelector(sel).querySelectorAll('img')].every(i => i.complete)",
        arg=LAB_NOTEBOOK, timeout=30_000)


def shown(path: Path) -> str:
    """A path for messages: relative to the repository when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- what a reader sees (issue 12): pure functions on a page's HTML ----------------

import re  # noqa: E402

_PIPE_SEPARATOR = re.compile(r"\|\s*:?-{3,}:?\s*\|")
_PIPE_ROW = re.compile(r"^\s*\|[^|\n]+\|[^|\n]+\|", re.M)
_ASSERT_LINE = re.compile(r"^\s*assert\b")
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)\s*$", re.I)
_PATHLIKE = re.compile(r"^(\.\.?/|/|_images/|https?://|data:)|^[\w.-]+(/[\w.-]+)+$")
_GENERIC_ALT = {"image", "figure", "img", "png", "plot", "picture", "output", "chart", "graph"}


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _content(soup: BeautifulSoup):
    """The page's article (the book's text), or the whole body of a synthetic page."""
    return soup.select_one("article.bd-article") or soup.select_one("article") or soup.body or soup


def _folded(el) -> bool:
    """True when ``el`` sits in something the reader must open first (a closed
    <details>, a sphinx-togglebutton dropdown) or in a cell tagged hide-*."""
    for a in el.parents:
        classes = set(a.get("class") or [])
        if a.name == "details" and not a.has_attr("open"):
            return True
        if classes & {"toggle-hidden", "dropdown", "tag_hide-input", "tag_hide-cell"}:
            return True
    return False


def raw_pipe_tables(html: str) -> list[str]:
    """Markdown pipe tables left as raw text (e.g. ``<p>| result | ours |...``).

    Looks at prose (p, li, dd, td, th, blockquote) and at cells' outputs, not at code
    blocks (source code may legitimately build a table string).
    """
    content = _content(_soup(html))
    found = []
    candidates = content.find_all(["p", "li", "dd", "td", "th"])
    candidates += [pre for pre in content.find_all("pre") if pre.find_parent(class_="cell_output")]
    for el in candidates:
        text = el.get_text()
        if _PIPE_SEPARATOR.search(text) or _PIPE_ROW.search(text):
            found.append(" ".join(text.split())[:100])
    return found


def visible_assert_lines(html: str) -> list[str]:
    """``assert`` lines in code cells a reader sees without opening anything."""
    found = []
    for cell_input in _content(_soup(html)).select("div.cell_input"):
        if _folded(cell_input):
            continue
        found += [ln.strip() for ln in cell_input.get_text().splitlines() if _ASSERT_LINE.match(ln)]
    return found


def bad_alt_images(html: str) -> list[str]:
    """Images in the book's text whose alt text is missing, empty, generic or a file path."""
    found = []
    for img in _content(_soup(html)).find_all("img"):
        alt = (img.get("alt") or "").strip()
        if not alt or _IMAGE_FILE.search(alt) or _PATHLIKE.search(alt) or alt.lower() in _GENERIC_ALT:
            found.append(f"src={str(img.get('src', ''))[:60]!r} alt={alt[:60]!r}")
    return found


# --- solutions are hidden until opened: needs a browser (Playwright page) ----------

_VISIBLE_JS = """
const visible = e => {
  if (!e.getClientRects().length) return false;
  // Content of a closed <details> keeps its boxes in Chromium but is not painted.
  for (let d = e.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
    if (!d.open && !(e.closest('summary') && e.closest('summary').parentElement === d)) return false;
  }
  for (let a = e; a && a !== document.documentElement; a = a.parentElement) {
    const st = getComputedStyle(a);
    if (st.display === 'none' || st.visibility === 'hidden' || parseFloat(st.opacity) === 0) return false;
  }
  const r = e.getBoundingClientRect();
  return r.width > 1 && r.height > 1;
};
const root = document.querySelector('article.bd-article') || document.querySelector('article') || document.body;
const codeText = e => { const c = e.cloneNode(true); c.querySelectorAll('button, .copybtn').forEach(b => b.remove()); return c.textContent; };
const importsOnly = e => codeText(e).replace(/\\([^)]*\\)/g, 'X').split('\\n').map(l => l.trim())
    .every(l => !l || l.startsWith('#') || /^(import |from \\S+ import )/.test(l));
const items = () => [
  ...[...root.querySelectorAll('.cell_output')].map(e => ['output', e]),
  ...[...root.querySelectorAll('img')].map(e => ['figure', e]),
  ...[...root.querySelectorAll('.cell_input')].filter(e => !importsOnly(e)).map(e => ['code', e]),
  ...[...root.querySelectorAll('.solution, .dropdown, details')].flatMap(s =>
      [...s.children].filter(c => !c.matches('.admonition-title, summary, .toggle-button')).map(c => ['solution text', c])),
];
const describe = ([kind, e]) => kind + ': ' + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 70);
"""

SOLUTION_VISIBLE_JS = "() => {" + _VISIBLE_JS + """
  return {visible: items().filter(([k, e]) => visible(e)).map(describe), total: items().length};
}"""

SOLUTION_OPEN_ALL_JS = "() => {" + _VISIBLE_JS + """
  let clicked = 0;
  root.querySelectorAll('details:not([open])').forEach(d => { d.open = true; clicked++; });
  // sphinx-togglebutton: a folded admonition has class toggle-hidden; its title is what a reader clicks.
  root.querySelectorAll('.toggle-hidden > .admonition-title').forEach(t => { t.click(); clicked++; });
  return clicked;
}"""

SOLUTION_STILL_HIDDEN_JS = "() => {" + _VISIBLE_JS + """
  return items().filter(([k, e]) => k !== 'code' && !visible(e)).map(describe);
}"""


def solution_problems(page) -> list[str]:
    """On a solution page: nothing of a solution may be visible before the reader opens
    it (outputs, figures, code other than imports, the text of dropdowns/details), and
    after opening every fold all of it must be visible. ``page`` is a loaded Playwright page."""
    before = page.evaluate(SOLUTION_VISIBLE_JS)
    problems = [f"visible before opening: {d}" for d in before["visible"]]
    if before["total"] == 0:
        return ["no solution content found (no outputs, figures, code or folds)"]
    for _ in range(3):  # folds inside folds
        if not page.evaluate(SOLUTION_OPEN_ALL_JS):
            break
        page.wait_for_timeout(400)
    problems += [f"still hidden after opening every fold: {d}" for d in page.evaluate(SOLUTION_STILL_HIDDEN_JS)]
    return problems


# The html-manager draws each saved view (a <script type="...widget-view+json">) into a
# new div.widget-subarea before it. ipywidgets' views carry .jupyter-widgets, anywidget's
# do not (their element is .lm-Widget.jupyter-widgets-disconnected), so count subareas.
DRAWN_VIEWS_JS = "() => [...document.querySelectorAll('.widget-subarea')].filter(s => s.children.length > 0).length"


# Every image of the page loaded (or failed) and every web font it uses loaded.
DRAWN_JS = "() => [...document.images].every(i => i.complete) && document.fonts.status === 'loaded'"


def load_page(page, url: str, timeout_ms: int = 60_000) -> None:
    """Open ``url`` and wait until the reader sees it drawn: MathJax has typeset, every
    saved widget view is drawn, images and web fonts have loaded.

    Waits on those conditions rather than on the network falling quiet for half a second
    (``networkidle``): the same state, sooner. The browser test of each page still waits
    for ``networkidle``, since it checks every request a page makes.
    """
    page.goto(url, wait_until="load")
    if page.evaluate("() => !!(window.MathJax && window.MathJax.startup)"):
        page.wait_for_function("() => window.MathJax.startup.promise !== undefined", timeout=30_000)
        page.evaluate("() => window.MathJax.startup.promise")
    n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if n_views:
        page.wait_for_function(f"n => ({DRAWN_VIEWS_JS})() >= n", arg=n_views, timeout=timeout_ms)
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)


def widget_data(root) -> dict:
    """A live widget root's data-* attributes (the values it shows), JSON-decoded where
    they are JSON; the book's widgets write them for the browser tests to read."""
    raw = root.evaluate("e => Object.fromEntries([...e.attributes].filter(a => "
                        "a.name.startsWith('data-')).map(a => [a.name.slice(5), a.value]))")
    out = {}
    for k, v in raw.items():
        try:
            out[k] = json.loads(v)
        except json.JSONDecodeError:
            out[k] = v
    return out


def press(root, label: str, *keys: str) -> None:
    """Focus the control of a widget named `label` (its aria-label) and press `keys` on it,
    as a keyboard reader does."""
    control = root.locator(f'[aria-label="{label}"]')
    control.focus()
    for k in keys:
        control.press(k)


def assert_page_clean(page) -> None:
    """No request left this machine, no console error, no uncaught error (``page.events``,
    recorded by the ``page`` fixtures)."""
    ev = page.events
    problems = ([f"request off this machine: {u}" for u in ev["external"]]
                + [f"console error: {m}" for m in ev["console"]]
                + [f"page error: {m}" for m in ev["pageerror"]])
    assert not problems, "\n".join(problems)

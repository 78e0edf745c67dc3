"""The whole book as one PDF, printed from the built site by headless Chromium.

Usage:
    .venv/bin/python scripts/make_pdf.py [HTML_DIR] [OUT.pdf]     # `make pdf`
    defaults: _build/html  _build/book.pdf

Every page of the table of contents, in its order, is opened from a local server (the
CDN scripts come from the same local npm copies the browser test uses, nothing leaves
this machine), MathJax is waited for, saved widgets are drawn, hints, solutions and
folded outputs are opened since paper cannot be clicked (folded code stays folded),
and the page is printed with Chromium's print layout (the theme's print stylesheet
drops the side bars). The pages are joined into one file with pypdf, a bookmark per page.
"""
from __future__ import annotations

import io
import mimetypes
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))
import cdn  # noqa: E402
import sitetools  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-extensions"]

# Paper cannot be clicked: open hints, solutions and folded outputs; code a page folds
# away (myst-nb's hide-input, "Show code cell source") stays folded.
_OPEN_FOLDS_JS = """() => {
  document.querySelectorAll('details:not(.above-input)').forEach(d => d.open = true);
  document.querySelectorAll('.toggle-hidden > .admonition-title').forEach(t => t.click());
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
}"""


def toc_pages(root: Path = ROOT) -> list[str]:
    """The book's pages in reading order, as paths relative to the HTML folder."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    return [f"{f}.html" for f in files]


def _route(local: str):
    def route(r):
        parts = urlsplit(r.request.url)
        if parts.netloc == local or parts.scheme in ("data", "blob"):
            return r.continue_()
        path = cdn.local_path_for(r.request.url) if parts.hostname in cdn.CDN_HOSTS else None
        if path is None:
            return r.abort()
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return r.fulfill(status=200, body=path.read_bytes(),
                         headers={"Content-Type": ctype, "Access-Control-Allow-Origin": "*"})
    return route


def print_page(page, url: str) -> bytes:
    page.goto(url, wait_until="networkidle")
    if page.evaluate("() => !!(window.MathJax && window.MathJax.startup)"):
        page.wait_for_function("() => window.MathJax.startup.promise !== undefined", timeout=30_000)
        page.evaluate("() => window.MathJax.startup.promise")
    n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if n_views:
        try:
            page.wait_for_function(f"n => ({sitetools.DRAWN_VIEWS_JS})() >= n", arg=n_views, timeout=30_000)
        except Exception:  # the browser test reports widgets that do not draw; print the rest
            print(f"pdf: warning: {url}: not every saved widget drew", file=sys.stderr)
    n_math, n_typeset = page.locator(".math").count(), page.locator("mjx-container").count()
    if n_typeset < n_math:
        raise RuntimeError(f"{url}: MathJax typeset {n_typeset} of {n_math} equations; not printing raw TeX")
    page.evaluate(_OPEN_FOLDS_JS)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    return page.pdf(format="A4", print_background=True, display_header_footer=False,
                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})


def make_pdf(html_dir: Path, out: Path, browser=None) -> Path:
    """Print every toc page of ``html_dir`` into ``out``; ``browser``: a running Playwright
    Chromium to use (default: launch /usr/bin/chromium)."""
    from pypdf import PdfReader, PdfWriter

    missing = [p for p in toc_pages() if not (html_dir / p).is_file()]
    if missing:
        raise SystemExit(f"{html_dir} lacks {missing}: build the site first (make site)")
    if cdn.missing_packages():
        raise SystemExit(f"no local copies of {cdn.missing_packages()}: run `make cdn`")
    if browser is None:
        if not CHROMIUM.is_file():
            raise SystemExit(f"{CHROMIUM} is missing: run `make chromium`")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            try:
                return make_pdf(html_dir, out, own)
            finally:
                own.close()
    writer = PdfWriter()
    with sitetools.serve_directory(html_dir) as base:
        context = browser.new_context(viewport={"width": 1100, "height": 1400})
        context.route("**/*", _route(urlsplit(base).netloc))
        page = context.new_page()
        for rel in toc_pages():
            reader = PdfReader(io.BytesIO(print_page(page, base + rel)))
            first = len(writer.pages)
            for pdf_page in reader.pages:
                writer.add_page(pdf_page)
            title = page.title().split("—")[0].split(" | ")[0].strip() or rel
            writer.add_outline_item(title=title, page_number=first)
            print(f"pdf: {rel}: {len(reader.pages)} pages", flush=True)
        context.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".pdf", delete=False) as tmp:
        writer.write(tmp)
    os.replace(tmp.name, out)  # atomic: never a half-written book.pdf
    print(f"pdf: wrote {out} ({len(writer.pages)} pages)")
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    html = Path(args[0]) if args else sitetools.HTML_DIR
    dest = Path(args[1]) if len(args) > 1 else html.parent / "book.pdf"
    make_pdf(html, dest)

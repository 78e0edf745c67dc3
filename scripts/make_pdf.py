"""The whole book as one PDF, printed from the built site by headless Chromium.

Usage:
    .venv/bin/python scripts/make_pdf.py [HTML_DIR] [OUT.pdf]     # `make pdf`
    defaults: _build/html  _build/book.pdf

Every page of the table of contents, in its order, is opened from a local server (the
site serves its scripts itself; any request off this machine is aborted), MathJax is
waited for, saved widgets are drawn, hints, solutions and
folded outputs are opened since paper cannot be clicked (folded code stays folded),
and the page is printed with Chromium's print layout (the theme's print stylesheet
drops the side bars). The pages are joined into one file with pypdf, a bookmark per page.

Nothing may be cut at the right edge: each page is first laid out at the paper's
printable width with print styles, and a code block, output or equation wider than
that (the site's print CSS wraps code, _static/custom.css) stops the script with the
lines it would cut (issue 20).
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))
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
        return r.abort()
    return route


# A4 with 12 mm side margins: 186 mm of printable width, in CSS px (96 per inch).
PAPER = {"format": "A4", "margin": {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}}
PRINT_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)

# Blocks whose text the paper would cut: wider than their box (a box that scrolls on
# screen clips on paper) or reaching past the printable width.
CLIPPED_JS = """(width) => {
  const root = document.querySelector('article.bd-article') || document.body;
  const out = [];
  for (const e of root.querySelectorAll('pre, div.math mjx-container, .cell_output .output, table')) {
    if (!e.getClientRects().length) continue;
    const r = e.getBoundingClientRect();
    const cut = e.scrollWidth - e.clientWidth;
    if (cut > 1 || r.right > width + 1) {
      const line = (e.innerText || e.textContent || '').split('\\n').reduce((a, b) => b.length > a.length ? b : a, '');
      out.push(`${e.tagName.toLowerCase()}: ${Math.max(cut, Math.round(r.right - width))} px cut: ${line.trim().slice(0, 90)}`);
    }
  }
  return out;
}"""


# A display equation or table a little wider than the paper is shrunk to fit (CSS zoom,
# down to 60%); code and output wrap instead (print CSS). Whatever still does not fit
# is reported by CLIPPED_JS.
FIT_JS = """(width) => {
  const root = document.querySelector('article.bd-article') || document.body;
  for (const e of root.querySelectorAll('div.math mjx-container[display="true"], table')) {
    e.style.zoom = '';
    const box = e.tagName === 'TABLE' ? (e.parentElement.clientWidth || width) : e.clientWidth;
    const need = e.tagName === 'TABLE' ? e.getBoundingClientRect().width : e.scrollWidth;
    if (need > box + 1) e.style.zoom = String(Math.max(0.6, box / need));
  }
}"""


def clipped_lines(page) -> list[str]:
    """What printing the loaded ``page`` would cut at the right edge (print styles, laid out
    at the printable width of the paper). Leaves the page in print media at that width."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 1400})
    page.wait_for_timeout(100)
    page.evaluate(FIT_JS, PRINT_WIDTH_PX)
    return page.evaluate(CLIPPED_JS, PRINT_WIDTH_PX)


def print_page(page, url: str) -> bytes:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        sitetools.load_page(page, url, timeout_ms=30_000)
    except PlaywrightTimeout as exc:  # the browser test reports what does not draw; print the rest
        print(f"pdf: warning: {url}: not drawn within 30 s: {str(exc).splitlines()[0]}", file=sys.stderr)
    n_math, n_typeset = page.locator(".math").count(), page.locator("mjx-container").count()
    if n_typeset < n_math:
        raise RuntimeError(f"{url}: MathJax typeset {n_typeset} of {n_math} equations; not printing raw TeX")
    page.evaluate(_OPEN_FOLDS_JS)
    page.wait_for_function(sitetools.DRAWN_JS, timeout=30_000)  # what the folds held
    cut = clipped_lines(page)
    if cut:
        raise RuntimeError(f"{url}: the paper would cut {len(cut)} block(s) at the right edge:\n  " + "\n  ".join(cut[:10]))
    pdf = page.pdf(print_background=True, display_header_footer=False, **PAPER)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1100, "height": 1400})
    return pdf


def make_pdf(html_dir: Path, out: Path, browser=None) -> Path:
    """Print every toc page of ``html_dir`` into ``out``; ``browser``: a running Playwright
    Chromium to use (default: launch /usr/bin/chromium)."""
    from pypdf import PdfReader, PdfWriter

    missing = [p for p in toc_pages() if not (html_dir / p).is_file()]
    if missing:
        raise SystemExit(f"{html_dir} lacks {missing}: build the site first (make site)")
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

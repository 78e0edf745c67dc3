"""`make pdf`: the whole book as one PDF from the built site, printed by the same Chromium.

Checks the PDF holds every page of the toc (a bookmark per page, in toc order, the
page's title on its first PDF page), no raw TeX (`$$`, `\\tag`; make_pdf itself refuses
to print a page where MathJax typeset fewer equations than the page has), and the
figures (at least as many embedded images as the pages show as <img> files).
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitetools

sys.path.insert(0, str(sitetools.ROOT / "scripts"))
import make_pdf  # noqa: E402


def _norm(text: str) -> str:
    """NFKC (ligatures such as "ﬁ"), one space for any whitespace, and words that a line
    break split at their hyphen ("log-\\nlikelihood") joined again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(unicodedata.normalize("NFKC", text).split()))


@pytest.fixture(scope="module")
def book_pdf(built_site: Path, browser, tmp_path_factory) -> Path:
    return make_pdf.make_pdf(built_site, tmp_path_factory.mktemp("pdf") / "book.pdf", browser)


def test_make_pdf_target_uses_the_script() -> None:
    makefile = (sitetools.ROOT / "Makefile").read_text()
    assert "\npdf: site chromium cdn\n\t$(BIN)/python scripts/make_pdf.py" in makefile


def test_pdf_holds_every_page_in_toc_order_without_raw_tex(book_pdf: Path, built_site: Path) -> None:
    """Each toc page starts where its bookmark points, with its title on that first page."""
    from pypdf import PdfReader

    reader = PdfReader(book_pdf)
    outline = [item for item in reader.outline if not isinstance(item, list)]
    pages = make_pdf.toc_pages()
    assert len(outline) == len(pages), f"{len(outline)} bookmarks for {len(pages)} toc pages"
    starts = [reader.get_destination_page_number(item) for item in outline]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts
    for rel, start in zip(pages, starts):
        h1 = BeautifulSoup((built_site / rel).read_text(), "html.parser").select_one("article h1")
        for extra in h1.select("a.headerlink, span.section-number"):
            extra.decompose()
        title = _norm(h1.get_text())
        first_page = _norm(reader.pages[start].extract_text())
        assert title in first_page, f"{rel}: title {title!r} not on its first PDF page ({start + 1})"
    text = _norm("\n".join(page.extract_text() for page in reader.pages))
    for raw in ("$$", "\\tag"):  # code cells may hold other TeX, e.g. in a SymPy label
        assert raw not in text, f"raw TeX {raw!r} in the PDF: ...{text[max(0, text.find(raw) - 80):text.find(raw) + 80]}..."


def _image_count(pdf_object) -> int:
    """Images a PDF page (or form) draws: its image XObjects, those of its forms included.
    (Counted from the page's resources: pypdf's ``page.images`` decodes every image.)"""
    xobjects = (pdf_object.get("/Resources") or {}).get("/XObject") or {}
    kinds = [x.get_object() for x in xobjects.values()]
    return (sum(x.get("/Subtype") == "/Image" for x in kinds)
            + sum(_image_count(x) for x in kinds if x.get("/Subtype") == "/Form"))


def test_pdf_holds_the_figures(book_pdf: Path, built_site: Path) -> None:
    from pypdf import PdfReader

    shown = sum(
        1
        for rel in make_pdf.toc_pages()
        for img in BeautifulSoup((built_site / rel).read_text(), "html.parser").select("article img")
        if "_images/" in (img.get("src") or "") and not img.find_parent("details", class_="above-input")
    )
    embedded = sum(_image_count(page) for page in PdfReader(book_pdf).pages)
    assert shown > 0 and embedded >= shown, f"{embedded} images in the PDF, {shown} figures on the pages"


def test_print_layout_check_catches_a_cut_line(page, site_url, built_site) -> None:
    """make_pdf refuses pages whose code the paper would cut (issue 20). The check finds a
    long code line when the site's print CSS is undone, and nothing on the real page."""
    page.goto(site_url + "chapters/01_cross_entropy.html", wait_until="networkidle")
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate(make_pdf._OPEN_FOLDS_JS)
    assert make_pdf.clipped_lines(page) == []
    page.add_style_tag(content="@media print { .bd-content pre, .bd-content div.highlight pre "
                               "{ white-space: pre !important; overflow: hidden !important; } }")
    page.evaluate("() => { const pre = document.querySelector('article div.cell_input pre');"
                  " pre.textContent += '\\n' + 'x = 1  # ' + 'a long comment '.repeat(12); }")
    cut = make_pdf.clipped_lines(page)
    assert cut and "a long comment" in cut[0], cut

"""Fast tests (no browser) that the site checks catch what they should."""
from __future__ import annotations

from pathlib import Path

import cdn
import sitetools


def _page(tmp_path: Path, name: str, body: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(f"<!doctype html><html><body>{body}</body></html>")


def test_link_checker_catches_broken_links_images_and_anchors(tmp_path: Path) -> None:
    _page(tmp_path, "b.html", '<h1 id="top">B</h1><a name="old-anchor"></a>')
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _page(
        tmp_path,
        "sub/a.html",
        """
        <a href="../b.html">fine</a> <a href="../b.html#top">fine anchor</a>
        <a href="../b.html#old-anchor">fine name anchor</a> <a href="#here">fine local</a>
        <p id="here"></p> <img src="../pic.png"> <a href="https://example.org/x">external: not checked</a>
        <a href="mailto:someone@example.org">mail</a>
        <a href="../missing.html">broken page</a>
        <a href="../b.html#nowhere">broken anchor</a>
        <a href="#not-here">broken local anchor</a>
        <img src="missing.png">
        """,
    )
    with sitetools.serve_directory(tmp_path) as base:
        checker = sitetools.LinkChecker(base)
        html = (tmp_path / "sub" / "a.html").read_text()
        problems = checker.problems(base + "sub/a.html", html)
    text = "\n".join(problems)
    assert len(problems) == 4, text
    assert "broken link '../missing.html'" in text and "HTTP 404" in text
    assert "no element with id 'nowhere'" in text
    assert "no element with id 'not-here'" in text
    assert "broken image 'missing.png'" in text


def test_link_checker_with_injected_fetch() -> None:
    pages = {"http://h/a.html": sitetools.Fetched(200, '<p id="x"></p>')}
    checker = sitetools.LinkChecker("http://h/", fetch=lambda u: pages.get(u, sitetools.Fetched(404)))
    assert checker.problems("http://h/a.html", '<a href="a.html#x">ok</a>') == []
    assert len(checker.problems("http://h/a.html", '<a href="b.html">no</a>')) == 1


def test_cdn_urls_map_to_local_copies_only_for_pinned_versions() -> None:
    name, version = "mathjax", cdn.CDN_PACKAGES["mathjax"]
    url = f"https://cdn.jsdelivr.net/npm/{name}@{version}/es5/tex-mml-chtml.js"
    expected = cdn.package_dir(name, version) / "es5" / "tex-mml-chtml.js"
    assert cdn.local_path_for(url) == (expected.resolve() if expected.is_file() else None)
    assert cdn.local_path_for("https://cdn.jsdelivr.net/npm/mathjax@2.7.9/MathJax.js") is None
    assert cdn.local_path_for(f"https://cdn.jsdelivr.net/npm/{name}@{version}/../../../etc/passwd") is None
    assert cdn.local_path_for("https://unpkg.com/thebe@0.8.2/lib/index.js") is None


def test_font_awesome_of_matplotlib_animations_is_served_locally():
    """to_jshtml animations link Font Awesome 4.4.0 on MaxCDN; we map it to the npm copy."""
    base = "https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/"
    local = cdn.local_path_for(base + "css/font-awesome.min.css")
    expected = cdn.package_dir("font-awesome", "4.4.0") / "css" / "font-awesome.min.css"
    assert local == (expected.resolve() if expected.is_file() else None)
    assert cdn.local_path_for(base + "../../../etc/passwd") is None
    assert cdn.local_path_for("https://maxcdn.bootstrapcdn.com/font-awesome/4.7.0/css/x.css") is None

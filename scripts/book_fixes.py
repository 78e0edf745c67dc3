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
"""
from __future__ import annotations

import json


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


def _require_config(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    urls = _embed_amd_urls(app.config)
    if not scripts or not urls:
        return
    names = {getattr(js, "filename", None) for js in scripts}
    if not any(u in names for u in urls):
        return  # this page shows no widgets
    folder = urls[0].rsplit("/", 1)[0]
    # embed-amd.js defines "@jupyter-widgets/html-manager/dist/embed-amd" and, inside
    # its bundle, other "@jupyter-widgets/..." modules; all of their assets are in dist/.
    config = {"paths": {"@jupyter-widgets/html-manager/dist": folder, "@jupyter-widgets": folder}}
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


def _theme_mode(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def _widgets_assets_path(app, config):
    for url in _embed_amd_urls(config):
        path = url.rsplit("/", 1)[0] + "/"
        app.add_js_file(None, body=f"window.__jupyter_widgets_assets_path__ = {json.dumps(path)};", priority=100)


def setup(app):
    app.connect("config-inited", _widgets_assets_path)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _require_config, priority=901)
    app.connect("html-page-context", _theme_mode, priority=902)
    app.connect("html-page-context", _mathjax2_shim, priority=903)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

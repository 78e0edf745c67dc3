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
    return {"parallel_read_safe": True, "parallel_write_safe": True}

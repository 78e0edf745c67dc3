/* A live figure that cannot be drawn says so (issue 20): never an empty box.

   Each saved widget view is a <script type="application/vnd.jupyter.widget-view+json">
   that the ipywidgets HTML manager (embed-amd.js) replaces by a drawn view. If the
   manager never arrives (a blocked or failed script) or a view is still not drawn a
   while after the page has loaded, a short note takes the view's place. Without
   JavaScript at all, the <noscript> note that scripts/book_fixes.py puts beside each
   view shows instead. Loaded on every page by scripts/book_fixes.py.
*/
(function () {
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var MANAGER = "@jupyter-widgets/html-manager/dist/libembed-amd";
  var PATIENCE_MS = 20000;  // a slow phone may take this long to draw every view

  function drawn(view) {
    var prev = view.previousElementSibling;
    return !!(prev && prev.classList.contains("widget-subarea") && prev.children.length);
  }

  function note(view) {
    if (drawn(view) || view.nnlibNoted) return;
    view.nnlibNoted = true;
    var p = document.createElement("p");
    p.className = "nnlib-widget-fallback";
    p.setAttribute("role", "note");
    p.textContent = "This interactive figure could not be drawn in your browser. " +
      "Reload the page, or run the notebook (JupyterLab, Binder or Colab) to use it.";
    view.parentNode.insertBefore(p, view);
  }

  function managerLoaded() {
    return !!(window.require && window.require.defined && window.require.defined(MANAGER));
  }

  function check(final) {
    var views = document.querySelectorAll(VIEW);
    if (!views.length) return;
    if (final || !managerLoaded()) views.forEach(note);
  }

  window.addEventListener("load", function () {
    check(false);
    setTimeout(function () { check(true); }, PATIENCE_MS);
  });
})();

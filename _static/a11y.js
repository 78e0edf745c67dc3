/* Accessibility fixes for the theme's markup (issue 20; axe-core, WCAG 2.1 A/AA,
   label-content-name-mismatch = 2.5.3 "Label in Name"). Loaded on every page by
   scripts/book_fixes.py, after the theme's scripts (deferred, in document order).

   - The search buttons say "Search Ctrl+K" but are named "Search" by an aria-label:
     the label is dropped, so the name is what the reader sees.
   - The colour-mode button is named "Color mode"; its three icons carry titles
     ("Light", "Dark", "System Settings") that Font Awesome turns into text of the
     button. The icons are decoration: hidden from assistive technology, titles removed.
   - myst-nb's folded cells show "Show code cell source" in a <summary> named "Toggle
     hidden content": the label is dropped, so the name is the visible text.
*/
(function () {
  function fix() {
    document.querySelectorAll(".search-button__button[aria-label]").forEach(function (b) {
      if (b.textContent.trim()) b.removeAttribute("aria-label");
    });
    document.querySelectorAll(".theme-switch-button .theme-switch").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.setAttribute("aria-hidden", "true");
      icon.querySelectorAll("title").forEach(function (t) { t.remove(); });
      icon.removeAttribute("aria-labelledby");
      if (icon.getAttribute("role") === "img") icon.removeAttribute("role");
    });
    document.querySelectorAll("summary[aria-label]").forEach(function (s) {
      if (s.textContent.trim()) s.removeAttribute("aria-label");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
  // Font Awesome may replace the icons (with new titles) after DOMContentLoaded.
  window.addEventListener("load", fix);
})();

/* sphinx-togglebutton makes a folded admonition's whole title clickable, and its click
   handler finds the button only when the click lands on the title itself, the chevron
   or the button. A solution's title holds a link ("Solution to Exercise 3"): a click on
   that link threw "button is not defined" (issue 20). Here, before the handler sees it,
   a click on a link in such a title only follows the link, and a click on any other
   element inside the title toggles through the title's own button.
   Loaded on every page by scripts/book_fixes.py. */
(function () {
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var title = target.closest(".toggle > .admonition-title");
    if (!title || target === title || target.closest(".toggle-button")) return;
    event.stopPropagation();  // togglebutton's handler is on the title (bubbling phase)
    if (target.closest("a[href]")) return;  // the link works as a link
    var button = title.querySelector(".toggle-button");
    if (button) button.click();
  }, true);
})();

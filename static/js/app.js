/* Behaviour shared by every page (loaded by base.html). Templates hold no inline scripts or
   event handler attributes (the Content-Security-Policy allows scripts from this site only):
   behaviour is attached here, by data attributes. */
(function () {
  "use strict";
  /* data-select-on-focus: a read-only field (a feed address) is selected whole when clicked. */
  document.addEventListener("click", function (event) {
    var field = event.target.closest ? event.target.closest("[data-select-on-focus]") : null;
    if (field && typeof field.select === "function") { field.select(); }
  });
})();

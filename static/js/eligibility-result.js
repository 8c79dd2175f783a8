// Person and employer eligibility pages: after htmx swaps the verdict in, move focus to it so
// that screen readers announce it and the officer sees it without scrolling.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function () {
    var heading = document.getElementById("verdict-heading");
    if (heading) { heading.focus(); }
  });
})();

// Pension calculator: add period rows, open the survivors' part when that pension is chosen,
// and move focus to the verdict after htmx swaps it in. Works on panels swapped in later too.
(function () {
  "use strict";

  function addPeriod(form) {
    var total = form.querySelector("input[name='periods-TOTAL_FORMS']");
    var max = form.querySelector("input[name='periods-MAX_NUM_FORMS']");
    var template = form.querySelector("template[data-period-template]");
    var list = form.querySelector("[data-period-list]");
    var index = parseInt(total.value, 10);
    if (index >= parseInt(max.value, 10)) { return; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = list.lastElementChild.querySelector("input");
    if (added) { added.focus(); }
  }

  function showAddButtons(root) {
    root.querySelectorAll("[data-add-period]").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-period]");
    if (button) { addPeriod(button.form); }
  });

  document.addEventListener("change", function (event) {
    if (event.target.name !== "scheme") { return; }
    var survivors = event.target.form.querySelector("details.survivors");
    if (survivors) { survivors.open = event.target.value === "survivors"; }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    showAddButtons(document);
    var heading = document.getElementById("verdict-heading");
    if (heading) { heading.focus(); }
  });

  showAddButtons(document);
})();

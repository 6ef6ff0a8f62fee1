/* A long list of checkboxes (core.forms.SearchableCheckboxes): a box to find a choice by
   typing, the number shown told to screen readers; checked choices always stay visible. */
(function () {
  "use strict";
  function fold(text) {
    return text.toLocaleLowerCase("nb").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  document.querySelectorAll("[data-choice-filter]:not([data-ready])").forEach(function (box) {
    box.setAttribute("data-ready", "");
    var list = box.nextElementSibling;
    var input = box.querySelector("input");
    var count = box.querySelector("[data-choice-count]");
    var rows = Array.prototype.slice.call(list.querySelectorAll(".checkbox-row"));
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (row) {
        var checked = row.querySelector("input").checked;
        var match = !wanted || fold(row.textContent).indexOf(wanted) > -1;
        row.hidden = !(match || checked);
        if (!row.hidden) {
          shown += 1;
        }
      });
      count.textContent = wanted ? shown + " / " + rows.length : "";
    });
  });
})();

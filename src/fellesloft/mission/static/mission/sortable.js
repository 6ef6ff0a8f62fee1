/* Sortable tables: a <table data-sortable> whose column headings hold a <button>; a click
   sorts the rows by that column (numbers by data-sort on the cell), and again in the other
   direction. aria-sort tells screen readers the order. Without JavaScript the table keeps the
   order the server gave it. */
(function () {
  "use strict";

  function key(cell, numeric) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) {
      raw = cell.textContent.trim();
    }
    if (!numeric) {
      return raw.toLocaleLowerCase("nb");
    }
    return raw === "" ? null : parseFloat(raw);
  }

  function sort(table, index, numeric, button) {
    var heading = button.closest("th");
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric);
      var y = key(b.cells[index], numeric);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }  // figures SSB does not show stay last
      if (y === null) { return -1; }
      var order = numeric ? x - y : x.localeCompare(y, "nb");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th[aria-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", "none");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.hidden = false;
      var label = th.querySelector(".sort-label");
      if (label) { label.hidden = true; }
      var numeric = th.hasAttribute("data-numeric");
      button.addEventListener("click", function () { sort(table, index, numeric, button); });
    });
  });
})();

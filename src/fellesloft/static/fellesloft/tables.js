/* Tables in their own scrolling region (core/table_scroll.html): when the table is wider than
   the region, a line says so and a shadow marks each edge with more columns behind it; when it
   fits, neither shows and the region leaves the tab order. Without JavaScript the region
   scrolls and takes focus as it is.

   All regions are measured first and changed after, in one batch: reading a size between two
   changes forces the browser to lay the page out again, and a page with many tables (the API
   documentation has close to 200) would be laid out once per table. */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-table-scroll]"));
  if (!boxes.length) {
    return;
  }
  function measure(box) {
    var region = box.querySelector(".table-wrapper");
    return {
      box: box,
      region: region,
      hint: box.querySelector("[data-table-scroll-hint]"),
      hidden: region.scrollWidth - region.clientWidth,
      left: region.scrollLeft
    };
  }
  function show(seen) {
    var overflows = seen.hidden > 1;
    seen.hint.hidden = !overflows;
    seen.box.toggleAttribute("data-overflows", overflows);
    seen.box.toggleAttribute("data-more-left", overflows && seen.left > 1);
    seen.box.toggleAttribute("data-more-right", overflows && seen.left < seen.hidden - 1);
    if (overflows) {
      seen.region.setAttribute("tabindex", "0");
    } else if (document.activeElement !== seen.region) {
      seen.region.removeAttribute("tabindex");
    }
  }
  function update(list) {
    list.map(measure).forEach(show);
  }
  boxes.forEach(function (box) {
    var region = box.querySelector(".table-wrapper");
    region.addEventListener("scroll", function () { update([box]); }, { passive: true });
  });
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function (entries) {
      var changed = [];
      entries.forEach(function (entry) {
        var box = entry.target.closest("[data-table-scroll]");
        if (box && changed.indexOf(box) < 0) {
          changed.push(box);
        }
      });
      update(changed);
    });
    boxes.forEach(function (box) {
      var region = box.querySelector(".table-wrapper");
      observer.observe(region);
      if (region.firstElementChild) {
        observer.observe(region.firstElementChild);
      }
    });
  } else {
    window.addEventListener("resize", function () { update(boxes); });
  }
  update(boxes);
})();

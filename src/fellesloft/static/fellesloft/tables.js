/* Tables in their own scrolling region (core/table_scroll.html): when the table is wider than
   the region, a line says so and a shadow marks each edge with more columns behind it; when it
   fits, neither shows and the region leaves the tab order. Without JavaScript the region
   scrolls and takes focus as it is. */
(function () {
  "use strict";
  function watch(box) {
    var region = box.querySelector(".table-wrapper");
    var hint = box.querySelector("[data-table-scroll-hint]");
    function update() {
      var hidden = region.scrollWidth - region.clientWidth;
      var overflows = hidden > 1;
      hint.hidden = !overflows;
      box.toggleAttribute("data-overflows", overflows);
      box.toggleAttribute("data-more-left", overflows && region.scrollLeft > 1);
      box.toggleAttribute("data-more-right", overflows && region.scrollLeft < hidden - 1);
      if (overflows) {
        region.setAttribute("tabindex", "0");
      } else if (document.activeElement !== region) {
        region.removeAttribute("tabindex");
      }
    }
    region.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(update);
      observer.observe(region);
      if (region.firstElementChild) {
        observer.observe(region.firstElementChild);
      }
    } else {
      window.addEventListener("resize", update);
    }
    update();
  }
  document.querySelectorAll("[data-table-scroll]").forEach(watch);
})();

/* The main menu on a phone: hidden behind «Meny» (a disclosure button). Without JavaScript, or
   on a wider screen, the whole menu shows. */
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav[data-collapsible]");
  if (!nav) {
    return;
  }
  var toggle = nav.querySelector(".site-nav__toggle");
  nav.classList.add("site-nav--enhanced");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("site-nav--open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("site-nav--open")) {
      toggle.setAttribute("aria-expanded", "false");
      nav.classList.remove("site-nav--open");
      toggle.focus();
    }
  });
})();

/* Keyboard shortcuts in the moderation queue: J/K move between statements, G approves the one
   in focus, 1–5 reject it with the reason on that button. Not while typing in a field. */
(function () {
  "use strict";
  var queue = document.querySelector("[data-moderation-queue]");
  if (!queue) {
    return;
  }
  var items = Array.prototype.slice.call(queue.querySelectorAll(".moderation-item"));
  if (!items.length) {
    return;
  }

  function current() {
    var active = document.activeElement;
    var found = active && active.closest ? active.closest(".moderation-item") : null;
    return found || null;
  }

  function move(step) {
    var index = items.indexOf(current());
    var next = items[Math.min(Math.max(index + step, 0), items.length - 1)];
    if (index === -1) {
      next = items[0];
    }
    next.focus();
    next.scrollIntoView({ block: "start" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      return;
    }
    var item = current();
    if (!item) {
      return;
    }
    var button = item.querySelector('button[data-key="' + key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // After a decision the page comes back at the next statement (its address ends in its id).
  if (window.location.hash) {
    var landed = document.getElementById(window.location.hash.slice(1));
    if (landed && items.indexOf(landed) > -1) {
      landed.focus();
    }
  }
})();

/* «Kopier lenken» on the share page: shown only where the browser can copy. */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy]");
  var status = document.querySelector("[data-copied]");
  if (!button || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      status.hidden = false;
    });
  });
})();

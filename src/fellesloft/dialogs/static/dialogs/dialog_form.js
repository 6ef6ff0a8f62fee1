/* The dialog form: the future workshop's phase prompts only when the type is a future
   workshop. Without JavaScript every step shows (the prompts say «Bare for fremtidsverksted»). */
(function () {
  "use strict";
  var step = document.querySelector('fieldset[data-step="fremtidsverksted"]');
  var kind = document.querySelector('[name="kind"]');
  if (!step || !kind) {
    return;
  }
  function chosen() {
    var checked = document.querySelector('[name="kind"]:checked');
    return checked ? checked.value : kind.value;
  }
  function update() {
    step.hidden = chosen() !== "future_workshop";
  }
  document.querySelectorAll('[name="kind"]').forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();

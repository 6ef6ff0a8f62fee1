/* Progressive enhancement of the voting page: votes go to the JSON API and the next statement
   replaces the current one without a page load. Without JavaScript the form posts as usual. */
(function () {
  "use strict";
  var form = document.getElementById("stemmeskjema");
  if (!form || !window.fetch || !form.dataset.token) {
    return;
  }
  var token = form.dataset.token;
  var statementInput = form.querySelector("input[name=statement]");
  var text = document.getElementById("utsagn");
  var meter = document.getElementById("framdrift-maler");
  var label = document.querySelector("label[for=framdrift-maler]");
  var describe = document.getElementById("om-deg");
  var lastButton = null;
  var busy = false;

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=vote]");
    if (button) {
      lastButton = button;
    }
  });

  function fallback(choice) {
    // Something went wrong: let the server handle the vote the ordinary way.
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "vote";
    hidden.value = choice;
    form.appendChild(hidden);
    HTMLFormElement.prototype.submit.call(form);
  }

  function show(next) {
    statementInput.value = String(next.id);
    text.textContent = next.text;
    if (meter) {
      meter.max = Math.max(next.progress.total, 1);
      meter.value = next.progress.voted;
    }
    if (label) {
      label.textContent = label.textContent.replace(/\d+ av \d+|\d+ of \d+/, function (match) {
        return match.indexOf(" of ") > -1
          ? next.progress.voted + " of " + next.progress.total
          : next.progress.voted + " av " + next.progress.total;
      });
    }
    if (describe && describe.hidden && next.progress.voted >= Number(describe.dataset.after)) {
      // The optional questions come after the first few answers.
      describe.hidden = false;
    }
    text.focus();
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter || lastButton;
    if (!button || button.name !== "vote") {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    form.setAttribute("aria-busy", "true");
    var choice = button.value;
    var headers = { "Content-Type": "application/json", "X-Participant-Token": token };
    fetch(form.dataset.api, {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ statement: Number(statementInput.value), vote: choice })
    })
      .then(function (response) {
        if (response.status !== 201) {
          throw new Error("vote " + response.status);
        }
        return fetch(form.dataset.next, {
          headers: { "X-Participant-Token": token },
          credentials: "same-origin"
        });
      })
      .then(function (response) {
        if (response.status === 204) {
          window.location.reload();
          return null;
        }
        if (!response.ok) {
          throw new Error("next " + response.status);
        }
        return response.json().then(show);
      })
      .then(function () {
        busy = false;
        form.removeAttribute("aria-busy");
      })
      .catch(function () {
        fallback(choice);
      });
  });
})();

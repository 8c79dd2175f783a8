// One case: every action form takes the phone's position (hidden fields) before it is sent.
// Each form carries a client_uuid made when the page is shown (a double tap records once). With
// no signal the action goes to the outbox (kind "case_action", docs/offline.md): the page shows
// it as waiting, "number on sync", and the notice's or compound's number once the server has it.
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-case-action]");
  var status = document.getElementById("action-position");
  if (!forms.length || !status) {
    return;
  }
  var labels = JSON.parse(document.getElementById("position-labels").textContent);
  var queued = document.getElementById("case-queued");
  var caseId = Number(queued ? queued.dataset.case : 0);
  var apiUrl = queued ? queued.dataset.url : "";
  var outbox = window.NforceOutbox;

  function fill(position) {
    forms.forEach(function (form) {
      form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(6);
      form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(6);
    });
    status.textContent = labels.taken.replace("{metres}", Math.round(position.coords.accuracy));
  }

  function newUuid() {
    if (outbox) return outbox.newUuid();
    return window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : "";
  }

  forms.forEach(function (form) {
    var uuid = form.querySelector("input[name=client_uuid]");
    if (uuid && !uuid.value) uuid.value = newUuid();
    form.addEventListener("submit", function (event) {
      if (!outbox || navigator.onLine !== false || !queued) return; // with signal: the page's own POST
      event.preventDefault();
      outbox.enqueueTo("case_action", apiUrl, bodyOf(form), { about: { case: caseId, label: form.dataset.label } });
      forms.forEach(function (each) {
        each.hidden = true; // the case moves on the server: its next actions are known then
      });
    });
  });

  function bodyOf(form) {
    var body = { action: form.dataset.action };
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || value === "") return;
      body[name] = name === "months_unregistered" ? Number(value) : value;
    });
    return body;
  }

  function line(text) {
    var item = document.createElement("li");
    item.className = "result";
    item.textContent = text;
    queued.appendChild(item);
    queued.hidden = false;
  }

  function numberOf(record, action) {
    if (!record) return "";
    if (action === "notice") return record.notice_number || "";
    if (action === "compound") return record.compound_number || "";
    return "";
  }

  function showWaiting() {
    if (!outbox || !queued) return;
    outbox.list("case_action").then(function (entries) {
      queued.querySelectorAll("li").forEach(function (item) {
        if (!item.dataset.sent) item.remove();
      });
      entries.forEach(function (entry) {
        if (!entry.about || entry.about.case !== caseId) return;
        var text = entry.state === "failed"
          ? labels.failed_sync.replace("{reason}", outbox.problemText(entry.problem))
          : labels.waiting;
        line((entry.about.label || entry.body.action) + ": " + text);
        forms.forEach(function (each) {
          each.hidden = true;
        });
      });
    });
  }

  if (outbox && queued) {
    window.addEventListener(outbox.EVENT, function (event) {
      var detail = event.detail || {};
      var outcome = detail.outcome;
      if (detail.kind === "sent" && outcome && outcome.record && outcome.record.id === caseId) {
        var label = labels.sent;
        var number = numberOf(outcome.record, lastAction(outcome.record));
        showWaiting();
        var item = document.createElement("li");
        item.className = "result";
        item.dataset.sent = "1";
        item.textContent = label.replace("{number}", number || "—");
        queued.appendChild(item);
        queued.hidden = false;
        return;
      }
      showWaiting();
    });
    showWaiting();
  }

  function lastAction(record) {
    if (record.state === "compounded") return "compound";
    if (record.state === "notice_issued") return "notice";
    return "";
  }

  if (!navigator.geolocation) {
    status.textContent = labels.failed;
    return;
  }
  navigator.geolocation.getCurrentPosition(
    fill,
    function () {
      status.textContent = labels.failed;
    },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
  );
})();

// The field check page: keeps the phone's position in the forms, "Near me", and records a
// check as a detection (through the offline outbox when there is one).
(function () {
  "use strict";
  var POOR_FIX_M = 100;
  var position = null;
  var status = document.getElementById("position-status");
  var messages = document.getElementById("check-messages").dataset;

  function say(template, metres) {
    status.textContent = template.replace("%(m)s", String(Math.round(metres)));
  }

  function fillPositionFields(coords) {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.elements.latitude) form.elements.latitude.value = coords.latitude.toFixed(6);
      if (form.elements.longitude) form.elements.longitude.value = coords.longitude.toFixed(6);
      if (form.elements.accuracy) form.elements.accuracy.value = Math.round(coords.accuracy);
    });
  }

  function onPosition(found) {
    position = found.coords;
    fillPositionFields(position);
    say(position.accuracy > POOR_FIX_M ? status.dataset.poor : status.dataset.located, position.accuracy);
  }

  function onNoPosition() {
    position = null;
    status.textContent = status.dataset.denied;
  }

  if ("geolocation" in navigator) {
    navigator.geolocation.watchPosition(onPosition, onNoPosition, {
      enableHighAccuracy: true, maximumAge: 15000, timeout: 20000,
    });
  } else {
    onNoPosition();
  }

  document.getElementById("near-me").addEventListener("click", function () {
    var form = document.getElementById("check-form");
    if (!position) {
      status.textContent = messages.noPosition;
      return;
    }
    if (window.htmx) {
      window.htmx.trigger(form, "submit");
    } else {
      form.submit();
    }
  });

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function detectionFor(button) {
    var body = {
      client_uuid: uuid4(),
      observed_at: new Date().toISOString(),
      latitude: Number(position.latitude.toFixed(6)),
      longitude: Number(position.longitude.toFixed(6)),
      accuracy_m: Math.round(position.accuracy),
      outcome: button.dataset.outcome,
    };
    if (button.dataset.employerCode) body.employer_code = button.dataset.employerCode;
    if (button.dataset.idNumber) body.id_number = button.dataset.idNumber;
    // The lookup was counted as a check: this tap completes that record rather than adding one.
    if (button.dataset.checkId) body.check_id = Number(button.dataset.checkId);
    var outbox = window.NforceOutbox;
    if (outbox && outbox.runningOperation()) body.operation = outbox.runningOperation();
    var workers = document.getElementById("id_workers_found");
    if (outbox && workers && workers.value.trim()) body.workers = outbox.workersFrom(workers.value);
    return body;
  }

  function postDirectly(body) {
    return fetch("/api/v1/detections", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": window.Nforce.csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok && response.status !== 409) throw new Error(String(response.status));
      return "sent";
    });
  }

  function record(button) {
    if (!position) {
      button.insertAdjacentHTML("afterend", "");
      button.textContent = messages.noPosition;
      return;
    }
    button.disabled = true;
    var body = detectionFor(button);
    var sending = window.NforceOutbox ? window.NforceOutbox.enqueue(body) : postDirectly(body);
    Promise.resolve(sending).then(function () {
      // The outbox has it on the phone; it sends now if there is signal, later if not.
      button.textContent = navigator.onLine ? messages.recorded : messages.queued;
    }).catch(function () {
      button.disabled = false;
      button.textContent = messages.failed;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".record-check");
    if (button) record(button);
  });
})();

// "Record unregistered premises": the phone's position, the form, and the outbox. Works offline:
// a record is saved on the phone first (NforceOutbox.enqueue), then sent when it can be.
(function () {
  "use strict";

  var form = document.getElementById("record-form");
  if (!form || !window.NforceOutbox) return;
  var strings = JSON.parse(document.getElementById("record-strings").textContent);
  var statusLine = document.getElementById("position-status");
  var warning = document.getElementById("position-warning");
  var errorLine = document.getElementById("record-error");
  var list = document.getElementById("record-list");
  var poorAccuracy = Number(form.dataset.poorAccuracyM || 100);
  var MAX_PHOTO_SIDE = 1600; // the server keeps 1280 px; smaller uploads on a weak signal
  var fix = null;
  var watch = null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  // --- position ----------------------------------------------------------------------------

  function showFix(position) {
    var coords = position.coords;
    fix = {
      latitude: coords.latitude,
      longitude: coords.longitude,
      accuracy_m: Math.round(coords.accuracy * 10) / 10,
    };
    var values = {
      latitude: coords.latitude.toFixed(5),
      longitude: coords.longitude.toFixed(5),
      accuracy: Math.round(coords.accuracy),
    };
    statusLine.textContent = fill(strings.position, values);
    statusLine.dataset.state = coords.accuracy > poorAccuracy ? "poor" : "good";
    warning.hidden = coords.accuracy <= poorAccuracy;
    warning.textContent = warning.hidden ? "" : fill(strings.poor, values);
  }

  function showNoFix(error) {
    if (fix) return; // keep the last good position; the watch goes on
    statusLine.dataset.state = "none";
    statusLine.textContent = error && error.code === 1 ? strings.denied : strings.unavailable;
  }

  function locate() {
    if (!navigator.geolocation) {
      showNoFix(null);
      return;
    }
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    statusLine.textContent = fix ? statusLine.textContent : strings.locating;
    watch = navigator.geolocation.watchPosition(showFix, showNoFix, {
      enableHighAccuracy: true,
      maximumAge: 10000,
      timeout: 30000,
    });
  }

  // --- photo -------------------------------------------------------------------------------

  function smallerPhoto(file) {
    if (!file) return Promise.resolve(null);
    if (!window.createImageBitmap || !HTMLCanvasElement.prototype.toBlob) return Promise.resolve(file);
    return createImageBitmap(file)
      .then(function (bitmap) {
        var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) {
          canvas.toBlob(function (blob) {
            resolve(blob || file);
          }, "image/jpeg", 0.85);
        });
      })
      .catch(function () {
        return file; // not decodable here (HEIC on some phones): the server will judge
      });
  }

  // --- the record --------------------------------------------------------------------------

  function text(name) {
    return (form.elements[name].value || "").trim();
  }

  function bodyFromForm() {
    var workers = text("workers_seen");
    return {
      client_uuid: window.NforceOutbox.newUuid(),
      observed_at: new Date().toISOString(),
      latitude: fix.latitude,
      longitude: fix.longitude,
      accuracy_m: fix.accuracy_m,
      outcome: form.dataset.outcome,
      premises_name: text("premises_name"),
      kind: text("kind"),
      address: text("address"),
      business_registration_no: text("business_registration_no"),
      workers_seen: workers === "" ? null : Number(workers),
      notes: text("notes"),
      workers: window.NforceOutbox.workersFrom(text("workers_found")),
      operation: window.NforceOutbox.runningOperation(),  // null: the server finds the team's
    };
  }

  function showError(message) {
    errorLine.hidden = !message;
    errorLine.textContent = message || "";
  }

  function addLine(body) {
    var item = document.createElement("li");
    item.className = "result recorded";
    item.dataset.clientUuid = body.client_uuid;
    var title = document.createElement("h3");
    title.textContent = body.premises_name;
    var state = document.createElement("p");
    state.className = "record-state";
    state.dataset.state = "saved";
    state.textContent = strings.saved;
    var why = document.createElement("p");
    why.className = "why";
    item.appendChild(title);
    item.appendChild(state);
    item.appendChild(why);
    list.insertBefore(item, list.firstChild);
  }

  function onOutbox(event) {
    var detail = event.detail || {};
    var item = list.querySelector('[data-client-uuid="' + detail.client_uuid + '"]');
    if (!item || !detail.outcome) return;
    var state = item.querySelector(".record-state");
    if (detail.kind === "sent") {
      state.dataset.state = "sent";
      state.textContent = strings.sent;
      var record = detail.outcome.record;
      item.querySelector(".why").textContent = (record && record.premises_match_text) || "";
    } else if (detail.kind === "failed") {
      state.dataset.state = "failed";
      state.textContent = fill(strings.failed, { detail: window.NforceOutbox.problemText(detail.outcome.problem) });
    }
  }

  // The text the officer typed, to give it back if the record could not be kept on the phone.
  var TYPED = ["premises_name", "kind", "address", "business_registration_no", "workers_seen", "notes", "workers_found"];

  function typedFields() {
    var typed = {};
    TYPED.forEach(function (name) {
      if (form.elements[name]) typed[name] = form.elements[name].value;
    });
    return typed;
  }

  function giveBack(typed) {
    Object.keys(typed).forEach(function (name) {
      if (!form.elements[name].value) form.elements[name].value = typed[name];
    });
  }

  function submit(event) {
    event.preventDefault();
    showError("");
    if (!form.reportValidity()) return;
    if (!fix) {
      showError(strings.no_position);
      return;
    }
    var button = document.getElementById("record-submit");
    button.disabled = true;
    var body = bodyFromForm();
    var typed = typedFields();
    smallerPhoto(form.elements.photo.files[0])
      .then(function (photo) {
        addLine(body);
        // Emptied now, not once it is stored: what the officer starts typing for the next
        // premises while this one is being saved must not be wiped by a late reset.
        form.reset();
        form.elements.premises_name.focus();
        return window.NforceOutbox.enqueue(body, { photo: photo });
      })
      .catch(function (error) {
        var item = list.querySelector('[data-client-uuid="' + body.client_uuid + '"]');
        if (item) item.remove();
        giveBack(typed);
        showError(fill(strings.not_saved, { detail: error && error.message ? error.message : "" }));
      })
      .then(function () {
        button.disabled = false;
      });
  }

  // From the check page's "Not in the list?" link: the name the officer already searched for.
  // Read here, not by the server, because the service worker keeps this page for offline use.
  var searched = new URLSearchParams(window.location.search).get("name");
  if (searched && !form.elements.premises_name.value) form.elements.premises_name.value = searched.slice(0, 200);

  form.addEventListener("submit", submit);
  document.getElementById("position-refresh").addEventListener("click", function () {
    fix = null;
    locate();
  });
  window.addEventListener(window.NforceOutbox.EVENT, onOutbox);
  locate();
})();

// "My premises" with no signal: the list, map and details the phone kept at the last sync
// (dispatch_mine.js keeps them, offline-store.js holds them), "as of 08:42", and outcomes recorded
// through the outbox (kind "outcome", with a client_uuid) until the server has them.
(function () {
  "use strict";

  var strings = JSON.parse(document.getElementById("kept-strings").textContent);
  var outcomeUrl = document.getElementById("kept-config").dataset.outcomeUrl;
  var user = document.body.dataset.user;
  var lang = document.documentElement.lang || undefined;
  var snapshot = null;
  var waiting = {}; // assignment id -> its outbox entry
  var map = null;
  var photoUrl = null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  document.querySelectorAll("[data-text]").forEach(function (node) {
    node.textContent = strings[node.dataset.text];
  });

  function load() {
    if (!user || !window.NforceKept || !window.NforceOutbox) return Promise.resolve();
    return Promise.all([window.NforceKept.get(user, "premises"), window.NforceOutbox.list("outcome")])
      .then(function (found) {
        snapshot = found[0] ? found[0].data : null;
        waiting = {};
        found[1].forEach(function (entry) {
          if (entry.about) waiting[entry.about.assignment] = entry;
        });
        render();
      })
      .catch(function () {
        render();
      });
  }

  function render() {
    var asOf = byId("kept-as-of");
    if (!snapshot) {
      asOf.textContent = strings.nothing_kept;
      return;
    }
    asOf.textContent = fill(strings.as_of, { time: window.NforceKept.asOf(snapshot.synced_at, lang) });
    renderList();
    renderMap();
    showRoute();
  }

  function dueText(props) {
    return fill(props.overdue ? strings.overdue : strings.due, { date: props.due_on });
  }

  function waitingText(entry) {
    if (entry.state === "failed") return fill(strings.failed, { reason: window.NforceOutbox.problemText(entry.problem) });
    return strings.waiting;
  }

  function renderList() {
    var list = byId("kept-list");
    list.replaceChildren();
    snapshot.features.forEach(function (feature) {
      var props = feature.properties;
      var item = element("li");
      item.className = "result";
      item.dataset.assignment = String(feature.id);
      var heading = item.appendChild(element("h3"));
      var link = heading.appendChild(element("a", props.name));
      link.href = "#a-" + feature.id;
      var due = item.appendChild(element("span", dueText(props)));
      due.className = "badge " + (props.overdue ? "status-bad" : "status-ok");
      if (waiting[feature.id]) {
        var badge = item.appendChild(element("span", waitingText(waiting[feature.id])));
        badge.className = "badge status-warn";
        badge.dataset.waiting = "yes";
      }
      item.appendChild(element("p", props.address || props.kind || ""));
      list.appendChild(item);
    });
  }

  function renderMap() {
    var holder = byId("kept-map");
    if (map || !window.L || !snapshot.features.length) return;
    var tiles = byId("map-tiles").dataset;
    map = L.map(holder, { dragging: !L.Browser.mobile });
    if (tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
    var markers = L.featureGroup().addTo(map);
    snapshot.features.forEach(function (feature) {
      var coords = feature.geometry.coordinates;
      L.circleMarker([coords[1], coords[0]], {
        radius: 10, color: "#111", weight: 2, fillOpacity: 0.9,
        fillColor: feature.properties.overdue ? "#b00020" : "#0b3d91",
      }).bindTooltip(feature.properties.name).on("click", function () {
        location.hash = "#a-" + feature.id;
      }).addTo(markers);
    });
    map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 16 });
  }

  // --- one premises --------------------------------------------------------------------------

  function showRoute() {
    var match = /^#a-(\d+)$/.exec(location.hash);
    var feature = match && snapshot && snapshot.features.find(function (item) {
      return String(item.id) === match[1];
    });
    byId("kept-list-view").hidden = Boolean(feature);
    byId("kept-detail").hidden = !feature;
    if (feature) showDetail(feature);
  }

  function showDetail(feature) {
    var props = feature.properties;
    byId("kept-name").textContent = props.name;
    byId("kept-due").textContent = dueText(props);
    byId("kept-address").textContent = props.address || "—";
    byId("kept-kind").textContent = props.kind || "—";
    byId("kept-workers").textContent = props.workers_seen == null ? "—" : String(props.workers_seen);
    byId("kept-area").textContent = props.area || "—";
    byId("kept-reason").textContent = props.reason || "";
    showPhoto(snapshot.photos && snapshot.photos[feature.id]);
    var entry = waiting[feature.id];
    byId("kept-state").textContent = entry ? waitingText(entry) : "";
    var form = byId("kept-outcome");
    form.hidden = Boolean(entry);
    form.dataset.assignment = String(feature.id);
  }

  function showPhoto(blob) {
    var image = byId("kept-photo");
    if (photoUrl) URL.revokeObjectURL(photoUrl);
    photoUrl = blob ? URL.createObjectURL(blob) : null;
    image.hidden = !photoUrl;
    if (photoUrl) image.src = photoUrl;
  }

  function bodyOf(form) {
    var chosen = form.querySelector("input[name=outcome]:checked");
    if (!chosen) return null;
    return {
      outcome: chosen.value,
      employer_code: form.elements.employer_code ? form.elements.employer_code.value.trim() : "",
      notes: form.elements.notes ? form.elements.notes.value.trim() : "",
    };
  }

  byId("kept-outcome").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var body = bodyOf(form);
    if (!body) {
      byId("kept-state").textContent = strings.choose;
      return;
    }
    var id = Number(form.dataset.assignment);
    var url = outcomeUrl.replace("/0/", "/" + id + "/");
    window.NforceOutbox.enqueueTo("outcome", url, body, { about: { assignment: id } }).then(function () {
      form.reset();
      byId("kept-state").textContent = strings.saved;
      location.hash = "";
    });
  });

  byId("kept-back").addEventListener("click", function (event) {
    event.preventDefault();
    location.hash = "";
  });

  window.addEventListener("hashchange", showRoute);
  if (window.NforceOutbox) window.addEventListener(window.NforceOutbox.EVENT, load);
  load();
})();

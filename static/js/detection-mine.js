// "My detections": today's detections on a map, and what is still waiting on this phone.
(function () {
  "use strict";

  var strings = JSON.parse(document.getElementById("outbox-strings").textContent);

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- map ---------------------------------------------------------------------------------

  var OUTCOME_COLOURS = {
    compliant: "#0a6b2b",
    not_liable: "#0a6b2b",
    registered_not_contributing: "#8a5a00",
    employees_not_registered: "#b00020",
    unregistered: "#b00020",
    refused: "#b00020",
    not_found: "#b00020",
    checked: "#555555",
  };

  function popupFor(feature) {
    var props = feature.properties;
    var box = element("div", "map-popup");
    box.appendChild(element("strong", "", props.label));
    box.appendChild(element("div", "", props.outcome_label));
    box.appendChild(element("div", "", new Date(props.observed_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })));
    return box;
  }

  function drawMap() {
    var holder = document.getElementById("detections-map");
    if (!holder || !window.L) return;
    var collection = JSON.parse(document.getElementById("detections-geojson").textContent);
    var map = L.map(holder, { dragging: !L.Browser.mobile });
    window.NforceBasemap.add(map);
    var layer = L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) {
        var colour = OUTCOME_COLOURS[feature.properties.outcome] || "#8a4b00";
        return L.circleMarker(latlng, { radius: 9, color: "#111", weight: 2, fillColor: colour, fillOpacity: 0.9 });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(popupFor(feature));
      },
    }).addTo(map);
    if (collection.features.length) {
      map.fitBounds(layer.getBounds(), { maxZoom: 17, padding: [24, 24] });
    } else {
      map.setView([3.139, 101.6869], 7); // Kuala Lumpur, until the first detection
    }
  }

  // --- what is still on this phone ------------------------------------------------------

  function outboxItem(entry) {
    var item = element("li", "result outbox-entry");
    item.dataset.clientUuid = entry.client_uuid;
    item.dataset.state = entry.state;
    item.appendChild(element("h3", "", entry.body.premises_name || entry.body.employer_code || entry.body.outcome));
    var when = new Date(entry.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var problem = window.NforceOutbox.problemText(entry.problem);
    var said = entry.state === "failed" ? fill(strings.failed, { detail: problem }) : strings.pending;
    item.appendChild(element("p", entry.state === "failed" ? "error" : "why", when + " · " + said));
    if (entry.state === "failed") item.appendChild(actions(entry));
    return item;
  }

  function actions(entry) {
    var row = element("p", "row");
    var retry = element("button", "", strings.retry);
    retry.type = "button";
    retry.addEventListener("click", function () {
      window.NforceOutbox.retry(entry.client_uuid);
    });
    var discard = element("button", "", strings.discard);
    discard.type = "button";
    discard.addEventListener("click", function () {
      if (window.confirm(strings.confirm_discard)) window.NforceOutbox.discard(entry.client_uuid);
    });
    row.appendChild(retry);
    row.appendChild(discard);
    return row;
  }

  function showOutbox() {
    var panel = document.getElementById("outbox");
    if (!panel || !window.NforceOutbox) return;
    window.NforceOutbox.list("detection").then(function (entries) {
      var list = document.getElementById("outbox-list");
      list.textContent = "";
      entries.forEach(function (entry) {
        list.appendChild(outboxItem(entry));
      });
      panel.hidden = entries.length === 0;
    });
  }

  drawMap();
  showOutbox();
  if (window.NforceOutbox) window.addEventListener(window.NforceOutbox.EVENT, showOutbox);
})();

// "My premises": the inspector's assigned premises on a map, and the list re-sorted from where
// they stand. Data comes from json_script; no inline script (CSP), no HTML built from strings.
(function () {
  "use strict";

  keepForOffline();
  markWaiting();
  if (window.NforceOutbox) window.addEventListener(window.NforceOutbox.EVENT, markWaiting);

  // Outcomes recorded with no signal and not yet sent: marked on their premises in the list.
  function markWaiting() {
    var labels = document.getElementById("map-labels");
    if (!window.NforceOutbox || !labels) return;
    var text = JSON.parse(labels.textContent).waiting;
    window.NforceOutbox.list("outcome").then(function (entries) {
      document.querySelectorAll("#premises-results [data-waiting]").forEach(function (badge) {
        badge.remove();
      });
      entries.forEach(function (entry) {
        var item = entry.about && document.querySelector('#premises-results li[data-assignment="' + Number(entry.about.assignment) + '"]');
        if (!item) return;
        var badge = document.createElement("span");
        badge.className = "badge status-warn";
        badge.dataset.waiting = "yes";
        badge.textContent = text;
        item.appendChild(badge);
      });
    }).catch(function () {});
  }

  // Kept on the phone at each sync (this page opened with signal): the list as the server gave
  // it, with each premises' newest photo, for "My premises" with no signal (dispatch_kept.js).
  function keepForOffline() {
    var user = document.body.dataset.user;
    var source = document.getElementById("premises-data");
    if (!user || !source || !window.NforceKept) return;
    var features = JSON.parse(source.textContent).features;
    var syncedAt = Date.now();
    var photos = {};
    Promise.all(features.map(function (feature) {
      var url = feature.properties.photo_url;
      if (!url) return null;
      return fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.blob() : null;
        })
        .then(function (blob) {
          if (blob) photos[feature.id] = blob;
        })
        .catch(function () {});
    })).then(function () {
      return window.NforceKept.put(user, "premises", { features: features, photos: photos, synced_at: syncedAt });
    }).then(function () {
      document.body.dataset.premisesKept = "yes"; // for the browser journeys
    }).catch(function () {});
  }

  var mapElement = document.getElementById("premises-map");
  if (!mapElement || !window.L) {
    return;
  }
  var data = readJson("premises-data");
  var labels = readJson("map-labels");
  var statusLine = document.getElementById("position-status");

  var map = L.map(mapElement, { dragging: !L.Browser.mobile });
  window.NforceBasemap.add(map);
  var markers = L.featureGroup().addTo(map);
  data.features.forEach(function (feature) {
    markerFor(feature).addTo(markers);
  });
  if (data.features.length) {
    map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView([3.139, 101.6869], 7);
  }
  locate();

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  // Overdue premises are red AND carry "!" and the word in their label: never colour alone.
  function markerFor(feature) {
    var props = feature.properties;
    var coords = feature.geometry.coordinates;
    var badge = document.createElement("span");
    badge.textContent = props.overdue ? "!" : "";
    badge.style.cssText =
      "display:flex;align-items:center;justify-content:center;width:28px;height:28px;border-radius:50%;" +
      "border:3px solid #fff;box-shadow:0 0 0 2px #111;font:700 18px/1 system-ui,sans-serif;color:#fff;" +
      "background:" + (props.overdue ? "#b00020" : "#0b3d91");
    var state = props.overdue ? labels.overdue : labels.due;
    var marker = L.marker([coords[1], coords[0]], {
      icon: L.divIcon({ html: badge, className: "dispatch-marker", iconSize: [28, 28], iconAnchor: [14, 14] }),
      title: state + ": " + props.name,
      alt: state + ": " + props.name,
      keyboard: true,
    });
    marker.bindPopup(function () {
      return popupFor(props, state);
    });
    return marker;
  }

  function popupFor(props, state) {
    var box = document.createElement("div");
    append(box, "strong", props.name);
    append(box, "div", state + " " + props.due_text);
    if (props.address) {
      append(box, "div", props.address);
    }
    append(box, "div", props.reason).style.color = "#444";
    var links = append(box, "p", "");
    link(links, props.detail_url, labels.details);
    links.appendChild(document.createTextNode(" · "));
    link(links, props.navigation.maps, labels.navigate).target = "_blank";
    return box;
  }

  function append(parent, tag, text) {
    var element = document.createElement(tag);
    element.textContent = text;
    parent.appendChild(element);
    return element;
  }

  function link(parent, href, text) {
    var anchor = append(parent, "a", text);
    anchor.href = href;
    return anchor;
  }

  // Where the inspector stands: a marker, and the list sorted by distance from there.
  function locate() {
    if (!navigator.geolocation) {
      return;
    }
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var latitude = position.coords.latitude;
        var longitude = position.coords.longitude;
        L.circleMarker([latitude, longitude], { radius: 8, color: "#111", fillColor: "#ffbf00", fillOpacity: 1 })
          .bindTooltip(labels.here)
          .addTo(map);
        statusLine.textContent = labels.here;
        var list = document.getElementById("premises-list");
        if (window.htmx && list) {
          window.htmx.ajax("GET", list.dataset.listUrl + "?latitude=" + latitude + "&longitude=" + longitude, {
            target: "#premises-list",
            swap: "innerHTML",
          });
        }
      },
      function () {
        statusLine.textContent = "";
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }
})();

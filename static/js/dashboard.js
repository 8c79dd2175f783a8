// Supervisor dashboard: the chart over time (Chart.js) and the map of premises still unregistered
// (Leaflet + markercluster). Data comes from json_script and from the map's GeoJSON URL; no inline
// script. Every figure drawn here is also on the page as a table or a list.
(function () {
  "use strict";

  // Colours that stay apart for the colour-blind and on a sunlit screen (Okabe-Ito).
  var COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"];

  function drawChart() {
    var canvas = document.getElementById("series-chart");
    var source = document.getElementById("series-data");
    if (!canvas || !source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    data.datasets.forEach(function (dataset, index) {
      dataset.borderColor = COLOURS[index % COLOURS.length];
      dataset.backgroundColor = COLOURS[index % COLOURS.length];
      dataset.tension = 0; // straight segments: a curve would draw values that were never counted
      dataset.pointRadius = data.labels.length > 40 ? 0 : 3;
    });
    new window.Chart(canvas, {
      type: "line",
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    });
  }

  function popupFor(feature) {
    // Built from text nodes: a signboard name is typed in the field and must never become HTML.
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = feature.properties.name;
    box.appendChild(name);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(feature.properties.area + " · " + feature.properties.found_text));
    return box;
  }

  function showPremises(map, element, collection) {
    var status = document.getElementById("dash-map-status");
    var cluster = window.L.markerClusterGroup({ chunkedLoading: true });
    collection.features.forEach(function (feature) {
      var lonLat = feature.geometry.coordinates;
      cluster.addLayer(window.L.marker([lonLat[1], lonLat[0]]).bindPopup(popupFor(feature)));
    });
    map.addLayer(cluster);
    if (collection.features.length) {
      map.fitBounds(cluster.getBounds(), { maxZoom: 15, padding: [20, 20] });
    }
    if (status) {
      status.textContent = collection.features.length === 0 ? element.dataset.empty
        : collection.truncated ? element.dataset.truncated : "";
    }
  }

  function drawMap() {
    var element = document.getElementById("dash-map");
    if (!element || !window.L || !window.L.markerClusterGroup) return;
    var map = window.L.map(element, { dragging: !window.L.Browser.mobile, tap: false }).setView([4.2, 108.0], 5);
    window.NforceBasemap.add(map);
    fetch(element.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (collection) { showPremises(map, element, collection); })
      .catch(function () { element.setAttribute("data-failed", "true"); });
  }

  function start() {
    drawChart();
    drawMap();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

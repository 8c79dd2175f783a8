// Planning an operation: the office's areas outlined on the map, and a boundary drawn with
// Leaflet.draw, written into the form's hidden `boundary` field as a GeoJSON geometry.
(function () {
  "use strict";
  var element = document.getElementById("operation-map");
  var field = document.getElementById("id_boundary");
  if (!element || !field || !window.L || !L.Control.Draw) return;

  var tiles = document.getElementById("map-tiles").dataset;
  var map = L.map(element, { dragging: !L.Browser.mobile });
  L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
  var areas = L.geoJSON(JSON.parse(document.getElementById("areas-data").textContent), {
    style: { color: "#1f4e79", weight: 1, fillOpacity: 0.05 },
    onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.code + " " + feature.properties.name); },
  }).addTo(map);
  var drawn = new L.FeatureGroup().addTo(map);

  if (field.value) {
    L.geoJSON(JSON.parse(field.value)).eachLayer(function (layer) {
      (layer.getLayers ? layer.getLayers() : [layer]).forEach(function (part) { drawn.addLayer(part); });
    });
  }
  var shown = drawn.getLayers().length ? drawn : areas;
  if (shown.getLayers().length) {
    map.fitBounds(shown.getBounds(), { padding: [12, 12] });
  } else {
    map.setView([3.139, 101.6869], 7);
  }

  map.addControl(new L.Control.Draw({
    edit: { featureGroup: drawn },
    draw: { polygon: { allowIntersection: false }, rectangle: {}, polyline: false, circle: false, marker: false, circlemarker: false },
  }));

  function save() {
    var polygons = drawn.getLayers().map(function (layer) { return layer.toGeoJSON().geometry.coordinates; });
    field.value = polygons.length ? JSON.stringify({ type: "MultiPolygon", coordinates: polygons }) : "";
  }
  map.on(L.Draw.Event.CREATED, function (event) { drawn.addLayer(event.layer); save(); });
  map.on(L.Draw.Event.EDITED, save);
  map.on(L.Draw.Event.DELETED, save);
  document.getElementById("clear-boundary").addEventListener("click", function () { drawn.clearLayers(); save(); });
})();

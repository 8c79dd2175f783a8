// Nforce's own base map (docs/maps.md), so that no map is ever a grey square: the land around
// Malaysia and its towns (static files, kept by the service worker), the areas the user may see
// and the office towns (GET /maps/base.geojson), and a tile layer underneath when MAP_TILE_URL
// is set (where a tile is missing, the land shows through). Every map of the app calls
// NforceBasemap.add(map); the admin's maps get it from django-leaflet's "map:init" event.
(function () {
  "use strict";

  var SEA = "#c9dfeb";
  var LAND = { malaysia: "#f4f0e4", other: "#e0dbcd", border: "#7d7461" };
  var AREA = "#0b3d91";
  // Towns labelled at each zoom (people); office towns are always labelled.
  var TOWN_THRESHOLDS = [[6, 500000], [7, 200000], [8, 100000], [10, 50000], [11, 0]];
  var AREA_LABEL_ZOOM = 10;
  var MAX_ZOOM = 19;
  var script = document.currentScript;

  function config() {
    var element = document.getElementById("nforce-map-config");
    if (element) return JSON.parse(element.textContent);
    // The admin's pages carry no configuration: the data sits beside this script.
    var root = script ? script.src.replace(/js\/basemap\.js.*$/, "") : "/static/";
    return {
      land: root + "basemap/land.geojson",
      towns: root + "basemap/towns.geojson",
      layer: "/maps/base.geojson",
      attribution: "Natural Earth · GeoNames (CC BY 4.0)",
      tiles: null,
    };
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(new Error(String(response.status)));
      });
  }

  function labelled(latlng, spec, pane) {
    var anchor = L.circleMarker(latlng, { radius: spec.dot || 0, weight: 1, color: "#333", fillColor: "#fff", fillOpacity: 1, interactive: false, pane: pane });
    if (!spec.text) return anchor;
    anchor.bindTooltip(spec.text, { permanent: true, direction: spec.direction || "right", className: "map-label " + spec.className, interactive: false, opacity: 1 });
    return anchor;
  }

  function townThreshold(zoom) {
    var found = Infinity;
    TOWN_THRESHOLDS.forEach(function (step) {
      if (zoom >= step[0]) found = step[1];
    });
    return found;
  }

  function drawLand(map, collection) {
    L.geoJSON(collection, {
      pane: "nforce-land",
      interactive: false,
      style: function (feature) {
        var ours = feature.properties.malaysia;
        return { color: LAND.border, weight: ours ? 1.2 : 0.8, fillColor: ours ? LAND.malaysia : LAND.other, fillOpacity: 1 };
      },
    }).addTo(map);
  }

  // Where a label would sit on screen (to the right of its dot), to keep labels from overlapping.
  function box(map, latlng, text) {
    var point = map.latLngToContainerPoint(latlng);
    return { left: point.x, right: point.x + 10 + text.length * 7.5, top: point.y - 9, bottom: point.y + 9 };
  }

  function overlaps(a, taken) {
    return taken.some(function (b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    });
  }

  // Towns and their labels are redrawn as the map moves: those in view that the zoom warrants,
  // office towns first, then by size; a label that would cover one already placed is left out.
  function townLayer(map, towns, offices) {
    var group = L.layerGroup().addTo(map);
    var officeNames = {};
    offices.forEach(function (office) {
      officeNames[office.properties.name.toLowerCase()] = true;
    });
    function place(feature, className, dot, taken) {
      var lonLat = feature.geometry.coordinates;
      var latlng = L.latLng(lonLat[1], lonLat[0]);
      var where = box(map, latlng, feature.properties.name);
      var text = overlaps(where, taken) ? "" : feature.properties.name;
      if (text) taken.push(where);
      else if (className === "map-town") return;
      group.addLayer(labelled(latlng, { text: text, className: className, dot: dot }, "nforce-places"));
    }
    function redraw() {
      group.clearLayers();
      var bounds = map.getBounds().pad(0.2);
      var least = townThreshold(map.getZoom());
      var taken = [];
      offices.forEach(function (office) {
        place(office, "map-office", 4, taken);
      });
      towns.features.forEach(function (town) {
        var lonLat = town.geometry.coordinates;
        if (town.properties.population < least || officeNames[town.properties.name.toLowerCase()]) return;
        if (bounds.contains(L.latLng(lonLat[1], lonLat[0]))) place(town, "map-town", 2, taken);
      });
    }
    map.on("zoomend moveend", redraw);
    redraw();
  }

  function drawAreas(map, areas) {
    var outlines = L.geoJSON({ type: "FeatureCollection", features: areas }, {
      interactive: false,
      style: function () {
        return { color: AREA, weight: 2, opacity: 0.8, fillColor: AREA, fillOpacity: 0.04 };
      },
    }).addTo(map);
    var names = L.layerGroup().addTo(map);
    function redraw() {
      names.clearLayers();
      if (map.getZoom() < AREA_LABEL_ZOOM) return;
      outlines.eachLayer(function (layer) {
        var centre = layer.getBounds().getCenter();
        names.addLayer(labelled(centre, { text: layer.feature.properties.name, className: "map-area", direction: "bottom" }, "nforce-places"));
      });
    }
    map.on("zoomend", redraw);
    redraw();
  }

  function panes(map) {
    map.createPane("nforce-land").style.zIndex = 150; // under the tiles (200): seen where a tile is missing
    map.createPane("nforce-places").style.zIndex = 450; // over the areas, under the markers
    map.getContainer().style.background = SEA;
  }

  function add(map) {
    if (map.nforceBasemap) return map.nforceBasemap;
    var settings = config();
    // A tile layer used to set it; without one, nothing would (and marker clusters need it).
    if (map.options.maxZoom === undefined) map.setMaxZoom(MAX_ZOOM);
    panes(map);
    map.attributionControl.addAttribution(settings.attribution);
    if (settings.tiles) {
      L.tileLayer(settings.tiles.url, { attribution: settings.tiles.attribution, maxZoom: MAX_ZOOM }).addTo(map);
    }
    var land = getJson(settings.land).then(function (collection) {
      drawLand(map, collection);
    });
    var places = Promise.all([
      getJson(settings.towns),
      getJson(settings.layer).catch(function () {
        return { features: [] }; // no signal and no kept copy: land and towns still show
      }),
    ]).then(function (found) {
      var kinds = { area: [], office: [] };
      found[1].features.forEach(function (feature) {
        (kinds[feature.properties.kind] || []).push(feature);
      });
      drawAreas(map, kinds.area);
      townLayer(map, found[0], kinds.office);
    });
    map.nforceBasemap = Promise.all([land, places]).then(function () {
      map.getContainer().setAttribute("data-basemap", "ready");
    });
    return map.nforceBasemap;
  }

  window.NforceBasemap = { add: add };
  window.addEventListener("map:init", function (event) {
    add(event.detail.map);
  });
})();

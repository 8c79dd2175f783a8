"""The parts of the built-in base map that come from the database: the areas a user may see and
the office towns. The land and the towns around them are static files (static/basemap/, built by
demo/basemap.py); docs/maps.md tells the whole."""

import hashlib
import json
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Func

from .models import Area, Office
from .scoping import visible_to

# About 20 m: finer than a screen pixel at the zooms where a whole area is in view, and it keeps
# a town's few areas to a few kilobytes for the phone.
SIMPLIFY_DEGREES = 0.0002
DECIMALS = 5


class SimplifyPreserveTopology(Func):
    function = "ST_SimplifyPreserveTopology"
    output_field = GeometryField(srid=4326)


def base_layer(user) -> dict[str, Any]:
    """A FeatureCollection: the user's areas (polygons), then every office (points)."""
    return {"type": "FeatureCollection", "features": [*_areas(user), *_offices(user)]}


def etag_of(collection: dict[str, Any]) -> str:
    body = json.dumps(collection, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(body).hexdigest()[:32]


def _areas(user) -> list[dict[str, Any]]:
    outline = AsGeoJSON(SimplifyPreserveTopology("boundary", SIMPLIFY_DEGREES), precision=DECIMALS)
    rows = visible_to(user, Area).annotate(outline=outline).values("code", "name", "office__name", "outline")
    return [
        _feature(
            json.loads(row["outline"]),
            kind="area",
            code=row["code"],
            name=row["name"],
            office=row["office__name"] or "",
        )
        for row in rows.order_by("code")
    ]


def _offices(user) -> list[dict[str, Any]]:
    rows = visible_to(user, Office).exclude(location=None).order_by("code").values("code", "name", "location")
    return [
        _feature(
            {
                "type": "Point",
                "coordinates": [round(row["location"].x, DECIMALS), round(row["location"].y, DECIMALS)],
            },
            kind="office",
            code=row["code"],
            name=row["name"],
        )
        for row in rows
    ]


def _feature(geometry: dict[str, Any], **properties: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}

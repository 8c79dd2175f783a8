"""Assignments as GeoJSON for the inspector's map (page and API)."""

from collections.abc import Iterable
from datetime import date

from django.urls import reverse

from .models import Assignment
from .reasons import reason_text

# Settings-free: every phone opens these in its maps app (Google Maps, or any app for geo:).
NAVIGATION_URL = "https://www.google.com/maps/dir/?api=1&destination={lat:.6f},{lon:.6f}"
GEO_URI = "geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}"


def navigation_links(*, lat: float, lon: float) -> dict[str, str]:
    return {"maps": NAVIGATION_URL.format(lat=lat, lon=lon), "geo": GEO_URI.format(lat=lat, lon=lon)}


def feature_collection(assignments: Iterable[Assignment], *, on: date) -> dict:
    return {"type": "FeatureCollection", "features": [feature(a, on=on) for a in assignments]}


def feature(assignment: Assignment, *, on: date) -> dict:
    premises = assignment.premises
    lat, lon = premises.location.y, premises.location.x
    distance = getattr(assignment, "distance", None)
    return {
        "type": "Feature",
        "id": assignment.pk,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": assignment.pk,
            "name": premises.name,
            "address": premises.address,
            "kind": premises.kind,
            "area": premises.area.code if premises.area else None,
            "status": assignment.status,
            "due_on": assignment.due_on.isoformat(),
            "overdue": assignment.is_overdue(on),
            "reason": reason_text(assignment.reason_data) if assignment.reason_data else assignment.reason,
            "distance_km": None if distance is None else round(distance.km, 2),
            "detail_url": reverse("dispatch:assignment", args=[assignment.pk]),
            "navigation": navigation_links(lat=lat, lon=lon),
        },
    }

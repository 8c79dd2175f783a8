"""Assignments in words and in GeoJSON, for pages and the API (English or Malay): why an
assignment went to its inspector (from the numbers stored with it) and the inspector's map."""

from collections.abc import Iterable
from datetime import date

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from nforce.dates import reader_date

from .models import Assignment

WHY_RELEASED = {
    "on_leave": lambda: _("on leave"),
    "inactive": lambda: _("no longer active"),
    "left_area": lambda: _("no longer serves the area"),
}


def reason_text(data: dict) -> str:
    """ "inside area KJG-3; 14 of 20 open cases; 2.3 km from base", in the active language."""
    parts = []
    if data.get("moved_by"):
        parts.append(_("moved by supervisor %(staff)s") % {"staff": data["moved_by"]})
    if data.get("previous"):
        why = WHY_RELEASED.get(data.get("why", ""), lambda: "")()
        parts.append(_("reassigned from %(staff)s (%(why)s)") % {"staff": data["previous"], "why": why})
    parts.append(_("inside area %(area)s") % {"area": data.get("area", "?")})
    parts.append(
        _("%(open)s of %(capacity)s open cases")
        % {"open": data.get("open_cases"), "capacity": data.get("capacity")}
    )
    if data.get("distance_km") is None:
        parts.append(_("base not set"))
    else:
        parts.append(_("%(km).1f km from base") % {"km": data["distance_km"]})
    return "; ".join(parts)


def reason_text_en(data: dict) -> str:
    """The English words stored with the assignment (logs, admin, exports)."""
    with translation.override("en"):
        return reason_text(data)


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
    photo = getattr(assignment, "photo", None)  # assignments_for_inspector_map()'s newest photo
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
            "due_text": reader_date(assignment.due_on),
            "overdue": assignment.is_overdue(on),
            "reason": reason_text(assignment.reason_data) if assignment.reason_data else assignment.reason,
            "distance_km": None if distance is None else round(distance.km, 2),
            "detail_url": reverse("dispatch:assignment", args=[assignment.pk]),
            "workers_seen": premises.workers_seen,
            "photo_url": default_storage.url(photo)
            if (photo := getattr(assignment, "photo", None))
            else None,
            "navigation": navigation_links(lat=lat, lon=lon),
        },
    }

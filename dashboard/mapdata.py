"""Unregistered premises as GeoJSON for the dashboard map."""

from django.db.models import QuerySet
from django.utils import timezone

from nforce.dates import reader_date

# Enough for any office's week or month; beyond it the map says it shows only the newest.
MAP_LIMIT = 5000


def feature_collection(premises: QuerySet, *, limit: int = MAP_LIMIT) -> dict:
    """Newest first; `truncated` tells the page that more premises match than are drawn."""
    rows = list(premises.values("id", "name", "location", "first_detected_at", "area__code")[: limit + 1])
    return {
        "type": "FeatureCollection",
        "truncated": len(rows) > limit,
        "features": [_feature(row) for row in rows[:limit]],
    }


def _feature(row: dict) -> dict:
    found = timezone.localtime(row["first_detected_at"]).date()
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["location"].x, row["location"].y]},
        "properties": {
            "id": row["id"],
            "name": row["name"],
            "area": row["area__code"] or "",
            "found": found.isoformat(),
            "found_text": reader_date(found),
        },
    }

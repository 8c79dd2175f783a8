"""Which enforcement area a position falls in."""

from django.contrib.gis.db.models.functions import Area as AreaSize
from django.contrib.gis.geos import Point

from .models import Area


def area_containing(point: Point | None) -> Area | None:
    """The area whose boundary holds the point: the smallest one where areas overlap."""
    if point is None:
        return None
    return (
        Area.objects.filter(boundary__intersects=point)
        .annotate(size=AreaSize("boundary"))
        .order_by("size", "code")
        .first()
    )

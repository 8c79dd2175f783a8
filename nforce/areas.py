"""Which enforcement area a position falls in."""

from django.contrib.gis.geos import Point
from django.db.models.expressions import RawSQL

from .models import Area

# The smallest area whose boundary holds the point where areas overlap, then by code.
_AREA_ID_SQL = (
    "(SELECT a.id FROM nforce_area a WHERE ST_Intersects(a.boundary, {point}) "
    "ORDER BY ST_Area(a.boundary), a.code LIMIT 1)"
)


def area_id_sql(point_sql: str) -> str:
    """A subquery for the id of the area holding a point (given as SQL): the one statement of the
    rule, for area_containing() and for statements that read the area with other facts."""
    return _AREA_ID_SQL.format(point=point_sql)


def area_containing(point: Point | None) -> Area | None:
    """The area whose boundary holds the point: the smallest one where areas overlap."""
    if point is None:
        return None
    # Fixed SQL text; the coordinates are parameters.
    holding = RawSQL(area_id_sql("ST_SetSRID(ST_MakePoint(%s, %s), 4326)"), [point.x, point.y])  # noqa: S611
    return Area.objects.filter(pk=holding).first()

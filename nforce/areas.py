"""Which enforcement area a position falls in; telling the apps above when areas change."""

import logging
from collections.abc import Iterable
from functools import partial

from django.contrib.gis.geos import Point
from django.db import transaction
from django.db.models.expressions import RawSQL

from .models import Area, User
from .signals import areas_changed

logger = logging.getLogger(__name__)

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


def announce_areas_changed(*, area_ids: Iterable[int], actor: User | None = None) -> None:
    """After commit, tell the apps above that these areas were created, edited or deleted
    (nforce.signals.areas_changed): the premises they hold, or no longer hold, are placed again."""
    ids = sorted(set(area_ids))
    if ids:
        transaction.on_commit(partial(_send_areas_changed, ids, actor))


def _send_areas_changed(area_ids: list[int], actor: User | None) -> None:
    # The areas are saved whatever a receiver does: a failure is logged, and the premises it
    # left unplaced are placed with the next change of any area (they have no area, or this one).
    for receiver, result in areas_changed.send_robust(sender=Area, area_ids=area_ids, actor=actor):
        if isinstance(result, Exception):
            logger.error("areas_changed receiver %r failed", receiver, exc_info=result)

"""Placing premises again when areas change: their area is recomputed from their position.

A premises' area is resolved once, when it is stored (detection.premises); an area drawn, moved
or deleted afterwards would leave premises outside every area waiting forever, or in the area
that no longer holds them. nforce sends areas_changed after such a change commits; this places
again every premises that has no area, is in a changed area, or lies inside a changed area's
boundary (the one rule: nforce.areas.area_id_sql), and tells dispatch and the dashboard.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.db import connection, transaction

from nforce.areas import area_id_sql
from nforce.audit import record_event
from nforce.models import User

from .models import Premises
from .signals import premises_changed

logger = logging.getLogger(__name__)

PLACED = "placed"

# One statement: the candidates (no area; a changed area; inside a changed boundary, found with
# the premises' GiST index on location), their area by the one rule, and only the changed rows
# written. Fixed SQL text; the area ids are a parameter.
_PLACE_SQL = """
WITH candidates AS (
    SELECT p.id, p.area_id AS was, {area_id} AS now
    FROM detection_premises p
    WHERE p.area_id IS NULL
       OR p.area_id = ANY(%(areas)s)
       OR EXISTS (SELECT 1 FROM nforce_area a
                  WHERE a.id = ANY(%(areas)s) AND ST_Intersects(p.location, a.boundary::geography))
)
UPDATE detection_premises p SET area_id = c.now
FROM candidates c
WHERE p.id = c.id AND c.now IS DISTINCT FROM c.was
RETURNING p.id, c.was, c.now
""".replace("{area_id}", area_id_sql("p.location::geometry"))


@dataclass(frozen=True)
class Placed:
    premises_id: int
    area_before: int | None
    area_now: int | None


@transaction.atomic
def place_premises_again(*, area_ids: list[int], actor: User | None = None) -> list[Placed]:
    """Recompute the area of the premises these areas (created, edited or deleted) may concern.

    Idempotent: a second call finds every area already right and changes nothing."""
    with connection.cursor() as cursor:
        cursor.execute(_PLACE_SQL, {"areas": list(area_ids)})
        placed = [Placed(*row) for row in cursor.fetchall()]
    if placed:
        record_event(
            actor=actor,
            action="premises.placed",
            query={"areas": sorted(area_ids)},
            result_count=len(placed),
        )
        ids = [item.premises_id for item in placed]
        transaction.on_commit(partial(announce_premises_changed, ids, PLACED))
    logger.info("areas %s changed: %d premises placed again", sorted(area_ids), len(placed))
    return placed


def announce_premises_changed(premises_ids: list[int], why: str) -> None:
    """Send premises_changed; a failing receiver (the broker down) is logged, the change stands."""
    for receiver, result in premises_changed.send_robust(
        sender=Premises, premises_ids=sorted(premises_ids), why=why
    ):
        if isinstance(result, Exception):
            logger.error("premises_changed receiver %r failed", receiver, exc_info=result)

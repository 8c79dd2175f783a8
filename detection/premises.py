"""Unregistered premises from sightings: join the one already recorded nearby, or open one.

Called by capture.record_detection() inside its transaction. Race-safe: see store_sighting().
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Q

from nforce.models import Area, User
from registry.identifiers import Ssm
from registry.names import name_key

from .matching import MERGE_MIN_NAME_SIMILARITY, MERGE_RADIUS_M, distinctive_key, distinctive_key_sql
from .models import Premises
from .signals import premises_stored

logger = logging.getLogger(__name__)

NEW_PREMISES = "new premises"
# Advisory-lock namespace (first key of pg_advisory_xact_lock(int, int)): "ND" 2.
CELL_LOCK = 0x4E44_0002
CELL_DEGREES = 0.01  # about 1.1 km: coarse enough that a 50 m search touches at most 4 cells
METRES_PER_DEGREE_LAT = 111_000


@dataclass(frozen=True)
class Sighting:
    """What an officer saw of a premises, already checked."""

    name: str
    point: Point
    observed_at: datetime
    address: str = ""
    kind: str = ""
    business_registration_no: str = ""
    ssm: Ssm = field(default_factory=Ssm)
    workers_seen: int | None = None


def store_sighting(*, officer: User, sighting: Sighting, area: Area | None) -> tuple[Premises, str]:
    """The open premises this sighting belongs to, opened if there is none; and how it matched
    (stored as Detection.premises_match: "new premises" or "joined: 18 m, name 0.82")."""
    # Two officers at the same shop at once must not both open it: every writer near a point
    # holds the locks of the grid cells its search could reach, so nearby writers take turns.
    for cell in cells_around(sighting.point):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CELL_LOCK, cell])
    key = name_key(sighting.name)
    found = _same_premises_nearby(sighting.point, key=key, ssm=sighting.ssm)
    if found is None:
        premises, match = _open(officer=officer, sighting=sighting, key=key, area=area), NEW_PREMISES
    else:
        premises, match = _join(found.pk, sighting=sighting), _how_joined(found, ssm=sighting.ssm)
    transaction.on_commit(partial(_announce, premises.pk, found is None))
    return premises, match


def cells_around(point: Point) -> list[int]:
    """Keys of the grid cells holding every point within MERGE_RADIUS_M (sorted: no deadlock)."""
    dlat = MERGE_RADIUS_M / METRES_PER_DEGREE_LAT
    dlon = dlat / max(math.cos(math.radians(point.y)), 0.01)
    corners = [(point.y + a, point.x + b) for a in (-dlat, dlat) for b in (-dlon, dlon)]
    return sorted({_cell_key(lat, lon) for lat, lon in corners})


def _cell_key(lat: float, lon: float) -> int:
    row = math.floor(lat / CELL_DEGREES) + 9_000
    column = math.floor(lon / CELL_DEGREES) + 18_000
    return row * 36_001 + column  # below 2**31: fits the lock's int key


def _same_premises_nearby(point: Point, *, key: str, ssm: Ssm) -> Premises | None:
    same = Q(name_similarity__gte=MERGE_MIN_NAME_SIMILARITY)
    if ssm.new:
        same |= Q(ssm_new=ssm.new)
    if ssm.old:
        same |= Q(ssm_old=ssm.old)
    return (
        Premises.objects.filter(status=Premises.Status.OPEN, location__dwithin=(point, D(m=MERGE_RADIUS_M)))
        .annotate(
            name_similarity=TrigramSimilarity(distinctive_key_sql("name_key"), distinctive_key(key)),
            distance=Distance("location", point),
        )
        .filter(same)
        .order_by(GeometryDistance("location", point))
        .first()
    )


def _how_joined(found: Premises, *, ssm: Ssm) -> str:
    metres = round(found.distance.m)  # type: ignore[attr-defined]
    if (ssm.new and ssm.new == found.ssm_new) or (ssm.old and ssm.old == found.ssm_old):
        return f"joined: {metres} m, same registration no."
    return f"joined: {metres} m, name {found.name_similarity:.2f}"  # type: ignore[attr-defined]


def _open(*, officer: User, sighting: Sighting, key: str, area: Area | None) -> Premises:
    return Premises.objects.create(
        name=sighting.name,
        name_key=key,
        address=sighting.address,
        kind=sighting.kind,
        business_registration_no=sighting.business_registration_no,
        ssm_new=sighting.ssm.new,
        ssm_old=sighting.ssm.old,
        location=sighting.point,
        area=area,  # resolved once, here: dispatch and dashboards read it as stored
        workers_seen=sighting.workers_seen,
        first_detected_at=sighting.observed_at,
        last_detected_at=sighting.observed_at,
        detection_count=1,
        created_by=officer,
    )


def _join(premises_id: int, *, sighting: Sighting) -> Premises:
    premises = Premises.objects.select_for_update().get(pk=premises_id)
    newest = sighting.observed_at >= premises.last_detected_at
    premises.detection_count += 1
    premises.first_detected_at = min(premises.first_detected_at, sighting.observed_at)
    premises.last_detected_at = max(premises.last_detected_at, sighting.observed_at)
    if newest and sighting.workers_seen is not None:
        premises.workers_seen = sighting.workers_seen
    # What the first officer left blank, a later one may have seen.
    premises.address = premises.address or sighting.address
    premises.kind = premises.kind or sighting.kind
    premises.business_registration_no = premises.business_registration_no or sighting.business_registration_no
    premises.ssm_new = premises.ssm_new or sighting.ssm.new
    premises.ssm_old = premises.ssm_old or sighting.ssm.old
    premises.save()
    return premises


def _announce(premises_id: int, created: bool) -> None:
    # The detection is committed whatever a receiver does: a failing receiver (dispatch's
    # broker down) is logged, it must not turn a stored detection into an error for the phone.
    for receiver, result in premises_stored.send_robust(
        sender=Premises, premises_id=premises_id, created=created
    ):
        if isinstance(result, Exception):
            logger.error("premises_stored receiver %r failed", receiver, exc_info=result)

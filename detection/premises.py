"""Unregistered premises from sightings: join the one already recorded nearby, or open one.

Called by capture.record_detection() inside its transaction. Race-safe: see store_sighting().
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from geopy.distance import geodesic

from nforce.models import User
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


@dataclass(frozen=True)
class _Nearby:
    """The open premises a sighting matched, and how well."""

    pk: int
    ssm_new: str | None
    ssm_old: str | None
    name_similarity: float
    metres: float


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


def store_sighting(*, officer: User, sighting: Sighting, area_id: int | None) -> tuple[Premises, str]:
    """The open premises this sighting belongs to, opened if there is none; and how it matched
    (stored as Detection.premises_match: "new premises" or "joined: 18 m, name 0.82")."""
    lock_cells_around(sighting.point)
    key = name_key(sighting.name)
    found = _same_premises_nearby(sighting.point, key=key, ssm=sighting.ssm)
    if found is None:
        premises, match = _open(officer=officer, sighting=sighting, key=key, area_id=area_id), NEW_PREMISES
    else:
        premises, match = _join(found.pk, sighting=sighting), _how_joined(found, ssm=sighting.ssm)
    transaction.on_commit(partial(_announce, premises.pk, found is None))
    return premises, match


def lock_cells_around(*points: Point) -> None:
    """Two officers at the same shop at once must not both open it (nor a supervisor merge a
    premises an officer is joining): every writer near a point holds the locks of the grid cells
    its search could reach, so nearby writers take turns. Sorted: no deadlock."""
    cells = sorted({cell for point in points for cell in cells_around(point)})
    with connection.cursor() as cursor:
        for cell in cells:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CELL_LOCK, cell])


def cells_around(point: Point) -> list[int]:
    """Keys of the grid cells holding every point within MERGE_RADIUS_M (sorted: no deadlock)."""
    # Measured on the ellipsoid, as ST_DWithin measures the search: the cells must hold all that
    # it can find (a degree of latitude is 110.6 km at the equator, not the rounder 111).
    reach, centre = geodesic(meters=MERGE_RADIUS_M), (point.y, point.x)
    north, east, south, west = (reach.destination(centre, bearing) for bearing in (0, 90, 180, 270))
    latitudes, longitudes = (south.latitude, north.latitude), (west.longitude, east.longitude)
    return sorted({_cell_key(lat, lon) for lat in latitudes for lon in longitudes})


def _cell_key(lat: float, lon: float) -> int:
    row = math.floor(lat / CELL_DEGREES) + 9_000
    column = math.floor(lon / CELL_DEGREES) + 18_000
    return row * 36_001 + column  # below 2**31: fits the lock's int key


# Written by hand around the distinctive name (compiled once from matching.distinctive_key_sql):
# the ORM took six times as long to compile this query as PostgreSQL took to run it. The nearest
# first (the <-> KNN operator, index-assisted) among the open premises within the radius whose
# distinctive name is similar enough, or whose registration number is the same.
_NEARBY_SQL = """
SELECT id, ssm_new, ssm_old, similarity({name}, %s), ST_Distance(location, {point})
FROM detection_premises
WHERE status = %s AND ST_DWithin(location, {point}, %s)
  AND (similarity({name}, %s) >= %s OR ssm_new = %s OR ssm_old = %s)
ORDER BY location <-> {point}
LIMIT 1
"""
_POINT = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography"


def _same_premises_nearby(point: Point, *, key: str, ssm: Ssm) -> _Nearby | None:
    name_sql, name_params = _distinctive_name_key_sql()
    distinctive, at = distinctive_key(key), [point.x, point.y]
    params = [
        *name_params, distinctive, *at,
        Premises.Status.OPEN.value, *at, MERGE_RADIUS_M,
        *name_params, distinctive, MERGE_MIN_NAME_SIMILARITY, ssm.new or None, ssm.old or None,
        *at,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_NEARBY_SQL.format(name=name_sql, point=_POINT), params)
        row = cursor.fetchone()
    return None if row is None else _Nearby(*row)


@cache
def _distinctive_name_key_sql() -> tuple[str, tuple]:
    query = Premises.objects.all().query
    sql, params = query.get_compiler(connection=connection).compile(
        distinctive_key_sql("name_key").resolve_expression(query)
    )
    return sql, tuple(params)


def _how_joined(found: _Nearby, *, ssm: Ssm) -> str:
    metres = round(found.metres)
    if (ssm.new and ssm.new == found.ssm_new) or (ssm.old and ssm.old == found.ssm_old):
        return f"joined: {metres} m, same registration no."
    return f"joined: {metres} m, name {found.name_similarity:.2f}"


def _open(*, officer: User, sighting: Sighting, key: str, area_id: int | None) -> Premises:
    return Premises.objects.create(
        name=sighting.name,
        name_key=key,
        address=sighting.address,
        kind=sighting.kind,
        business_registration_no=sighting.business_registration_no,
        ssm_new=sighting.ssm.new,
        ssm_old=sighting.ssm.old,
        location=sighting.point,
        area_id=area_id,  # resolved once, here: dispatch and dashboards read it as stored
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

"""Area packs: the employers of an officer's areas, kept on the phone to answer checks offline.

A pack holds what a check answers from the registry (employer code, SSM numbers, the name and
its matching keys, standing, last paid month, position) and never a person. A phone asks with
the version token of the pack it holds and gets only what changed since (`full` is false), or
the whole pack when its token is of another day (standing moves with the calendar) or of
another set of areas (an area was added, dropped or redrawn), or when it has none.

What changed comes from Employer.row_version, set by a trigger from one sequence (migration
registry 0007). A row of the areas that changed is sent; a row that changed and is outside the
areas now is named in `removed` (it may have been inside before); the phone drops those.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from nforce.audit import record_event
from nforce.models import Area, User

from .standing import standing_of

PACK_FORMAT = "1"  # the first part of a version: raise it to make every phone take a whole pack
_TOKEN = re.compile(r"1\.(\d{4}-\d{2}-\d{2})\.([0-9a-f]{12})\.(\d{1,19})")
# The columns of a row of `employers`, in order (arrays, not objects: a third of the size).
COLUMNS = ("code", "ssm_new", "ssm_old", "name", "keys", "status", "last_paid", "lat", "lon")
# (officer, moment) -> more areas for the officer's pack, from a floor above (detection adds the
# areas of the operations the officer is on); registered by the apps' ready().
AreaSource = Callable[[User, datetime], QuerySet[Area]]
_AREA_SOURCES: dict[str, AreaSource] = {}


class BadToken(ValueError):
    """The `since` token is not one this server makes."""


@dataclass(frozen=True)
class Pack:
    version: str
    full: bool
    as_of: date
    areas: list[Area]
    employers: list[list] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    total: int = 0


def parse_token(token: str) -> tuple[date, str, int] | None:
    """(day, areas digest, row version) of a token; None for no token; BadToken if malformed."""
    if not token:
        return None
    found = _TOKEN.fullmatch(token)
    if found is None:
        raise BadToken(token)
    try:
        return date.fromisoformat(found[1]), found[2], int(found[3])
    except ValueError as error:
        raise BadToken(token) from error


def add_area_source(name: str, source: AreaSource) -> None:
    """Let a floor above add areas to every officer's pack (once per name)."""
    _AREA_SOURCES[name] = source


def areas_of(officer: User, *, at: datetime) -> list[Area]:
    """The areas of the officer's home office, and those the registered sources add at `at`."""
    wanted = Q(office_id=officer.home_office_id) if officer.home_office_id is not None else Q(pk__in=[])
    for source in _AREA_SOURCES.values():
        wanted |= Q(pk__in=source(officer, at).values("pk"))
    return list(Area.objects.filter(wanted).order_by("code"))


def area_pack(*, officer: User, since: str, on: date, at: datetime | None = None) -> Pack:
    """Raises BadToken. Audited: who took which areas, and how many employers."""
    previous = parse_token(since)
    areas = areas_of(officer, at=at or timezone.now())
    ids = [area.pk for area in areas]
    digest = _areas_digest(ids)
    with connection.cursor() as cursor:
        newest = _newest_version(cursor)
        delta = previous is not None and previous[:2] == (on, digest)
        after = previous[2] if delta and previous else 0
        rows = _rows(cursor, ids, after=after)
        removed = _removed(cursor, ids, after=after) if delta else []
        total = _count(cursor, ids) if delta else len(rows)
    pack = Pack(
        version=f"{PACK_FORMAT}.{on.isoformat()}.{digest}.{newest}",
        full=not delta,
        as_of=on,
        areas=areas,
        employers=[pack_row(row, on=on) for row in rows],
        removed=removed,
        total=total,
    )
    _audit(officer, pack)
    return pack


def _areas_digest(ids: list[int]) -> str:
    """Changes when the set of areas changes, or when one of them is redrawn."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(id || ':' || md5(ST_AsBinary(boundary)), ',' ORDER BY id) "
            "FROM nforce_area WHERE id = ANY(%s)",
            [ids],
        )
        shapes = cursor.fetchone()[0] or ""
    return hashlib.sha256(shapes.encode()).hexdigest()[:12]


def _newest_version(cursor) -> int:
    cursor.execute("SELECT coalesce(max(row_version), 0) FROM registry_employer")
    return int(cursor.fetchone()[0])


# Employers inside any of the areas (geography: the index on location answers it).
_IN_AREAS = """
  FROM registry_employer e
 WHERE EXISTS (SELECT 1 FROM nforce_area a
                WHERE a.id = ANY(%(areas)s) AND ST_Intersects(e.location, a.boundary::geography))
"""

_ROWS_SQL = (
    "SELECT e.employer_code, e.ssm_new, e.ssm_old, coalesce(nullif(e.trading_name, ''), e.name), "
    "e.name_key, e.trading_name_key, e.registered_on, e.ceased_on, e.last_paid_month, "
    "ST_Y(e.location::geometry), ST_X(e.location::geometry)"
    + _IN_AREAS
    + " AND e.row_version > %(after)s ORDER BY e.employer_code"
)


def _rows(cursor, ids: list[int], *, after: int) -> list[tuple]:
    cursor.execute(_ROWS_SQL, {"areas": ids, "after": after})
    return cursor.fetchall()


def _removed(cursor, ids: list[int], *, after: int) -> list[str]:
    cursor.execute(
        "SELECT e.employer_code FROM registry_employer e WHERE e.row_version > %(after)s AND NOT EXISTS "
        "(SELECT 1 FROM nforce_area a WHERE a.id = ANY(%(areas)s) "
        "AND ST_Intersects(e.location, a.boundary::geography))",
        {"areas": ids, "after": after},
    )
    return [code for (code,) in cursor.fetchall()]


def _count(cursor, ids: list[int]) -> int:
    cursor.execute("SELECT count(*)" + _IN_AREAS, {"areas": ids})
    return int(cursor.fetchone()[0])


def pack_body(pack: Pack, *, generated_at: datetime, max_age_hours: int) -> dict:
    """The JSON of GET /api/v1/registry/employers/pack."""
    return {
        "version": pack.version,
        "full": pack.full,
        "as_of": pack.as_of.isoformat(),
        "generated_at": generated_at.isoformat(),
        "max_age_hours": max_age_hours,
        "areas": [{"code": area.code, "name": area.name} for area in pack.areas],
        "columns": list(COLUMNS),
        "employers": pack.employers,
        "removed": pack.removed,
        "total": pack.total,
    }


def pack_row(row: tuple, *, on: date) -> list:
    """One employer as the pack carries it (COLUMNS), from the columns of _ROWS_SQL."""
    code, ssm_new, ssm_old, name, name_key, trading_key, registered_on, ceased_on, last_paid, lat, lon = row
    standing = standing_of(registered_on=registered_on, ceased_on=ceased_on, last_paid_month=last_paid, on=on)
    keys = "|".join(key for key in (name_key, trading_key) if key)
    paid = last_paid.strftime("%Y-%m") if last_paid else ""
    return [code, ssm_new or "", ssm_old or "", name, keys, standing.code, paid, round(lat, 5), round(lon, 5)]


def _audit(officer: User, pack: Pack) -> None:
    record_event(
        actor=officer,
        action="registry.area_pack",
        query={"areas": [area.code for area in pack.areas], "full": pack.full, "removed": len(pack.removed)},
        result_count=len(pack.employers),
    )

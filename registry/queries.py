"""Reads of the registry, shaped for the field check: who is this business, this worker?

The lookups return plain results that say why they matched and how the employer or person
stands. The field checks (search_employers(), check_person_in_field()) read the search box, look
up and audit: every employer lookup and every person check writes one audit row, and a national
ID never reaches the audit log in clear (a keyed hash, nforce.audit).
"""

import json
from dataclasses import dataclass, replace
from datetime import date

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D

from nforce.audit import first_digit_run, masked_digits, record_event
from nforce.db_router import read_connection
from nforce.models import User
from nforce.quotas import count_lookup

from .identifiers import Query, QueryKind, classify_query, is_mykad_number
from .models import Employer, InsuredPerson
from .name_search import MIN_SCORE as MIN_NAME_SCORE
from .name_search import employers_named, search_cursor
from .names import name_key
from .signals import counted_as
from .standing import Standing, months_between, standing_of

MAX_RESULTS = 20
MIN_NAME_LENGTH = 3
DEFAULT_RADIUS_M = 500
MAX_RADIUS_M = 5000


class Match:
    EMPLOYER_CODE = "employer_code"
    REGISTRATION_NO = "registration_no"
    NAME = "name"
    NEAR = "near"


@dataclass(frozen=True)
class EmployerMatch:
    employer: Employer
    match: str
    score: float
    distance_m: float | None
    standing: Standing


def _matched(employer: Employer, *, match: str, on: date, score: float = 1.0) -> EmployerMatch:
    distance = getattr(employer, "distance", None)
    return EmployerMatch(
        employer=employer,
        match=match,
        score=round(score, 3),
        distance_m=round(distance.m, 1) if distance is not None else None,
        standing=standing_of(
            registered_on=employer.registered_on,
            ceased_on=employer.ceased_on,
            last_paid_month=employer.last_paid_month,
            on=on,
        ),
    )


def _with_distance(queryset, near: Point | None):
    return queryset.annotate(distance=Distance("location", near)) if near is not None else queryset


def employer_by_code(code: str, *, on: date, near: Point | None = None) -> list[EmployerMatch]:
    found = _with_distance(Employer.objects.filter(employer_code=code), near)
    return [_matched(employer, match=Match.EMPLOYER_CODE, on=on) for employer in found]


def employers_by_registration_no(
    *, new: str | None, old: str | None, on: date, near: Point | None = None
) -> list[EmployerMatch]:
    if new:
        found = Employer.objects.filter(ssm_new=new)
    elif old:
        found = Employer.objects.filter(ssm_old=old)
    else:
        return []
    found = _with_distance(found.order_by("employer_code")[:MAX_RESULTS], near)
    return [_matched(employer, match=Match.REGISTRATION_NO, on=on) for employer in found]


def employers_near(*, point: Point, radius_m: int, on: date, limit: int = MAX_RESULTS) -> list[EmployerMatch]:
    """Nearest first, from the spatial index (KNN), within the radius."""
    found = (
        Employer.objects.filter(location__dwithin=(point, D(m=radius_m)))
        .annotate(distance=Distance("location", point))
        .order_by(GeometryDistance("location", point))[:limit]
    )
    return [_matched(employer, match=Match.NEAR, on=on) for employer in found]


_NEAR_NAME_SEARCH_SQL = """
SELECT * FROM (
    SELECT e.id, greatest(similarity(e.name_key, %(key)s), similarity(e.trading_name_key, %(key)s)) AS score,
           e.location <-> ST_GeogFromText(%(point)s) AS metres
    FROM registry_employer e
    WHERE ST_DWithin(e.location, ST_GeogFromText(%(point)s), %(radius)s)
) nearby
WHERE score >= %(min)s
ORDER BY score DESC, metres
LIMIT %(limit)s
"""


def employers_matching(
    text: str, *, on: date, near: Point | None = None, radius_m: int | None = None, limit: int = MAX_RESULTS
) -> list[EmployerMatch]:
    """Signboard names, tolerant of typos and word order.

    With a position, the employers inside the radius come first (ranked by name), then the best
    matches elsewhere: a registered address can be far from where the shop really trades.
    Elsewhere, the search goes by the words of the name (registry.name_search).
    """
    key = name_key(text)
    if len(key.replace(" ", "")) < MIN_NAME_LENGTH:
        return []
    scored = _names_nearby(key, near, radius_m or DEFAULT_RADIUS_M, limit) if near is not None else []
    if len(scored) < limit:
        seen = {employer_id for employer_id, _ in scored}
        elsewhere = [hit for hit in employers_named(key, limit=limit) if hit[0] not in seen]
        scored += elsewhere[: limit - len(scored)]
    employers = _with_distance(Employer.objects.filter(id__in=[i for i, _ in scored]), near).in_bulk()
    return [_matched(employers[i], match=Match.NAME, on=on, score=score) for i, score in scored]


def _names_nearby(key: str, near: Point, radius_m: int, limit: int) -> list[tuple[int, float]]:
    params = {"key": key, "limit": limit, "point": near.wkt, "radius": radius_m, "min": MIN_NAME_SCORE}
    with search_cursor() as cursor:
        cursor.execute(_NEAR_NAME_SEARCH_SQL, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


@dataclass(frozen=True)
class CurrentEmployer:
    employer_code: str
    name: str
    since: date


@dataclass(frozen=True)
class PersonCheck:
    """What an officer needs to know about a worker: not their name or birth date."""

    registered: bool
    # Checked by passport number: nobody having it proves nothing, the number may be mistyped
    # (a MyKad has a date and a place to check; a passport has nothing).
    by_passport: bool = False
    foreign_worker: bool = False
    employers: tuple[CurrentEmployer, ...] = ()
    last_paid_month: date | None = None
    months_since_last_paid: int | None = None
    months_paid_last_12: int = 0
    check_id: int | None = None  # the record this check counts as (registry.signals)

    @property
    def finding(self) -> str:
        """registered; not_registered (a valid MyKad nobody has); no_record (a passport number
        nobody has: check the number before anyone treats the worker as unregistered)."""
        if self.registered:
            return "registered"
        return "no_record" if self.by_passport else "not_registered"

    @property
    def contributing(self) -> bool:
        # The same grace as employers: last month's contribution may not be due yet.
        return self.months_since_last_paid is not None and self.months_since_last_paid <= 2


# One statement, as fast as the exact employer lookup: the person by ID, their current employers
# (newest first) and every contribution year (a primary-key range read).
_PERSON_CHECK_SQL = """
SELECT p.nationality,
       (SELECT coalesce(json_agg(json_build_array(e.employer_code,
                                                  coalesce(nullif(e.trading_name, ''), e.name), m.started_on)
                                 ORDER BY m.started_on DESC), '[]')::text
          FROM registry_employment m JOIN registry_employer e ON e.id = m.employer_id
         WHERE m.person_id = p.id AND m.ended_on IS NULL),
       (SELECT coalesce(json_agg(json_build_array(c.year, c.wages_sen)), '[]')::text
          FROM registry_contributionyear c WHERE c.person_id = p.id)
FROM registry_insuredperson p
WHERE p.id_number = %s
"""


def check_person(id_number: str, *, on: date) -> PersonCheck:
    """Registered or not, current employers, last paid month and months paid in the last 12."""
    with read_connection(InsuredPerson).cursor() as cursor:
        cursor.execute(_PERSON_CHECK_SQL, [id_number])
        row = cursor.fetchone()
    if row is None:
        return PersonCheck(registered=False, by_passport=not is_mykad_number(id_number))
    nationality, employers, years = row
    paid = _paid_months(json.loads(years))
    last_paid = max(paid, default=None)
    this_month = date(on.year, on.month, 1)
    window_start = _add_months(this_month, -12)
    return PersonCheck(
        registered=True,
        foreign_worker=nationality != "MY",
        employers=tuple(
            CurrentEmployer(code, name, date.fromisoformat(since))
            for code, name, since in json.loads(employers)
        ),
        last_paid_month=last_paid,
        months_since_last_paid=months_between(last_paid, on) if last_paid else None,
        months_paid_last_12=sum(1 for month in paid if window_start <= month < this_month),
    )


def _paid_months(years: list) -> set[date]:
    """Months with any contribution, from [year, wages_sen[12]] pairs."""
    return {date(year, m + 1, 1) for year, wages in years for m, wage in enumerate(wages) if wage is not None}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --- the field checks, audited ---------------------------------------------------------------

PERSONAL_KINDS = frozenset({QueryKind.MYKAD, QueryKind.PASSPORT})


@dataclass(frozen=True)
class SearchOutcome:
    query: Query | None
    results: list[EmployerMatch]
    check_id: int | None = None  # the record this check counts as (registry.signals)


def find_employers(
    *, query: Query | None, near: Point | None, radius_m: int, on: date
) -> list[EmployerMatch]:
    """The first reading of the query that finds something; a position alone lists what is near."""
    if query is None:
        return employers_near(point=near, radius_m=radius_m, on=on) if near is not None else []
    for reading in (query, *query.alternatives):
        found = _find_by_reading(reading, near=near, radius_m=radius_m, on=on)
        if found:
            return found
    return []


def _find_by_reading(reading: Query, *, near: Point | None, radius_m: int, on: date) -> list[EmployerMatch]:
    if reading.kind == QueryKind.EMPLOYER_CODE:
        return employer_by_code(reading.value, on=on, near=near)
    if reading.kind == QueryKind.SSM_NEW:
        return employers_by_registration_no(new=reading.value, old=None, on=on, near=near)
    if reading.kind == QueryKind.SSM_OLD:
        return employers_by_registration_no(new=None, old=reading.value, on=on, near=near)
    if reading.kind == QueryKind.NAME:
        return employers_matching(reading.value, on=on, near=near, radius_m=radius_m)
    return []  # a personal ID finds no employer


def search_employers(
    *,
    actor: User,
    q: str,
    near: Point | None,
    radius_m: int,
    on: date,
    client_address: str | None = None,
    accuracy_m: float | None = None,
) -> SearchOutcome:
    count_lookup(user=actor, kind="employer")
    query = classify_query(q, on=on) if q.strip() else None
    results = find_employers(query=query, near=near, radius_m=radius_m, on=on)
    record_event(
        actor=actor,
        action="employer.search",
        query=_audited_query(query, q=q, radius_m=radius_m if near else None, results=results),
        subject_id=_personal_reading(query) or first_digit_run(q),
        result_count=len(results),
        location=near,
        client_address=client_address,
    )
    check_id = counted_as(actor=actor, subject="employer", location=near, accuracy_m=accuracy_m)
    return SearchOutcome(query=query, results=results, check_id=check_id)


def _personal_reading(query: Query | None) -> str:
    """The normalised ID when the text could be a person's: audited as a hash, never in clear."""
    if query is None:
        return ""
    personal = [reading.value for reading in (query, *query.alternatives) if reading.kind in PERSONAL_KINDS]
    return personal[0] if personal else ""


def _audited_query(
    query: Query | None, *, q: str, radius_m: int | None, results: list[EmployerMatch]
) -> dict:
    """What was asked, with any run of 6+ digits masked (it may be a mistyped ID number), and which
    employers were shown (ids: a masked code still tells the auditor whom it found)."""
    audited: dict = {"kind": str(query.kind) if query else "near"}
    if query is not None and not _personal_reading(query):
        audited["q"] = masked_digits(q.strip())[:200]
    if radius_m is not None:
        audited["radius_m"] = radius_m
    audited["employers"] = [result.employer.pk for result in results]
    return audited


def check_person_in_field(
    *,
    actor: User,
    id_number: str,
    near: Point | None,
    on: date,
    client_address: str | None = None,
    accuracy_m: float | None = None,
) -> PersonCheck:
    """`id_number` is already normalised (registry.identifiers.normalise_id_number)."""
    count_lookup(user=actor, kind="person")
    check = check_person(id_number, on=on)
    record_event(
        actor=actor,
        action="person.check",
        subject_id=id_number,
        result_count=1 if check.registered else 0,
        location=near,
        client_address=client_address,
    )
    counted = counted_as(
        actor=actor, subject="person", location=near, accuracy_m=accuracy_m, id_number=id_number
    )
    return replace(check, check_id=counted)

"""The field checks as officers make them: read the search box, look up, audit.

Every employer lookup and every person check writes one audit row. A national ID never
reaches the audit log in clear: it goes in as a keyed hash (nforce.audit).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.gis.geos import Point

from nforce.audit import record_event
from nforce.models import User
from nforce.quotas import count_lookup

from .identifiers import Query, QueryKind, classify_query
from .lookup import (
    EmployerMatch,
    PersonCheck,
    check_person,
    employer_by_code,
    employers_by_registration_no,
    employers_matching,
    employers_near,
)

PERSONAL_KINDS = frozenset({QueryKind.MYKAD, QueryKind.PASSPORT})


@dataclass(frozen=True)
class SearchOutcome:
    query: Query | None
    results: list[EmployerMatch]


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
    *, officer: User, q: str, near: Point | None, radius_m: int, on: date, client_address: str | None = None
) -> SearchOutcome:
    count_lookup(user=officer, kind="employer")
    query = classify_query(q, on=on) if q.strip() else None
    results = find_employers(query=query, near=near, radius_m=radius_m, on=on)
    record_event(
        actor=officer,
        action="employer.search",
        query=_audited_query(query, q=q, radius_m=radius_m if near else None),
        subject_id=_personal_reading(query),
        result_count=len(results),
        location=near,
        client_address=client_address,
    )
    return SearchOutcome(query=query, results=results)


def _personal_reading(query: Query | None) -> str:
    """The normalised ID when the text could be a person's: audited as a hash, never in clear."""
    if query is None:
        return ""
    personal = [reading.value for reading in (query, *query.alternatives) if reading.kind in PERSONAL_KINDS]
    return personal[0] if personal else ""


def _audited_query(query: Query | None, *, q: str, radius_m: int | None) -> dict:
    audited: dict = {"kind": str(query.kind) if query else "near"}
    if query is not None and not _personal_reading(query):
        audited["q"] = q.strip()[:200]
    if radius_m is not None:
        audited["radius_m"] = radius_m
    return audited


def check_person_in_field(
    *, officer: User, id_number: str, near: Point | None, on: date, client_address: str | None = None
) -> PersonCheck:
    """`id_number` is already normalised (registry.identifiers.normalise_id_number)."""
    count_lookup(user=officer, kind="person")
    check = check_person(id_number, on=on)
    record_event(
        actor=officer,
        action="person.check",
        subject_id=id_number,
        result_count=1 if check.registered else 0,
        location=near,
        client_address=client_address,
    )
    return check

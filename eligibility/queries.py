"""What the rules need from the registry, read in one query per question.

A person's facts are their row, the start of their earliest employment and every contribution
year (a primary-key range read of some 20-30 rows), gathered by correlated subqueries in a
single statement; a batch of persons is the same statement over many rows, never one per person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from nforce.db_router import read_connection
from registry.models import Employer, InsuredPerson

from .months import Month
from .rules import Contributions, Insured


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    id_number: str
    name: str
    born_on: date
    foreign_worker: bool
    first_employment_on: date | None
    contributions: Contributions

    def insured(self) -> Insured:
        """Decision 2: contributions first became payable in the month of the earliest employment."""
        started = self.first_employment_on
        return Insured(
            born_on=self.born_on,
            contributions=self.contributions,
            first_payable=Month.of(started) if started else None,
            foreign_worker=self.foreign_worker,
        )

    @property
    def masked_id(self) -> str:
        """Enough of the ID to tell two people apart on a screen, not enough to misuse."""
        return "••••" + self.id_number[-4:]


# The hot path of every eligibility check, written by hand: compiling the ORM's correlated
# subqueries took longer than running them (facts + rules per person: 1.25 ms -> 0.35 ms).
_FACTS_SQL = """
SELECT p.id, p.id_number, p.name, p.date_of_birth, p.nationality,
       (SELECT min(e.started_on) FROM registry_employment e WHERE e.person_id = p.id),
       (SELECT coalesce(json_agg(json_build_array(c.year, c.category, c.wages_sen)), '[]')::text
          FROM registry_contributionyear c WHERE c.person_id = p.id)
FROM registry_insuredperson p
{which}
"""
_PERSON_FACTS_SQL = _FACTS_SQL.format(which="WHERE p.id_number = %s")
# Current workers come from the partial index employment_current_idx.
_CURRENT_WORKERS = """SELECT m.person_id FROM registry_employment m
                      WHERE m.employer_id = %s AND m.ended_on IS NULL"""
_CURRENT_WORKERS_FACTS_SQL = _FACTS_SQL.format(
    which=f"WHERE p.id IN ({_CURRENT_WORKERS}) ORDER BY p.name, p.id LIMIT %s OFFSET %s"
)
_CURRENT_WORKERS_COUNT_SQL = """SELECT count(DISTINCT m.person_id) FROM registry_employment m
                                WHERE m.employer_id = %s AND m.ended_on IS NULL"""


def person_facts(*, id_number: str) -> PersonFacts | None:
    """One person's facts by national ID (already normalised), in one query, where registry
    reads go (a replica when one is set)."""
    rows = _facts_rows(_PERSON_FACTS_SQL, id_number)
    return _facts_of(rows[0]) if rows else None


def current_workers_facts(
    *, employer: Employer, limit: int | None = None, offset: int = 0
) -> list[PersonFacts]:
    """Everyone currently employed by `employer` (employment not ended), by name, in one query;
    `limit` and `offset` take one page of them (no limit: all)."""
    rows = _facts_rows(_CURRENT_WORKERS_FACTS_SQL, employer.pk, limit, offset)
    return [_facts_of(row) for row in rows]


def current_workers_count(*, employer: Employer) -> int:
    return _facts_rows(_CURRENT_WORKERS_COUNT_SQL, employer.pk)[0][0]


def employer_by_code(code: str) -> Employer | None:
    return Employer.objects.filter(employer_code=code).first()


def _facts_rows(sql: str, *parameters: int | str | None) -> list[tuple]:
    with read_connection(InsuredPerson).cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def _facts_of(row: tuple) -> PersonFacts:
    person_id, number, name, born_on, nationality, first_start, record = row
    return PersonFacts(
        person_id=person_id,
        id_number=number,
        name=name,
        born_on=born_on,
        foreign_worker=nationality != "MY",
        first_employment_on=first_start,
        contributions=_contributions(json.loads(record)),
    )


def _contributions(years: list[list]) -> Contributions:
    """[year, category, wages_sen[12]] rows summed by month: array index m-1 is month m, NULL is
    an unpaid month. Months are counted as ints here and made Months once (Contributions)."""
    wages: dict[int, int] = {}
    second_category: set[int] = set()
    for year, category, row in years:
        january = year * 12
        for offset, wage_sen in enumerate(row):
            if wage_sen is None:
                continue
            if category == 1:
                wages[january + offset] = wages.get(january + offset, 0) + wage_sen
            else:
                second_category.add(january + offset)
    return Contributions.of_month_indexes(wages, second_category)

"""Benchmark of issue 4's acceptance: one person's verdict from a 20-year record against a raw
SQL aggregate of the same record, and an employer's 40 workers in one batch against 40 calls.

Synthetic data is written inside a transaction that is rolled back: nothing stays behind.
`python manage.py bench_eligibility [--quick] [--json PATH]`
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from eligibility.queries import person_facts
from eligibility.rules import invalidity_verdict
from eligibility.verdicts import workers_verdicts
from registry.models import ContributionYear, Employer, Employment, InsuredPerson

NOTICE_ON = date(2025, 1, 15)
WORKERS = 40
YEARS = range(2005, 2025)

# The least any approach can cost: the window and total counts computed by PostgreSQL itself.
RAW_AGGREGATE = """
SELECT count(*) FILTER (WHERE make_date(y.year, m.ord::int, 1) >= %s),
       count(*), sum(m.wage)
FROM registry_contributionyear y, unnest(y.wages_sen) WITH ORDINALITY AS m(wage, ord)
WHERE y.person_id = %s AND y.category = 1 AND m.wage IS NOT NULL
"""


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time eligibility per person (vs raw SQL) and per employer (batch vs per person)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quick", action="store_true", help="fewer repetitions")
        parser.add_argument("--json", dest="json_path", type=Path, help="also write the results to this file")

    def handle(self, *args, quick: bool = False, json_path: Path | None = None, **options) -> None:
        repeat = 20 if quick else 200
        results: dict[str, float] = {}
        try:
            with transaction.atomic():
                employer, id_numbers = _synthetic_employer()
                results = _measure(employer, id_numbers, repeat)
                raise _Rollback
        except _Rollback:
            pass
        for name, value in results.items():
            self.stdout.write(f"{name:<40} {value:10.3f} ms")
        if json_path:
            json_path.write_text(json.dumps({"eligibility": results}, indent=2))


def _synthetic_employer() -> tuple[Employer, list[str]]:
    employer = Employer.objects.create(
        employer_code="BENCH0000001", name="Bench Sdn Bhd", registered_on=date(2000, 1, 1)
    )
    people = InsuredPerson.objects.bulk_create(
        InsuredPerson(
            id_number=f"BENCH{number:07d}",
            name=f"Bench {number}",
            date_of_birth=date(1980, 1, 1),
            gender="M",
            registered_on=date(2000, 1, 1),
        )
        for number in range(WORKERS)
    )
    Employment.objects.bulk_create(
        Employment(person=person, employer=employer, started_on=date(2005, 1, 1)) for person in people
    )
    ContributionYear.objects.bulk_create(
        ContributionYear(person=person, employer=employer, year=year, category=1, wages_sen=[300_000] * 12)
        for person in people
        for year in YEARS
    )
    return employer, [person.id_number for person in people]


def _measure(employer: Employer, id_numbers: list[str], repeat: int) -> dict[str, float]:
    first = id_numbers[0]
    person_id = InsuredPerson.objects.get(id_number=first).pk

    def one_person() -> None:
        facts = person_facts(id_number=first)
        assert facts is not None
        invalidity_verdict(insured=facts.insured(), notice_on=NOTICE_ON)

    def raw_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(RAW_AGGREGATE, [date(2021, 9, 1), person_id])
            cursor.fetchone()

    def per_person_calls() -> None:
        for id_number in id_numbers:
            facts = person_facts(id_number=id_number)
            assert facts is not None
            invalidity_verdict(insured=facts.insured(), notice_on=NOTICE_ON)

    batch_repeat = max(3, repeat // 10)
    return {
        "person: facts + rules (20 years)": _median_ms(one_person, repeat),
        "person: raw SQL aggregate only": _median_ms(raw_sql, repeat),
        f"employer: batch of {WORKERS}": _median_ms(
            lambda: workers_verdicts(employer=employer, on=NOTICE_ON), batch_repeat
        ),
        f"employer: {WORKERS} per-person calls": _median_ms(per_person_calls, batch_repeat),
    }


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # warm caches and the connection
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)

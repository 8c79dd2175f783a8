"""Registry import (COPY into staging, checks in SQL, fold, upsert) against bulk_create, same rows.

The sample is a back-load of contribution-months for a year the dataset does not hold (1995),
for existing persons at employers that already have a last paid month (so the import's
last-paid update changes nothing that other benchmarks read). Both sides start from the same
CSV file and leave the same ContributionYear rows, removed again after each run.

Two rows from the same runs, each import timed between its two floors: a bare COPY of the same
CSV into an unlogged table, alone (no checks, no fold, no upsert: the ceiling, goal >= 0.5x) and
bulk_create (what a Django developer would write, goal >= 3x). The note adds the importer's own
writing of the rows (its upsert, and its commit, where the deferred foreign keys are checked)
as a ratio to bulk_create, and the importer's phases in one run.
"""

import csv
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction

from registry.importing import FileReport, import_directory
from registry.models import ContributionYear

from .harness import Goal, Paired, Row, interleaved, timed

YEAR = 1995
SEED = 2026


def import_rows(*, months: int, pairs: int) -> list[Row]:
    persons = months // 12
    with tempfile.TemporaryDirectory(prefix="nforce-bench-import-") as folder:
        source = Path(folder) / "contributions.csv"
        person_ids = _write_sample(source, persons)
        _remove(person_ids)
        floors: list[float] = []
        copies: list[float] = []  # the bare COPY's rate, timed just before each import
        writing_alone: list[float] = []  # each: the import's upsert and commit alone / bulk_create
        phases: dict[str, float] = {}  # of the last import

        def with_copy() -> float:
            seconds, report = _timed_import(Path(folder), expected=persons)
            _remove(person_ids)
            writing_alone.append(months / (report.phases["upsert"] + report.phases["commit"]) / floors[-1])
            phases.clear()
            phases.update(_phases_ms(report, seconds))
            return months / seconds

        def floors_first() -> float:
            floors.append(months / timed(lambda: _bulk_create(source)))
            _remove(person_ids)
            copies.append(months / _bare_copy_seconds(source))
            return floors[-1]

        paired = interleaved(floors_first, with_copy, pairs=pairs)
    detail = {
        "contribution_months": months,
        "contribution_years_written": persons,
        "writing_alone_ratios": [round(ratio, 3) for ratio in writing_alone],
        "import_phases_ms": phases,
    }
    ceiling = Paired(copies, paired.subjects).row(
        "registry import rows/s (COPY importer) vs COPY of the same file into an unlogged table, alone",
        Goal(">=", 0.5),
        "rows/s",
        **detail,
    )
    row = paired.row(
        "registry import rows/s (COPY importer) vs bulk_create, same contribution-months",
        Goal(">=", 3),
        "rows/s",
        **detail,
    )
    ceiling.note = row.note = _note(statistics.median(writing_alone), row.ratio, ceiling.ratio, phases)
    return [ceiling, row]


def _note(writing_alone: float, importer: float, of_copy: float | None, phases: dict[str, float]) -> str:
    steps = ", ".join(f"{name} {ms:g}" for name, ms in phases.items())
    return (
        f"the importer reaches {of_copy:.3g}x of a bare COPY into an unlogged table and {importer:.3g}x "
        f"bulk_create; its writing alone (upsert and commit, with the foreign-key checks) is "
        f"{writing_alone:.3g}x bulk_create. Importer phases of one run, ms: {steps}"
    )


def _phases_ms(report: FileReport, seconds: float) -> dict[str, float]:
    """The report's phases, plus "other" (staging tables, header, settings) up to the total."""
    phases = {name: round(spent * 1000, 1) for name, spent in report.phases.items()}
    total = round(seconds * 1000, 1)
    return phases | {"other": round(total - sum(phases.values()), 1), "total": total}


def _write_sample(path: Path, persons: int) -> list[int]:
    rng = random.Random(SEED)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT p.id, p.id_number, e.employer_code
                 FROM (SELECT id, id_number, row_number() OVER (ORDER BY id) AS n FROM registry_insuredperson
                        WHERE mod(id, 7) = 3 ORDER BY id LIMIT %(persons)s) p
                 JOIN (SELECT employer_code, row_number() OVER (ORDER BY id) AS n FROM registry_employer
                        WHERE last_paid_month IS NOT NULL AND ceased_on IS NULL ORDER BY id LIMIT 5000) e
                   ON e.n = 1 + mod(p.n, 5000)""",
            {"persons": persons},
        )
        rows = cursor.fetchall()
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id_number", "employer_code", "month", "wage", "category"])
        for _, id_number, code in rows:
            wage = rng.randrange(1200, 6000)
            for month in range(1, 13):
                writer.writerow([id_number, code, f"{YEAR}-{month:02d}", f"{wage}.00", 1])
    return [person_id for person_id, _, _ in rows]


def _timed_import(folder: Path, *, expected: int) -> tuple[float, FileReport]:
    started = time.perf_counter()
    report = import_directory(folder)
    seconds = time.perf_counter() - started
    file = report.file("contributions.csv")
    if not report.ok or file.inserted != expected:
        raise RuntimeError(f"the import did not load the sample: {file.errors[:3]}, inserted {file.inserted}")
    return seconds, file


COPY_BARE = "COPY bench_bare_contributions FROM STDIN (FORMAT csv, HEADER true)"


def _bare_copy_seconds(source: Path) -> float:
    """The ceiling: the same file into an unlogged table, as text, checked by nothing (the table
    made before the clock starts and dropped after it stops)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_contributions")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_bare_contributions (id_number text, employer_code text,"
            " month text, wage text, category text)"
        )
    try:
        with source.open(newline="") as handle:
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.copy_expert(COPY_BARE, handle)
            return time.perf_counter() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_bare_contributions")


@transaction.atomic
def _bulk_create(source: Path) -> None:
    """What a Django developer would write: read the CSV, look the keys up once, fold the months
    into years, bulk_create. No validation beyond what the database enforces."""
    with source.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    persons = _ids("registry_insuredperson", "id_number", {row["id_number"] for row in rows})
    employers = _ids("registry_employer", "employer_code", {row["employer_code"] for row in rows})
    years: dict[tuple, list] = defaultdict(lambda: [None] * 12)
    for row in rows:
        year, month = map(int, row["month"].split("-"))
        key = (persons[row["id_number"]], year, employers[row["employer_code"]], int(row["category"]))
        years[key][month - 1] = round(float(row["wage"]) * 100)
    ContributionYear.objects.bulk_create(
        [
            ContributionYear(person_id=p, year=y, employer_id=e, category=c, wages_sen=wages)
            for (p, y, e, c), wages in years.items()
        ],
        batch_size=2000,
    )


def _ids(table: str, column: str, keys: set[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, id FROM {table} WHERE {column} = ANY(%s)", [list(keys)])
        return dict(cursor.fetchall())


def _remove(person_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM registry_contributionyear WHERE person_id = ANY(%s) AND year = %s",
            [person_ids, YEAR],
        )

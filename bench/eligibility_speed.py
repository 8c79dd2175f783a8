"""One person's eligibility (facts in one query + the pure rules) against the raw SQL aggregate,
hot and cold; and the per-employer batch against one call per worker."""

import os
import statistics
import subprocess
import time
from datetime import date

import psycopg2
from django.db import connection

from . import samples
from .harness import Goal, Paired, Row, interleaved, timed

NOTICE_ON = date(2026, 11, 15)
NOTICE_MONTH = NOTICE_ON.year * 12 + NOTICE_ON.month - 1
BATCH_WORKERS = 40

# The floor: the numbers a verdict rests on (months paid in the 40-month window, contributions
# before the notice month, the average of the last 24 wages, the first employment), computed by
# PostgreSQL alone from the same rows, and read through a bare psycopg2 cursor.
RAW_AGGREGATE = """
WITH person AS (SELECT id, date_of_birth, nationality FROM registry_insuredperson WHERE id_number = %(id)s),
paid AS (
    SELECT c.year * 12 + m - 1 AS month, max(c.wages_sen[m]) AS wage
      FROM person p JOIN registry_contributionyear c ON c.person_id = p.id
     CROSS JOIN generate_series(1, 12) m
     WHERE c.category = 1 AND c.wages_sen[m] IS NOT NULL
     GROUP BY 1)
SELECT p.id, p.date_of_birth, p.nationality,
       (SELECT min(started_on) FROM registry_employment e WHERE e.person_id = p.id),
       (SELECT count(*) FROM paid WHERE month >= %(notice)s - 40 AND month < %(notice)s),
       (SELECT count(*) FROM paid WHERE month < %(notice)s),
       (SELECT avg(wage)
          FROM (SELECT wage FROM paid WHERE month < %(notice)s ORDER BY month DESC LIMIT 24) last)
  FROM person p
"""


def _verdict_of(id_number: str):
    from eligibility.queries import person_facts
    from eligibility.rules import invalidity_verdict

    facts = person_facts(id_number=id_number)
    return invalidity_verdict(insured=facts.insured(), notice_on=NOTICE_ON)


def _raw_connection(database: str):
    raw = psycopg2.connect(dbname=database, host="/var/run/postgresql")
    raw.autocommit = True
    return raw


def _per_person_ms(call, ids: list[str]) -> float:
    return statistics.median(timed(lambda i=i: call(i)) for i in ids) * 1000


def hot_row(*, database: str, persons: int, pairs: int) -> Row:
    ids = samples.person_ids(persons, citizens_only=True)
    raw = _raw_connection(database)
    try:
        with raw.cursor() as cursor:

            def floor(id_number: str) -> None:
                cursor.execute(RAW_AGGREGATE, {"id": id_number, "notice": NOTICE_MONTH})
                cursor.fetchall()

            for id_number in ids[:20]:  # both sides warm: connections, plans, pages
                floor(id_number)
                _verdict_of(id_number)
            paired = interleaved(
                lambda: _per_person_ms(floor, ids), lambda: _per_person_ms(_verdict_of, ids), pairs=pairs
            )
    finally:
        raw.close()
    return paired.row(
        "one person's eligibility (facts + rules), hot cache, vs raw SQL aggregate via psycopg2",
        Goal("<=", 2),
        "ms",
        persons=len(ids),
        statistic="median per-person time of each run",
    )


def batch_row(*, pairs: int) -> Row:
    from eligibility.queries import current_workers_facts
    from eligibility.verdicts import workers_verdicts

    employer = _employer_with_about(BATCH_WORKERS)
    ids = [facts.id_number for facts in current_workers_facts(employer=employer)]

    def one_by_one() -> float:
        return timed(lambda: [_verdict_of(i) for i in ids]) * 1000

    def batch() -> float:
        return timed(lambda: workers_verdicts(employer=employer, on=NOTICE_ON)) * 1000

    one_by_one(), batch()  # warm
    paired = interleaved(one_by_one, batch, pairs=pairs)
    return paired.row(
        f"eligibility of one employer's {len(ids)} current workers: batch (one query) vs per-person calls",
        Goal("<=", 1),
        "ms",
        employer_code=employer.employer_code,
        workers=len(ids),
    )


def _employer_with_about(workers: int):
    from registry.models import Employer

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT employer_id FROM registry_employment WHERE ended_on IS NULL GROUP BY 1
                ORDER BY abs(count(*) - %s), employer_id LIMIT 1""",
            [workers],
        )
        return Employer.objects.get(pk=cursor.fetchone()[0])


# --- cold cache -------------------------------------------------------------------------------------


def restart_postgresql_and_drop_caches() -> None:
    """Every other session on this server is disconnected: done once per full run, at its end."""
    connection.close()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True)
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", "/var/run/postgresql"]).returncode == 0:
            break
        time.sleep(0.5)
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as caches:
        caches.write("3\n")


def cold_row(*, persons: int) -> Row:
    """Each person read first cold (right after the restart), then hot (the same call again): the
    pairs are cold/hot of one person, and the ratio is their median."""
    ids = samples.person_ids(persons + 3, citizens_only=True)
    warm_up, ids = ids[:3], ids[3:]
    restart_postgresql_and_drop_caches()
    for id_number in warm_up:  # a new connection, the catalog, the indexes' upper levels
        _verdict_of(id_number)
    colds, hots = [], []
    for id_number in ids:
        colds.append(timed(lambda i=id_number: _verdict_of(i)) * 1000)
        hots.append(timed(lambda i=id_number: _verdict_of(i)) * 1000)
    return Paired(hots, colds).row(
        "one person's eligibility, cold cache (PostgreSQL restarted, OS cache dropped) vs the same, hot",
        Goal("<=", 20),
        "ms",
        persons=len(ids),
        cold_p95_ms=round(sorted(colds)[int(len(colds) * 0.95) - 1], 2),
    )

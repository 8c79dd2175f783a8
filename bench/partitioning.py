"""How to lay out the contributions table past one server's comfort: measured, not argued.

The same rows (the contribution years of a subset of persons) are copied into four layouts:
  arrival   one table, rows in the order monthly imports write them (year by year): today's table
  person    one table, rows ordered by person (what CLUSTER on the primary key would give)
  hash16    partitioned by hash of person_id, 16 partitions, rows in arrival order
  year      partitioned by range of year, one partition per year, rows in arrival order
and each answers the two questions the app asks of it: one person's record (the field check, the
eligibility facts) and one employer's year (the per-employer batch, dashboards). For each:
size, heap pages a person's record is spread over (the reads a cold cache pays), buffers touched,
hot time and planning time; and the share of the table a month's import rewrites.
"""

import json
import statistics
import time

from django.db import connection

from .dataset import LAST_YEAR

LAYOUTS = ("arrival", "person", "hash16", "year")
COLUMNS = (
    "person_id bigint NOT NULL, year smallint NOT NULL, employer_id bigint NOT NULL, "
    "category smallint NOT NULL, wages_sen integer[] NOT NULL"
)
PERSON_READ = "SELECT year, wages_sen FROM {table} WHERE person_id = %s"
EMPLOYER_YEAR_READ = "SELECT person_id, wages_sen FROM {table} WHERE employer_id = %s AND year = %s"


def compare_layouts(*, quick: bool) -> dict:
    persons = 50_000 if quick else 400_000
    samples = 100 if quick else 300
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0; SET maintenance_work_mem = '1GB'")
        first_year = _first_year(cursor)
        try:
            for layout in LAYOUTS:
                _build(cursor, layout, persons, first_year)
            person_ids, employer_years = _samples(cursor, persons, samples)
            measured = {layout: _measure(cursor, layout, person_ids, employer_years) for layout in LAYOUTS}
        finally:
            for layout in LAYOUTS:
                cursor.execute(f"DROP TABLE IF EXISTS bench_layout_{layout} CASCADE")
    return {"persons": persons, "samples": samples, "layouts": measured}


def _first_year(cursor) -> int:
    cursor.execute("SELECT min(year) FROM registry_contributionyear WHERE person_id <= 1000")
    return cursor.fetchone()[0] or LAST_YEAR - 19


def _build(cursor, layout: str, persons: int, first_year: int) -> None:
    table = f"bench_layout_{layout}"
    cursor.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    if layout == "hash16":
        cursor.execute(f"CREATE TABLE {table} ({COLUMNS}) PARTITION BY HASH (person_id)")
        for remainder in range(16):
            cursor.execute(
                f"CREATE TABLE {table}_{remainder} PARTITION OF {table} "
                f"FOR VALUES WITH (MODULUS 16, REMAINDER {remainder})"
            )
    elif layout == "year":
        cursor.execute(f"CREATE TABLE {table} ({COLUMNS}) PARTITION BY RANGE (year)")
        for year in range(first_year, LAST_YEAR + 1):
            cursor.execute(
                f"CREATE TABLE {table}_{year} PARTITION OF {table} FOR VALUES FROM ({year}) TO ({year + 1})"
            )
    else:
        cursor.execute(f"CREATE TABLE {table} ({COLUMNS})")
    order = "person_id, year, employer_id, category" if layout == "person" else "year, person_id"
    cursor.execute(
        f"INSERT INTO {table} SELECT person_id, year, employer_id, category, wages_sen "
        f"FROM registry_contributionyear WHERE person_id <= %s AND year >= %s ORDER BY {order}",
        [persons, first_year],
    )
    cursor.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (person_id, year, employer_id, category)")
    cursor.execute(f"CREATE INDEX {table}_employer_year ON {table} (employer_id, year)")
    cursor.execute(f"VACUUM (ANALYZE) {table}")


def _samples(cursor, persons: int, count: int) -> tuple[list[int], list[tuple[int, int]]]:
    step = max(1, persons // count)
    person_ids = list(range(step // 2 + 1, persons + 1, step))[:count]
    cursor.execute(
        "SELECT employer_id, year FROM bench_layout_arrival WHERE year = %s GROUP BY 1, 2 "
        "ORDER BY hashint8(employer_id) LIMIT %s",
        [LAST_YEAR - 1, count],
    )
    return person_ids, cursor.fetchall()


def _measure(cursor, layout: str, person_ids: list[int], employer_years: list[tuple[int, int]]) -> dict:
    table = f"bench_layout_{layout}"
    person_sql = PERSON_READ.format(table=table)
    employer_sql = EMPLOYER_YEAR_READ.format(table=table)
    return {
        "size_mb": _size_mb(cursor, table),
        "heap_pages_per_person": _pages_per_person(cursor, table, person_ids),
        "person_read": _read_costs(cursor, person_sql, [[p] for p in person_ids]),
        "employer_year_read": _read_costs(cursor, employer_sql, [list(ey) for ey in employer_years]),
        "share_of_pages_a_month_rewrites": _share_rewritten(cursor, table),
    }


def _size_mb(cursor, table: str) -> float:
    # pg_partition_tree() lists nothing for a plain table.
    cursor.execute(
        "SELECT coalesce((SELECT sum(pg_total_relation_size(relid)) "
        "FROM pg_partition_tree(%(t)s::regclass)), pg_total_relation_size(%(t)s::regclass))",
        {"t": table},
    )
    return round(float(cursor.fetchone()[0]) / 1e6, 1)


def _pages_per_person(cursor, table: str, person_ids: list[int]) -> float:
    """Distinct heap pages holding a person's rows: with a cold cache, one read each."""
    cursor.execute(
        f"""SELECT avg(pages) FROM (
                SELECT person_id, count(DISTINCT (tableoid, (ctid::text::point)[0])) AS pages
                  FROM {table} WHERE person_id = ANY(%s) GROUP BY person_id) counted""",
        [person_ids],
    )
    return round(float(cursor.fetchone()[0]), 2)


def _read_costs(cursor, sql: str, params: list[list]) -> dict:
    """Buffers touched and planning time (EXPLAIN ANALYZE), then the hot time of the plain query."""
    buffers, planning = [], []
    for values in params:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, values)
        plan = _plan(cursor.fetchone()[0])
        buffers.append(plan["Plan"].get("Shared Hit Blocks", 0) + plan["Plan"].get("Shared Read Blocks", 0))
        planning.append(plan["Planning Time"])
    for values in params:  # all pages now cached: time the reads themselves
        cursor.execute(sql, values)
        cursor.fetchall()
    times = []
    for values in params:
        started = time.perf_counter()
        cursor.execute(sql, values)
        cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "buffers": round(statistics.mean(buffers), 1),
        "planning_ms": round(statistics.median(planning), 3),
        "hot_ms": round(statistics.median(times), 3),
    }


def _plan(found) -> dict:
    return (json.loads(found) if isinstance(found, str) else found)[0]


def _share_rewritten(cursor, table: str) -> float:
    """Pages holding the current year's rows: the pages a month's import updates (each month of
    a year is written into that year's row)."""
    cursor.execute(
        f"""SELECT count(DISTINCT (tableoid, (ctid::text::point)[0])) FILTER (WHERE year = %s)::float8
                   / count(DISTINCT (tableoid, (ctid::text::point)[0])) FROM {table}""",
        [LAST_YEAR],
    )
    return round(cursor.fetchone()[0], 3)


def layouts_text(found: dict) -> str:
    lines = [
        f"contributions layouts ({found['persons']:,} persons' rows, {found['samples']} sampled reads each):",
        f"  {'layout':<8} {'size MB':>8} {'pages/person':>12} {'person: bufs':>12} {'plan ms':>8} "
        f"{'hot ms':>7}"
        f" {'employer-year: bufs':>19} {'plan ms':>8} {'hot ms':>7} {'month rewrites':>14}",
    ]
    for layout, m in found["layouts"].items():
        p, e = m["person_read"], m["employer_year_read"]
        lines.append(
            f"  {layout:<8} {m['size_mb']:>8} {m['heap_pages_per_person']:>12} {p['buffers']:>12} "
            f"{p['planning_ms']:>8} {p['hot_ms']:>7} {e['buffers']:>19} {e['planning_ms']:>8} "
            f"{e['hot_ms']:>7} "
            f"{m['share_of_pages_a_month_rewrites']:>14.1%}"
        )
    return "\n".join(lines)

"""The dashboard at 1x and 10x detection volume (issue 7: 10x must cost <= 1.5x).

`python -m bench.dashboard_scale [--quick] [--keep]`, or through `make bench` (bench.external calls
run()). Either way the facts are built with generate_series in two throwaway databases of its own,
nforce_bench_dash_<pid>_1x and _10x (dropped at the end unless --keep): the shared bench dataset is
never touched, and two runs at once do not collide.

Each database holds a year of facts (detections, premises, assignments, registrations,
employments) at its scale, and the rollups rebuilt from them. The dashboard's reads, through the
functions that the pages and the API call, are then timed *interleaved*: 1x, 10x, 10x, 1x, ... on two
open connections, so that whatever else the machine is doing weighs on both scales alike (median of
21 pairs after 3 warm-up pairs). Staff stay the same at 10x, as they would: ten times the checks is
more checks per officer, not ten times the officers.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

DATABASE_PREFIX = "nforce_bench_dash"
FACTORS = (1, 10)
RUNS = 21
GOAL = 1.5
YEAR_START = "2025-01-01 00:00+08"
MONTH = (date(2025, 6, 1), date(2025, 6, 30))
WEEK = (date(2025, 6, 2), date(2025, 6, 8))
TODAY = date(2026, 1, 5)
GENERIC_EMPLOYERS = 20_000
AREAS_PER_OFFICE = 5
RANDOM_MOMENT = f"timestamptz '{YEAR_START}' + random() * interval '365 days'"
RANDOM_POINT = "ST_SetSRID(ST_MakePoint(ba.lon + random() * 0.4, ba.lat + random() * 0.4), 4326)::geography"


@dataclass(frozen=True)
class Scale:
    areas: int
    officers_per_area: int
    detections: int  # at 1x, over a year

    def offices(self) -> int:
        return self.areas // AREAS_PER_OFFICE


# About 14 checks per area and day at 1x, by 8 officers: a national year of ~300k checks.
SCALES = {
    "full": Scale(areas=60, officers_per_area=8, detections=300_000),
    "quick": Scale(areas=12, officers_per_area=8, detections=60_000),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the throwaway database -----------------------------------------------------------------


def _admin_sql(statement: str) -> None:
    import psycopg2

    admin = psycopg2.connect(dbname="postgres", host="/var/run/postgresql")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(statement)
    admin.close()


def database_names() -> dict[int, str]:
    return {factor: f"{DATABASE_PREFIX}_{os.getpid()}_{factor}x" for factor in FACTORS}


def create_database(name: str) -> None:
    _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin_sql(f"CREATE DATABASE {name}")


def drop_database(name: str) -> None:
    _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def connect(name: str):
    """A connection to `name`, made Django's default connection (ORM, cursor, test client alike).

    Several of these stay open at once: activate() swaps which one the code under test uses.
    """
    from django.db import connections

    base = connections["default"]
    # Kept open for the whole run: a reconnect inside a timed call would be measured.
    settings_dict = {**base.settings_dict, "NAME": name, "CONN_MAX_AGE": None}
    wrapper = base.__class__(settings_dict, alias="default")
    activate(wrapper)
    return wrapper


def activate(wrapper) -> None:
    from django.db import connections

    connections["default"] = wrapper


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- building the facts with SQL -----------------------------------------------------------


def _default_sql(field, params: list) -> str | None:
    """A column's model default as SQL, so that a field another app adds does not break the bench."""
    from django.db import models

    if isinstance(field, models.UUIDField):
        return "gen_random_uuid()"
    default = field.get_default()
    if default is None:
        if field.null:
            return None
        raise ValueError(f"the bench needs a value for {field.model.__name__}.{field.name}")
    if isinstance(default, dict):
        from psycopg2.extras import Json

        default = Json(default)
    params.append(default)
    return "%s"


def insert_select(model, values: dict[str, str], source: str) -> int:
    """INSERT INTO <model> (...) SELECT <values, else defaults> FROM <source>; returns rows."""
    from django.db import connection

    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        expression = values.get(field.attname)
        if (expression is None and field.primary_key) or field.generated:  # PostgreSQL computes those
            continue
        # Literal %s (LIKE patterns) doubled: the defaults go in as parameters.
        expression = expression.replace("%", "%%") if expression else _default_sql(field, params)
        if expression is not None:
            columns.append(connection.ops.quote_name(field.column))
            expressions.append(expression)
    source = source.replace("%", "%%")
    table = model._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def execute(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)


def build_staff(scale: Scale) -> None:
    from dispatch.models import Inspector
    from nforce.models import Area, Office, User

    insert_select(
        Office,
        {"code": "'BO' || lpad(o::text, 3, '0')", "name": "'Pejabat ' || o", "state": "'Negeri ' || o"},
        f"generate_series(1, {scale.offices()}) o",
    )
    insert_select(
        Area,
        {
            "code": "'BA' || lpad(a::text, 3, '0')",
            "name": "'Kawasan ' || a",
            "office_id": "(SELECT id FROM nforce_office "
            f"WHERE code = 'BO' || lpad((a / {AREAS_PER_OFFICE} + 1)::text, 3, '0'))",
            "state": f"'Negeri ' || (a / {AREAS_PER_OFFICE} + 1)",
            "boundary": "ST_Multi(ST_MakeEnvelope(100.5 + (a % 10) * 0.5, 2.0 + (a / 10) * 0.5, "
            "100.9 + (a % 10) * 0.5, 2.4 + (a / 10) * 0.5, 4326))",
        },
        f"generate_series(0, {scale.areas - 1}) a",
    )
    staff = {
        "password": "'!'",
        "staff_number": "'BS' || a || '-' || k",
        "full_name": "'Pegawai ' || a || '-' || k",
        "home_office_id": "(SELECT office_id FROM nforce_area WHERE code = 'BA' || lpad(a::text, 3, '0'))",
        "date_joined": "now()",
    }
    # k = 0 is the area's inspector; 1..n its officers.
    insert_select(
        User,
        staff,
        f"generate_series(0, {scale.areas - 1}) a, generate_series(0, {scale.officers_per_area}) k",
    )
    insert_select(
        Inspector, {"user_id": "u.id", "capacity": "1000"}, "nforce_user u WHERE u.staff_number LIKE 'BS%-0'"
    )
    execute(f"""
        CREATE TABLE bench_dash_area AS
        SELECT a.i AS area_idx, ar.id AS area_id, insp.id AS inspector_id,
               100.5 + (a.i % 10) * 0.5 AS lon, 2.0 + (a.i / 10) * 0.5 AS lat,
               (SELECT array_agg(u.id ORDER BY u.id) FROM nforce_user u
                 WHERE u.staff_number LIKE 'BS' || a.i || '-%'
                   AND u.staff_number <> 'BS' || a.i || '-0') AS officers
        FROM generate_series(0, {scale.areas - 1}) a(i)
        JOIN nforce_area ar ON ar.code = 'BA' || lpad(a.i::text, 3, '0')
        JOIN nforce_user iu ON iu.staff_number = 'BS' || a.i || '-0'
        JOIN dispatch_inspector insp ON insp.user_id = iu.id""")
    _generic_employers()


def _generic_employers() -> None:
    from registry.models import Employer

    insert_select(
        Employer,
        {
            "employer_code": "'G' || lpad(g::text, 11, '0')",
            "name": "'Syarikat ' || g",
            "registered_on": "'2010-01-01'",
        },
        f"generate_series(1, {GENERIC_EMPLOYERS}) g",
    )


def build_facts(scale: Scale, factor: int) -> dict[str, int]:
    """A year of facts at `factor` times the 1x volume, replacing any from an earlier scale."""
    execute(
        "TRUNCATE detection_detection, dispatch_assignment, detection_premises, registry_employment, "
        "registry_insuredperson, nforce_activityrollup, nforce_backlogrollup, "
        "nforce_registrationdelayrollup CASCADE"
    )
    execute("DELETE FROM registry_employer WHERE employer_code LIKE 'W%'")
    execute("SET statement_timeout = 0")  # loading millions of rows is not a request
    execute("SELECT setseed(0.42)")
    # Foreign keys are not checked row by row while loading (the rows are built consistent);
    # a throwaway database, and its own session only.
    execute("SET session_replication_role = replica")
    detections = scale.detections * factor
    premises = _premises(detections * 4 // 100, scale)
    won = _registrations()
    _assignments()
    _detections(detections, scale)
    execute("SET session_replication_role = DEFAULT")
    execute("ANALYZE")
    return {"detections": detections, "premises": premises, "registrations": won}


def _premises(count: int, scale: Scale) -> int:
    from detection.models import Premises

    made = insert_select(
        Premises,
        {
            "name": "'Kedai ' || s.g",
            "location": RANDOM_POINT,
            "area_id": "ba.area_id",
            "status": "'open'",
            "first_detected_at": "s.t",
            "last_detected_at": "s.t",
            "detection_count": "1",
            "created_by_id": "ba.officers[1 + floor(random() * array_length(ba.officers, 1))::int]",
        },
        f"(SELECT g, g % {scale.areas} AS a, {RANDOM_MOMENT} AS t "
        f"FROM generate_series(1, {count}) g) s JOIN bench_dash_area ba ON ba.area_idx = s.a",
    )
    execute("DROP TABLE IF EXISTS bench_dash_premises")
    execute(
        "CREATE TABLE bench_dash_premises AS SELECT ba.area_idx, array_agg(p.id) AS ids "
        "FROM detection_premises p JOIN bench_dash_area ba ON ba.area_id = p.area_id GROUP BY ba.area_idx"
    )
    return made


def _registrations() -> int:
    """Three premises in ten become registered employers, 1 to 90 days after they were found,
    each with three workers."""
    from registry.models import Employer, Employment, InsuredPerson

    won = insert_select(
        Employer,
        {
            "employer_code": "'W' || lpad(p.id::text, 11, '0')",
            "name": "p.name",
            "registered_on": "'2025-01-01'",
        },
        "detection_premises p WHERE p.id % 10 < 3",
    )
    execute("""
        UPDATE detection_premises p
           SET status = 'registered', registered_employer_id = e.id,
               registered_at = p.first_detected_at + (1 + random() * 89) * interval '1 day'
          FROM registry_employer e WHERE e.employer_code = 'W' || lpad(p.id::text, 11, '0')""")
    insert_select(
        InsuredPerson,
        {
            "id_number": "'BP' || lpad(g::text, 10, '0')",
            "name": "'Pekerja ' || g",
            "date_of_birth": "'1990-01-01'",
            "gender": "'F'",
            "registered_on": "'2010-01-01'",
        },
        f"generate_series(1, {won * 3}) g",
    )
    insert_select(
        Employment,
        {"person_id": "p.id", "employer_id": "w.id", "started_on": "'2024-01-01'"},
        "(SELECT id, row_number() OVER (ORDER BY id) AS n FROM registry_insuredperson) p "
        "JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM registry_employer "
        "WHERE employer_code LIKE 'W%') w ON w.n = (p.n - 1) / 3 + 1",
    )
    return won


def _assignments() -> None:
    """Four premises in five are assigned the next day, due 14 days later; closed when registered,
    a third of the others closed within a month, the rest still open."""
    from dispatch.models import Assignment

    closes = "(p.status = 'registered' OR p.id % 3 = 0)"
    closed_at = (
        "CASE WHEN p.status = 'registered' "
        "THEN greatest(p.registered_at, p.first_detected_at + interval '1 day 1 hour') "
        "WHEN p.id % 3 = 0 THEN p.first_detected_at + (1 + random() * 30) * interval '1 day' END"
    )
    insert_select(
        Assignment,
        {
            "premises_id": "p.id",
            "inspector_id": "ba.inspector_id",
            "assigned_at": "p.first_detected_at + interval '1 day'",
            "due_on": "(p.first_detected_at AT TIME ZONE 'Asia/Kuala_Lumpur')::date + 15",
            "status": f"CASE WHEN {closes} THEN 'closed' ELSE 'open' END",
            "outcome": "CASE WHEN p.status = 'registered' THEN 'registered' "
            "WHEN p.id % 3 = 0 THEN 'ceased' ELSE '' END",
            "employer_id": "p.registered_employer_id",
            "closed_at": closed_at,
        },
        "detection_premises p JOIN bench_dash_area ba ON ba.area_id = p.area_id WHERE p.id % 5 <> 0",
    )


def _detections(count: int, scale: Scale) -> None:
    """Six checks in ten of a registered employer, three of a premises of the area, one of a worker."""
    from django.db import connection

    from detection.models import Detection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), count(*) FROM registry_employer WHERE employer_code LIKE 'G%'")
        first_employer, employers = cursor.fetchone()
    rebuild = _drop_indexes("detection_detection")
    insert_select(
        Detection,
        {
            "client_uuid": "gen_random_uuid()",
            "officer_id": "ba.officers[1 + floor(random() * array_length(ba.officers, 1))::int]",
            "observed_at": "s.t",
            "received_at": "s.t",
            "location": RANDOM_POINT,
            "subject": "CASE WHEN s.r < 0.6 THEN 'employer' WHEN s.r < 0.9 THEN 'premises' ELSE 'person' END",
            "outcome": "CASE WHEN s.r < 0.6 THEN 'compliant' "
            "WHEN s.r < 0.9 THEN 'unregistered' ELSE 'not_found' END",
            "employer_id": f"CASE WHEN s.r < 0.6 THEN {first_employer} "
            f"+ floor(s.r2 * {employers})::bigint END",
            "premises_id": "CASE WHEN s.r >= 0.6 AND s.r < 0.9 "
            "THEN bp.ids[1 + floor(s.r2 * array_length(bp.ids, 1))::int] END",
            "area_id": "ba.area_id",
        },
        f"(SELECT g, g % {scale.areas} AS a, random() AS r, random() AS r2, "
        f"{RANDOM_MOMENT} AS t FROM generate_series(1, {count}) g) s "
        "JOIN bench_dash_area ba ON ba.area_idx = s.a LEFT JOIN bench_dash_premises bp ON bp.area_idx = s.a",
    )
    for definition in rebuild:
        execute(definition)


def _drop_indexes(table: str) -> list[str]:
    """Indexes other than constraints, dropped for the load and rebuilt once, sorted, after it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
                 JOIN pg_class i ON i.oid = x.indexrelid
                 LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid
                WHERE x.indrelid = %s::regclass AND c.oid IS NULL""",
            [table],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


# --- measuring -------------------------------------------------------------------------------


def readers() -> dict[str, Callable[[], object]]:
    """The dashboard's reads, through the functions its pages and API call."""
    from django.test import Client

    from dashboard.breakdowns import breakdown, series
    from dashboard.filters import scoped_filters
    from dashboard.kpis import compare
    from dashboard.periods import Period
    from detection.models import Detection

    admin, supervisor = _bench_users()
    month, week = Period(start=MONTH[0], end=MONTH[1]), Period(start=WEEK[0], end=WEEK[1])
    national = scoped_filters(user=admin, period=month)
    office_week = scoped_filters(user=supervisor, period=week)
    office_month = scoped_filters(user=supervisor, period=month)
    start, end = month.bounds()
    client = Client(HTTP_HOST="localhost")
    client.force_login(supervisor)
    page = f"/dashboard/?from={WEEK[0]}&to={WEEK[1]}&by=officer"
    return {
        "summary": lambda: compare(filters=national, today=TODAY),
        "by_area": lambda: breakdown(filters=national, by="area", today=TODAY),
        "office_summary": lambda: compare(filters=office_week, today=TODAY),
        "office_by_officer": lambda: breakdown(filters=office_month, by="officer", today=TODAY),
        "series": lambda: series(filters=national),
        "page": lambda: _ok(client.get(page)),
        "facts_count": lambda: Detection.objects.filter(observed_at__gte=start, observed_at__lt=end).count(),
    }


def _ok(response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"dashboard page answered {response.status_code}")


def _bench_users():
    from django.contrib.auth.models import Group

    from nforce.models import Office, User

    admin, _ = User.objects.get_or_create(
        staff_number="BENCHADMIN",
        defaults={"full_name": "Bench admin", "is_superuser": True, "is_staff": True},
    )
    supervisor, made = User.objects.get_or_create(
        staff_number="BENCHSUP",
        defaults={"full_name": "Bench supervisor", "home_office": Office.objects.order_by("code").first()},
    )
    if made:
        supervisor.groups.add(Group.objects.get(name="supervisor"))
    return admin, supervisor


NAMES = {
    "summary": "summary (8 figures, this and previous period), national, a month",
    "by_area": "table by area, national, a month",
    "office_summary": "summary, one office (5 areas), a week",
    "office_by_officer": "table by officer, one office, a month",
    "series": "series over time, national, a month",
    "page": "dashboard page (HTML, all reads), one office, a week",
    "facts_count": "for contrast: checks of a month counted from the detections",
}


def build(scale: Scale, factor: int, name: str):
    """A database at `factor` times the volume, its rollups rebuilt; returns its connection and sizes."""
    from django.db import connection

    from dashboard.rollups import rebuild_rollups

    create_database(name)
    wrapper = connect(name)
    log(f"{factor}x: migrating {name}")
    migrate()
    build_staff(scale)
    started = time.perf_counter()
    sizes = build_facts(scale, factor)
    built = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_rollups()
    rebuilt = time.perf_counter() - started
    # Nothing left for autovacuum to do, and no dirty pages to write, while the reads are timed.
    execute("VACUUM ANALYZE")
    execute("CHECKPOINT")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM nforce_activityrollup")
        sizes["activity_rows"] = cursor.fetchone()[0]
    sizes.update(build_s=round(built), rebuild_s=round(rebuilt, 1))
    log(f"{factor}x: {sizes}")
    # Timed on a fresh server process: the one that loaded millions of rows is not the one a
    # dashboard request meets, and it measured slower than a new one for the same queries.
    wrapper.close()
    return wrapper, sizes


def writer() -> Callable[[], object]:
    from dashboard.periods import Period
    from dashboard.rollups import refresh_rollups

    day = Period(start=date(2025, 6, 4), end=date(2025, 6, 4))
    return lambda: refresh_rollups(period=day)


def timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def interleaved(wrappers: dict[int, object], calls: dict[int, Callable], *, runs: int = RUNS, warm: int = 3):
    """Median ms per scale, the scales taking turns (and turns about who goes first)."""
    samples: dict[int, list[float]] = {factor: [] for factor in wrappers}
    for turn in range(warm + runs):
        for factor in FACTORS if turn % 2 == 0 else tuple(reversed(FACTORS)):
            activate(wrappers[factor])
            took = timed_ms(calls[factor])
            if turn >= warm:
                samples[factor].append(took)
    return {factor: statistics.median(values) for factor, values in samples.items()}


def measure_all(wrappers: dict[int, object]) -> dict[str, dict[int, float]]:
    calls = {}
    for factor, wrapper in wrappers.items():
        activate(wrapper)
        calls[factor] = {**readers(), "refresh_day": writer()}
    return {
        key: interleaved(wrappers, {factor: calls[factor][key] for factor in wrappers})
        for key in (*NAMES, "refresh_day")
    }


def rows_of(times: dict[str, dict[int, float]]) -> list[dict]:
    """The harness's rows: the headline (summary + table by area), then each read on its own."""
    head = ("summary", "by_area")
    floor, subject = (sum(times[key][factor] for key in head) for factor in FACTORS)
    rows = [_row("dashboard summary + table by area at 10x detections vs at 1x", floor, subject, goal=True)]
    for key, name in NAMES.items():
        rows.append(_row(name, times[key][1], times[key][10], goal=key != "facts_count"))
    name = "refresh of one day's rollups (the write path, after a commit)"
    rows.append(_row(name, times["refresh_day"][1], times["refresh_day"][10], goal=False))
    return rows


def _row(name: str, floor: float, subject: float, *, goal: bool) -> dict:
    ratio = subject / floor if floor else None
    return {
        "name": name,
        "floor": round(floor, 3),
        "subject": round(subject, 3),
        "ratio": round(ratio, 3) if ratio is not None else None,
        "goal": f"<= {GOAL}x" if goal else None,
        "met": (ratio <= GOAL) if goal and ratio is not None else None,
        "unit": "ms",
    }


def measure(scale: Scale, names: dict[int, str]) -> tuple[list[dict], dict[int, dict]]:
    wrappers, sizes = {}, {}
    for factor in FACTORS:
        wrappers[factor], sizes[factor] = build(scale, factor, names[factor])
    rows = rows_of(measure_all(wrappers))
    for wrapper in wrappers.values():
        wrapper.close()
    return rows, sizes


def report(rows: list[dict], sizes: dict[int, dict]) -> str:
    one, ten = sizes[1], sizes[10]
    lines = [
        f"detections: {one['detections']:,} (1x) vs {ten['detections']:,} (10x); "
        f"activity rollup rows: {one['activity_rows']:,} vs {ten['activity_rows']:,}; "
        f"rollup rebuild: {one['rebuild_s']}s vs {ten['rebuild_s']}s",
        f"timed interleaved, 1x and 10x taking turns: median of {RUNS} pairs after 3 warm-up pairs",
        "",
        f"{'':64} {'1x ms':>9} {'10x ms':>9} {'ratio':>7}  goal",
    ]
    for row in rows:
        verdict = "" if row["goal"] is None else ("met" if row["met"] else "NOT MET")
        goal = f"{row['goal']} {verdict}" if row["goal"] else "(none)"
        lines.append(
            f"{row['name'][:64]:64} {row['floor']:9.2f} {row['subject']:9.2f} {row['ratio']:6.2f}x  {goal}"
        )
    return "\n".join(lines)


# --- entry points ----------------------------------------------------------------------------


def run(quick: bool = False) -> list[dict]:
    """bench.external's contract: Django is set up (on the shared bench database, left alone)."""
    names = database_names()
    try:
        rows, sizes = measure(SCALES["quick" if quick else "full"], names)
        log(report(rows, sizes))
        return rows
    finally:
        for name in names.values():
            drop_database(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard_scale", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="12 areas, 60k then 600k detections")
    parser.add_argument("--keep", action="store_true", help="keep the two databases afterwards")
    args = parser.parse_args(argv)
    names = database_names()
    # Django's settings need a database that is not the app's; connect() points at each in turn.
    os.environ["DATABASE_URL"] = f"postgis:///{names[1]}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    try:
        rows, sizes = measure(SCALES["quick" if args.quick else "full"], names)
        print(report(rows, sizes))
        return 0 if rows[0]["met"] else 1
    finally:
        if not args.keep:
            for name in names.values():
                drop_database(name)


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark dataset: employers, insured persons, employments and 20 years of contributions.

Generated in SQL (generate_series and a seeded hash, no random()), so the same scale and seed
give the same rows on every machine, in ~10-20 minutes at national scale on 2 cores.
`seed_demo` (demo/registry.py, which goes through the CSV importer as real data does) came later
and is about as fast (measured: 2.3 million contribution-months in 13.4 s for 20,000 persons),
but it loads each batch of persons with all their years at once, so a person's rows sit together
on one or two pages: a cold read would then cost far less than on data that arrived month by
month. The importer itself is measured on a sample (bench/import_speed.py).

Contributions are written year by year, all persons of 2007, then all of 2008..., as monthly
imports write them: a person's rows end up on ~16 different heap pages, as in production, so
the cold-cache benchmark reads what a real record costs.

The scale is recorded in the table bench_dataset; a matching build is reused.
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import connection

from . import words
from .towns import malaysian_towns

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 3
LAST_YEAR, LAST_MONTH = 2026, 10  # the newest month paid in the dataset
FOREIGN_SHARE = 0.15  # foreign workers: covered (EI only, category 2) from 2019
CEASED_SHARE = 0.05


@dataclass(frozen=True)
class Scale:
    name: str
    employers: int
    persons: int
    years: int = 20
    seed: int = 2026

    @property
    def first_year(self) -> int:
        return LAST_YEAR - self.years + 1


SCALES = {
    "quick": Scale("quick", employers=20_000, persons=50_000),
    # 2.4M persons so that the 85% who are citizens (2.04M) all have 20 years of contributions.
    "national": Scale("national", employers=600_000, persons=2_400_000),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- database -------------------------------------------------------------------------------


def ensure_database(name: str) -> None:
    """Create the bench database if missing and bring its schema up to date."""
    exists = subprocess.run(
        ["psql", "-h", "/var/run/postgresql", "-d", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        log(f"creating database {name}")
        subprocess.run(["createdb", "-h", "/var/run/postgresql", name], check=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, check=True, env=_django_env(name),
    )  # fmt: skip


def _django_env(database: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"postgis:///{database}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


def recorded_scale() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT scale::text FROM bench_dataset ORDER BY built_at DESC LIMIT 1")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _wanted(scale: Scale) -> dict:
    return {**asdict(scale), "version": GENERATOR_VERSION, "last_month": f"{LAST_YEAR}-{LAST_MONTH:02d}"}


def ensure_dataset(scale: Scale) -> bool:
    """Build the dataset unless the database already holds this one. True when it was built."""
    if recorded_scale() == _wanted(scale):
        log(f"dataset {scale.name} already built: reused")
        return False
    started = time.monotonic()
    build(scale)
    _record(scale, time.monotonic() - started)
    return True


def _record(scale: Scale, seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (scale jsonb NOT NULL, built_at timestamptz "
            "NOT NULL DEFAULT now(), build_seconds float8 NOT NULL)"
        )
        cursor.execute("TRUNCATE bench_dataset")
        cursor.execute(
            "INSERT INTO bench_dataset (scale, build_seconds) VALUES (%s, %s)",
            [json.dumps(_wanted(scale)), seconds],
        )


# --- build ----------------------------------------------------------------------------------

REGISTRY_TABLES = (
    "registry_contributionyear", "registry_employment", "registry_insuredperson", "registry_employer",
)  # fmt: skip


def build(scale: Scale) -> None:
    log(f"building dataset {scale.name}: {scale.employers:,} employers, {scale.persons:,} persons, "
        f"{scale.years} years")  # fmt: skip
    with connection.cursor() as cursor:
        # Long statements, big sorts; FK triggers off (ids come from the same ranges by construction).
        cursor.execute(
            "SET statement_timeout = 0; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'; "
            "SET session_replication_role = replica; SET synchronous_commit = off"
        )
        if _has_table(cursor, "bench_dataset"):
            cursor.execute("TRUNCATE bench_dataset")
        emptied = ", ".join((*REGISTRY_TABLES, "registry_nameword", "nforce_auditevent"))
        cursor.execute(f"TRUNCATE {emptied} RESTART IDENTITY CASCADE")
        _install_helpers(cursor, scale)
        saved = [_drop_indexes(cursor, table) for table in REGISTRY_TABLES]
        for step in (_employers, _persons, _jobs, _employments, _contributions, _last_paid):
            _timed(step, cursor, scale)
        for definitions in saved:
            _timed(_recreate, cursor, definitions)
        cursor.execute("DROP TABLE bench_vocab, bench_town, bench_person, bench_job")
        _set_sequences(cursor)
        cursor.execute("SET session_replication_role = DEFAULT")
    _timed(_vocabulary, None, scale)
    _timed(_vacuum, None, scale)


def _vocabulary(cursor, scale: Scale) -> None:
    """The name search's vocabulary: its triggers were off during the load."""
    from registry.name_search import collect_vocabulary

    collect_vocabulary()


def _has_table(cursor, name: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    return cursor.fetchone()[0]


def _timed(step, cursor, argument) -> None:
    started = time.monotonic()
    step(cursor, argument)
    label = step.__name__.strip("_")
    log(f"  {label}: {time.monotonic() - started:.1f} s")


def _install_helpers(cursor, scale: Scale) -> None:
    """u(i, salt): a uniform number in [0, 1) from a seeded hash: the dataset's only randomness."""
    cursor.execute(
        f"""
        CREATE OR REPLACE FUNCTION bench_u(i bigint, salt int) RETURNS float8
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT ((hashint8extended(i, salt::bigint * 1000003 + {scale.seed}) >> 11)
                   & 4503599627370495)::float8 / 4503599627370496.0 $$;
        DROP TABLE IF EXISTS bench_vocab, bench_town, bench_person, bench_job;
        CREATE UNLOGGED TABLE bench_vocab AS SELECT
            %(kinds)s::text[] AS kinds, %(industries)s::text[] AS industries,
            %(distinctive)s::text[] AS dist, %(suffixes)s::text[] AS suffixes,
            %(streets)s::text[] AS streets, %(msic)s::text[] AS msic,
            %(malay_m)s::text[] AS malay_m, %(malay_f)s::text[] AS malay_f,
            %(chinese_surnames)s::text[] AS zh_sur, %(chinese_given)s::text[] AS zh_given,
            %(indian)s::text[] AS indian, %(foreign_given)s::text[] AS fw_given,
            %(foreign_surnames)s::text[] AS fw_sur, %(nationalities)s::text[] AS fw_nat
        """,
        {
            "kinds": list(words.PREMISES_KINDS), "industries": list(words.INDUSTRIES),
            "distinctive": list(words.DISTINCTIVE), "suffixes": list(words.REGISTERED_SUFFIXES),
            "streets": list(words.STREET_WORDS), "msic": list(words.MSIC_CODES),
            "malay_m": list(words.MALAY_GIVEN), "malay_f": list(words.MALAY_GIVEN_F),
            "chinese_surnames": list(words.CHINESE_SURNAMES), "chinese_given": list(words.CHINESE_GIVEN),
            "indian": list(words.INDIAN_GIVEN), "foreign_given": list(words.FOREIGN_GIVEN),
            "foreign_surnames": list(words.FOREIGN_SURNAMES),
            "nationalities": list(words.FOREIGN_NATIONALITIES),
        },
    )  # fmt: skip
    _install_towns(cursor)


def _install_towns(cursor) -> None:
    towns = malaysian_towns()
    total = sum(town.population for town in towns)
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_town (idx int PRIMARY KEY, name text, state text, postcode text, "
        "lat float8, lon float8, radius_m float8, cum float8)"
    )
    rows, cumulative = [], 0.0
    for idx, town in enumerate(towns, start=1):
        rows.append(
            (idx, town.name, town.state, town.postcode, town.lat, town.lon, town.radius_m, cumulative)
        )
        cumulative += town.population / total
    cursor.executemany("INSERT INTO bench_town VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def _drop_indexes(cursor, table: str) -> list[str]:
    """Drop the indexes that are not unique constraints (and the PK of the big table); return how
    to rebuild them. Building an index once, sorted, is far faster than growing it row by row."""
    cursor.execute(
        """SELECT i.relname, pg_get_indexdef(x.indexrelid), c.conname, pg_get_constraintdef(c.oid)
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
            WHERE x.indrelid = %s::regclass ORDER BY i.relname""",
        [table],
    )
    rebuild = []
    for index, index_def, constraint, constraint_def in cursor.fetchall():
        if constraint is None:
            cursor.execute(f'DROP INDEX "{index}"')
            rebuild.append(index_def)
        elif table == "registry_contributionyear":
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {constraint_def}')
    return rebuild


def _recreate(cursor, definitions: list[str]) -> None:
    for definition in definitions:
        cursor.execute(definition)


def _set_sequences(cursor) -> None:
    for table in ("registry_employer", "registry_insuredperson", "registry_employment"):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
        )


def _vacuum(_cursor, _scale) -> None:
    with connection.cursor() as cursor:
        for table in REGISTRY_TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


# --- employers --------------------------------------------------------------------------------

# name_key(name) is the name without its company words: only suffixes (and PERNIAGAAN) are company
# words in the vocabulary (words._check_vocabulary), so the key is computed here in SQL, and
# check_generated_keys() compares it with registry.names.name_key on a sample.
EMPLOYERS_SQL = """
INSERT INTO registry_employer (id, employer_code, business_registration_no, ssm_new, ssm_old, name,
    trading_name, name_key, trading_name_key, address, postcode, state, msic_code, location,
    registered_on, ceased_on, last_paid_month, row_version)
SELECT i, 'E' || lpad(i::text, 11, '0'),
       CASE WHEN has_new THEN ssm_new || ' (' || ssm_old || ')' ELSE ssm_old END,
       CASE WHEN has_new THEN ssm_new END, ssm_old,
       concat_ws(' ', prefix, key, suffix), trading, key, trading,
       address || ', ' || upper(t.name), t.postcode, t.state, msic,
       ST_SetSRID(ST_MakePoint(t.lon + spread * t.radius_m * sin(angle) / (111320 * cos(radians(t.lat))),
                               t.lat + spread * t.radius_m * cos(angle) / 111320), 4326)::geography,
       registered_on,
       CASE WHEN i > %(active)s
            THEN registered_on + 1 + floor(bench_u(i, 30) * (date '2026-06-01' - registered_on - 1))::int END,
       NULL,
       -- what the row-version trigger (off during the load) would have given: packs read it
       nextval('registry_employer_row_version')
FROM (
    SELECT i, has_new, ssm_old, registered_on, msic, address, spread, angle, town,
           lpad(extract(year FROM registered_on)::text, 4, '0') || '0' || (1 + floor(bench_u(i, 31) * 3))::int
               || lpad(i::text, 6, '0') AS ssm_new,
           CASE pattern WHEN 0 THEN concat_ws(' ', kind, w1, w2, w3)
                        WHEN 1 THEN concat_ws(' ', w1, w2, w3, industry)
                        ELSE concat_ws(' ', w1, w2, w3) END AS key,
           CASE pattern WHEN 0 THEN suffix WHEN 1 THEN 'SDN BHD'
                        ELSE CASE WHEN sole_style THEN NULL ELSE 'ENTERPRISE' END END AS suffix,
           CASE WHEN pattern = 2 AND sole_style THEN 'PERNIAGAAN' END AS prefix,
           CASE WHEN pattern = 0 AND bench_u(i, 29) < 0.3 THEN concat_ws(' ', w1, w2, w3)
                WHEN pattern = 1 AND bench_u(i, 29) < 0.5 THEN concat_ws(' ', kind, w1, w2)
                WHEN pattern = 2 AND bench_u(i, 29) < 0.6 THEN concat_ws(' ', kind, w1)
                ELSE '' END AS trading
    FROM (
        SELECT i,
               CASE WHEN bench_u(i, 21) < 0.45 THEN 0 WHEN bench_u(i, 21) < 0.80 THEN 1 ELSE 2 END AS pattern,
               bench_u(i, 32) < 0.5 AS sole_style,
               v.kinds[1 + floor(bench_u(i, 22) * cardinality(v.kinds))::int] AS kind,
               v.dist[1 + floor(bench_u(i, 23) * cardinality(v.dist))::int] AS w1,
               v.dist[1 + floor(bench_u(i, 24) * cardinality(v.dist))::int] AS w2,
               CASE WHEN bench_u(i, 25) < 0.4
                    THEN v.dist[1 + floor(bench_u(i, 26) * cardinality(v.dist))::int] END AS w3,
               v.industries[1 + floor(bench_u(i, 27) * cardinality(v.industries))::int] AS industry,
               NULLIF(v.suffixes[1 + floor(bench_u(i, 28) * cardinality(v.suffixes))::int], '') AS suffix,
               bench_u(i, 33) < 0.7 AS has_new,
               (100000 + i)::text || '-' || chr(65 + floor(bench_u(i, 34) * 26)::int) AS ssm_old,
               date '1975-01-01' + floor(bench_u(i, 35) * 17900)::int AS registered_on,
               v.msic[1 + floor(bench_u(i, 36) * cardinality(v.msic))::int] AS msic,
               'NO ' || (1 + floor(bench_u(i, 37) * 200))::int || ', '
                   || v.streets[1 + floor(bench_u(i, 38) * cardinality(v.streets))::int] || ' '
                   || v.dist[1 + floor(bench_u(i, 39) * cardinality(v.dist))::int] || ' '
                   || (1 + floor(bench_u(i, 40) * 30))::int AS address,
               -- uniform over a disc around the town centre
               sqrt(bench_u(i, 41)) AS spread, 2 * pi() * bench_u(i, 42) AS angle,
               width_bucket(bench_u(i, 43), %(cum)s::float8[]) AS town
        FROM generate_series(1, %(employers)s) i CROSS JOIN bench_vocab v
    ) picked
) named
JOIN bench_town t ON t.idx = named.town
"""


def _employers(cursor, scale: Scale) -> None:
    cursor.execute("SELECT array_agg(cum ORDER BY idx) FROM bench_town")
    cumulative = cursor.fetchone()[0]
    cursor.execute(
        EMPLOYERS_SQL,
        {"employers": scale.employers, "active": _active_employers(scale), "cum": cumulative},
    )


def _active_employers(scale: Scale) -> int:
    """Employers 1..active trade; the last 5% have ceased, and take on no workers."""
    return int(scale.employers * (1 - CEASED_SHARE))


# --- persons and their careers -----------------------------------------------------------------

PERSON_PLAN_SQL = """
CREATE UNLOGGED TABLE bench_person AS
SELECT i AS id, foreign_worker, gender, dob, start_m, end_m, jobs, wage_rm, f1, f2, e1,
       CASE WHEN e2 = e1 THEN mod(e2, %(active)s) + 1 ELSE e2 END AS e2,
       e3, ethnic
FROM (
    SELECT i, foreign_worker, gender, dob, start_m,
           CASE WHEN bench_u(i, 7) < 0.12 AND %(last_m)s - start_m > 24
                THEN start_m + 12 + floor(bench_u(i, 8) * (%(last_m)s - start_m - 12))::int
                ELSE %(last_m)s END AS end_m,
           CASE WHEN foreign_worker THEN 1 + floor(bench_u(i, 9) * 2)::int
                ELSE 1 + floor(bench_u(i, 9) * 3)::int END AS jobs,
           CASE WHEN foreign_worker THEN 1500 + floor(bench_u(i, 10) * 1000)::int
                ELSE 1200 + floor(power(bench_u(i, 10), 2) * 9000)::int END AS wage_rm,
           bench_u(i, 11) AS f1, bench_u(i, 12) AS f2,
           employer_1 AS e1, employer_2 AS e2, employer_3 AS e3, bench_u(i, 19) AS ethnic
    FROM (
        SELECT i, foreign_worker, gender, dob,
               CASE WHEN foreign_worker
                    THEN 2019 * 12 + floor(bench_u(i, 5) * (%(last_m)s - 2019 * 12 - 12))::int
                    ELSE greatest(%(first_m)s + floor(bench_u(i, 5) * 6)::int,
                                  (extract(year FROM dob)::int + 18) * 12 + extract(month FROM dob)::int - 1
                                  + floor(bench_u(i, 6) * 24)::int) END AS start_m,
               bench_employer(i * 4 + 1, %(active)s) AS employer_1,
               bench_employer(i * 4 + 2, %(active)s) AS employer_2,
               bench_employer(i * 4 + 3, %(active)s) AS employer_3
        FROM (
            SELECT i, bench_u(i, 1) < %(foreign)s AS foreign_worker,
                   CASE WHEN bench_u(i, 2) < 0.5 THEN 'M' ELSE 'F' END AS gender,
                   CASE WHEN bench_u(i, 1) < %(foreign)s
                        THEN date '1975-01-01' + floor(bench_u(i, 4) * 9100)::int
                        WHEN bench_u(i, 3) < 0.2 THEN date '1989-01-01' + floor(bench_u(i, 4) * 5470)::int
                        ELSE date '1958-01-01' + floor(bench_u(i, 4) * 11320)::int END AS dob
            FROM generate_series(1, %(persons)s) i
        ) born
    ) started
) planned
"""
# Half the jobs are at an employer picked uniformly, half skewed towards the low ids: a few
# employers with thousands of workers, most with a handful, as in the real registry.
EMPLOYER_PICK_SQL = """
CREATE OR REPLACE FUNCTION bench_employer(job bigint, active int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT 1 + CASE WHEN bench_u(job, 14) < 0.5 THEN floor(bench_u(job, 15) * active)
                   ELSE floor(power(bench_u(job, 15), 2) * active) END::int $$
"""
PERSONS_SQL = """
INSERT INTO registry_insuredperson (id, id_number, name, date_of_birth, gender, nationality, registered_on)
SELECT p.id,
       CASE WHEN p.foreign_worker THEN chr(65 + mod(p.id, 26)::int) || lpad(p.id::text, 8, '0')
            ELSE to_char(p.dob, 'YYMMDD') || place
                 || lpad((2 * (row_number() OVER (PARTITION BY p.foreign_worker, p.dob, place
                                                   ORDER BY p.id) - 1)
                          + CASE WHEN p.gender = 'M' THEN 1 ELSE 0 END)::text, 4, '0') END,
       CASE WHEN p.foreign_worker
                THEN v.fw_given[1 + floor(bench_u(p.id, 16) * cardinality(v.fw_given))::int] || ' '
                     || v.fw_sur[1 + floor(bench_u(p.id, 17) * cardinality(v.fw_sur))::int]
            WHEN p.ethnic < 0.6 AND p.gender = 'M'
                THEN v.malay_m[1 + floor(bench_u(p.id, 16) * cardinality(v.malay_m))::int] || ' BIN '
                     || v.malay_m[1 + floor(bench_u(p.id, 17) * cardinality(v.malay_m))::int]
            WHEN p.ethnic < 0.6
                THEN v.malay_f[1 + floor(bench_u(p.id, 16) * cardinality(v.malay_f))::int] || ' BINTI '
                     || v.malay_m[1 + floor(bench_u(p.id, 17) * cardinality(v.malay_m))::int]
            WHEN p.ethnic < 0.85
                THEN v.zh_sur[1 + floor(bench_u(p.id, 16) * cardinality(v.zh_sur))::int] || ' '
                     || v.zh_given[1 + floor(bench_u(p.id, 17) * cardinality(v.zh_given))::int]
            ELSE v.indian[1 + floor(bench_u(p.id, 16) * cardinality(v.indian))::int]
                 || CASE WHEN p.gender = 'M' THEN ' A/L ' ELSE ' A/P ' END
                 || v.indian[1 + floor(bench_u(p.id, 17) * cardinality(v.indian))::int] END,
       p.dob, p.gender,
       CASE WHEN p.foreign_worker THEN v.fw_nat[1 + floor(bench_u(p.id, 18) * cardinality(v.fw_nat))::int]
            ELSE 'MY' END,
       make_date(p.start_m / 12, mod(p.start_m, 12) + 1, 1)
FROM bench_person p CROSS JOIN bench_vocab v
CROSS JOIN LATERAL (SELECT lpad((1 + floor(bench_u(p.id, 20) * 14))::int::text, 2, '0') AS place) born_in
ORDER BY p.id
"""


def _persons(cursor, scale: Scale) -> None:
    cursor.execute(EMPLOYER_PICK_SQL)
    params = {
        "persons": scale.persons,
        "active": _active_employers(scale),
        "foreign": FOREIGN_SHARE,
        "first_m": scale.first_year * 12,
        "last_m": LAST_YEAR * 12 + LAST_MONTH - 1,
    }
    cursor.execute(PERSON_PLAN_SQL, params)
    # A third job at an employer already in the career would collide in the primary key: move it
    # along until it is free (a handful of rows; deterministic).
    while True:
        cursor.execute(
            "UPDATE bench_person SET e3 = mod(e3, %(active)s) + 1 WHERE e3 IN (e1, e2)",
            {"active": _active_employers(scale)},
        )
        if not cursor.rowcount:
            break
    cursor.execute(PERSONS_SQL)


# Careers cut into 1-3 jobs at hashed fractions; 0-3 months without work between two jobs.
JOBS_SQL = """
CREATE UNLOGGED TABLE bench_job AS
SELECT id AS person_id, j, employer_id, foreign_worker, birth_year, wage_rm * (1 + 0.1 * (j - 1)) AS wage_rm,
       start_m, end_m, id * 4 + j AS job_key
FROM (
    SELECT p.id, j.j, p.foreign_worker, extract(year FROM p.dob)::int AS birth_year, p.wage_rm,
           CASE j.j WHEN 1 THEN p.e1 WHEN 2 THEN p.e2 ELSE p.e3 END AS employer_id,
           p.start_m + floor((p.end_m - p.start_m) * cut_from)::int
               + CASE WHEN j.j > 1 THEN floor(bench_u(p.id * 4 + j.j, 13) * 4)::int ELSE 0 END AS start_m,
           CASE WHEN j.j = p.jobs THEN p.end_m
                ELSE p.start_m + floor((p.end_m - p.start_m) * cut_to)::int - 1 END AS end_m
    FROM bench_person p
    CROSS JOIN LATERAL generate_series(1, p.jobs) j(j)
    CROSS JOIN LATERAL (SELECT
        CASE j.j WHEN 1 THEN 0.0 WHEN 2 THEN CASE WHEN p.jobs = 2 THEN p.f1 ELSE least(p.f1, p.f2) END
                 ELSE greatest(p.f1, p.f2) END AS cut_from,
        CASE WHEN j.j = 1 AND p.jobs = 2 THEN p.f1 WHEN j.j = 1 THEN least(p.f1, p.f2)
             ELSE greatest(p.f1, p.f2) END AS cut_to) cuts
) jobs
WHERE start_m <= end_m
ORDER BY person_id, j
"""


def _jobs(cursor, scale: Scale) -> None:
    cursor.execute(JOBS_SQL)


EMPLOYMENTS_SQL = """
INSERT INTO registry_employment (person_id, employer_id, started_on, ended_on)
SELECT person_id, employer_id,
       make_date(start_m / 12, mod(start_m, 12) + 1, 1) + floor(bench_u(job_key, 44) * 28)::int,
       CASE WHEN end_m < %(last_m)s
            THEN (make_date(end_m / 12, mod(end_m, 12) + 1, 1) + interval '1 month - 1 day')::date END
FROM bench_job ORDER BY person_id, j
"""


def _employments(cursor, scale: Scale) -> None:
    cursor.execute(EMPLOYMENTS_SQL, {"last_m": LAST_YEAR * 12 + LAST_MONTH - 1})


def _month_expression(month: int) -> str:
    """Wage of month `month` (0-11) of the row's year, or NULL: outside the job, or in a gap (a job's
    last month is always paid, so that it is the employer's last paid month)."""
    m = f"(%(year)s * 12 + {month})"
    return (
        f"CASE WHEN start_m <= {m} AND {m} <= end_m "
        f"AND NOT (gap AND {month} BETWEEN gap_from AND gap_to AND {m} <> end_m) THEN wage_sen END"
    )


CONTRIBUTIONS_SQL = f"""
INSERT INTO registry_contributionyear (person_id, year, employer_id, category, wages_sen)
SELECT person_id, %(year)s, employer_id, category, wages FROM (
    SELECT person_id, employer_id, category,
           ARRAY[{", ".join(_month_expression(m) for m in range(12))}] AS wages
    FROM (
        SELECT person_id, employer_id, start_m, end_m,
               CASE WHEN foreign_worker OR %(year)s - birth_year > 60 THEN 2 ELSE 1 END AS category,
               (round(wage_rm * power(1.03, %(year)s - %(first_year)s)) * 100)::int AS wage_sen,
               bench_u(job_key * 64 + %(year)s, 50) < 0.1 AS gap,
               floor(bench_u(job_key * 64 + %(year)s, 51) * 12)::int AS gap_from,
               floor(bench_u(job_key * 64 + %(year)s, 51) * 12)::int
                   + floor(bench_u(job_key * 64 + %(year)s, 52) * 3)::int AS gap_to
        FROM bench_job
        WHERE start_m <= %(year)s * 12 + 11 AND end_m >= %(year)s * 12
    ) job_year
) rows
WHERE num_nonnulls(VARIADIC wages) > 0
"""


def _contributions(cursor, scale: Scale) -> None:
    for year in range(scale.first_year, LAST_YEAR + 1):
        started = time.monotonic()
        cursor.execute(CONTRIBUTIONS_SQL, {"year": year, "first_year": scale.first_year})
        log(f"    contributions {year}: {cursor.rowcount:,} rows, {time.monotonic() - started:.1f} s")


def _last_paid(cursor, scale: Scale) -> None:
    cursor.execute(
        """UPDATE registry_employer e SET last_paid_month = make_date(last.m / 12, mod(last.m, 12) + 1, 1)
             FROM (SELECT employer_id, max(end_m) AS m FROM bench_job GROUP BY 1) last
            WHERE e.id = last.employer_id"""
    )


# --- checks of the generated rows against the application's own rules ------------------------


def check_generated_rows(sample: int = 2000) -> list[str]:
    """Problems found when a sample of generated rows goes through the registry's validators."""
    from datetime import date

    from registry.identifiers import InvalidIdentifier, check_mykad_against, parse_ssm
    from registry.models import Employer, InsuredPerson
    from registry.names import name_key

    problems = []
    for employer in Employer.objects.filter(id__in=_spread_ids(Employer, sample)).iterator():
        if name_key(employer.name) != employer.name_key:
            problems.append(
                f"employer {employer.pk}: key {employer.name_key!r} != {name_key(employer.name)!r}"
            )
        if employer.trading_name and name_key(employer.trading_name) != employer.trading_name_key:
            problems.append(f"employer {employer.pk}: trading key differs")
        try:
            parse_ssm(employer.business_registration_no, on=date(2026, 12, 31))
        except InvalidIdentifier as error:
            problems.append(f"employer {employer.pk}: {error}")
    persons = InsuredPerson.objects.filter(id__in=_spread_ids(InsuredPerson, sample), nationality="MY")
    for person in persons.iterator():
        try:
            check_mykad_against(person.id_number, born_on=person.date_of_birth, gender=person.gender)
        except InvalidIdentifier as error:
            problems.append(f"person {person.pk}: {error}")
    return problems


def _spread_ids(model, count: int) -> list[int]:
    """`count` ids spread evenly over the table: a deterministic sample."""
    last = model.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return list(range(1, last + 1, max(1, last // count)))

"""Where the time goes in the rows that miss their goal: `python -m bench.profiles fuzzy|eligibility|
person|detection|import [--quick]`. Evidence for the report, not part of `make bench`.

fuzzy         the name search's SQL on a copy of the employer names, with the app's index (GiST,
              default signature), a GiST with a 256-byte signature, and a GIN index queried with
              the similarity operator (%): p50/p95 and recall@10 of each on the labelled set.
eligibility   one person's facts + rules split into: ORM compile, SQL, JSON decode, insured(), rules.
person        the person check's three queries against one query returning the same facts.
detection     cProfile of the ingest of 200 detections, and the SQL it sends per detection.
import        each SQL statement of import_directory() on the benchmark's sample, timed.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date

# The distinctive words of a key: the trade words (KEDAI, RESTORAN...) dropped, as
# detection/matching.py does for premises; they are on a third of all names and make the
# trigram indexes unselective.
DISTINCTIVE_COLUMNS = """
    ALTER TABLE bench_fuzzy ADD COLUMN d_name text, ADD COLUMN d_trading text;
    CREATE FUNCTION pg_temp.distinctive(key text, words text) RETURNS text LANGUAGE sql AS $$
        SELECT coalesce(nullif(btrim(regexp_replace(
                   regexp_replace(key, words, '', 'g'), '\\s+', ' ', 'g')), ''), key)
    $$;
    UPDATE bench_fuzzy SET d_name = pg_temp.distinctive(name_key, %(words)s),
                           d_trading = pg_temp.distinctive(trading_name_key, %(words)s);
"""
KNN_SQL = """
WITH candidates AS (
    (SELECT id FROM bench_fuzzy ORDER BY {name} <-> %(key)s LIMIT 40)
    UNION
    (SELECT id FROM bench_fuzzy WHERE {trading} <> '' ORDER BY {trading} <-> %(key)s LIMIT 40))
SELECT id FROM (
    SELECT e.id, greatest(similarity(e.name_key, %(full)s), similarity(e.trading_name_key, %(full)s)) AS score
      FROM bench_fuzzy e JOIN candidates c USING (id)) scored
 WHERE score >= 0.3 ORDER BY score DESC, id LIMIT 20
"""
# The GIN index answers "similarity above the threshold" (pg_trgm.similarity_threshold = 0.3, the
# app's MIN_NAME_SCORE); the ranking is done on the candidates it returns.
THRESHOLD_SQL = """
SELECT id FROM (
    SELECT id, greatest(similarity(name_key, %(full)s), similarity(trading_name_key, %(full)s)) AS score
      FROM bench_fuzzy WHERE {name} %% %(key)s OR {trading} %% %(key)s) scored
 ORDER BY score DESC, id LIMIT 20
"""
FUZZY_VARIANTS = {
    # name: (index DDL on bench_fuzzy, search SQL, columns searched)
    "gist (app's index, siglen 12)": ("gist ({col} gist_trgm_ops)", KNN_SQL, "full"),
    "gist siglen=256": ("gist ({col} gist_trgm_ops(siglen=256))", KNN_SQL, "full"),
    "gin + similarity operator %": ("gin ({col} gin_trgm_ops)", THRESHOLD_SQL, "full"),
    "gist on distinctive words": ("gist ({col} gist_trgm_ops)", KNN_SQL, "distinctive"),
    "gin + % on distinctive words": ("gin ({col} gin_trgm_ops)", THRESHOLD_SQL, "distinctive"),
}


def _timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def fuzzy(quick: bool) -> dict:
    from django.db import connection

    from detection.matching import distinctive_key
    from registry.names import TRADE_WORDS, name_key

    from . import samples

    labelled = samples.misspelled_signboards(150 if quick else 400)
    keys = [name_key(m.query) for m in labelled]
    pattern = r"\m(" + "|".join(sorted(TRADE_WORDS)) + r")\M"
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0; SET maintenance_work_mem = '1GB'")
        cursor.execute(
            "DROP TABLE IF EXISTS bench_fuzzy; CREATE TABLE bench_fuzzy AS "
            "SELECT id, employer_code, name_key, trading_name_key FROM registry_employer; "
            "ALTER TABLE bench_fuzzy ADD PRIMARY KEY (id)"
        )
        cursor.execute(DISTINCTIVE_COLUMNS, {"words": pattern})
        cursor.execute("ANALYZE bench_fuzzy")
        try:
            for variant, (index, sql, columns) in FUZZY_VARIANTS.items():
                found[variant] = _fuzzy_variant(cursor, index, sql, columns, keys, labelled, distinctive_key)
                print(variant, found[variant], file=sys.stderr, flush=True)
        finally:
            cursor.execute("DROP TABLE IF EXISTS bench_fuzzy")
    return found


def _fuzzy_variant(
    cursor, index: str, sql: str, columns: str, keys: list[str], labelled, distinctive
) -> dict:
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index "
        "WHERE indrelid = 'bench_fuzzy'::regclass AND NOT indisprimary"
    )
    for (old,) in cursor.fetchall():
        cursor.execute(f"DROP INDEX {old}")
    name, trading = ("name_key", "trading_name_key") if columns == "full" else ("d_name", "d_trading")
    started = time.perf_counter()
    for column in (name, trading):
        cursor.execute(f"CREATE INDEX ON bench_fuzzy USING {index.format(col=column)}")
    built_s = time.perf_counter() - started
    cursor.execute(
        "SELECT sum(pg_relation_size(indexrelid)) FROM pg_index WHERE indrelid = 'bench_fuzzy'::regclass "
        "AND NOT indisprimary"
    )
    index_mb = float(cursor.fetchone()[0]) / 1e6
    cursor.execute("SET pg_trgm.similarity_threshold = 0.3")
    sql = sql.format(name=name, trading=trading)
    params = [{"full": key, "key": key if columns == "full" else distinctive(key)} for key in keys]
    results, times = [], []
    for values in params[:20]:  # warm
        cursor.execute(sql, values)
        cursor.fetchall()
    for values in params:
        started = time.perf_counter()
        cursor.execute(sql, values)
        results.append([row[0] for row in cursor.fetchall()])
        times.append((time.perf_counter() - started) * 1000)
    return {
        "index_build_s": round(built_s, 1),
        "index_mb": round(index_mb, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1], 2),
        "recall_at_10": round(_recall_of_ids(cursor, results, labelled), 4),
    }


def _recall_of_ids(cursor, results: list[list[int]], labelled) -> float:
    cursor.execute(
        "SELECT id, employer_code, name_key, trading_name_key FROM bench_fuzzy WHERE id = ANY(%s)",
        [sorted({i for ids in results for i in ids})],
    )
    rows = {row[0]: row[1:] for row in cursor.fetchall()}
    hits = 0
    for ids, wanted in zip(results, labelled, strict=True):
        top = [rows[i] for i in ids[:10]]
        hits += any(
            code == wanted.employer_code or wanted.name_key in (key, trading) for code, key, trading in top
        )
    return hits / len(labelled)


def fuzzy_misses(quick: bool) -> list[dict]:
    """The labelled queries the app's search misses, with what it found instead."""
    from registry.names import name_key
    from registry.queries import employers_matching

    from . import samples

    misses = []
    for wanted in samples.misspelled_signboards(150 if quick else 400):
        found = employers_matching(wanted.query, on=date(2026, 11, 29))[:10]
        if not any(
            m.employer.employer_code == wanted.employer_code
            or wanted.name_key in (m.employer.name_key, m.employer.trading_name_key)
            for m in found
        ):
            misses.append(
                {
                    "query": wanted.query,
                    "query_key": name_key(wanted.query),
                    "intended": wanted.name_key,
                    "changes": wanted.changes,
                    "top3": [(m.employer.name_key, m.score) for m in found[:3]],
                }
            )
    return misses


# --- eligibility -------------------------------------------------------------------------------


def eligibility(quick: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eligibility.queries import person_facts
    from eligibility.rules import invalidity_verdict

    from . import samples
    from .eligibility_speed import NOTICE_ON

    ids = samples.person_ids(100 if quick else 300, citizens_only=True)
    for i in ids[:20]:
        person_facts(id_number=i)
    with CaptureQueriesContext(connection) as captured:
        person_facts(id_number=ids[0])
    sql = captured.captured_queries[0]["sql"]

    raw = connection.cursor()

    def sql_only(i: str):
        raw.execute(sql.replace(ids[0], i))
        raw.fetchall()

    def sql_without_json(i: str):  # the same rows, arrays of ints instead of JSON objects
        raw.execute(
            "SELECT p.id, p.date_of_birth,"
            " (SELECT min(started_on) FROM registry_employment e WHERE e.person_id = p.id),"
            " ARRAY(SELECT year FROM registry_contributionyear c WHERE c.person_id = p.id ORDER BY year),"
            " ARRAY(SELECT category FROM registry_contributionyear c WHERE c.person_id = p.id ORDER BY year),"
            " ARRAY(SELECT wages_sen FROM registry_contributionyear c WHERE c.person_id = p.id ORDER BY year)"
            " FROM registry_insuredperson p WHERE id_number = %s",
            [i],
        )
        raw.fetchall()

    facts = {i: person_facts(id_number=i) for i in ids}
    insured = {i: facts[i].insured() for i in ids}
    parts = {
        "facts (person_facts, whole)": lambda i: person_facts(id_number=i),
        "  the facts SQL, executed and fetched (JSON decoded)": sql_only,
        "  the same rows as int arrays (no JSON)": sql_without_json,
        "insured() (entries -> Contributions)": lambda i: facts[i].insured(),
        "invalidity_verdict (rules)": lambda i: invalidity_verdict(insured=insured[i], notice_on=NOTICE_ON),
    }
    measured = {}
    for name, call in parts.items():
        measured[name] = round(statistics.median(_timed_ms(lambda i=i, call=call: call(i)) for i in ids), 3)
    profile = cProfile.Profile()
    profile.enable()
    for i in ids:
        invalidity_verdict(insured=person_facts(id_number=i).insured(), notice_on=NOTICE_ON)
    profile.disable()
    measured["top functions (tottime)"] = _top(profile, 15)
    return measured


def _top(profile: cProfile.Profile, count: int) -> list[str]:
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime")
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
    return [
        f"{tottime * 1000:8.1f} ms {calls:>7} calls  {_where(file)}:{line}({name})"
        for (file, line, name), (_, calls, tottime, _, _) in rows
    ]


def _where(file: str) -> str:
    return os.path.relpath(file) if file.startswith("/") else file


# --- person check -------------------------------------------------------------------------------

ONE_QUERY_PERSON_CHECK = """
SELECT p.id, p.nationality,
       ARRAY(SELECT json_build_object('code', e.employer_code, 'since', m.started_on,
                                      'name', coalesce(nullif(e.trading_name, ''), e.name))
               FROM registry_employment m JOIN registry_employer e ON e.id = m.employer_id
              WHERE m.person_id = p.id AND m.ended_on IS NULL ORDER BY m.started_on DESC),
       (SELECT max(make_date(c.year, m, 1)) FROM registry_contributionyear c, generate_series(1, 12) m
         WHERE c.person_id = p.id AND c.wages_sen[m] IS NOT NULL),
       (SELECT count(DISTINCT make_date(c.year, m, 1))
          FROM registry_contributionyear c, generate_series(1, 12) m
         WHERE c.person_id = p.id AND c.year >= %(from_year)s AND c.wages_sen[m] IS NOT NULL
           AND make_date(c.year, m, 1) >= %(from)s AND make_date(c.year, m, 1) < %(to)s)
  FROM registry_insuredperson p WHERE p.id_number = %(id)s
"""


def person(quick: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.queries import check_person

    from . import samples

    on = date(2026, 11, 29)
    ids = samples.person_ids(100 if quick else 300)
    with CaptureQueriesContext(connection) as captured:
        check_person(ids[0], on=on)
    cursor = connection.cursor()

    def one_query(i: str):
        cursor.execute(
            ONE_QUERY_PERSON_CHECK,
            {"id": i, "from": date(2025, 11, 1), "to": date(2026, 11, 1), "from_year": 2025},
        )
        return cursor.fetchall()

    for i in ids[:20]:
        check_person(i, on=on)
        one_query(i)
    return {
        "queries of check_person": len(captured.captured_queries),
        "check_person ms": round(
            statistics.median(_timed_ms(lambda i=i: check_person(i, on=on)) for i in ids), 3
        ),
        "one query, same facts ms": round(
            statistics.median(_timed_ms(lambda i=i: one_query(i)) for i in ids), 3
        ),
    }


# --- detection ------------------------------------------------------------------------------------


def detection(quick: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from detection.api import detections  # noqa: F401 - the endpoint must import
    from detection.capture import record_detection
    from detection.submission import Submission
    from nforce.models import User

    from . import detection_speed, samples

    samples.bench_token()
    officer = User.objects.get(staff_number=samples.BENCH_STAFF_NUMBER)
    detection_speed._clear_detections()
    sites = detection_speed._sites(200)
    bodies = detection_speed._bodies(sites, 200, run=99)

    def submit(body: dict):
        from datetime import datetime
        from uuid import UUID

        fields = {
            **body,
            "client_uuid": UUID(body["client_uuid"]),
            "observed_at": datetime.fromisoformat(body["observed_at"]),
        }
        return record_detection(officer=officer, submission=Submission(**fields))

    per_kind = {}
    for kind in ("registered_contributing", "unregistered"):
        body = next(b for b in bodies if b["outcome"] == kind)
        with CaptureQueriesContext(connection) as captured:
            submit(
                {
                    **body,
                    "client_uuid": "00000000-0000-4000-8000-" + ("1" if kind == "unregistered" else "2") * 12,
                }
            )
        per_kind[kind] = [
            f"{float(q['time']) * 1000:6.2f} ms  {q['sql'][:140]}" for q in captured.captured_queries
        ]
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for body in bodies:
        submit(body)
    profile.disable()
    elapsed = (time.perf_counter() - started) / len(bodies) * 1000
    detection_speed._clear_queued_tasks()
    return {
        "ms per detection (profiled)": round(elapsed, 2),
        "queries": per_kind,
        "top functions": _top(profile, 20),
    }


# --- import -------------------------------------------------------------------------------------


def importing(quick: bool) -> dict:
    import tempfile
    from pathlib import Path

    from django.db import connection

    from registry.importing import import_directory

    from . import import_speed

    timings: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started, " ".join(sql.split())[:120]))

    months = 48_000 if quick else 200_004
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "contributions.csv"
        person_ids = import_speed._write_sample(source, months // 12)
        import_speed._remove(person_ids)
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            import_directory(Path(folder))
        total = time.perf_counter() - started
        import_speed._remove(person_ids)
        started = time.perf_counter()
        import_speed._bulk_create(source)
        bulk = time.perf_counter() - started
        import_speed._remove(person_ids)
    return {
        "contribution-months": months,
        "import_directory s": round(total, 2),
        "bulk_create s": round(bulk, 2),
        "statements (slowest first)": [f"{s:7.3f} s  {sql}" for s, sql in sorted(timings, reverse=True)[:10]],
        "statements total s": round(sum(s for s, _ in timings), 2),
    }


EXPERIMENTS = {
    "fuzzy": fuzzy,
    "misses": fuzzy_misses,
    "eligibility": eligibility,
    "person": person,
    "detection": detection,
    "import": importing,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profiles", description=__doc__)
    parser.add_argument("experiments", nargs="+", choices=EXPERIMENTS)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    database = "nforce_bench_quick" if args.quick else "nforce_bench"
    os.environ["DATABASE_URL"] = f"postgis:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    for name in args.experiments:
        print(f"== {name} ({database})")
        print(json.dumps(EXPERIMENTS[name](args.quick), indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

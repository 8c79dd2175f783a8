"""Registry reads from a real hot standby (docs/scaling.md, step 2), and the fallback without it.

A PostgreSQL 15 cluster of the test's own is migrated and seeded, a hot standby is made from it
(`pg_basebackup --write-recovery-conf`) and streams from it, and gunicorn serves the app with
DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby. Both servers log every
statement, so each test reads in their logs which server answered what.

No assertion is on time; the replication lag and the fallback time are printed for
docs/scaling.md (they show in the run's output, captured or not).
"""

import functools
import statistics
import time

import psycopg2
import pytest

from tests.security.services import (
    fetch,
    manage,
    officer_credentials,
    server_env,
    start_gunicorn,
    start_own_postgres,
    start_own_redis,
    start_standby,
    wait_until,
)

pytestmark = [pytest.mark.replica, pytest.mark.serial]

LOG_STATEMENTS = "-c log_statement=all"
EMPLOYER_CODE = "RP000000001K"
ID_NUMBER = "800510105431"
_SEED = f"""
from tests.factories import worker_with_record
from tests.factories import EmployerFactory
employer = EmployerFactory(
    employer_code="{EMPLOYER_CODE}",
    name="RESTORAN SELERA KAMPUNG SDN. BHD.",
    trading_name="Restoran Selera Kampung",
)
worker_with_record(
    employer=employer, first="2010-01", last="2024-12", wage_sen=300_000, id_number="{ID_NUMBER}"
)
"""
SEARCH = "/api/v1/registry/employers/search"
# What the officers' reads send, and a table only that read's statement names.
READS = {
    "exact employer lookup": (SEARCH, {"q": EMPLOYER_CODE}, '"registry_employer"'),
    "name search": (SEARCH, {"q": "RESTORAN SLERA KAMPONG"}, "registry_nameword"),
    "person check": ("/api/v1/registry/persons/check", {"id_number": ID_NUMBER}, "registry_insuredperson"),
    "eligibility facts": (
        "/api/v1/eligibility/invalidity",
        {"id_number": ID_NUMBER, "notice_date": "2025-01-15"},
        "registry_contributionyear",
    ),
}
AUDIT_WRITE = 'INSERT INTO "nforce_auditevent"'


@pytest.fixture(scope="module")
def primary():
    cluster = start_own_postgres(options=LOG_STATEMENTS)
    yield cluster
    cluster.remove()


@pytest.fixture(scope="module")
def queue():
    server = start_own_redis(appendonly=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def standby(primary, queue):
    """Made after the schema and the seed rows are on the primary, as a replica is in production."""
    env = server_env(database_url=primary.url, redis_url=queue.url)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "shell", "-c", _SEED)
    cluster = start_standby(primary, options=LOG_STATEMENTS)
    yield cluster
    cluster.remove()


@pytest.fixture(scope="module")
def site_env(primary, standby, queue):
    return {**server_env(database_url=primary.url, redis_url=queue.url), "DATABASE_REPLICA_URL": standby.url}


@pytest.fixture(scope="module")
def officer_login(site_env) -> dict:
    return officer_credentials(site_env)


@pytest.fixture(scope="module")
def officer(officer_login) -> dict:
    return {"Authorization": f"Token {officer_login['token']}", "Accept": "application/json"}


@pytest.fixture(scope="module")
def officer_page(officer_login) -> dict:
    return {"Cookie": f"sessionid={officer_login['session']}"}


@pytest.fixture(scope="module")
def web(site_env, tmp_path_factory):
    server = start_gunicorn(site_env, tmp_path_factory.mktemp("gunicorn-replica"))
    yield server
    server.stop()


@pytest.fixture
def report(capsys):
    """Prints past pytest's capture: the figures belong in the output of every run."""

    def write(line: str) -> None:
        with capsys.disabled():
            print(f"\n[replica] {line}", flush=True)

    return write


def logged(primary, standby, call) -> tuple[object, str, str]:
    """call()'s result, and the statements the primary and the standby logged while it ran."""
    marks = primary.log_size(), standby.log_size()
    result = call()
    return result, primary.log_since(marks[0]), standby.log_since(marks[1])


def read(web, officer, name: str):
    path, body, _table = READS[name]
    return fetch(web.port, "POST", path, headers=officer, body=body)


def found_employer(answer, code: str = EMPLOYER_CODE) -> bool:
    return answer.status == 200 and code in [match["employer_code"] for match in answer.json()["results"]]


@pytest.mark.parametrize("name", READS)
def test_officers_reads_are_answered_by_the_standby_and_audited_on_the_primary(
    web, officer, primary, standby, name
):
    answer, on_primary, on_standby = logged(primary, standby, lambda: read(web, officer, name))
    assert answer.status == 200, answer.body
    table = READS[name][2]
    assert table in on_standby
    assert table not in on_primary
    assert "registry_" not in on_primary  # no registry read at all on the primary
    assert AUDIT_WRITE in on_primary


def test_a_detection_is_written_on_the_primary(web, officer, primary, standby):
    body = {
        "client_uuid": "0b5f0c4e-0d43-4c1c-9d5e-2f6f3b1f7a10",
        "observed_at": "2026-11-29T09:00:00+08:00",
        "latitude": 3.0449,
        "longitude": 101.445,
        "accuracy_m": 10,
        "outcome": "registered_contributing",
        "employer_code": EMPLOYER_CODE,
    }
    answer, on_primary, on_standby = logged(
        primary, standby, lambda: fetch(web.port, "POST", "/api/v1/detections", headers=officer, body=body)
    )
    assert answer.status == 201, answer.body
    assert 'INSERT INTO "detection_detection"' in on_primary
    assert "detection_detection" not in on_standby


def _copy_employer_sql(primary) -> str:
    """INSERT of a copy of the seeded employer under another code and without its (unique) SSM
    numbers, every other stored column named."""
    columns = primary.sql(
        "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) "
        "FROM information_schema.columns WHERE table_name = 'registry_employer' "
        "AND column_name NOT IN ('id', 'employer_code', 'ssm_new', 'ssm_old') AND is_generated = 'NEVER'"
    )
    return (
        f"INSERT INTO registry_employer (employer_code, {columns}) "  # noqa: S608 - names from the catalogue
        f"SELECT %s, {columns} FROM registry_employer WHERE employer_code = '{EMPLOYER_CODE}'"
    )


def _replication_lags(primary, standby, codes: list[str]) -> list[float]:
    """For each code: the seconds from the primary's COMMIT returning to the row being readable
    on the standby (asked again and again, with no pause)."""
    insert = _copy_employer_sql(primary)
    lags = []
    with (
        psycopg2.connect(primary.url.replace("postgis", "postgresql")) as writer,
        psycopg2.connect(standby.url.replace("postgis", "postgresql")) as reader,
    ):
        reader.autocommit = True
        for code in codes:
            with writer.cursor() as cursor:
                cursor.execute(insert, [code])
            writer.commit()
            committed = time.perf_counter()
            with reader.cursor() as cursor:
                seen = functools.partial(_has_employer, cursor, code)
                wait_until(seen, timeout=30, every=0, what="the row on the standby")
            lags.append(time.perf_counter() - committed)
    return lags


def _has_employer(cursor, code: str) -> bool:
    cursor.execute("SELECT 1 FROM registry_employer WHERE employer_code = %s", [code])
    return cursor.fetchone() is not None


def test_a_row_written_on_the_primary_is_read_from_the_standby_after_the_replication_lag(
    web, officer, primary, standby, report
):
    codes = [f"RP{n:09d}L" for n in range(50)]
    lags = _replication_lags(primary, standby, codes)
    report(
        f"replication lag over {len(lags)} commits: median {statistics.median(lags) * 1000:.1f} ms, "
        f"max {max(lags) * 1000:.1f} ms"
    )
    lookup = functools.partial(fetch, web.port, "POST", SEARCH, headers=officer, body={"q": codes[-1]})
    answer, on_primary, on_standby = logged(primary, standby, lookup)
    assert found_employer(answer, codes[-1])
    assert '"registry_employer"' in on_standby
    assert '"registry_employer"' not in on_primary


@pytest.fixture
def stopped_standby(primary, standby):
    """The standby stopped while gunicorn's threads hold connections to it; started again after."""
    standby.stop("fast")
    yield standby
    if not standby.answers():
        standby.start()
    wait_until(primary.streaming_standbys, timeout=30, what="the standby to stream again")


@pytest.fixture
def connected_threads(web, officer):
    """Reads enough for gunicorn's threads (2 workers x 2) to hold connections to the standby."""
    for _ in range(8):
        assert found_employer(read(web, officer, "exact employer lookup"))


def test_with_the_standby_stopped_reads_fall_back_to_the_primary_and_the_site_stays_up(
    web, officer, officer_page, primary, connected_threads, stopped_standby, report
):
    stopped = time.monotonic()
    first = read(web, officer, "exact employer lookup")
    fallback_s = time.monotonic() - stopped
    answers, on_primary, _ = logged(
        primary, stopped_standby, lambda: [read(web, officer, name) for name in READS for _ in range(3)]
    )
    page = fetch(web.port, "GET", "/registry/check", headers=officer_page)
    report(
        f"standby stopped: first lookup answered from the primary {fallback_s * 1000:.0f} ms after; "
        f"slowest of the next {len(answers)} reads {max(a.seconds for a in answers) * 1000:.0f} ms"
    )
    assert found_employer(first)
    assert [answer.status for answer in answers] == [200] * len(answers)
    assert all(READS[name][2] in on_primary for name in READS)
    assert page.status == 200


def test_reads_return_to_the_standby_once_it_is_back(
    web, officer, primary, connected_threads, stopped_standby, report
):
    assert found_employer(read(web, officer, "exact employer lookup"))  # the standby is marked down
    stopped_standby.start()
    restarted = time.monotonic()

    def served_by_standby() -> bool:
        answer, _, on_standby = logged(
            primary, stopped_standby, lambda: read(web, officer, "exact employer lookup")
        )
        assert found_employer(answer)
        return '"registry_employer"' in on_standby

    wait_until(served_by_standby, timeout=60, every=0.2, what="reads to return to the standby")
    report(f"standby restarted: reads back on it after {time.monotonic() - restarted:.1f} s")
